// Input schemas for blocks and reports.
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import { idSchema, textSchema } from '../validation.ts';

export const reportSchema = z.strictObject({
  conversationId: idSchema,
  messageId: idSchema.nullish().transform((v) => v ?? null),
  reason: textSchema.trim().min(1, 'A reason is required.').max(LIMITS.reportReasonMaxChars),
});
