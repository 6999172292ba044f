// How the OpenAPI document describes the photo routes (uploads.routes.ts).
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import type { RouteSpec } from '../api-docs/route-spec.ts';
import { uploadModel } from '../api-docs/model-schemas.ts';
import { UPLOAD_ROUTE } from './uploads.routes.ts';

const tag = 'Photos';

/** The routes of {@link uploadRoutes} and {@link photoFileRoutes}. */
export const uploadsRouteSpecs: RouteSpec[] = [
  {
    method: 'post',
    path: UPLOAD_ROUTE,
    tag,
    auth: 'user',
    summary: 'Uploads a photo to send with a message',
    rawBody: {
      mediaTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
      description: `The image bytes (JPEG, PNG, WebP or GIF, told by its first bytes), at most ${LIMITS.uploadMaxBytes} bytes. It is stored without its metadata (EXIF, GPS).`,
    },
    responses: { 201: { description: 'Stored, not yet sent.', schema: z.object({ upload: uploadModel }) } },
    errors: ['payload_too_large', 'unsupported_media_type'],
  },
  {
    method: 'get',
    path: `${UPLOAD_ROUTE}/:id/:variant{image|thumb}`,
    tag,
    auth: 'none',
    summary: 'A photo file, through the signed URL a message carries',
    description:
      'Authorised by the signed query of `Attachment.url` / `thumbUrl` alone (an `<img>` sends no Bearer header). Every refusal is the same 404.',
    query: z.object({ s: z.string(), v: z.string(), e: z.string(), sig: z.string() }),
    responses: {
      200: { description: 'The image.', mediaTypes: ['image/jpeg', 'image/webp'], schema: z.string().meta({ format: 'binary' }) },
    },
  },
];
