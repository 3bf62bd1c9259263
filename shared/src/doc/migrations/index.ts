import type * as Y from 'yjs';
import { itemDefaults } from './2-item-defaults';
import { cardsIntoCells } from './3-cards-into-cells';

/**
 * One step of a board's schema: `up` changes a board at version `toVersion - 1` into one at
 * `toVersion`, inside the runner's transaction. Shipped steps are never edited; a fix is a new step.
 */
export interface BoardMigration {
  /** Stable name, reported when the step runs. */
  readonly id: string;
  readonly toVersion: number;
  readonly up: (doc: Y.Doc) => void;
}

/** Every step, oldest first; the last one's version is SCHEMA_VERSION. */
export const BOARD_MIGRATIONS: readonly BoardMigration[] = [itemDefaults, cardsIntoCells];
