/*
 * Every Yjs key name of a board document, in one place. Readers, writers, the shape guard, the board
 * file and migrations take their names from here, so renaming or adding a map is one edit and
 * `git grep` finds every use. (ESLint refuses a string literal in `getMap('…')` elsewhere.)
 *
 *   meta:        Y.Map  { schemaVersion, title }                      one record, one field per key
 *   items:       Y.Map  itemId -> Y.Map of fields (`text` is a Y.Text)
 *   teams:       Y.Map  teamId -> Y.Map { name, color }
 *   lanes:       Y.Map  laneId -> Y.Map { name, order }               (order: fractional index)
 *   members:     Y.Map  userId -> { name, teamId }                    (only ever written by that user)
 *   votes:       Y.Map  itemId -> Y.Map userId -> n                   (keyed by voter)
 *   voteSession: Y.Map  { id, state, budget, teamWeights, startedBy, startedAt }
 *   session:     Y.Map  { timer, summon, follow, privateRound }             (the meeting in progress)
 *   objectives, risks, milestones: Y.Map  id -> Y.Map of fields      (program planning)
 *   confidenceRound: Y.Map  one record, one field per key;  confidenceVotes: userId -> ballot
 *   capacity, agreements: Y.Map  key -> one plain record                (see capacity-doc.ts,
 *                                                                      agreements-doc.ts)
 *   reactions:   Y.Map  '<itemId>/<userId>' -> one plain record          (see reactions-doc.ts)
 *   comments:    Y.Map  '<threadId>' -> thread, '<threadId>/<commentId>' -> comment  (plain
 *                records; see comments-doc.ts)
 */

/** The names of the board's top-level maps. */
export const MAP = {
  meta: 'meta',
  items: 'items',
  teams: 'teams',
  lanes: 'lanes',
  members: 'members',
  votes: 'votes',
  voteSession: 'voteSession',
  session: 'session',
  objectives: 'objectives',
  risks: 'risks',
  milestones: 'milestones',
  confidenceRound: 'confidenceRound',
  confidenceVotes: 'confidenceVotes',
  capacity: 'capacity',
  agreements: 'agreements',
  reactions: 'reactions',
  comments: 'comments',
} as const;
export type MapName = (typeof MAP)[keyof typeof MAP];

/** The fields of `meta`. */
export const META_FIELD = {
  schemaVersion: 'schemaVersion',
  title: 'title',
} as const;

/** The fields of `voteSession`. */
export const VOTE_SESSION_FIELD = {
  id: 'id',
  state: 'state',
  budget: 'budget',
  teamWeights: 'teamWeights',
  startedBy: 'startedBy',
  startedAt: 'startedAt',
} as const;

/** The records of `session` (besides these: `agenda`, named in schema/agenda.ts, and one
 * `decision:<id>` record per decision, see decisions.ts). */
export const SESSION_KEY = {
  timer: 'timer',
  summon: 'summon',
  follow: 'follow',
  privateRound: 'privateRound',
} as const;

/**
 * Item fields that code reads or writes on the raw item map (rather than through a validated
 * record); the schema in `schema/` names the rest.
 */
export const ITEM_FIELD = {
  type: 'type',
  text: 'text',
  z: 'z',
  locked: 'locked',
  teamId: 'teamId',
  laneId: 'laneId',
} as const;
