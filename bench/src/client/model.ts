import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GestureResult } from './stats';

/*
 * What `pnpm bench:client` measures: the apps, the views and gestures, one measurement, the
 * medians over runs, and a whole run as its JSON file keeps it (main.ts measures, report.ts
 * prints).
 */

/** The repository's root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const APPS = ['WeBoard', 'tldraw', 'Excalidraw', 'WeBoard naive'] as const;
export type AppName = (typeof APPS)[number];
export const PEERS: readonly AppName[] = ['tldraw', 'Excalidraw'];
export type View = 'working' | 'whole';
export type Gesture = 'pan' | 'zoom' | 'drag';
export const VIEWS: readonly View[] = ['working', 'whole'];
export const GESTURES: readonly Gesture[] = ['pan', 'zoom', 'drag'];

export interface Measurement {
  app: AppName;
  notes: number;
  run: number;
  /** os.loadavg() just before and after this measurement. */
  loadBefore: number[];
  loadAfter: number[];
  firstFrameMs: number | null;
  heapMB: number | null;
  /** Notes in the window at each view, and the zoom of the whole-board view. */
  inView: Record<View, number> | null;
  wholeZoom: number | null;
  gestures: Record<View, Partial<Record<Gesture, GestureResult>>>;
  remoteMs: number | null;
  remoteScriptMs: number | null;
  /** Why a number is missing. */
  note?: string;
}

export interface Summary {
  app: AppName;
  notes: number;
  runs: number;
  firstFrameMs: number | null;
  heapMB: number | null;
  gestures: Record<View, Partial<Record<Gesture, GestureResult>>>;
  remoteMs: number | null;
  remoteScriptMs: number | null;
  problems: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGB: number;
  chromium: string;
  node: string;
  loadBefore: string;
  loadAfter: string;
  date: string;
}

export interface Results {
  machine: Machine;
  sizes: number[];
  runs: number;
  apps: AppName[];
  rows: Measurement[];
}
