/**
 * The one gate every API route passes: it loads the session, checks CSRF on mutations, and checks
 * that the route's declared action is allowed for the user's roles. A route that declares no
 * action refuses to register, so nothing can be added unguarded.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { ACTIONS, can, type Actor, type Role } from '../../domain/permissions/policy.js';
import { sessions, users } from '../../db/schema.js';
import type { AppServices, RouteAccess } from './context.js';
import { forbidden, HttpError, unauthenticated } from './errors.js';
import { hashToken } from '../auth/tokens.js';

interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
  /** The route's Zod schemas, kept for the generated tests (garbage input per field). */
  schema:
    | {
        body?: unknown;
        querystring?: unknown;
        params?: unknown;
        response?: Record<string, unknown>;
      }
    | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionInfo: { tokenHash: string; csrfToken: string } | null;
  }
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

export const SESSION_COOKIE = 'conv_session';
const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session lookup runs on every request: built once, and sent as a named prepared statement,
 * so PostgreSQL parses and plans it once per connection and Drizzle does not rebuild its SQL.
 * It reads only what the request needs.
 */
const sessionLookups = new WeakMap<AppServices['db'], ReturnType<typeof prepareSessionLookup>>();

function prepareSessionLookup(db: AppServices['db']) {
  return db
    .select({
      csrfToken: sessions.csrfToken,
      id: users.id,
      organisationId: users.organisationId,
      localServiceId: users.localServiceId,
      roles: users.roles,
      visitorId: users.visitorId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        gt(sessions.expiresAt, sql`now()`),
        isNull(users.disabledAt),
      ),
    )
    .limit(1)
    .prepare('session_lookup');
}

async function loadSession(services: AppServices, request: FastifyRequest) {
  // The cookie is the session's random token itself (ADR 0014); the database holds its hash.
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return;
  const tokenHash = hashToken(token);
  let lookup = sessionLookups.get(services.db);
  if (!lookup) sessionLookups.set(services.db, (lookup = prepareSessionLookup(services.db)));
  const [row] = await lookup.execute({ tokenHash });
  if (!row) return;
  request.sessionInfo = { tokenHash, csrfToken: row.csrfToken };
  request.actor = {
    id: row.id,
    organisationId: row.organisationId,
    localServiceId: row.localServiceId,
    roles: row.roles as Role[],
    visitorId: row.visitorId,
  };
}

export const guard = fp(async (app: FastifyInstance, services: AppServices) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionInfo', null);
  app.decorate('registeredRoutes', [] as RegisteredRoute[]);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (
      !access ||
      (access !== 'public' && access !== 'authenticated' && !ACTIONS.includes(access))
    ) {
      throw new Error(`Route ${route.method} ${route.url} declares no valid access`);
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.registeredRoutes.push({
        method,
        url: route.url,
        access,
        schema: route.schema as RegisteredRoute['schema'],
      });
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) return;
    await loadSession(services, request);
    if (access === 'public') return;
    if (!request.actor || !request.sessionInfo) throw unauthenticated();
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== request.sessionInfo.csrfToken) {
        throw new HttpError(
          403,
          'csrf',
          'Votre session a expiré ou la page est trop ancienne. Rechargez la page et recommencez.',
        );
      }
    }
    if (access !== 'authenticated') {
      const decision = can(request.actor, access);
      if (!decision.allowed) throw forbidden(decision.reason);
    }
  });
});
