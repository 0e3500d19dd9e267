/** What the commune autocompletion route answers (its `schema.response`). */
import { z } from 'zod';

export const communeList = z.object({
  items: z.array(
    z.object({ postalCode: z.string(), name: z.string(), departmentCode: z.string() }),
  ),
});
