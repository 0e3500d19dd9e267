/**
 * Building blocks of the response schemas (`schema.response` of a route). The serializer encodes
 * every answer through its schema: a field the schema does not name never leaves the server, and
 * the OpenAPI document (/api/docs/json) shows what each route returns. Response schemas describe
 * OUTPUT values: no `.transform()` in them (a transform cannot be encoded), no `.default()`.
 */
import { z } from 'zod';

/** A timestamp: a Date from the database driver, or already an ISO string (raw SQL). Sent as ISO text. */
export const timestamp = z.union([z.date(), z.string()]).describe('Date et heure ISO 8601');
/** A calendar date, AAAA-MM-JJ. */
export const day = z.string().describe('Date AAAA-MM-JJ');
export const id = z.string().describe('Identifiant (UUID)');

/** One page of a list, as every list route answers. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
