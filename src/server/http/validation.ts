/**
 * Bad input, refused in one place for every route (a new route gets it without thinking):
 * - unknown keys in a body, at any depth, are refused with 400 naming the key instead of being
 *   silently dropped: the validator compiler validates bodies against a strict copy of the route's
 *   schema (responses keep their schemas as declared: only the `body` part is made strict);
 * - a body sent to a route that declares none is refused (an empty JSON object `{}` is accepted:
 *   the web client sends one with every POST action);
 * - a null byte in any string of the body, querystring or params is refused before any handler
 *   runs (PostgreSQL refuses it in text, which gave a 500 and logged the SQL parameters).
 */
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { util, type $ZodType } from 'zod/v4/core';
import { badRequest } from './errors.js';

type AnySchema = z.ZodType & { clone(def: unknown): z.ZodType };
type Def = { type: string } & Record<string, unknown>;

const NEVER = z.never();

/**
 * A copy of `schema` whose objects refuse unknown keys, walking Zod 4's wrappers (optional,
 * nullable, default, readonly, catch…), arrays, tuples, records' values, unions and pipes (a
 * `.transform()` is a pipe whose input is the schema; `z.preprocess` is a pipe whose output is).
 * Objects that already declare a catchall (`z.looseObject`, `.catchall()`) keep it; intersections
 * are left as they are (each side would refuse the other's keys). Refinements are kept: they live
 * in the definition the copy is made from.
 */
function strictSchema<T extends $ZodType>(schema: T): T {
  return strictOf(schema as unknown as AnySchema, new Map()) as unknown as T;
}

function strictOf(schema: AnySchema, seen: Map<AnySchema, AnySchema>): AnySchema {
  const done = seen.get(schema);
  if (done) return done;
  const def = schema._zod.def as unknown as Def;
  const copy = (changes: Record<string, unknown>) =>
    schema.clone(util.mergeDefs(def, changes)) as AnySchema;
  const inner = (key: string) => strictOf(def[key] as AnySchema, seen);
  let result: AnySchema;
  switch (def.type) {
    case 'object': {
      const shape: Record<string, AnySchema> = {};
      for (const [key, value] of Object.entries(def.shape as Record<string, AnySchema>))
        shape[key] = strictOf(value, seen);
      result = copy({ shape, catchall: def.catchall ?? NEVER });
      break;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      result = copy({ innerType: inner('innerType') });
      break;
    case 'array':
      result = copy({ element: inner('element') });
      break;
    case 'tuple':
      result = copy({
        items: (def.items as AnySchema[]).map((item) => strictOf(item, seen)),
        rest: def.rest ? inner('rest') : def.rest,
      });
      break;
    case 'record':
      result = copy({ valueType: inner('valueType') });
      break;
    case 'union':
      result = copy({
        options: (def.options as AnySchema[]).map((option) => strictOf(option, seen)),
      });
      break;
    case 'pipe': {
      const input = def.in as AnySchema;
      const inputIsTransform = (input._zod.def as unknown as Def).type === 'transform';
      result = copy(inputIsTransform ? { out: inner('out') } : { in: inner('in') });
      break;
    }
    case 'lazy': {
      const getter = def.getter as () => AnySchema;
      result = copy({ getter: () => strictOf(getter(), seen) });
      break;
    }
    default:
      result = schema;
  }
  seen.set(schema, result);
  return result;
}

/** Fastify's validator compiler: Zod's, with bodies made strict. */
export const strictValidatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  if (route.httpPart === 'body')
    return validatorCompiler({ ...route, schema: strictSchema(route.schema) });
  return validatorCompiler(route);
};

/** The path (`body.phones.0.number`) of the first string holding a null byte, keys included. */
function nullBytePath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i), v] as const)
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\u0000')}`;
    const found = nullBytePath(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isEmptyBody(request: FastifyRequest): boolean {
  if (BODYLESS_METHODS.has(request.method)) {
    // Fastify does not parse a body on these methods: any body sent is refused.
    const length = request.headers['content-length'];
    return (
      request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')
    );
  }
  const body = request.body;
  if (body === undefined || body === null || body === '') return true;
  return (
    typeof body === 'object' &&
    !Array.isArray(body) &&
    !Buffer.isBuffer(body) &&
    Object.keys(body).length === 0
  );
}

/** Refuses, before validation and before any handler, null bytes and bodies a route does not take. */
export function refuseBadInput(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    for (const [part, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const path = nullBytePath(value, part);
      if (path) {
        throw badRequest(
          `Données invalides : ${path} contient un caractère nul, qui n’est pas accepté.`,
          {
            issues: [{ path, message: 'Caractère nul non accepté.' }],
          },
        );
      }
    }
    const schema = request.routeOptions.schema as { body?: unknown } | undefined;
    if (!schema?.body && !isEmptyBody(request)) {
      // The keys sent are named (issue 8: an unknown key is refused naming it), so the caller sees what to remove.
      const body = request.body;
      const keys =
        body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)
          ? Object.keys(body).slice(0, 5)
          : [];
      const named = keys.length
        ? ` (${keys.length === 1 ? 'champ reçu' : 'champs reçus'} : ${keys.map((k) => JSON.stringify(k).slice(1, -1).slice(0, 60)).join(', ')})`
        : '';
      throw badRequest(
        `Données invalides : cette adresse n’accepte pas de données dans le corps de la requête${named}.`,
        {
          issues: keys.length
            ? keys.map((k) => ({ path: `body.${k}`, message: 'Aucune donnée attendue.' }))
            : [{ path: 'body', message: 'Aucune donnée attendue.' }],
        },
      );
    }
  });
}
