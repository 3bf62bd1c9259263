import { randomBytes } from 'node:crypto';
import { describeBoardStoreContract } from './board-store.contract';
import { PostgresBoardStore } from './postgres-store';
import { testDatabaseUrl } from './test-database';

describeBoardStoreContract('PostgresBoardStore', () => {
  // A schema per test, so parallel runs and earlier crashed runs never collide.
  const schema = `wb_test_${randomBytes(6).toString('hex')}`;
  const open = () => new PostgresBoardStore({ connectionString: testDatabaseUrl(), schema });
  return {
    open,
    cleanup: async () => {
      const store = open();
      await store.dropSchema();
      await store.close();
    },
  };
});
