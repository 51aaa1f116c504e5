// Uploads: routes and answers (server/http/route-schemas.ts). zod only.
import { z } from 'zod';
import { entityId } from '../fields/text-fields';
import { defineRoute } from '../http/route-schemas';

export const uploadSchema = z.object({ key: z.string(), url: z.string() });
export type Upload = z.infer<typeof uploadSchema>;

export const storageRoutes = {
  upload: defineRoute({
    method: 'POST',
    path: '/api/brands/:brandId/uploads',
    summary: 'Upload an image (PNG, JPEG or WebP, at most 5 MB) in the field "file"',
    tags: ['Uploads'],
    auth: 'staff',
    roles: ['ADMIN'],
    params: z.object({ brandId: entityId }),
    body: 'multipart',
    status: 201,
    response: uploadSchema,
    errors: ['IMAGE_TOO_LARGE'],
  }),
  file: defineRoute({
    method: 'GET',
    path: '/uploads/*',
    summary: 'An uploaded file',
    tags: ['Uploads'],
    auth: 'public',
    params: z.object({ '*': z.string() }),
    response: {
      contentType: 'application/octet-stream',
      description: 'The file, with its own content type; cached for a year.',
    },
  }),
};
