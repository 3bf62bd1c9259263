/**
 * Viewers (presence receivers) bucketed by the board area they look at, so that a moved cursor is
 * matched only against the viewers whose area covers it, not against everyone in the room: a tick
 * with C changed cursors among N people then costs about C × (viewers per cell) instead of C × N.
 *
 * A viewer's area is its viewport grown by the fan-out's "near" margin. Cells are CELL_SIZE board
 * units square; a viewer is listed in every cell its area touches, unless that is more than
 * MAX_CELLS_PER_VIEWER cells (zoomed far out) or it shares no viewport at all (a stock client):
 * such "wide" viewers are offered every cursor, and their own test decides.
 */

/** Side of a grid cell, in board units: about a viewport at 100 % zoom. */
export const CELL_SIZE = 1024;
/** A viewer whose area spans more cells than this is kept in the wide list instead. */
const MAX_CELLS_PER_VIEWER = 64;
/** Cell coordinates are clamped to ±CELL_LIMIT so that a cell key stays an exact integer. */
const CELL_LIMIT = 1 << 21;

/** A viewer's area on the board (edges inclusive). */
export interface Area {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function cellOf(value: number): number {
  const cell = Math.floor(value / CELL_SIZE);
  return cell < -CELL_LIMIT ? -CELL_LIMIT : cell > CELL_LIMIT ? CELL_LIMIT : cell;
}

function cellKey(cx: number, cy: number): number {
  return (cx + CELL_LIMIT) * (CELL_LIMIT * 4) + (cy + CELL_LIMIT);
}

/** Where a viewer is listed: a range of cells, or the wide list (null). */
interface Placement {
  cx0: number;
  cy0: number;
  cx1: number;
  cy1: number;
}

export class ViewerGrid<V> {
  private readonly cells = new Map<number, Set<V>>();
  private readonly wide = new Set<V>();
  private readonly placements = new Map<V, Placement | null>();

  /** Lists `viewer` for `area` (null: it sees everything); moves it if it was listed before. */
  place(viewer: V, area: Area | null): void {
    let next: Placement | null = null;
    if (area !== null && Number.isFinite(area.left + area.top + area.right + area.bottom)) {
      const cx0 = cellOf(area.left);
      const cx1 = cellOf(area.right);
      const cy0 = cellOf(area.top);
      const cy1 = cellOf(area.bottom);
      if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) <= MAX_CELLS_PER_VIEWER) next = { cx0, cy0, cx1, cy1 };
    }
    const current = this.placements.get(viewer);
    if (current !== undefined && samePlacement(current, next)) return;
    if (current !== undefined) this.unlist(viewer, current);
    this.placements.set(viewer, next);
    if (next === null) {
      this.wide.add(viewer);
      return;
    }
    for (let cx = next.cx0; cx <= next.cx1; cx++) {
      for (let cy = next.cy0; cy <= next.cy1; cy++) {
        const key = cellKey(cx, cy);
        let viewers = this.cells.get(key);
        if (!viewers) {
          viewers = new Set();
          this.cells.set(key, viewers);
        }
        viewers.add(viewer);
      }
    }
  }

  remove(viewer: V): void {
    const current = this.placements.get(viewer);
    if (current === undefined) return;
    this.unlist(viewer, current);
    this.placements.delete(viewer);
  }

  /** The viewers listed in the cell holding (x, y), or undefined; check each one's own area. */
  at(x: number, y: number): ReadonlySet<V> | undefined {
    return this.cells.get(cellKey(cellOf(x), cellOf(y)));
  }

  /** Viewers offered every cursor (no viewport, or one too large to list by cell). */
  get wideViewers(): ReadonlySet<V> {
    return this.wide;
  }

  private unlist(viewer: V, placement: Placement | null): void {
    if (placement === null) {
      this.wide.delete(viewer);
      return;
    }
    for (let cx = placement.cx0; cx <= placement.cx1; cx++) {
      for (let cy = placement.cy0; cy <= placement.cy1; cy++) {
        const key = cellKey(cx, cy);
        const viewers = this.cells.get(key);
        if (!viewers) continue;
        viewers.delete(viewer);
        if (viewers.size === 0) this.cells.delete(key);
      }
    }
  }
}

function samePlacement(a: Placement | null, b: Placement | null): boolean {
  if (a === null || b === null) return a === b;
  return a.cx0 === b.cx0 && a.cy0 === b.cy0 && a.cx1 === b.cx1 && a.cy1 === b.cy1;
}
