import { ErrorCode } from '@weboard/shared';
import type { ApiError, ErrorCodeName } from '@weboard/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** An error meant for the API client: a stable code from the shared registry and a message. */
export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;

  constructor(
    readonly kind: ErrorCodeName,
    message: string,
    /** Per-row problems of a failed import, sent as `error.rows`. */
    readonly rows?: unknown[],
  ) {
    super(message);
    this.name = 'AppError';
    this.code = ErrorCode[kind].code;
    this.statusCode = ErrorCode[kind].status;
  }
}

/** The JSON body of every REST error. */
export function errorBody(code: string, message: string, rows?: unknown[]): ApiError {
  return { error: rows ? { code, message, rows } : { code, message } };
}

/** The registry entry closest to an HTTP status, for errors raised by Fastify itself. */
function kindForStatus(status: number): ErrorCodeName {
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 413:
      return 'PayloadTooLarge';
    case 429:
      return 'RateLimited';
    case 503:
      return 'StorageUnavailable';
    default:
      return status >= 400 && status < 500 ? 'BadRequest' : 'Internal';
  }
}

/** Fastify error handler: every error leaves as `{error: {code, message}}` with its status. */
export function handleError(
  error: FastifyError | AppError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof AppError) {
    return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.rows));
  }
  // A board that failed (sync/room.ts) answers for itself; every other board keeps working.
  if (error.name === 'BoardFailedError') {
    const { code, status } = ErrorCode.BoardFailed;
    return reply
      .code(status)
      .send(errorBody(code, 'This board failed on the server; see /healthz'));
  }
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    // Internal details stay in the log, not in the response.
    return reply.code(status).send(errorBody(ErrorCode.Internal.code, 'Internal server error'));
  }
  return reply.code(status).send(errorBody(ErrorCode[kindForStatus(status)].code, error.message));
}

/** JSON 404 for routes that do not exist. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { code, status } = ErrorCode.NotFound;
  return reply
    .code(status)
    .send(errorBody(code, `Route ${request.method} ${stripQuery(request.url)} not found`));
}

function stripQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
