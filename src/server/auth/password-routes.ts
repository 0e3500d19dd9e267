/**
 * Password links: asking for a reset link, and choosing a password from an e-mailed link (an
 * invitation or a reset). Both are public routes; each write goes through the write mechanism
 * and names the account it is about:
 * - a reset request for an active account: `user.reset_requested`, with no author (anyone can
 *   type an address);
 * - a password set from a link: `user.accept_invitation` or `user.reset_password`, by the user.
 *
 * A reset request answers the same, after the same work, whether or not the account exists: the
 * limits (per address asked for, per client address) are taken and the account looked up in one
 * transaction either way, and the e-mail goes to the outbox in that transaction (sent by a job,
 * ADR 0015), so neither the time nor a failed delivery tells who has an account.
 *
 * A link works once: it is consumed by one conditional UPDATE (the same link sent twice at once
 * changes the row once), and using it revokes every other link of the account (an older reset
 * link, a pending invitation).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { authTokens, organisations, sessions, users } from '../../db/schema.js';
import { email as emailSchema } from '../../domain/common/schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/accounts/password-rules.js';
import { passwordWeakness } from '../../domain/accounts/password-strength.js';
import type { AppServices } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { write } from '../write/write.js';
import { okView } from '../../domain/common/api.js';
import { passwordResetEmail } from '../mail/templates.js';
import { queueMail } from '../mail/outbox.js';
import { hashPassword, hashToken, newToken } from './tokens.js';
import { insertSession, setSessionCookie } from './sessions.js';
import { limitKind, resetLimits, tooManyAttempts } from './limits.js';
import { takeSlots } from './throttle.js';

const RESET_HOURS = 2;

/** Every reset request is answered this long after it arrived, at the earliest. */
const RESET_ANSWER_FLOOR_MS = 400;

const sleepUntil = (at: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

const passwordSchema = z
  .string()
  .min(
    PASSWORD_MIN_LENGTH,
    `Le mot de passe doit faire au moins ${PASSWORD_MIN_LENGTH} caractères.`,
  )
  .max(
    PASSWORD_MAX_LENGTH,
    `Le mot de passe doit faire au plus ${PASSWORD_MAX_LENGTH} caractères.`,
  );

const RESET_ANSWER =
  'Si un compte existe pour cette adresse, un e-mail avec un lien vient de lui être envoyé.';

const invalidLink = () =>
  new HttpError(
    400,
    'invalid_token',
    'Ce lien n’est plus valable : il a déjà servi ou il a expiré. Demandez-en un nouveau.',
  );

export async function passwordRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, config } = services;

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
    async (request, reply) => {
      const { email } = request.body;
      const answerAt = Date.now() + RESET_ANSWER_FLOOR_MS;
      // Made for every request, used only when the account exists.
      const token = newToken();
      const tokenHash = hashToken(token);
      const expiresAt = new Date(Date.now() + RESET_HOURS * 3600_000);
      const outcome = await write(contextOf(services, request), {
        audit: 'user.reset_requested',
        apply: async (tx, _none, trail) => {
          const verdict = await takeSlots(tx, resetLimits(config, email, request.ip), randomUUID());
          if (!verdict.allowed) return { verdict, user: null };
          const [user] = await tx
            .select({ id: users.id, email: users.email, organisationId: users.organisationId })
            .from(users)
            .where(and(eq(sql`lower(${users.email})`, email), isNull(users.disabledAt)));
          if (!user) return { verdict, user: null };
          await tx.insert(authTokens).values({
            userId: user.id,
            purpose: 'password_reset',
            tokenHash,
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
          // In the outbox with the link: it leaves once the link is committed.
          const link = `${config.publicUrl}/mot-de-passe/nouveau?jeton=${token}`;
          await queueMail(tx, trail, {
            kind: 'password_reset',
            organisationId: user.organisationId,
            to: user.email,
            ...passwordResetEmail({ link, expiresAt }),
          });
          return { verdict, user };
        },
      });
      // An account's token, audit row and e-mail take some milliseconds more than nothing: every
      // answer waits until the same instant, so its time does not tell who has an account
      // (measured before: medians 28–32 ms known, 11–19 ms unknown).
      await sleepUntil(answerAt);
      if (!outcome.verdict.allowed) {
        request.log.warn(
          { ip: request.ip, limit: limitKind(outcome.verdict.key) },
          'password-reset limit reached',
        );
        throw tooManyAttempts(reply, outcome.verdict.retryAfterSeconds, 'reset');
      }
      return { ok: true, message: RESET_ANSWER };
    },
  );

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
      // Read before the write: the purpose names the audit action, and the account's names are
      // what a password must not be made of. The link is consumed inside the write.
      const [link] = await db
        .select({
          purpose: authTokens.purpose,
          email: users.email,
          displayName: users.displayName,
          organisation: organisations.name,
        })
        .from(authTokens)
        .innerJoin(users, eq(users.id, authTokens.userId))
        .leftJoin(organisations, eq(organisations.id, users.organisationId))
        .where(
          and(
            eq(authTokens.tokenHash, tokenHash),
            isNull(authTokens.usedAt),
            gt(authTokens.expiresAt, new Date()),
          ),
        );
      if (!link) throw invalidLink();
      // Only with a live link: the estimate costs CPU, and a refusal leaves the link usable.
      const weakness = passwordWeakness(request.body.password, {
        email: link.email,
        displayName: link.displayName,
        organisation: link.organisation ?? undefined,
      });
      if (weakness) {
        throw new HttpError(400, 'weak_password', weakness, { field: 'password' });
      }
      const passwordHash = await hashPassword(request.body.password);
      const session = await write(contextOf(services, request), {
        audit: link.purpose === 'invitation' ? 'user.accept_invitation' : 'user.reset_password',
        apply: async (tx, _none, trail) => {
          const now = new Date();
          // One statement consumes the link: of parallel uses, one changes the row, the others
          // (waiting on its lock, then seeing it used) change nothing and are refused.
          const [token] = await tx
            .update(authTokens)
            .set({ usedAt: now })
            .where(
              and(
                eq(authTokens.tokenHash, tokenHash),
                isNull(authTokens.usedAt),
                gt(authTokens.expiresAt, now),
              ),
            )
            .returning({ userId: authTokens.userId });
          if (!token) throw invalidLink();
          // Every other link of the account stops working: an older reset link, an invitation.
          await tx
            .update(authTokens)
            .set({ usedAt: now })
            .where(and(eq(authTokens.userId, token.userId), isNull(authTokens.usedAt)));
          const [before] = await tx
            .select()
            .from(users)
            .where(eq(users.id, token.userId))
            .for('update');
          if (!before) throw invalidLink();
          const [after] = await tx
            .update(users)
            .set({ passwordHash, updatedAt: now })
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
          return insertSession(tx, config, before.id, request.ip, request.headers['user-agent']);
        },
      });
      setSessionCookie(reply, config, session);
      return { ok: true };
    },
  );
}
