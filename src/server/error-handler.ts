import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isSealdeskError, SealdeskError, type ErrorCode } from '../errors/index.js';

/** Fastify's own errors that are the caller's fault, mapped to our catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_BAD_URL: 'invalid_request',
  FST_ERR_ASYNC_CONSTRAINT: 'invalid_request',
};

/**
 * Turns any error into `{error: {code, message, requestId}}`. Known errors log their code only
 * (a JSON parse error quotes the body, so its message is never logged); unknown ones log their
 * type and stack, never their properties, and answer a bare `internal`.
 */
export async function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const known = toSealdeskError(error);
  if (known) {
    request.log.info({ code: known.code }, 'request refused');
    await send(reply, request, known);
    return;
  }
  request.log.error({ err: { type: error.name, code: error.code, stack: error.stack } }, 'request failed');
  await send(reply, request, new SealdeskError('internal'));
}

export async function handleNotFound(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await send(reply, request, new SealdeskError('route_not_found'));
}

function toSealdeskError(error: FastifyError): SealdeskError | undefined {
  if (isSealdeskError(error)) return error;
  const mapped = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
  if (mapped) return new SealdeskError(mapped);
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error instanceof SyntaxError && error.statusCode === 400)) {
    return new SealdeskError('malformed_json');
  }
  return undefined;
}

async function send(reply: FastifyReply, request: FastifyRequest, error: SealdeskError): Promise<void> {
  await reply.code(error.status).send({ error: { code: error.code, message: error.userMessage, requestId: request.id } });
}
