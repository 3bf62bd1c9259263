import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeBoardStoreContract } from './board-store.contract';
import { SqliteBoardStore } from './sqlite-store';

describeBoardStoreContract('SqliteBoardStore', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'weboard-store-'));
  // A nested path: the store creates missing directories.
  const file = path.join(dir, 'nested', 'weboard.sqlite');
  return {
    open: () => new SqliteBoardStore(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
