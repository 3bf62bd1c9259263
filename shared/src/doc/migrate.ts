import * as Y from 'yjs';
import { SCHEMA_VERSION } from '../schema';
import { metaMap } from './board-doc';
import { META_FIELD } from './keys';
import { BOARD_MIGRATIONS } from './migrations';
import type { BoardMigration } from './migrations';

/*
 * Board migrations, as tldraw runs its store migrations: `meta.schemaVersion` says which steps a
 * board has had; opening a board whose version is older runs the missing steps in order, all in
 * one transaction, and sets the version to the last step's. A shipped step is never edited: a
 * board migrated by it once must not be migrated differently by a later build.
 */

export type { BoardMigration } from './migrations';

/** Transaction origin of a migration, so observers can tell it from a person's change. */
export const MIGRATION_ORIGIN = 'weboard:migration';

export interface MigrationResult {
  /** The board's schema version before. */
  readonly from: number;
  /** Its version after (unchanged when nothing ran). */
  readonly to: number;
  /** Ids of the steps that ran, in order. */
  readonly applied: readonly string[];
}

/** The steps, checked once: consecutive versions from 2 up to SCHEMA_VERSION. */
export function checkMigrations(steps: readonly BoardMigration[]): void {
  steps.forEach((step, i) => {
    if (step.toVersion !== i + 2) {
      throw new Error(`Migration ${step.id} goes to version ${step.toVersion}, expected ${i + 2}`);
    }
  });
  const last = steps.at(-1)?.toVersion ?? 1;
  if (last !== SCHEMA_VERSION) {
    throw new Error(`Migrations end at version ${last}, but SCHEMA_VERSION is ${SCHEMA_VERSION}`);
  }
}
checkMigrations(BOARD_MIGRATIONS);

/** True when the board was written by an older WeBoard and has steps to run. */
export function needsMigration(doc: Y.Doc): boolean {
  const version = metaMap(doc).get(META_FIELD.schemaVersion);
  return typeof version === 'number' && version < SCHEMA_VERSION;
}

/**
 * Brings a board written by an older WeBoard up to SCHEMA_VERSION in one transaction. A board
 * with no version yet (empty, not synced) or a newer one (opened read-only) is left alone.
 */
export function migrateBoard(
  doc: Y.Doc,
  origin: unknown = MIGRATION_ORIGIN,
  steps: readonly BoardMigration[] = BOARD_MIGRATIONS,
): MigrationResult {
  const version = metaMap(doc).get(META_FIELD.schemaVersion);
  if (typeof version !== 'number' || version >= SCHEMA_VERSION) {
    const at = typeof version === 'number' ? version : SCHEMA_VERSION;
    return { from: at, to: at, applied: [] };
  }
  const pending = steps.filter((step) => step.toVersion > version);
  const applied: string[] = [];
  let to = version;
  Y.transact(
    doc,
    () => {
      for (const step of pending) {
        step.up(doc);
        applied.push(step.id);
        to = step.toVersion;
      }
      metaMap(doc).set(META_FIELD.schemaVersion, to);
    },
    origin,
  );
  return { from: version, to, applied };
}
