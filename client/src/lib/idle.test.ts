import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { whenIdle } from './idle';

/** The browser's idle callbacks, run when the test offers an idle period. */
let waiting: IdleRequestCallback[] = [];
const offer = (timeRemaining: number, didTimeout = false) => {
  for (const callback of waiting.splice(0))
    callback({ didTimeout, timeRemaining: () => timeRemaining });
};

describe('whenIdle', () => {
  beforeEach(() => {
    waiting = [];
    globalThis.requestIdleCallback = (callback) => waiting.push(callback);
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'requestIdleCallback');
  });

  it('waits for an idle period long enough to start, not the end of a frame', () => {
    let runs = 0;
    whenIdle(() => runs++);
    offer(3);
    offer(0);
    expect(runs).toBe(0);
    expect(waiting).toHaveLength(1);
    offer(50);
    expect(runs).toBe(1);
    expect(waiting).toHaveLength(0);
  });

  it('runs at its timeout however short the idle periods', () => {
    let runs = 0;
    whenIdle(() => runs++);
    offer(1);
    offer(1, true);
    expect(runs).toBe(1);
    expect(waiting).toHaveLength(0);
  });
});
