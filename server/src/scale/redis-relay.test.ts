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

  function instance(
    doc: Y.Doc,
    boardId: string,
    awareness = new awarenessProtocol.Awareness(doc),
    metrics = new Metrics({
      connections: () => 0,
      boards: () => 0,
      failingBoards: () => 0,
      unsavedBoards: () => 0,
    }),
  ) {
    const relay = new RedisRelay({
      url: REDIS_URL,
      log: Fastify({ logger: false }).log,
      metrics,
      antiEntropyIntervalMs: 100,
    });
    cleanups.push(() => relay.close());
    return relay.attach(boardId, doc, awareness);
  }

  it('relays presence in ticks: many changes in one tick cross as one message, newest state', async () => {
    const boardId = `relay-${randomBytes(6).toString('hex')}`;
    const a = new Y.Doc();
    const b = new Y.Doc();
    const awarenessA = new awarenessProtocol.Awareness(a);
    const awarenessB = new awarenessProtocol.Awareness(b);
    cleanups.push(() => awarenessA.destroy());
    cleanups.push(() => awarenessB.destroy());
    const metricsA = new Metrics({
      connections: () => 0,
      boards: () => 0,
      failingBoards: () => 0,
      unsavedBoards: () => 0,
    });
    await instance(a, boardId, awarenessA, metricsA);
    await instance(b, boardId, awarenessB);
    const before = (await metricsA.relayMessages.get()).values.find(
      (value) => value.labels.direction === 'out',
    )?.value;
    // Two people (client ids of A's clients) move 200 times within one tick.
    const people = [
      new awarenessProtocol.Awareness(new Y.Doc()),
      new awarenessProtocol.Awareness(new Y.Doc()),
    ];
    for (let step = 1; step <= 200; step++) {
      for (const person of people) {
        person.setLocalStateField('cursor', { x: step, y: 0 });
        awarenessProtocol.applyAwarenessUpdate(
          awarenessA,
          awarenessProtocol.encodeAwarenessUpdate(person, [person.clientID]),
          'client',
        );
      }
    }
    for (const person of people) {
      await expect
        .poll(() => (awarenessB.getStates().get(person.clientID)?.cursor as { x: number })?.x, {
          timeout: 5000,
        })
        .toBe(200);
      person.destroy();
    }
    const after = (await metricsA.relayMessages.get()).values.find(
      (value) => value.labels.direction === 'out',
    )?.value;
    // One presence message (anti-entropy requests every 100 ms may add a few).
    expect((after ?? 0) - (before ?? 0)).toBeLessThan(20);
  });

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
