/**
 * Sign-in, sign-out, session, invitation and password reset. Sessions live in the database (a
 * hashed token in a signed, HttpOnly, SameSite=Strict cookie); mutations need the CSRF token the
 * session endpoint gives.
 *
 * Every change goes through the write mechanism and leaves its audit row. These routes are public
 * (nobody is signed in yet), so each row names the account it is about (`userId`,
 * `organisationId`):
 * - a sign-in: `user.login`, by the user;
 * - a failed sign-in: always its `login_attempts` row (the rate limit counts them); when the
 *   address is an active account, also `user.login_failed` about that account, with no author
 *   (whoever typed the password is not known), so its administrators see attempts on it. An
 *   unknown address leaves only the attempt: there is no organisation to file a row under;
 * - a sign-out: `user.logout`;
 * - a reset request for an active account: `user.reset_requested`, with no author (anyone can
 *   type an address); the answer is the same whether or not the account exists;
 * - a password set from a link: `user.accept_invitation` or `user.reset_password`, by the user,
 *   the link marked used in the same transaction.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, gte, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authTokens, loginAttempts, organisations, sessions, users } from '../../db/schema.js';
import { ACTIONS, can, ROLES, type Actor, type Role } from '../../domain/permissions/policy.js';
import { email as emailSchema } from '../../domain/common/schemas.js';
import type { Tx } from '../../db/database.js';
import type { AppServices } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { SESSION_COOKIE } from '../http/guard.js';
import { write } from '../write/write.js';
import { dummyPasswordHash, hashPassword, hashToken, newToken, verifyPassword } from './tokens.js';
import { passwordResetEmail } from '../mail/templates.js';
import { DEMO_PASSWORD } from '../config.js';
import { okView } from '../../domain/common/api.js';
import { sessionView, demoAccountsView, noSessionView } from '../../domain/auth/api.js';

const passwordSchema = z
  .string()
  .min(10, 'Le mot de passe doit faire au moins 10 caractères.')
  .max(200, 'Le mot de passe doit faire au plus 200 caractères.');

const RESET_HOURS = 2;

export async function authRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = services;
  const secureCookie = config.publicUrl.startsWith('https://');

  /** Inserts a session (inside the write that opens it); the cookie is set once it has committed. */
  async function insertSession(tx: Tx, userId: string, ip: string, userAgent: string | undefined) {
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(Date.now() + config.sessionHours * 3600_000);
    await tx.insert(sessions).values({
      tokenHash: hashToken(token),
      userId,
      csrfToken,
      expiresAt,
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, csrfToken, expiresAt };
  }

  function setSessionCookie(
    reply: FastifyReply,
    { token, expiresAt }: { token: string; expiresAt: Date },
  ) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie,
      signed: true,
      expires: expiresAt,
    });
  }

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
      const windowStart = new Date(Date.now() - config.loginWindowMinutes * 60_000);
      const [counts] = await db
        .select({
          byEmail: sql<number>`count(*) filter (where ${loginAttempts.email} = ${email})`.mapWith(
            Number,
          ),
          byIp: sql<number>`count(*) filter (where ${loginAttempts.ip} = ${request.ip})`.mapWith(
            Number,
          ),
        })
        .from(loginAttempts)
        .where(and(gte(loginAttempts.at, windowStart), eq(loginAttempts.succeeded, false)));
      if (
        (counts?.byEmail ?? 0) >= config.loginMaxFailures ||
        (counts?.byIp ?? 0) >= config.loginMaxFailures * 4
      ) {
        request.log.warn({ email }, 'login rate limit reached');
        throw new HttpError(
          429,
          'too_many_attempts',
          `Trop de tentatives de connexion. Par sécurité, attendez ${config.loginWindowMinutes} minutes avant de réessayer, ou réinitialisez votre mot de passe.`,
        );
      }
      const [user] = await db
        .select()
        .from(users)
        .where(and(eq(sql`lower(${users.email})`, email), isNull(users.disabledAt)));
      // The password is checked before the transaction: Argon2 is slow on purpose.
      const ok = user?.passwordHash
        ? await verifyPassword(user.passwordHash, request.body.password)
        : (await verifyPassword(await dummyPasswordHash(), request.body.password), false);
      const session = await write(contextOf(services, request), {
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
            // The failed attempt is committed (the rate limit counts it); see the file's comment.
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
          const opened = await insertSession(
            tx,
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
      setSessionCookie(reply, session);
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

  r.post(
    '/api/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Demander un lien de réinitialisation du mot de passe',
        body: z.object({ email: emailSchema }),
        response: { 200: okView.extend({ message: z.string() }) },
      },
    },
    async (request) => {
      const [user] = await db
        .select()
        .from(users)
        .where(and(eq(sql`lower(${users.email})`, request.body.email), isNull(users.disabledAt)));
      // Same answer whether or not the account exists: the form must not reveal who has one.
      if (user) {
        const token = newToken();
        const expiresAt = new Date(Date.now() + RESET_HOURS * 3600_000);
        await write(contextOf(services, request), {
          audit: 'user.reset_requested',
          apply: async (tx, _none, trail) => {
            await tx.insert(authTokens).values({
              userId: user.id,
              purpose: 'password_reset',
              tokenHash: hashToken(token),
              expiresAt,
            });
            // Whoever asked is not known: the row is about the account, with no author.
            trail.record({
              entityType: 'user',
              entityId: user.id,
              userId: null,
              organisationId: user.organisationId,
              after: { purpose: 'password_reset', expiresAt },
            });
          },
        });
        // Sent once the link is committed.
        const link = `${config.publicUrl}/mot-de-passe/nouveau?jeton=${token}`;
        await services.mailer.send({ to: user.email, ...passwordResetEmail({ link, expiresAt }) });
      }
      return {
        ok: true,
        message:
          'Si un compte existe pour cette adresse, un e-mail avec un lien vient de lui être envoyé.',
      };
    },
  );

  /** Accepting an invitation and resetting a password both set a password from an e-mailed link. */
  r.post(
    '/api/auth/set-password',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary:
          'Choisir son mot de passe depuis un lien reçu par e-mail (invitation ou réinitialisation)',
        body: z.object({ token: z.string().min(10).max(100), password: passwordSchema }),
        response: { 200: okView },
      },
    },
    async (request, reply) => {
      const tokenHash = hashToken(request.body.token);
      const invalidLink = () =>
        new HttpError(
          400,
          'invalid_token',
          'Ce lien n’est plus valable : il a déjà servi ou il a expiré. Demandez-en un nouveau.',
        );
      // The purpose names the audit action; it never changes, so it can be read before the write.
      const [known] = await db
        .select({ purpose: authTokens.purpose })
        .from(authTokens)
        .where(eq(authTokens.tokenHash, tokenHash));
      if (!known) throw invalidLink();
      const passwordHash = await hashPassword(request.body.password);
      const session = await write(contextOf(services, request), {
        audit: known.purpose === 'invitation' ? 'user.accept_invitation' : 'user.reset_password',
        apply: async (tx, _none, trail) => {
          // Locked: the same link used twice at once works once, the second sees it used.
          const [token] = await tx
            .select()
            .from(authTokens)
            .where(eq(authTokens.tokenHash, tokenHash))
            .for('update');
          if (!token || token.usedAt || token.expiresAt <= new Date()) throw invalidLink();
          const [before] = await tx
            .select()
            .from(users)
            .where(eq(users.id, token.userId))
            .for('update');
          if (!before) throw invalidLink();
          await tx
            .update(authTokens)
            .set({ usedAt: new Date() })
            .where(eq(authTokens.id, token.id));
          const [after] = await tx
            .update(users)
            .set({ passwordHash, updatedAt: new Date() })
            .where(eq(users.id, token.userId))
            .returning();
          // A new password ends every other session of the account.
          await tx.delete(sessions).where(eq(sessions.userId, token.userId));
          // The diff says the password changed ("[masqué]"), never what it is.
          trail.record({
            entityType: 'user',
            entityId: before.id,
            userId: before.id,
            organisationId: before.organisationId,
            before,
            after: after ?? null,
          });
          return insertSession(tx, before.id, request.ip, request.headers['user-agent']);
        },
      });
      setSessionCookie(reply, session);
      return { ok: true };
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
        .select({ email: users.email, displayName: users.displayName, roles: users.roles })
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
}
