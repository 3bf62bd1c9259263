/** Items added per change of an import: a change of a few hundred notes takes a few milliseconds. */
export const IMPORT_STEP = 100;

/**
 * How long one slice of an import holds the page before it yields for a frame (progress, the
 * canvas, input). Every frame then redraws the items layer with all the cards so far, so a slice
 * per step (100 items, ~5 ms of work) paid one draw of a growing pile per 100 items: 3,000 rows
 * drew the layer 30 times for ~3 s of the ~6.5 s import.
 */
export const IMPORT_SLICE_MS = 50;

export interface SlicedImport<T> {
  /** Adds one step's items to the board in one change. */
  add(items: readonly T[]): void;
  /** Told how many items are in after each slice. */
  progress(done: number): void;
  /** Gives the page its turn (a frame) between slices. */
  yieldToPage(): Promise<void>;
  /** Milliseconds, monotonic (performance.now in the browser). */
  now(): number;
  step?: number;
  sliceMs?: number;
}

/**
 * Adds `items` step by step, as many steps per slice as fit `sliceMs`, yielding to the page
 * between slices: progress shows and the page stays responsive, with one redraw per slice instead
 * of one per step.
 */
export async function importInSlices<T>(
  items: readonly T[],
  {
    add,
    progress,
    yieldToPage,
    now,
    step = IMPORT_STEP,
    sliceMs = IMPORT_SLICE_MS,
  }: SlicedImport<T>,
): Promise<void> {
  let done = 0;
  while (done < items.length) {
    const start = now();
    do {
      add(items.slice(done, done + step));
      done = Math.min(items.length, done + step);
    } while (done < items.length && now() - start < sliceMs);
    progress(done);
    await yieldToPage();
  }
}
