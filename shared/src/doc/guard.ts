import * as Y from 'yjs';
import { itemsMap, spliceText } from './board-doc';
import { ITEM_FIELD, MAP } from './keys';
import { capturePiProtected, restorePiProtected } from './pi-guard';
import { captureComments, restoreOthersComments } from './comments-guard';
import type { CommentsCopy } from './comments-guard';
import { captureMembers, restoreOthersMembers } from './members-guard';
import type { MembersCopy } from './members-guard';
import type { ProtectedCopy } from './protected-copy';
import { captureReactions, restoreOthersReactions } from './reactions-guard';
import type { ReactionsCopy } from './reactions-guard';
import { sameValue } from './reconcile';
import { votesMap } from './votes';
import type { BoardShape, ShapeRepair } from './shape';
import { rootName } from './root-name';
import { isDeleted, keyInParent, markLocal, parentOf } from './yjs-internals';

/*
 * Facilitator-only parts of a board: locked items (and the `locked` flag itself), the session
 * map, and the votes map (votes reach it only through the server: a hidden vote's reveal, or a
 * facilitator starting or clearing a vote), and the program-planning parts pi-guard.ts names
 * (business values, the confidence vote). A change from anyone else that touches them is reverted inside the same transaction that
 * applies it, so the board never holds it, not even for one event: the resulting update carries
 * the change and its undoing together, and every peer (the sender included) ends where it was.
 *
 * Why revert instead of dropping the update: Yjs integrates a client's changes strictly in clock
 * order, so a dropped update would leave a gap that stalls everything that client sends later.
 * Applying and undoing in one transaction keeps the clocks whole and is just as atomic.
 */

interface LockedItem {
  map: Y.Map<unknown>;
  fields: Record<string, unknown>;
  texts: Set<string>;
}

/** What must survive a non-facilitator's change: every locked item and the session. */
interface Protected {
  locked: Map<string, LockedItem>;
  session: Record<string, unknown>;
  /** The votes as they were, per item id (only what a restore needs to read). */
  votes: VotesView;
}

/** Read access to the votes of each item before a change. */
interface VotesView {
  get(itemId: string): Record<string, number> | undefined;
}

function capture(
  doc: Y.Doc,
  lockedIds?: Iterable<string>,
  votes?: VotesView,
  session?: Record<string, unknown>,
): Protected {
  const locked = new Map<string, LockedItem>();
  const items = itemsMap(doc);
  // Without an index this is linear in the item count (see LockIndex for the server's case).
  const candidates = lockedIds ?? items.keys();
  for (const id of candidates) {
    const map = items.get(id);
    if (!(map instanceof Y.Map) || map.get(ITEM_FIELD.locked) !== true) continue;
    const fields: Record<string, unknown> = {};
    const texts = new Set<string>();
    for (const [key, value] of map.entries()) {
      if (value instanceof Y.Text) {
        fields[key] = value.toString();
        texts.add(key);
      } else fields[key] = value instanceof Y.AbstractType ? value.toJSON() : value;
    }
    locked.set(id, { map, fields, texts });
  }
  return {
    locked,
    session: session ?? (doc.getMap(MAP.session).toJSON() as Record<string, unknown>),
    votes:
      votes ??
      new Map(Object.entries(votesMap(doc).toJSON() as Record<string, Record<string, number>>)),
  };
}

/**
 * A copy of every item's votes, kept current from each transaction's changed keys, so a guarded
 * apply can put votes back without copying them all before every update.
 */
export class VotesCopy implements VotesView {
  private readonly copy = new Map<string, Record<string, number>>();

  constructor(private readonly doc: Y.Doc) {
    for (const id of votesMap(doc).keys()) this.refresh(id);
    doc.on('afterTransaction', this.onTransaction);
  }

  get(itemId: string): Record<string, number> | undefined {
    return this.copy.get(itemId);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    const votes = votesMap(this.doc);
    for (const [type, keys] of transaction.changed) {
      if ((type as unknown) === votes) {
        for (const id of keys) if (id !== null) this.refresh(id);
      } else if (parentOf(type) === votes && keyInParent(type) !== null) {
        this.refresh(keyInParent(type)!);
      }
    }
  };

  private refresh(id: string): void {
    const byUser = votesMap(this.doc).get(id);
    if (byUser instanceof Y.Map) this.copy.set(id, byUser.toJSON() as Record<string, number>);
    else this.copy.delete(id);
  }
}

/** Puts an item's votes back as they were (`before` undefined: the item had no vote map). */
function restoreVotes(
  doc: Y.Doc,
  itemId: string,
  before: Record<string, number> | undefined,
): void {
  const votes = votesMap(doc);
  const current = votes.get(itemId);
  if (before === undefined) {
    if (votes.has(itemId)) votes.delete(itemId);
    return;
  }
  if (!(current instanceof Y.Map) || isDeleted(current)) {
    const map = new Y.Map<number>();
    for (const [user, n] of Object.entries(before)) map.set(user, n);
    votes.set(itemId, map);
    return;
  }
  for (const user of [...current.keys()]) if (!Object.hasOwn(before, user)) current.delete(user);
  for (const [user, n] of Object.entries(before)) if (current.get(user) !== n) current.set(user, n);
}

/** True for an item map whose `locked` flag is set (any other value, a non-map too, is not locked). */
function isLocked(map: unknown): boolean {
  return map instanceof Y.Map && map.get(ITEM_FIELD.locked) === true;
}

/**
 * The ids of a document's locked items, kept current from each transaction's changed keys, so a
 * guarded apply costs O(locked items) instead of a scan of the whole board per update.
 */
export class LockIndex {
  private readonly ids = new Set<string>();

  constructor(private readonly doc: Y.Doc) {
    for (const [id, map] of itemsMap(doc).entries()) if (isLocked(map)) this.ids.add(id);
    doc.on('afterTransaction', this.onTransaction);
  }

  get lockedIds(): ReadonlySet<string> {
    return this.ids;
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    const items = itemsMap(this.doc);
    for (const [type, keys] of transaction.changed) {
      if ((type as unknown) === items) {
        for (const id of keys) if (id !== null) this.refresh(id);
      } else if (parentOf(type) === items && keys.has(ITEM_FIELD.locked)) {
        const id = keyInParent(type);
        if (id !== null) this.refresh(id);
      }
    }
  };

  private refresh(id: string): void {
    if (isLocked(itemsMap(this.doc).get(id))) this.ids.add(id);
    else this.ids.delete(id);
  }
}

/**
 * Where a changed type lies: its top-level map's name, the key under that map of the record it is
 * in ('#' for a list child; undefined for the top-level map itself) and how deep below the
 * top-level map it is (0: the map itself, 1: a record's own map). Read per changed type of every
 * update, so it builds no path.
 */
interface Place {
  root: string;
  first: string | undefined;
  depth: number;
}

function placeOf(type: Y.AbstractType<unknown>, place: Place): Place {
  let current: Y.AbstractType<unknown> = type;
  let child: Y.AbstractType<unknown> | null = null;
  let depth = 0;
  for (let parent = parentOf(current); parent !== null; parent = parentOf(current)) {
    child = current;
    current = parent;
    depth++;
  }
  place.root = rootName(current);
  place.first = child === null ? undefined : (keyInParent(child) ?? '#');
  place.depth = depth;
  return place;
}

function restoreItem(doc: Y.Doc, id: string, before: LockedItem): void {
  const items = itemsMap(doc);
  const current = items.get(id);
  if (current !== before.map || isDeleted(current)) {
    const map = new Y.Map<unknown>();
    for (const [key, value] of Object.entries(before.fields)) {
      map.set(key, before.texts.has(key) ? new Y.Text(String(value)) : value);
    }
    items.set(id, map);
    return;
  }
  for (const key of [...current.keys()]) {
    if (!Object.hasOwn(before.fields, key)) current.delete(key);
  }
  for (const [key, value] of Object.entries(before.fields)) {
    const now = current.get(key);
    if (before.texts.has(key)) {
      if (now instanceof Y.Text) spliceText(now, String(value));
      else current.set(key, new Y.Text(String(value)));
    } else if (now instanceof Y.AbstractType || !sameValue(now, value)) current.set(key, value);
  }
}

function restoreSession(doc: Y.Doc, before: Record<string, unknown>): void {
  const session = doc.getMap(MAP.session);
  for (const key of [...session.keys()]) if (!Object.hasOwn(before, key)) session.delete(key);
  for (const [key, value] of Object.entries(before)) {
    if (!sameValue(session.get(key), value)) session.set(key, value);
  }
}

/** What a guarded apply undid; empty when the change was allowed as it was. */
export interface GuardResult {
  /** Ids of locked items whose change was undone, and of items someone tried to (un)lock. */
  items: string[];
  session: boolean;
  /** Ids of items whose votes someone tried to change. */
  votes: string[];
  /** Records whose new value did not fit the schema: cut, put back or removed. */
  shape: ShapeRepair[];
  /** Facilitator-only program-planning parts put back (see pi-guard.ts). */
  pi: string[];
  /** Keys of other people's reaction records the sender tried to change (see reactions-guard.ts). */
  reactions: string[];
  /** Keys of comment records the sender may not change (see comments-guard.ts). */
  comments: string[];
  /** Keys of other people's member records the sender tried to change (see members-guard.ts). */
  members: string[];
}

/** True when a guarded apply changed anything the sender sent. */
export function guardUndid(result: GuardResult): boolean {
  return (
    result.items.length > 0 ||
    result.session ||
    result.votes.length > 0 ||
    result.shape.length > 0 ||
    result.pi.length > 0 ||
    result.reactions.length > 0 ||
    result.comments.length > 0 ||
    result.members.length > 0
  );
}

/** An update Yjs could not decode; whatever of it was integrated has been checked like the rest. */
export class InvalidUpdateError extends Error {
  override readonly name = 'InvalidUpdateError';
}

export interface GuardOptions {
  /** Origin of the transaction that applies the update (the sender's connection). */
  origin: unknown;
  /** Origin the transaction gets when anything was undone, so the sender receives the result. */
  revertOrigin: unknown;
  /**
   * Facilitators may change locked items, the `locked` flag, the session and the votes; the
   * shape is checked for everyone.
   */
  facilitator?: boolean;
  /** Locked items of the same document, so the check is independent of the board's size. */
  lockIndex?: LockIndex;
  votesCopy?: VotesCopy;
  /** The session and the program-planning parts as they were, kept current (protected-copy.ts). */
  protectedCopy?: ProtectedCopy;
  /** The document's shape guard; without it the shape is not checked. */
  shape?: BoardShape;
  /**
   * The person the sender is (the user id its connection proved), who may change only their own
   * reaction records; null for a sender with no person (it may change none). Undefined: reactions
   * are not checked. Facilitators are never checked (they may clear reactions).
   */
  person?: string | null;
  /** The reactions as they were, kept current, so the check does not copy the map per update. */
  reactionsCopy?: ReactionsCopy;
  /** The comments as they were, kept current (same rule for `person`: see comments-guard.ts). */
  commentsCopy?: CommentsCopy;
  /** The members as they were, kept current (each writes only their own: members-guard.ts). */
  membersCopy?: MembersCopy;
}

/**
 * Applies `update` from a client, undoing in the same transaction any part of it that the sender
 * may not make (unless a facilitator: a locked item, the `locked` flag, the session, the votes)
 * and any record it leaves out of shape (see shape.ts). When something was undone the
 * transaction's origin becomes `revertOrigin`, so the relay sends the result to the sender too
 * (it must see its change disappear). An update Yjs cannot decode throws InvalidUpdateError, after
 * whatever of it was integrated has been checked; any other exception is a failure of the guard.
 */
export function applyGuardedUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  options: GuardOptions,
): GuardResult {
  const { origin, revertOrigin, facilitator = false } = options;
  const copy = options.protectedCopy;
  const before = facilitator
    ? null
    : capture(doc, options.lockIndex?.lockedIds, options.votesCopy, copy?.session);
  const pi = facilitator ? null : (copy?.pi ?? capturePiProtected(doc));
  const { person } = options;
  const reactionsBefore =
    facilitator || person === undefined ? null : (options.reactionsCopy ?? captureReactions(doc));
  const commentsBefore =
    facilitator || person === undefined ? null : (options.commentsCopy ?? captureComments(doc));
  const membersBefore =
    facilitator || person === undefined ? null : (options.membersCopy ?? captureMembers(doc));
  const result: GuardResult = {
    items: [],
    session: false,
    votes: [],
    shape: [],
    pi: [],
    reactions: [],
    comments: [],
    members: [],
  };
  const votes = votesMap(doc);
  const voteIds = new Set<string>();
  let invalid: unknown = null;
  doc.transact((transaction) => {
    try {
      Y.applyUpdate(doc, update, origin);
    } catch (err) {
      // Yjs integrates the structs before it decodes the deletions: part of a broken update may
      // already be in. It is checked below like any change.
      invalid = err;
    }
    // applyUpdate marks the transaction remote; our own undo writes below would then make Yjs
    // think another peer uses this doc's client id and switch ids on every revert.
    markLocal(transaction);
    if (before) {
      const lockedItems = new Set<string>();
      const lockFlags = new Set<string>();
      const place: Place = { root: '', first: undefined, depth: 0 };
      for (const [type, keys] of transaction.changed) {
        const { root, first, depth } = placeOf(type as Y.AbstractType<unknown>, place);
        if (root === MAP.session) result.session = true;
        if ((type as unknown) === votes) {
          for (const id of keys) if (id !== null) voteIds.add(id);
        } else if (root === MAP.votes && first !== undefined) voteIds.add(first);
        if (root !== MAP.items) continue;
        if (depth === 0) {
          for (const id of keys) {
            if (id === null) continue;
            if (before.locked.has(id)) lockedItems.add(id);
            else if (isLocked(itemsMap(doc).get(id))) lockFlags.add(id);
          }
        } else {
          const id = first!;
          if (before.locked.has(id)) lockedItems.add(id);
          else if (depth === 1 && keys.has(ITEM_FIELD.locked)) lockFlags.add(id);
        }
      }
      for (const id of lockedItems) restoreItem(doc, id, before.locked.get(id)!);
      for (const id of lockFlags) {
        const map = itemsMap(doc).get(id);
        if (map instanceof Y.Map && map.get(ITEM_FIELD.locked) === true)
          map.delete(ITEM_FIELD.locked);
        else lockFlags.delete(id);
      }
      if (result.session) restoreSession(doc, before.session);
      for (const id of voteIds) restoreVotes(doc, id, before.votes.get(id));
      result.items = [...lockedItems, ...lockFlags];
      result.votes = [...voteIds];
    }
    if (pi) result.pi = restorePiProtected(doc, transaction, pi);
    if (reactionsBefore && person !== undefined)
      result.reactions = restoreOthersReactions(doc, transaction, reactionsBefore, person);
    if (commentsBefore && person !== undefined)
      result.comments = restoreOthersComments(doc, transaction, commentsBefore, person);
    if (membersBefore && person !== undefined)
      result.members = restoreOthersMembers(doc, transaction, membersBefore, person);
    if (options.shape) result.shape = options.shape.enforce(transaction);
    if (guardUndid(result)) {
      // The relay compares origins by identity; the sender must receive this transaction too.
      transaction.origin = revertOrigin;
    }
  }, origin);
  if (invalid !== null) {
    throw new InvalidUpdateError(invalid instanceof Error ? invalid.message : String(invalid));
  }
  return result;
}
