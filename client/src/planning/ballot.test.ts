import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BallotError, voterCall } from './hidden-ballot';
import type { Planning } from './planning';

/** Only what a ballot call reads of a board's planning. */
const planning = { boardId: 'b1', token: 'tok', userId: 'ada' } as unknown as Planning;

/** The browser's fetch, answering each request when the test says. */
function pendingFetch() {
  const requests: {
    url: string;
    body: unknown;
    /** How many requests had been answered when this one was sent. */
    answeredBefore: number;
    answer: (value: unknown, status?: number) => void;
  }[] = [];
  let answered = 0;
  const fetch = vi.fn(
    (url: string, init: RequestInit) =>
      new Promise<Response>((resolve) =>
        requests.push({
          url,
          body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
          answeredBefore: answered,
          answer: (value, status = 200) => {
            answered += 1;
            resolve(new Response(JSON.stringify(value), { status }));
          },
        }),
      ),
  );
  return { fetch, requests };
}

describe('ballot calls', () => {
  beforeEach(() => {
    const storage = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
      removeItem: (key: string) => storage.delete(key),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends one call at a time, so answers come back in the order the votes were cast', async () => {
    const { fetch, requests } = pendingFetch();
    vi.stubGlobal('fetch', fetch);
    const answers: unknown[] = [];
    const first = voterCall(planning, 'votes', 'POST', '', { itemId: 'c', delta: 1 });
    const second = voterCall(planning, 'votes', 'POST', '', { itemId: 'c', delta: 1 });
    void first.then((a) => answers.push(a));
    void second.then((a) => answers.push(a));
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.answer({ votes: { c: 1 } });
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    // The second click was sent only once the first was answered: it cannot overtake it.
    expect(requests.map((r) => r.answeredBefore)).toEqual([0, 1]);
    expect(requests[1]!.url).toBe('/api/boards/b1/votes');
    expect(requests[1]!.body).toEqual({ itemId: 'c', delta: 1 });
    requests[1]!.answer({ votes: { c: 2 } });
    await second;
    expect(answers).toEqual([{ votes: { c: 1 } }, { votes: { c: 2 } }]);
  });

  it('goes on after a refused call, which throws its message', async () => {
    const { fetch, requests } = pendingFetch();
    vi.stubGlobal('fetch', fetch);
    const refused = voterCall(planning, 'confidence', 'POST', '', { value: 9 });
    const next = voterCall(planning, 'confidence', 'GET', '/mine');
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    requests[0]!.answer({ error: { code: 'X', message: 'Out of range' } }, 400);
    await expect(refused).rejects.toEqual(new BallotError('Out of range'));
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    requests[1]!.answer({ value: 3 });
    await expect(next).resolves.toEqual({ value: 3 });
  });
});
