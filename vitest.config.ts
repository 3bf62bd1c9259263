import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one file at a time; most test files wait on real
    // sockets, servers and browsers, so two at once roughly halves the suite's wall time.
    maxWorkers: 2,
    projects: [
      // shared is pure (no I/O, no globals, no mocks): its files need no fresh module graph each,
      // and one per file cost more than its tests (14-16 s against 6 s for the project).
      {
        test: { name: 'shared', root: './shared', include: ['src/**/*.test.ts'], isolate: false },
      },
      // A loaded machine can stall a worker for seconds; 5 s (Vitest's default) is too tight there.
      {
        test: {
          name: 'client',
          root: './client',
          include: ['src/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: './e2e',
          include: ['tests/**/*.spec.ts'],
          globalSetup: ['./fixtures/global-setup.ts'],
          // Each file still runs its own describe blocks, server and people; what the files share
          // is the imported modules (playwright-core and the fixtures), loaded once per worker
          // instead of once per file: import time 28 -> 6.5 s for the project.
          isolate: false,
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
