import { describe, expect, it } from 'vitest';
import { CursorMotion, MAX_GLIDE_MS, MIN_GLIDE_MS } from './cursor-motion';

describe('remote cursor motion', () => {
  it('starts where it first appears, with nothing to animate', () => {
    const motion = new CursorMotion({ x: 10, y: 20 }, 0);
    expect(motion.at(0)).toEqual({ x: 10, y: 20 });
    expect(motion.settled(0)).toBe(true);
  });

  it('glides in a straight line to a new position over the gap between arrivals', () => {
    const motion = new CursorMotion({ x: 0, y: 0 }, 0);
    motion.push({ x: 100, y: 0 }, 50); // 50 ms after the last arrival: a 50 ms glide
    expect(motion.at(50)).toEqual({ x: 0, y: 0 });
    expect(motion.at(60)).toEqual({ x: 20, y: 0 });
    expect(motion.at(75)).toEqual({ x: 50, y: 0 });
    expect(motion.settled(75)).toBe(false);
    expect(motion.at(100)).toEqual({ x: 100, y: 0 });
    expect(motion.settled(100)).toBe(true);
  });

  it('an early update continues from where the cursor is drawn: no jump', () => {
    const motion = new CursorMotion({ x: 0, y: 0 }, 0);
    motion.push({ x: 100, y: 0 }, 50);
    motion.push({ x: 100, y: 100 }, 75); // halfway through the first glide
    expect(motion.at(75)).toEqual({ x: 50, y: 0 });
    expect(motion.at(75 + 25 / 2)).toEqual({ x: 75, y: 50 });
    expect(motion.at(100)).toEqual({ x: 100, y: 100 });
  });

  it('glides at least a frame and, after a pause, no longer than MAX_GLIDE_MS', () => {
    const burst = new CursorMotion({ x: 0, y: 0 }, 0);
    burst.push({ x: 10, y: 0 }, 1);
    expect(burst.settled(1 + MIN_GLIDE_MS - 1)).toBe(false);
    const paused = new CursorMotion({ x: 0, y: 0 }, 0);
    paused.push({ x: 10, y: 0 }, 5_000);
    expect(paused.at(5_000 + MAX_GLIDE_MS / 2)).toEqual({ x: 5, y: 0 });
    expect(paused.settled(5_000 + MAX_GLIDE_MS)).toBe(true);
  });

  it('ignores a repeat of the position it is already heading for', () => {
    const motion = new CursorMotion({ x: 0, y: 0 }, 0);
    motion.push({ x: 100, y: 0 }, 50);
    motion.push({ x: 100, y: 0 }, 60);
    expect(motion.at(75)).toEqual({ x: 50, y: 0 });
  });
});
