import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type ErrorCode } from '../errors/app-error';

const fastifyCodes: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' },
  FST_REQ_FILE_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'the file is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'unsupported content type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_JSON', message: 'the JSON body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_JSON', message: 'the body is not valid JSON' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'send the file as multipart/form-data',
  },
};

/** Maps every failure to `{ error: { code, message } }`; unknown errors are logged and never shown. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      // Per-route limits (rate-limits.ts) set their own Retry-After from the window; others wait a minute.
      if (error.code === 'RATE_LIMITED' && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
      // A dependency that is down (e.g. the payment provider) answers a stable code, but operators need to see it.
      if (error.status >= 500) request.log.warn({ err: error.cause ?? error, code: error.code }, error.message);
      return reply.status(error.status).send(error.toBody());
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known)
      return reply
        .status(new AppError(known.code, known.message).status)
        .send(new AppError(known.code, known.message).toBody());
    if (error.statusCode === 429) {
      return reply
        .status(429)
        .send(new AppError('RATE_LIMITED', 'too many requests; wait a minute and try again').toBody());
    }
    // Fastify's own 400s only: a library error that merely carries statusCode 400 (Stripe refusing our request) is
    // our bug, not the client's body, and is logged below.
    if (error instanceof SyntaxError || (error.statusCode === 400 && error.code?.startsWith('FST_'))) {
      return reply.status(400).send(new AppError('BAD_JSON', 'the request body could not be read').toBody());
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(new AppError('INTERNAL', 'something went wrong on our side; try again').toBody());
  });
}
