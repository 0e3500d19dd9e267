/** What the commune autocompletion route answers (its `schema.response`). */
import { z } from 'zod';
import type { WireOf } from '../common/api.js';

export const communeList = z.object({
  items: z.array(
    z.object({ postalCode: z.string(), name: z.string(), departmentCode: z.string() }),
  ),
});

// ---------------------------------------------------------------- what the web app reads

export type Commune = WireOf<typeof communeList>['items'][number];
