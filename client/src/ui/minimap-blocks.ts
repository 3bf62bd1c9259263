import { compareIndex } from '@weboard/shared';
import type { Box } from '@weboard/shared';
import RBush from 'rbush';

/** One drawn item on the minimap: its bounds and fill (and its box as the R-tree keeps it). */
export interface Block {
  id: string;
  box: Box;
  fill: string;
  frame: boolean;
  /** The item's z-order key: blocks are painted bottom first. */
  z: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

type Corners = 'minX' | 'minY' | 'maxX' | 'maxY';

/**
 * The minimap's blocks by item id, kept current one changed item at a time, and the blocks that
 * meet an area, bottom first, for repainting only where items changed: an R-tree query, so a
 * change on a 100k-item board repaints its few pixels without a pass over every item. The tree
 * is built once the page is idle after the board is read (and again after a large batch of
 * changes, which drops it and repaints everything anyway), or when asked before that.
 */
export class MinimapBlocks {
  private readonly byId = new Map<string, Block>();
  private tree: RBush<Block> | null = null;

  /**
   * `draw` says how an item is drawn, or null for an item not drawn (or gone); `idle` runs work
   * once the page is idle (without it the tree is built when first asked).
   */
  constructor(
    private readonly draw: (id: string) => Omit<Block, 'id' | Corners> | null,
    private readonly idle?: (work: () => void) => void,
  ) {}

  /**
   * Reads these items (the board as it opens, a large batch); the tree is built later, when idle,
   * in one bulk load. A tree built meanwhile (the idle build a batch's `dropIndex` asked for can
   * come first) is dropped: inserting 10,000 blocks one by one into it took ~50 ms, a load ~10.
   */
  readAll(ids: Iterable<string>) {
    this.tree = null;
    for (const id of ids) this.read(id);
    this.indexWhenIdle();
  }

  /** Whether the tree is built (for tests). */
  get indexed(): boolean {
    return this.tree !== null;
  }

  /** Stops a build still waiting for its idle moment. */
  dispose() {
    this.disposed = true;
  }

  private disposed = false;
  private buildWaiting = false;

  /**
   * Builds the tree when `idle` calls back: not while the board opens or a batch arrives, and not
   * in the next change's refresh either (46 ms at 100,000 notes, inside a frame).
   */
  private indexWhenIdle() {
    if (!this.idle || this.buildWaiting) return;
    this.buildWaiting = true;
    this.idle(() => {
      this.buildWaiting = false;
      if (!this.disposed) this.index();
    });
  }

  private index(): RBush<Block> {
    if (!this.tree) {
      this.tree = new RBush<Block>();
      this.tree.load([...this.byId.values()]);
    }
    return this.tree;
  }

  /** Re-reads one item (added, changed or gone). */
  read(id: string) {
    const before = this.byId.get(id);
    if (before) this.tree?.remove(before);
    const drawn = this.draw(id);
    if (!drawn) {
      this.byId.delete(id);
      return;
    }
    const { box } = drawn;
    const block: Block = {
      id,
      ...drawn,
      minX: box.x,
      minY: box.y,
      maxX: box.x + box.w,
      maxY: box.y + box.h,
    };
    this.byId.set(id, block);
    this.tree?.insert(block);
  }

  get(id: string): Block | undefined {
    return this.byId.get(id);
  }

  values(): IterableIterator<Block> {
    return this.byId.values();
  }

  /** Forgets the tree: many items are about to change (it is built again when idle). */
  dropIndex() {
    this.tree = null;
    this.indexWhenIdle();
  }

  /** The blocks that meet `box` (board units), bottom first. */
  near(box: Box): Block[] {
    const found = this.index().search({
      minX: box.x,
      minY: box.y,
      maxX: box.x + box.w,
      maxY: box.y + box.h,
    });
    return found.sort((a, b) => compareIndex({ key: a.z, id: a.id }, { key: b.z, id: b.id }));
  }
}
