import {
  BoardShape,
  CommentsCopy,
  MembersCopy,
  InvalidUpdateError,
  ProtectedCopy,
  LockIndex,
  ReactionsCopy,
  VotesCopy,
  applyGuardedUpdate,
  guardUndid,
  migrateBoard,
} from '@weboard/shared';
import type { ShapeRepair } from '@weboard/shared';
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import type { Metrics } from '../observability/metrics';
import type { Connection } from './connection';
import type { DocumentGuard, ServerHooks } from './hooks';
import { GUARD_ORIGIN, REPAIR_ORIGIN } from './origin';
import { MalformedMessageError } from './room-errors';

export interface BoardGuardOptions {
  boardId: string;
  log: FastifyBaseLogger;
  metrics: Metrics;
  /**
   * Called when a board stored with invalid records (written before the shape guard, or by a bug)
   * was repaired on load, with its state before the repair (kept as an automatic snapshot).
   */
  onRepaired?:
    ((boardId: string, before: Uint8Array, repairs: readonly ShapeRepair[]) => void) | undefined;
}

/**
 * The server's authority over one board's document: every change, a client's or the server's own,
 * is checked in the transaction that makes it against the board schema and the sender's role
 * (locked items, the facilitator's session and votes, the shape of every record), and what is not
 * allowed is undone before anyone sees or stores it.
 */
export class BoardGuard implements DocumentGuard {
  private readonly shape: BoardShape;
  private readonly lockIndex: LockIndex;
  private readonly votesCopy: VotesCopy;
  private readonly reactionsCopy: ReactionsCopy;
  private readonly commentsCopy: CommentsCopy;
  private readonly membersCopy: MembersCopy;
  private readonly protectedCopy: ProtectedCopy;

  /**
   * Takes charge of a document whose stored state was just decoded: brings a board written by an
   * older WeBoard up to date, repairs records stored out of shape, then indexes locks and votes.
   */
  constructor(
    private readonly doc: Y.Doc,
    private readonly options: BoardGuardOptions,
  ) {
    // Read before anything else looks at the records: junk stored before the shape guard existed
    // (a number where an item belongs) is found here and repaired below, not tripped over.
    this.shape = new BoardShape(doc);
    // A board written by an older WeBoard is brought up to date first (stored and sent like a
    // change), so the shape check below judges it by this version's schema.
    migrateBoard(doc);
    const before = this.shape.invalid().length > 0 ? Y.encodeStateAsUpdate(doc) : null;
    if (before) {
      const repairs = this.shape.repair(REPAIR_ORIGIN);
      for (const repair of repairs)
        options.metrics.invalidRecords.inc({ map: repair.map, where: 'load' });
      options.log.warn(
        { boardId: options.boardId, repairs: repairs.slice(0, 50), total: repairs.length },
        'repaired a board stored with invalid records',
      );
      options.onRepaired?.(options.boardId, before, repairs);
    }
    this.lockIndex = new LockIndex(doc);
    this.votesCopy = new VotesCopy(doc);
    this.reactionsCopy = new ReactionsCopy(doc);
    this.commentsCopy = new CommentsCopy(doc);
    this.membersCopy = new MembersCopy(doc);
    this.protectedCopy = new ProtectedCopy(doc);
  }

  /**
   * Applies a client's update: everyone's change is checked against the schema; everyone but
   * facilitators' also against locked items, the session, the votes and other people's reactions
   * (see applyGuardedUpdate).
   * Throws MalformedMessageError for an update Yjs cannot decode; any other throw means the guard
   * did not finish and the board's state is not known good.
   */
  applyClientUpdate(connection: Connection, update: Uint8Array): void {
    let result;
    try {
      result = applyGuardedUpdate(this.doc, update, {
        origin: connection.origin,
        revertOrigin: GUARD_ORIGIN,
        facilitator: connection.role === 'facilitator',
        lockIndex: this.lockIndex,
        votesCopy: this.votesCopy,
        protectedCopy: this.protectedCopy,
        shape: this.shape,
        // Each person's reactions are theirs alone (see reactions-guard.ts).
        person: connection.person ?? null,
        reactionsCopy: this.reactionsCopy,
        commentsCopy: this.commentsCopy,
        membersCopy: this.membersCopy,
      });
    } catch (err) {
      if (err instanceof InvalidUpdateError)
        throw new MalformedMessageError('Invalid document update');
      throw err;
    }
    if (!guardUndid(result)) return;
    for (const repair of result.shape)
      this.options.metrics.invalidRecords.inc({ map: repair.map, where: 'update' });
    if (result.reactions.length > 0)
      this.options.metrics.invalidRecords.inc(
        { map: 'reactions', where: 'update' },
        result.reactions.length,
      );
    for (const [map, keys] of [
      ['comments', result.comments],
      ['members', result.members],
    ] as const)
      if (keys.length > 0)
        this.options.metrics.invalidRecords.inc({ map, where: 'update' }, keys.length);
    connection.log.info(
      {
        items: result.items,
        session: result.session,
        votes: result.votes,
        pi: result.pi,
        othersReactions: result.reactions.slice(0, 20),
        othersComments: result.comments.slice(0, 20),
        othersMembers: result.members.slice(0, 20),
        person: connection.person ?? null,
        shape: result.shape.slice(0, 20),
      },
      'undid part of a change',
    );
  }

  /** Checks the records a server-side change touched, inside its transaction. */
  enforce(transaction: Y.Transaction): void {
    const repairs = this.shape.enforce(transaction);
    for (const repair of repairs)
      this.options.metrics.invalidRecords.inc({ map: repair.map, where: 'server' });
    if (repairs.length > 0)
      this.options.log.warn(
        { boardId: this.options.boardId, repairs },
        'a server change left invalid records',
      );
  }

  destroy(): void {
    this.lockIndex.destroy();
    this.votesCopy.destroy();
    this.reactionsCopy.destroy();
    this.commentsCopy.destroy();
    this.membersCopy.destroy();
    this.protectedCopy.destroy();
    this.shape.destroy();
  }
}

/** The guard as a server hook: each board gets its own BoardGuard once its stored state is decoded. */
export function boardGuardHooks(options: Omit<BoardGuardOptions, 'boardId'>): ServerHooks {
  return {
    name: 'board guard',
    onLoadDocument: ({ boardId, doc }) => new BoardGuard(doc, { ...options, boardId }),
  };
}
