import { BURST_LIFETIME_MS } from '@weboard/shared';
import type { Burst } from '@weboard/shared';
import { useEffect, useRef } from 'react';
import type { Presence } from '../collab/presence';
import type { BoardEditor } from '../editor/editor';
import './bursts.css';

/** The emoji of one burst: the big one rising straight, two small ones drifting aside. */
const PARTICLES = [
  { dx: 0, size: 30, delay: 0 },
  { dx: -26, size: 18, delay: 90 },
  { dx: 24, size: 20, delay: 170 },
] as const;

interface Playing {
  node: HTMLDivElement;
  x: number;
  y: number;
}

/**
 * Plays bursts as DOM elements over the canvas, outside React (a burst is a one-off animation,
 * not state): each is anchored at its board point, follows the camera while it floats, and is
 * removed after BURST_LIFETIME_MS. The anchor is a zero-size element at the point itself, like a
 * remote cursor's tip.
 */
class BurstPlayer {
  private readonly playing = new Set<Playing>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly layer: HTMLElement,
    private readonly editor: BoardEditor,
  ) {}

  play(burst: Burst, clientId: number, own: boolean): void {
    const node = document.createElement('div');
    node.className = own ? 'cursor-burst own' : 'cursor-burst';
    node.dataset.clientId = String(clientId);
    node.dataset.emoji = burst.emoji;
    for (const particle of PARTICLES) {
      const span = document.createElement('span');
      span.className = 'cursor-burst-emoji';
      span.textContent = burst.emoji;
      span.style.setProperty('--dx', `${particle.dx}px`);
      span.style.fontSize = `${particle.size}px`;
      span.style.animationDelay = `${particle.delay}ms`;
      span.style.animationDuration = `${BURST_LIFETIME_MS - particle.delay}ms`;
      node.append(span);
    }
    const entry: Playing = { node, x: burst.x, y: burst.y };
    this.place(entry);
    this.layer.append(node);
    this.playing.add(entry);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.playing.delete(entry);
      node.remove();
    }, BURST_LIFETIME_MS);
    this.timers.add(timer);
  }

  /** The view moved or zoomed: every floating burst stays at its board point. */
  readonly replace = () => {
    for (const entry of this.playing) this.place(entry);
  };

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const entry of this.playing) entry.node.remove();
    this.timers.clear();
    this.playing.clear();
  }

  private place(entry: Playing): void {
    const { x: vx, y: vy, scale } = this.editor.viewport.get();
    const sx = entry.x * scale + vx;
    const sy = entry.y * scale + vy;
    entry.node.style.transform = `translate(${sx.toFixed(1)}px, ${sy.toFixed(1)}px)`;
  }
}

interface CursorBurstsProps {
  presence: Presence;
  editor: BoardEditor;
}

/**
 * Everyone's emoji bursts at their cursors, ours included: a person's presence carries their
 * newest burst for BURST_LIFETIME_MS, and each new one (a new `n`) plays once here. A page whose
 * cursors are hidden for a screen share shows nobody else's bursts either (CSS, bursts.css).
 */
export function CursorBursts({ presence, editor }: CursorBurstsProps) {
  const layerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const player = new BurstPlayer(layer, editor);
    // The newest burst played per person, so a state that still carries it plays nothing again.
    const played = new Map<number, number>();
    const onRemote = () => {
      const present = new Set<number>();
      for (const peer of presence.remote.get()) {
        present.add(peer.clientId);
        const burst = peer.burst;
        if (!burst || played.get(peer.clientId) === burst.n) continue;
        played.set(peer.clientId, burst.n);
        player.play(burst, peer.clientId, false);
      }
      for (const clientId of played.keys()) if (!present.has(clientId)) played.delete(clientId);
    };
    const onOwn = () => {
      const burst = presence.ownBurst.get();
      if (burst) player.play(burst, presence.localClientId, true);
    };
    onRemote();
    const stops = [
      presence.remote.subscribe(onRemote),
      presence.ownBurst.subscribe(onOwn),
      editor.viewport.subscribe(player.replace),
    ];
    return () => {
      stops.forEach((stop) => stop());
      player.dispose();
    };
  }, [presence, editor]);
  return <div ref={layerRef} className="cursor-bursts" aria-hidden="true" />;
}
