/**
 * Sign-in, sign-out and the session (the password links are in password-routes.ts). Sessions live
 * in the database (a random token in an HttpOnly, SameSite=Strict cookie, stored hashed; ADR
 * 0014); mutations need the CSRF token the session endpoint gives.
 *
 * Every change goes through the write mechanism and leaves its audit row. These routes are public
 * (nobody is signed in yet), so each row names the account it is about (`userId`,
 * `organisationId`):
 * - a sign-in: `user.login`, by the user;
 * - a failed sign-in: always its `login_attempts` row (the security log); when the address is
 *   an active account, also `user.login_failed` about that account, with no author (whoever
 *   typed the password is not known), so its administrators see attempts on it. An unknown
 *   address leaves only the attempt: there is no organisation to file a row under;
 * - a sign-out: `user.logout`.
 *
 * Before the password is checked, the attempt takes a slot of the sign-in limits (limits.ts): in
 * the database, under a lock, so parallel attempts on any number of processes reach Argon2 at
 * most as many times as the limit allows. A sign-in that succeeds gives its slot back.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { loginAttempts, organisations, sessions, users } from '../../db/schema.js';
import { ACTIONS, can, ROLES, type Actor, type Role } from '../../domain/permissions/policy.js';
import type { AppServices } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { SESSION_COOKIE } from '../http/guard.js';
import { write } from '../write/write.js';
import { dummyPasswordHash, verifyPassword } from './tokens.js';
import { DEMO_PASSWORD } from '../config.js';
import { insertSession, setSessionCookie } from './sessions.js';
import { accountAddressKey, limitKind, signInLimits, tooManyAttempts } from './limits.js';
import { giveBack, takeSlots } from './throttle.js';
import { passwordRoutes } from './password-routes.js';
import { okView } from '../../domain/common/api.js';
import { sessionView, demoAccountsView, noSessionView } from '../../domain/auth/api.js';

export async function authRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = services;
  async function sessionPayload(actor: Actor, csrfToken: string) {
    const [user] = await db.select().from(users).where(eq(users.id, actor.id));
    const [organisation] = await db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, actor.organisationId));
    return {
      user: {
        id: actor.id,
        email: user?.email ?? '',
        displayName: user?.displayName ?? '',
        formOfAddress: user?.formOfAddress ?? null,
        roles: [...actor.roles],
        localServiceId: actor.localServiceId,
        visitorId: actor.visitorId,
      },
      organisation: organisation ?? null,
      // The UI hides what the policy refuses; the API checks again on every call.
      permissions: ACTIONS.filter((action) => can(actor, action).allowed),
      map: { tileUrl: config.tileUrl, attribution: config.tileAttribution },
      csrfToken,
    };
  }

  r.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Se connecter',
        body: z.object({ email: z.string().trim().max(254), password: z.string().max(200) }),
        response: { 200: sessionView },
      },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      const ctx = contextOf(services, request);
      const attemptId = randomUUID();
      // A slot is taken before Argon2 runs, and counts as a failure until the sign-in succeeds.
      const verdict = await write(ctx, {
        audit: 'user.login',
        apply: (tx) => takeSlots(tx, signInLimits(config, email, request.ip), attemptId),
      });
      if (!verdict.allowed) {
        request.log.warn(
          { email, ip: request.ip, limit: limitKind(verdict.key) },
          'sign-in limit reached',
        );
        throw tooManyAttempts(reply, verdict.retryAfterSeconds, 'sign-in');
      }
      const [user] = await db
        .select()
        .from(users)
        .where(and(eq(sql`lower(${users.email})`, email), isNull(users.disabledAt)));
      // The password is checked before the transaction: Argon2 is slow on purpose.
      const ok = user?.passwordHash
        ? await verifyPassword(user.passwordHash, request.body.password)
        : (await verifyPassword(await dummyPasswordHash(), request.body.password), false);
      const session = await write(ctx, {
        audit: 'user.login',
        apply: async (tx, _none, trail) => {
          // An account disabled meanwhile does not get a session (the disable ends its sessions).
          const [active] =
            ok && user
              ? await tx
                  .select({ id: users.id })
                  .from(users)
                  .where(and(eq(users.id, user.id), isNull(users.disabledAt)))
                  .for('update')
              : [];
          await tx.insert(loginAttempts).values({ email, ip: request.ip, succeeded: !!active });
          if (!active || !user) {
            // The failure keeps its slot of the limits and its row in the log; see the file's comment.
            if (user) {
              // The row says what happened to the account (a refused attempt), never the password.
              trail.record({
                action: 'user.login_failed',
                entityType: 'user',
                entityId: user.id,
                userId: null,
                organisationId: user.organisationId,
                after: { succeeded: false },
              });
            }
            return null;
          }
          // A success is not a failure: its slot goes back, and so do this account's earlier
          // failures from this address.
          await giveBack(tx, attemptId, [accountAddressKey(email, request.ip)]);
          const opened = await insertSession(
            tx,
            config,
            user.id,
            request.ip,
            request.headers['user-agent'],
          );
          // What the sign-in changed: a session opened on the account, until when (never its token).
          trail.record({
            entityType: 'user',
            entityId: user.id,
            userId: user.id,
            organisationId: user.organisationId,
            after: { succeeded: true, expiresAt: opened.expiresAt },
          });
          return opened;
        },
      });
      if (!session || !user) {
        throw new HttpError(
          401,
          'invalid_credentials',
          'Adresse e-mail ou mot de passe incorrect.',
        );
      }
      setSessionCookie(reply, config, session);
      const actor: Actor = {
        id: user.id,
        organisationId: user.organisationId,
        localServiceId: user.localServiceId,
        roles: user.roles as Role[],
        visitorId: user.visitorId,
      };
      return sessionPayload(actor, session.csrfToken);
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'Se déconnecter', response: { 200: okView } },
    },
    async (request, reply) => {
      const sessionInfo = request.sessionInfo;
      if (sessionInfo) {
        await write(contextOf(services, request), {
          audit: 'user.logout',
          apply: async (tx, _none, trail) => {
            const [closed] = await tx
              .delete(sessions)
              .where(eq(sessions.tokenHash, sessionInfo.tokenHash))
              .returning({ expiresAt: sessions.expiresAt });
            // What the sign-out changed: the session that was open until then is closed.
            trail.record({
              entityType: 'user',
              entityId: request.actor?.id ?? null,
              before: { expiresAt: closed?.expiresAt ?? null },
              after: { expiresAt: null },
            });
          },
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  r.get(
    '/api/auth/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Session en cours',
        response: {
          200: z.union([sessionView, noSessionView]),
        },
      },
    },
    async (request) => {
      if (!request.actor || !request.sessionInfo) return { user: null };
      return sessionPayload(request.actor, request.sessionInfo.csrfToken);
    },
  );

  r.get(
    '/api/auth/demo-accounts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Comptes de démonstration (mode démo uniquement)',
        response: {
          200: demoAccountsView,
        },
      },
    },
    async () => {
      if (config.mode !== 'demo') throw notFound('Page');
      const rows = await db
        .select({
          email: users.email,
          displayName: users.displayName,
          formOfAddress: users.formOfAddress,
          roles: users.roles,
        })
        .from(users)
        .where(eq(users.isDemo, true))
        .orderBy(users.email);
      const order = new Map(ROLES.map((role, index) => [role, index]));
      rows.sort(
        (a, b) => (order.get(a.roles[0] as Role) ?? 99) - (order.get(b.roles[0] as Role) ?? 99),
      );
      return { password: DEMO_PASSWORD, accounts: rows };
    },
  );

  await passwordRoutes(app, services);
}
