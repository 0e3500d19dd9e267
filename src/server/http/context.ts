import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Action, Actor } from '../../domain/permissions/policy.js';
import type { Config } from '../config.js';
import type { Mailer } from '../mail/mailer.js';
import type { Geocoder } from '../../geo/geocoder.js';
import type { JobSender } from '../jobs/names.js';
import type { SmsGateway } from '../sms/gateway.js';

/** `public`: anyone; `authenticated`: any signed-in user; otherwise a policy action. */
export type RouteAccess = Action | 'public' | 'authenticated';

/** What the services of the app share: built once by `buildApp`. */
export interface AppServices {
  db: Db;
  config: Config;
  mailer: Mailer;
  geocoder: Geocoder;
  /**
   * The job queue, when this process started one (`serve`, `worker`; tests that ask for it).
   * Without it, e-mails wait in the outbox until a running worker's sweep sends them.
   */
  jobs?: JobSender;
  /**
   * The SMS operator (SMPP_URL, ADR 0032); absent: SMS wait in their outbox, unsent, and the
   * worker says so in its log.
   */
  sms?: SmsGateway | null;
}

/** Everything a service needs to act on behalf of one request, or of a job. */
export interface RequestContext extends AppServices {
  actor: Actor | null;
  ip: string | null;
  log: FastifyBaseLogger;
  /**
   * The action the route declared (its `config.access`): the write mechanism checks this one, so
   * a route and the write it performs cannot name different actions.
   */
  access: RouteAccess | 'system';
  /** For work no user does (`job:silence-scan`, `cli:import`): kept in the audit row. */
  source?: string;
  /** The organisation a system job works for (a system context has no actor). */
  systemOrganisationId?: string;
}

export interface AuthenticatedContext extends RequestContext {
  actor: Actor;
}

export function contextOf(services: AppServices, request: FastifyRequest): RequestContext {
  return {
    ...services,
    actor: request.actor ?? null,
    ip: request.ip ?? null,
    log: request.log,
    access: request.routeOptions.config?.access ?? 'public',
    // A public route called by nobody signed in (a reset request): its audit rows have no author,
    // so they say where they came from, as a job's do.
    ...(request.actor ? {} : { source: 'web:anonymous' }),
  };
}

/** For routes behind an action: the guard has already refused anonymous callers. */
export function authenticatedContext(
  services: AppServices,
  request: FastifyRequest,
): AuthenticatedContext {
  const ctx = contextOf(services, request);
  if (!ctx.actor)
    throw new Error(
      'authenticatedContext on a route without a signed-in user (guard not applied?)',
    );
  return ctx as AuthenticatedContext;
}

/**
 * A context for work no user does: background jobs, the command line. Its writes still go
 * through the write mechanism and are audited with their `source`.
 */
export function systemContext(
  services: AppServices,
  log: FastifyBaseLogger,
  source: string,
  organisationId?: string,
): RequestContext {
  return {
    ...services,
    actor: null,
    ip: null,
    log,
    access: 'system',
    source,
    systemOrganisationId: organisationId,
  };
}
