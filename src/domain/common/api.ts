/**
 * Building blocks of the response schemas (`schema.response` of a route), and the type of what
 * they send (ADR 0019). The serializer encodes every answer through its schema: a field the
 * schema does not name never leaves the server, and the OpenAPI document (/api/docs/json) shows
 * what each route returns. The web app types the answers it reads from the same schemas
 * (`WireOf<typeof schema>`, `import type` only), so a change here that a screen does not follow
 * is a type error. Response schemas describe OUTPUT values: no `.transform()` in them (a
 * transform cannot be encoded), no `.default()`.
 */
import { z } from 'zod';

/** A timestamp: a Date from the database driver, or already an ISO string (raw SQL). Sent as ISO text. */
export const timestamp = z.union([z.date(), z.string()]).describe('Date et heure ISO 8601');
/** A calendar date, AAAA-MM-JJ. */
export const day = z.string().describe('Date AAAA-MM-JJ');
export const id = z.string().describe('Identifiant (UUID)');

/**
 * What travels over the wire: the handler may give a `Date` (the driver's timestamps), the
 * browser receives its ISO text. Every other JSON value arrives as it was.
 */
type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Wire<Item>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The answer of a route whose response schema is `Schema`, as the browser reads it. */
export type WireOf<Schema extends z.ZodType> = Wire<z.output<Schema>>;

/** One page of a list, as every list route answers. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    totalIsCapped: z
      .boolean()
      .optional()
      .describe(
        'Lists that count only up to a bound (the audit log): true when more rows match than `total`',
      ),
    page: z.number().int(),
    pageSize: z.number().int(),
    nextCursor: z
      .string()
      .nullable()
      .optional()
      .describe(
        'Lists with keyset pagination (ADR 0020): pass it as `after` for the next page; null on the last page',
      ),
  });

/** 204: no body. */
export const noContent = z.undefined().describe('Pas de contenu');

/** What a creation or a change answers when the id is all the caller needs. */
export const idView = z.object({ id });
export const okView = z.object({ ok: z.boolean() });
