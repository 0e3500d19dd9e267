import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Actor } from '../../domain/permissions/policy.js';
import type { Config } from '../config.js';
import type { Mailer } from '../mail/mailer.js';
import type { Geocoder } from '../../geo/geocoder.js';

/** What the services of the app share: built once by `buildApp`. */
export interface AppServices {
  db: Db;
  config: Config;
  mailer: Mailer;
  geocoder: Geocoder;
}

/** Everything a service needs to act on behalf of one request. */
export interface RequestContext extends AppServices {
  actor: Actor | null;
  ip: string | null;
  log: FastifyBaseLogger;
}

export interface AuthenticatedContext extends RequestContext {
  actor: Actor;
}

export function contextOf(services: AppServices, request: FastifyRequest): RequestContext {
  return { ...services, actor: request.actor ?? null, ip: request.ip ?? null, log: request.log };
}

/** For routes behind an action: the guard has already refused anonymous callers. */
export function authenticatedContext(services: AppServices, request: FastifyRequest): AuthenticatedContext {
  const ctx = contextOf(services, request);
  if (!ctx.actor) throw new Error('authenticatedContext on a route without a signed-in user (guard not applied?)');
  return ctx as AuthenticatedContext;
}
