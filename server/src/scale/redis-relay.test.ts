import { randomBytes } from 'node:crypto';
import { addItem, deleteItem, getItem, makeSticky } from '@weboard/shared';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Metrics } from '../observability/metrics';
import { deletionsDigest, RedisRelay } from './redis-relay';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two docs with the same items, the second built from the first's updates in reverse order. */
function twins(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const updates: Uint8Array[] = [];
  a.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 6; i++)
    addItem(a, makeSticky({ id: `n${i}`, x: i, y: 0, z: `a${i}`, createdBy: 'u' }));
  deleteItem(a, 'n1');
  deleteItem(a, 'n4');
  const b = new Y.Doc();
  for (const update of updates.reverse()) Y.applyUpdate(b, update);
  return [a, b];
}

describe('deletionsDigest', () => {
  it('is equal for docs that saw the same deletions in any order, and differs by one deletion', () => {
    const [a, b] = twins();
    expect(deletionsDigest(b)).toBe(deletionsDigest(a));
    deleteItem(b, 'n2');
    expect(deletionsDigest(b)).not.toBe(deletionsDigest(a));
  });
});

describe('RedisRelay', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function instance(doc: Y.Doc, boardId: string) {
    const relay = new RedisRelay({
      url: REDIS_URL,
      log: Fastify({ logger: false }).log,
      metrics: new Metrics({ connections: () => 0, boards: () => 0, failingBoards: () => 0 }),
      antiEntropyIntervalMs: 100,
    });
    cleanups.push(() => relay.close());
    return relay.attach(boardId, doc, new awarenessProtocol.Awareness(doc));
  }

  it('repairs a deletion whose message pub/sub lost', async () => {
    const boardId = `relay-${randomBytes(6).toString('hex')}`;
    const a = new Y.Doc();
    const b = new Y.Doc();
    await instance(a, boardId);
    await instance(b, boardId);
    addItem(a, makeSticky({ id: 'gone', x: 0, y: 0, z: 'a0', createdBy: 'u' }));
    await expect.poll(() => getItem(b, 'gone'), { timeout: 5000 }).not.toBeNull();

    // The storage origin is never published: to B this deletion is a lost message. Deleting does
    // not advance A's state vector, so only the deletions digest can tell them apart.
    a.transact(() => deleteItem(a, 'gone'), { kind: 'storage' });
    expect(getItem(b, 'gone')).not.toBeNull();
    await expect.poll(() => getItem(b, 'gone'), { timeout: 5000 }).toBeNull();
    expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
    expect(deletionsDigest(b)).toBe(deletionsDigest(a));
  });
});
