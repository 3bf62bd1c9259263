import * as Y from 'yjs';
import { FACILITATOR_OBJECTIVE_FIELDS } from '../planning/objectives';
import { CONFIDENCE_ROUND, CONFIDENCE_VOTES } from './confidence';
import { OBJECTIVES, objectivesMap } from './objectives';
import { sameValue } from './reconcile';
import { rootName } from './root-name';
import { keyInParent, parentOf } from './yjs-internals';

/*
 * The facilitator's parts of the program-planning records (see guard.ts for how a guarded apply
 * uses this): the confidence round and its revealed ballots (whole maps: a ballot reaches the
 * document only through the server's reveal), and the business values of team objectives (the
 * business owners' call, entered by the facilitator). A change anyone else makes to them is put
 * back inside the transaction that applied it.
 */

type Fields = Record<string, unknown>;

/** What a non-facilitator's change must not alter, captured before it is applied. */
export interface PiProtected {
  round: Fields;
  votes: Fields;
  /** objective id → its facilitator-only fields (only those set). */
  values: Map<string, Fields>;
}

/** Captures what {@link restorePiProtected} may have to put back (small: O(objectives)). */
export function capturePiProtected(doc: Y.Doc): PiProtected {
  const values = new Map<string, Fields>();
  for (const [id, map] of objectivesMap(doc).entries()) {
    if (!(map instanceof Y.Map)) continue;
    const fields: Fields = {};
    for (const field of FACILITATOR_OBJECTIVE_FIELDS)
      if (map.has(field)) fields[field] = map.get(field);
    values.set(id, fields);
  }
  return {
    round: doc.getMap(CONFIDENCE_ROUND).toJSON() as Fields,
    votes: doc.getMap(CONFIDENCE_VOTES).toJSON() as Fields,
    values,
  };
}

/** Top-level name of a type and the key of its child of the top-level map it lies in. */
function rootOf(type: Y.AbstractType<unknown>): { root: string; key: string | null } {
  let current = type;
  let key: string | null = null;
  for (let parent = parentOf(current); parent !== null; parent = parentOf(current)) {
    key = keyInParent(current);
    current = parent;
  }
  return { root: rootName(current), key: current === type ? null : key };
}

function restoreMap(map: Y.Map<unknown>, before: Fields): void {
  for (const key of [...map.keys()]) if (!Object.hasOwn(before, key)) map.delete(key);
  for (const [key, value] of Object.entries(before))
    if (!sameValue(map.get(key), value)) map.set(key, value);
}

/**
 * Puts back, in the running `transaction`, every facilitator-only part it changed; returns what
 * was put back (`confidenceRound`, `confidenceVotes`, `objectives/<id>`), empty when nothing.
 */
export function restorePiProtected(
  doc: Y.Doc,
  transaction: Y.Transaction,
  before: PiProtected,
): string[] {
  let round = false;
  let votes = false;
  const objectives = new Set<string>();
  for (const [type, keys] of transaction.changed) {
    const { root, key } = rootOf(type as Y.AbstractType<unknown>);
    if (root === CONFIDENCE_ROUND) round = true;
    else if (root === CONFIDENCE_VOTES) votes = true;
    else if (root === OBJECTIVES) {
      if (key !== null) objectives.add(key);
      else for (const id of keys) if (id !== null) objectives.add(id);
    }
  }
  const undone: string[] = [];
  if (round && !sameValue(doc.getMap(CONFIDENCE_ROUND).toJSON(), before.round)) {
    restoreMap(doc.getMap(CONFIDENCE_ROUND), before.round);
    undone.push(CONFIDENCE_ROUND);
  }
  if (votes && !sameValue(doc.getMap(CONFIDENCE_VOTES).toJSON(), before.votes)) {
    restoreMap(doc.getMap(CONFIDENCE_VOTES), before.votes);
    undone.push(CONFIDENCE_VOTES);
  }
  for (const id of objectives) {
    const map = objectivesMap(doc).get(id);
    // Removing an objective is the team's call; its values go with it.
    if (!(map instanceof Y.Map)) continue;
    const was = before.values.get(id) ?? {};
    let changed = false;
    for (const field of FACILITATOR_OBJECTIVE_FIELDS) {
      const now = map.has(field) ? map.get(field) : undefined;
      if (sameValue(now, was[field])) continue;
      changed = true;
      if (Object.hasOwn(was, field)) map.set(field, was[field]);
      else map.delete(field);
    }
    if (changed) undone.push(`${OBJECTIVES}/${id}`);
  }
  return undone;
}
