import type { Burst } from './burst';

export * from './burst';
export * from './selection';

/** Bumped when the wire protocol between our client and server changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/** Roles a board link can carry, weakest first. */
export const ROLES = ['viewer', 'editor', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

/** True when `value` names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least as strong as `required`. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/**
 * Websocket close codes. 4000–4999 is the application range; 1008/1009/1011 are standard.
 *
 * Stock y-websocket 3.x treats 4400–4499 as final (it stops reconnecting) and retries every other
 * code, 4500–4599 being the "try again later" range; y-websocket 1.5 and 2.x retry every code. So
 * a code in 4400–4499 means "reconnecting cannot help": a bad or revoked token, an unknown board, a
 * malformed message (a client that sends one would only send it again), a board at its size
 * limit. Everything a client may simply retry later (too fast, server full, shutting down) is in
 * 4500–4599. Our own client stops only on {@link FATAL_CLOSE_CODES}.
 */
export const CloseCode = {
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  MalformedMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  BoardNotFound: 4404,
  BoardTooBig: 4413,
  /**
   * Over a rate limit (messages, bytes, presence updates) or too many connections per board or
   * address. Retryable on purpose: a stock client that comes back later is welcome; 4429 would
   * make y-websocket 3.x give up for good.
   */
  RateLimited: 4529,
  ServerShutdown: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * Close codes after which reconnecting with the same credentials is pointless; WeBoard's client
 * stops on these and retries everything else (a rate close too, after a longer wait).
 */
export const FATAL_CLOSE_CODES: readonly number[] = [
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.BoardNotFound,
];

/**
 * Close codes that refuse what the client sent, for good: a reconnect's sync step would send the
 * same update again and be closed again (a malformed message, a board at its size limit, a message
 * over the size limit). WeBoard's client stops there, keeps the edit in this browser and offers
 * it as a board file.
 */
export const REFUSED_UPDATE_CLOSE_CODES: readonly number[] = [
  CloseCode.MalformedMessage,
  CloseCode.BoardTooBig,
  CloseCode.MessageTooBig,
];

/** Stable error codes of the REST API, with their HTTP status. */
export const ErrorCode = {
  BadRequest: { code: 'WB_ERR_BAD_REQUEST', status: 400 },
  Unauthorized: { code: 'WB_ERR_UNAUTHORIZED', status: 401 },
  Forbidden: { code: 'WB_ERR_FORBIDDEN', status: 403 },
  BoardNotFound: { code: 'WB_ERR_BOARD_NOT_FOUND', status: 404 },
  NotFound: { code: 'WB_ERR_NOT_FOUND', status: 404 },
  PayloadTooLarge: { code: 'WB_ERR_PAYLOAD_TOO_LARGE', status: 413 },
  UnsupportedEncoding: { code: 'WB_ERR_UNSUPPORTED_ENCODING', status: 415 },
  /** An image over the size limit (`MAX_IMAGE_BYTES`). */
  ImageTooLarge: { code: 'WB_ERR_IMAGE_TOO_LARGE', status: 413 },
  /** Not a PNG, JPEG, GIF or SVG by its content, whatever it was declared as. */
  ImageTypeUnsupported: { code: 'WB_ERR_IMAGE_TYPE_UNSUPPORTED', status: 415 },
  /** A blob grant that is not the server's for that image (linking a pasted picture). */
  BlobGrantInvalid: { code: 'WB_ERR_BLOB_GRANT_INVALID', status: 403 },
  ImportInvalid: { code: 'WB_ERR_IMPORT_INVALID', status: 422 },
  RateLimited: { code: 'WB_ERR_RATE_LIMITED', status: 429 },
  Internal: { code: 'WB_ERR_INTERNAL', status: 500 },
  StorageUnavailable: { code: 'WB_ERR_STORAGE_UNAVAILABLE', status: 503 },
  ClientNotBuilt: { code: 'WB_ERR_CLIENT_NOT_BUILT', status: 503 },
  /** The board could not be loaded or failed while serving (see `/healthz`); the rest works. */
  BoardFailed: { code: 'WB_ERR_BOARD_FAILED', status: 503 },
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;

/** Body of every REST error response. */
export interface ApiError {
  /** `rows` lists per-row problems of an import (see `BacklogRowError`). */
  error: { code: string; message: string; rows?: unknown[] };
}

/** Response of `POST /api/boards`. */
export interface CreateBoardResponse {
  id: string;
  title: string;
  links: Record<Role, string>;
}

/** Response of `GET /api/boards/:id`. */
export interface BoardInfo {
  id: string;
  title: string;
  createdAt: string;
  role: Role;
}

/** What each connected person shares through Yjs awareness (never stored in the document). */
export interface PresenceState {
  user: { name: string; color: string; role: Role };
  /** Pointer position in board coordinates, or null when the pointer left the canvas. */
  cursor: { x: number; y: number } | null;
  /** Ids of the items this person has selected: at most MAX_SHARED_SELECTION (see selection.ts). */
  selection: string[];
  /**
   * The board area this person's screen shows (board coordinates), for the minimap and follow
   * mode. Optional: older clients do not send it.
   */
  viewport?: { x: number; y: number; w: number; h: number } | null;
  /** The team this person picked on this board (absent from older clients, null for none). */
  teamId?: string | null;
  /**
   * The awareness client id whose view this person follows (null or absent: nobody). The server
   * sends a person the followed one's presence at full rate, like the cursors near their viewport.
   */
  following?: number | null;
  /**
   * This person's newest emoji burst, carried for BURST_LIFETIME_MS after they sent it (see
   * burst.ts); absent otherwise. The server drops one that does not fit or comes too fast.
   */
  burst?: Burst;
}

/**
 * Who a sync connection speaks for: `/sync/:boardId?token=…&user=<user id>&userSecret=<secret>`.
 * The user id is the browser's own (the one its reactions and votes are keyed by); the secret is
 * the one its hidden votes prove it with (`X-Weboard-Voter-Secret`). The first connection of a
 * user id on a board binds the secret; a connection that proves the id may change that person's
 * reaction records and nobody else's.
 */
export const PERSON_PARAM = 'user';
export const PERSON_SECRET_PARAM = 'userSecret';

/** The websocket query parameter a team member's client adds to sync that team's drafts (doc/private-round.ts). */
export const DRAFT_TEAM_PARAM = 'draftTeam';

/**
 * Our own websocket message types, beside y-websocket's 0–3. A stock provider ignores them (it
 * logs an unknown type); the WeBoard client registers handlers for them.
 */
export const WeBoardMessageType = {
  /**
   * The server grants this connection a stronger role: payload is one varString of JSON
   * {@link RoleGrant}. The client switches to the new token (reconnects with it).
   */
  RoleGrant: 100,
} as const;

/** Payload of a {@link WeBoardMessageType.RoleGrant} message. */
export interface RoleGrant {
  role: Role;
  token: string;
  /** Who granted it, for the message the client shows. */
  by: string;
}

/**
 * Response of `GET /api/boards/:id/links` and of rotating a link. The facilitator link is only
 * given to holders of that link, never to a person promoted with a grant of their own (or demoting
 * them would not take their power back).
 */
export interface BoardLinks {
  links: { facilitator?: string; editor: string; viewer: string };
}

/** A person's own facilitator rights on a board (`GET /api/boards/:id/grants`). */
export interface BoardGrant {
  id: string;
  role: Role;
  /** Who received it (their name when promoted). */
  name: string;
  grantedBy: string;
  /** ISO 8601. */
  createdAt: string;
}

/** Close reason when a facilitator takes a person's facilitator rights back (close code 4401). */
export const DEMOTED_REASON = 'A facilitator took your facilitator rights back';

/** Close reason when a facilitator removes a person from the board (close code 4401). */
export const REMOVED_REASON = 'A facilitator removed you from this board';

/** Close reason and REST message for a link whose expiry has passed (close code 4401). */
export const LINK_EXPIRED_REASON = 'Link expired';

/** Close reason used when a link is rotated (close code 4401). */
export const LINK_ROTATED_REASON =
  'This link was replaced by the facilitator; ask them for the new one';
