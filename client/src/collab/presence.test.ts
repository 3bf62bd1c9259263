import {
  BURST_FLURRY,
  BURST_LIFETIME_MS,
  BURSTS_PER_SECOND,
  MAX_SHARED_SELECTION,
} from '@weboard/shared';
import type { PresenceState } from '@weboard/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createPresence } from './presence';
import type { Presence } from './presence';

/** Two people: our presence reads an Awareness that receives the other's updates, as from a server. */
function room() {
  const ours = new Awareness(new Y.Doc());
  const theirs = new Awareness(new Y.Doc());
  theirs.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
    const changed = [...added!, ...updated!, ...removed!];
    applyAwarenessUpdate(ours, encodeAwarenessUpdate(theirs, changed), 'server');
  });
  const presence = createPresence(ours, { name: 'Ann', color: '#e03131', role: 'editor' });
  return { ours, theirs, presence };
}

/** Resolves once the presence has read what arrived (it reads at most once per frame). */
function nextRead(presence: Presence): Promise<void> {
  return new Promise((done) => {
    const stop = presence.remote.subscribe(() => {
      stop();
      done();
    });
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((clean) => clean()));

describe('presence in a room', () => {
  it('reads a burst of cursor moves once, and only people changes move the people list', async () => {
    const { theirs, presence } = room();
    cleanups.push(() => presence.dispose());
    let remoteChanges = 0;
    let peopleChanges = 0;
    cleanups.push(presence.remote.subscribe(() => remoteChanges++));
    cleanups.push(presence.people.subscribe(() => peopleChanges++));

    theirs.setLocalState({
      user: { name: 'Bob', color: '#4263eb', role: 'editor' },
      cursor: { x: 0, y: 0 },
      selection: [],
      teamId: 'payments',
    });
    await nextRead(presence);
    expect(presence.people.get()).toEqual([
      {
        clientId: theirs.clientID,
        user: { name: 'Bob', color: '#4263eb', role: 'editor' },
        selection: [],
        teamId: 'payments',
        sharesViewport: false,
      },
    ]);
    const [person] = presence.people.get();
    remoteChanges = 0;
    peopleChanges = 0;

    // Twenty moves arrive within one frame: one read, with the last position; nobody new.
    for (let x = 1; x <= 20; x++) theirs.setLocalStateField('cursor', { x, y: 2 * x });
    await nextRead(presence);
    expect(remoteChanges).toBe(1);
    expect(presence.remote.get()[0]?.cursor).toEqual({ x: 20, y: 40 });
    expect(peopleChanges).toBe(0);
    expect(presence.people.get()[0]).toBe(person);

    // A selection is something the list and the outlines show.
    theirs.setLocalStateField('selection', ['note-1']);
    await nextRead(presence);
    expect(peopleChanges).toBe(1);
    expect(presence.people.get()[0]?.selection).toEqual(['note-1']);

    // Leaving takes them off both.
    theirs.setLocalState(null);
    await nextRead(presence);
    expect(presence.remote.get()).toEqual([]);
    expect(presence.people.get()).toEqual([]);
  });

  it('keeps a viewport the same object while it is the same box', async () => {
    const { theirs, presence } = room();
    cleanups.push(() => presence.dispose());
    theirs.setLocalState({
      user: { name: 'Bob', color: '#4263eb', role: 'editor' },
      cursor: { x: 0, y: 0 },
      selection: [],
      viewport: { x: 0, y: 0, w: 800, h: 600 },
    });
    await nextRead(presence);
    const viewport = presence.remote.get()[0]?.viewport;
    theirs.setLocalStateField('cursor', { x: 5, y: 5 });
    await nextRead(presence);
    expect(presence.remote.get()[0]?.viewport).toBe(viewport);
    theirs.setLocalStateField('viewport', { x: 10, y: 0, w: 800, h: 600 });
    await nextRead(presence);
    expect(presence.remote.get()[0]?.viewport).toEqual({ x: 10, y: 0, w: 800, h: 600 });
    expect(presence.people.get()[0]?.sharesViewport).toBe(true);
  });
});

describe('selections in a room', () => {
  it('shares the first MAX_SHARED_SELECTION ids of a big selection and reads no more of others’', async () => {
    const { ours, theirs, presence } = room();
    cleanups.push(() => presence.dispose());
    const all = Array.from({ length: 1000 }, (_, i) => `note-${i}`);

    presence.setSelection(all);
    expect(ours.getLocalState()?.selection).toEqual(all.slice(0, MAX_SHARED_SELECTION));

    // Someone else's client (an older one, or a script) shares everything, and junk besides.
    theirs.setLocalState({
      user: { name: 'Bob', color: '#4263eb', role: 'editor' },
      cursor: null,
      selection: [42, 'x'.repeat(65), ...all],
    });
    await nextRead(presence);
    expect(presence.people.get()[0]?.selection).toEqual(all.slice(0, MAX_SHARED_SELECTION));
  });
});

describe('cursor colours in a room', () => {
  it('twelve people who all start in one colour settle on twelve different colours', async () => {
    const hub: Awareness[] = [];
    const everyone: Presence[] = [];
    for (let i = 0; i < 12; i++) {
      const awareness = new Awareness(new Y.Doc());
      awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
        const changed = [...added!, ...updated!, ...removed!];
        const update = encodeAwarenessUpdate(awareness, changed);
        for (const other of hub)
          if (other !== awareness) applyAwarenessUpdate(other, update, 'hub');
      });
      // Everyone already here is known to the newcomer, as the server's first message does.
      for (const other of hub) {
        applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [other.clientID]), 'hub');
      }
      hub.push(awareness);
      everyone.push(createPresence(awareness, { name: `P${i}`, color: '#e03131', role: 'editor' }));
    }
    cleanups.push(() => everyone.forEach((p) => p.dispose()));
    const colors = () => new Set(hub.map((a) => (a.getLocalState() as PresenceState).user.color));
    await vi.waitFor(() => expect(colors().size).toBe(12), { timeout: 10_000, interval: 50 });
    // What each person's own store says is what the others see.
    for (const [i, presence] of everyone.entries()) {
      expect(presence.color.get()).toBe((hub[i]!.getLocalState() as PresenceState).user.color);
    }
  });

  it('keeps the colour on a rename', async () => {
    const { theirs, presence, ours } = room();
    cleanups.push(() => presence.dispose());
    theirs.setLocalState({
      user: { name: 'Bob', color: '#e03131', role: 'editor' },
      cursor: null,
      selection: [],
    });
    await nextRead(presence);
    // Bob came first only if his id is lower; either way a rename keeps what presence chose.
    const chosen = presence.color.get();
    presence.setUser({ name: 'Ann B.', color: '#e03131', role: 'editor' });
    expect((ours.getLocalState() as PresenceState).user).toEqual({
      name: 'Ann B.',
      color: chosen,
      role: 'editor',
    });
  });

  it('sends a few bursts a second, carries each while it floats, and reads others’ bursts', async () => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'performance', 'requestAnimationFrame'],
    });
    cleanups.push(() => vi.useRealTimers());
    const { ours, theirs, presence } = room();
    cleanups.push(() => presence.dispose());
    const sent = Array.from({ length: BURST_FLURRY + 3 }, () =>
      presence.sendBurst('🎉', { x: 10.4, y: 20.6 }),
    );
    expect(sent.filter(Boolean)).toHaveLength(BURST_FLURRY);
    expect(sent[0]).toEqual({ n: 1, emoji: '🎉', x: 10, y: 21 });
    expect(presence.ownBurst.get()?.n).toBe(BURST_FLURRY);
    expect(ours.getLocalState()?.burst).toEqual(sent[BURST_FLURRY - 1]);
    // A third of a second later one more goes out.
    vi.advanceTimersByTime(1000 / BURSTS_PER_SECOND + 1);
    expect(presence.sendBurst('👍', { x: 0, y: 0 })?.n).toBe(BURST_FLURRY + 1);
    vi.advanceTimersByTime(BURST_LIFETIME_MS);
    // Gone from what goes on the wire (JSON drops an undefined field).
    expect(JSON.stringify(ours.getLocalState())).not.toContain('burst');

    const read = nextRead(presence);
    theirs.setLocalState({
      user: { name: 'Bo', color: '#1c7ed6', role: 'viewer' },
      cursor: null,
      selection: [],
      burst: { n: 4, emoji: '❓', x: 1, y: 2 },
    } satisfies PresenceState);
    vi.advanceTimersByTime(300);
    await read;
    expect(presence.remote.get()[0]?.burst).toEqual({ n: 4, emoji: '❓', x: 1, y: 2 });
  });
});
