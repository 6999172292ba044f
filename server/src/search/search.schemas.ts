// Input schema of `GET /search`.
import { z } from 'zod';
import { LIMITS } from '../../../protocol/index.ts';
import { textSchema } from '../validation.ts';

/** `q` (1 to 200 characters, no NUL) and `limit`. */
export const searchQuery = z.strictObject({
  q: textSchema.trim().min(1, 'q is empty.').max(LIMITS.searchQueryMaxChars),
  limit: z.coerce.number().int().min(1).max(LIMITS.searchResultsMax).default(LIMITS.searchResultsDefault),
});
