// Shared by the customer and staff route files: rate limits, the multipart image, path params.
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { entityId } from '../fields/text-fields';
import { userOrAddress } from '../http/rate-limits';

/** Sending per person: a burst of 20 and 1 a second sustained (a person types slower; a script does not). */
export const sendRateLimit: { rateLimit: RateLimitOptions } = {
  rateLimit: {
    max: 30,
    timeWindow: 30_000,
    cache: 50_000,
    keyGenerator: userOrAddress,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `too many messages; try again in ${context.after}`),
  },
};

export const conversationParams = z.object({ conversationId: entityId });
export const brandConversationParams = z.object({ brandId: entityId, conversationId: entityId });
export const brandParams = z.object({ brandId: entityId });

/** The one image of a multipart request (field "file"), as bytes; its content is checked by storeChatImage. */
export async function uploadedImage(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the image as multipart/form-data in the field "file"');
  const file = await request.file();
  if (file?.fieldname !== 'file')
    throw new AppError('VALIDATION_FAILED', 'attach an image in the field "file"', { file: 'required' });
  const bytes = await file.toBuffer();
  if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'images can be at most 5 MB');
  return bytes;
}
