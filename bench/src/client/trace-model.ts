/** One event of a Chromium trace (the fields the client traces read). */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  /** Thread (CPU) time of a complete event, µs. */
  tdur?: number;
  args?: Record<string, unknown> & { data?: Record<string, unknown> };
}

/** One node of a V8 CPU profile carried in a trace. */
export interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

/** A script URL as its file name, without path or query. */
export const short = (url: string | undefined) =>
  (url ?? '').replace(/^.*\//, '').replace(/\?.*$/, '');
