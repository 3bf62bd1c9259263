/*
 * Every benchmark update carries a marker string in a map key of the dragged item:
 *   BM|<phase><writer>|<sentAt>|
 * phase is `w` (warm-up) or `m` (measured window), writer the global index of the sending writer,
 * sentAt the sender's performance.now() in ms (same process as the receivers, so
 * latency = receive time − sentAt). Yjs encodes a string map value (ContentAny) as raw UTF-8, so
 * the marker survives as-is in every update, merged update or sync step 2 that carries it; the
 * receivers find it with a byte search instead of decoding the update, which keeps the load
 * generator cheap enough to stay ahead of the servers.
 */

const PREFIX = Buffer.from('BM|', 'latin1');
const PIPE = 0x7c;
const DOT = 0x2e;
const ZERO = 0x30;
const PHASE_MEASURED = 0x6d; // 'm'

export type Phase = 'w' | 'm';

export function makeMarker(phase: Phase, writer: number, sentAt: number): string {
  return `BM|${phase}${writer}|${sentAt.toFixed(3)}|`;
}

export interface MarkerSink {
  /** Called once per marker found; `measured` is true for markers sent in the measured window. */
  marker(measured: boolean, writer: number, sentAt: number): void;
}

/** Finds every marker in a received frame and hands it to `sink`. Returns the number found. */
export function scanMarkers(buf: Buffer, sink: MarkerSink): number {
  let found = 0;
  let i = buf.indexOf(PREFIX, 0);
  const end = buf.length;
  while (i !== -1) {
    let p = i + PREFIX.length;
    if (p >= end) break;
    const measured = buf[p] === PHASE_MEASURED;
    p++;
    let writer = 0;
    while (p < end && buf[p] !== PIPE) {
      writer = writer * 10 + (buf[p]! - ZERO);
      p++;
    }
    p++;
    let whole = 0;
    while (p < end && buf[p] !== DOT && buf[p] !== PIPE) {
      whole = whole * 10 + (buf[p]! - ZERO);
      p++;
    }
    let frac = 0;
    let scale = 1;
    if (p < end && buf[p] === DOT) {
      p++;
      while (p < end && buf[p] !== PIPE) {
        frac = frac * 10 + (buf[p]! - ZERO);
        scale *= 10;
        p++;
      }
    }
    if (p >= end) break; // truncated marker: not ours
    sink.marker(measured, writer, whole + frac / scale);
    found++;
    i = buf.indexOf(PREFIX, p + 1);
  }
  return found;
}
