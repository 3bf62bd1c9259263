import { describe, expect, it } from 'vitest';
import { importInSlices } from './import-slices';

/** An import of `count` items where each change of `step` items costs `msPerChange` on a fake clock. */
async function run(count: number, msPerChange: number, sliceMs = 50) {
  let clock = 0;
  const changes: number[] = [];
  const progress: number[] = [];
  let yields = 0;
  await importInSlices(
    Array.from({ length: count }, (_, i) => i),
    {
      add: (items) => {
        changes.push(items.length);
        clock += msPerChange;
      },
      progress: (done) => progress.push(done),
      yieldToPage: async () => {
        yields++;
      },
      now: () => clock,
      step: 100,
      sliceMs,
    },
  );
  return { changes, progress, yields };
}

describe('importInSlices', () => {
  it('adds as many steps per slice as fit its time, yielding once per slice, not once per step', async () => {
    // 3,000 items at 5 ms a change of 100: ten changes fill a 50 ms slice, so three slices.
    const { changes, progress, yields } = await run(3000, 5);
    expect(changes).toHaveLength(30);
    expect(changes.every((n) => n === 100)).toBe(true);
    expect(progress).toEqual([1000, 2000, 3000]);
    expect(yields).toBe(3);
  });

  it('still shows progress between slices when each change fills a slice by itself', async () => {
    const { progress, yields } = await run(350, 80);
    expect(progress).toEqual([100, 200, 300, 350]);
    expect(yields).toBe(4);
  });

  it('adds every item exactly once, the last step short', async () => {
    const { changes, progress } = await run(1234, 1);
    expect(changes.reduce((a, b) => a + b, 0)).toBe(1234);
    expect(changes.at(-1)).toBe(34);
    expect(progress.at(-1)).toBe(1234);
  });

  it('does nothing for nothing', async () => {
    expect(await run(0, 1)).toEqual({ changes: [], progress: [], yields: 0 });
  });
});
