import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MediaError } from '../media-errors';
import type { StreamRegistry } from '../stream/stream-registry';
import { createFailedAttempts, type FailedAttempts } from './failed-attempts';

export const WHIP_PATH = '/api/media/whip';

const bearerSchema = z
  .string()
  .regex(/^Bearer\s+\S+$/i, 'expected "Authorization: Bearer <key>"')
  .transform((value) => value.replace(/^Bearer\s+/i, '').trim());
const offerSchema = z
  .string()
  .min(10, 'empty SDP offer')
  .max(64 * 1024, 'SDP offer too large');
const sessionParamsSchema = z.object({ id: z.uuid() });

// WHIP (RFC 9725): POST an SDP offer, get 201 + answer + session Location; DELETE the session to end.
// Encapsulated plugin so the application/sdp body parser does not leak into the rest of the app.
export function registerWhipRoutes(
  app: FastifyInstance,
  registry: StreamRegistry,
  keyAttempts: FailedAttempts = createFailedAttempts(),
): void {
  const assertNotBlocked = (address: string): void => {
    const wait = keyAttempts.blockedFor(address);
    if (wait > 0)
      throw new MediaError('RATE_LIMITED', `too many wrong stream keys; try again in ${Math.ceil(wait / 1000)} s`);
  };
  // A wrong key counts against the request's address.
  const withKeyLimit = async <T>(address: string, attempt: () => Promise<T>): Promise<T> => {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof MediaError && error.code === 'UNAUTHORIZED') keyAttempts.recordFailure(address);
      throw error;
    }
  };

  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/sdp', 'application/trickle-ice-sdpfrag'],
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_request, body, done) => done(null, body),
    );

    scope.setErrorHandler((error, _request, reply) => {
      if (error instanceof MediaError) return sendError(reply, error);
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 415)
        return sendError(reply, new MediaError('UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/sdp'));
      // The body limit is checked while reading, before the key: an oversized offer is 413 with or without one.
      if (status === 413)
        return sendError(reply, new MediaError('PAYLOAD_TOO_LARGE', 'an SDP offer can be at most 64 KB'));
      scope.log.error(error);
      return reply.code(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
    });

    scope.post(WHIP_PATH, async (request, reply) => {
      assertNotBlocked(request.ip);
      if (
        !String(request.headers['content-type'] ?? '')
          .toLowerCase()
          .startsWith('application/sdp')
      ) {
        throw new MediaError('UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/sdp');
      }
      const bearer = parseBearer(request.headers.authorization);
      const offer = offerSchema.safeParse(request.body);
      if (!offer.success) throw new MediaError('INVALID_SDP', offer.error.issues[0]?.message ?? 'invalid SDP');
      const result = await withKeyLimit(request.ip, () => registry.publish(bearer, offer.data));
      return reply
        .code(201)
        .header('Content-Type', 'application/sdp')
        .header('Location', `${WHIP_PATH}/sessions/${result.sessionId}`)
        .header('Access-Control-Expose-Headers', 'Location')
        .send(result.answerSdp);
    });

    scope.delete(`${WHIP_PATH}/sessions/:id`, async (request, reply) => {
      assertNotBlocked(request.ip);
      const bearer = parseBearer(request.headers.authorization);
      const params = sessionParamsSchema.safeParse(request.params);
      if (!params.success) throw new MediaError('SESSION_NOT_FOUND', 'no such WHIP session');
      await withKeyLimit(request.ip, () => registry.unpublish(bearer, params.data.id));
      return reply.code(200).send();
    });

    // The answer carries every candidate, so trickle ICE and ICE restarts are not supported (RFC 9725 §4.3.1).
    scope.patch(`${WHIP_PATH}/sessions/:id`, async (_request, reply) => {
      return sendError(
        reply.header('Allow', 'DELETE'),
        new MediaError('METHOD_NOT_ALLOWED', 'trickle ICE is not supported'),
      );
    });
  });
}

function parseBearer(header: string | undefined): string {
  const parsed = bearerSchema.safeParse(header ?? '');
  if (!parsed.success) throw new MediaError('UNAUTHORIZED', 'missing bearer token');
  return parsed.data;
}

function sendError(reply: FastifyReply, error: MediaError): FastifyReply {
  return reply.code(error.status).header('Content-Type', 'application/json').send(error.toBody());
}
