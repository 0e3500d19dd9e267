/**
 * Accounts of an organisation: list, invite (an e-mailed link, valid 7 days, to choose a
 * password), resend an invitation, change roles or local service, disable. An administrator
 * cannot remove their own admin role nor disable themselves: the organisation would be left
 * without anyone able to manage it.
 */
import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern, type DbOrTx } from '../../db/database.js';
import { authTokens, organisations, sessions, users, visitors } from '../../db/schema.js';
import { email as emailSchema, pagination, shortText, uuid } from '../../domain/common/schemas.js';
import { ROLES, type Actor, type Role } from '../../domain/permissions/policy.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { auditWrite } from '../audit/audit.js';
import { authorize } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { invitationEmail } from '../mail/templates.js';
import { checkLocalService } from '../organisations/service.js';

export const INVITATION_DAYS = 7;
const USER = 'Compte';

const rolesSchema = z
  .array(z.enum(ROLES, { message: `Rôle inconnu. Rôles possibles : ${ROLES.join(', ')}.` }), {
    message: 'La liste des rôles est invalide.',
  })
  .min(1, 'Choisissez au moins un rôle.')
  .max(ROLES.length)
  .transform((roles) => [...new Set(roles)]);

export const userInviteSchema = z.object({
  email: emailSchema,
  displayName: shortText(120),
  roles: rolesSchema,
  localServiceId: uuid.nullable().optional(),
  /** For a visitor's own account: their visitor record. */
  visitorId: uuid.nullable().optional(),
});
export type UserInviteInput = z.infer<typeof userInviteSchema>;

export const userUpdateSchema = z
  .object({
    displayName: shortText(120).optional(),
    roles: rolesSchema.optional(),
    localServiceId: uuid.nullable().optional(),
    disabled: z.boolean({ message: '« Désactivé » doit valoir vrai ou faux.' }).optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'Aucune modification demandée.');
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

export const userListQuery = pagination.extend({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
});

const publicColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  roles: users.roles,
  localServiceId: users.localServiceId,
  visitorId: users.visitorId,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
  invitationPending: sql<boolean>`${users.passwordHash} is null`,
};

export async function listUsers(db: DbOrTx, actor: Actor, query: z.infer<typeof userListQuery>) {
  authorize(actor, 'user.list', { organisationId: actor.organisationId });
  const conditions: (SQL | undefined)[] = [eq(users.organisationId, actor.organisationId)];
  if (query.q) {
    conditions.push(
      sql`search_key(${users.displayName} || ' ' || ${users.email}) like search_key(${containsPattern(query.q)})`,
    );
  }
  if (query.role) conditions.push(sql`${query.role} = any(${users.roles})`);
  const where = and(...conditions);
  const [total] = await db.select({ n: count() }).from(users).where(where);
  const items = await db
    .select(publicColumns)
    .from(users)
    .where(where)
    .orderBy(asc(sql`search_key(${users.displayName})`), asc(users.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { items, total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

async function loadUserFor(db: DbOrTx, actor: Actor, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound(USER);
  authorize(actor, 'user.update', { organisationId: user.organisationId }, USER);
  return user;
}

async function checkVisitorLink(db: DbOrTx, organisationId: string, roles: Role[], visitorId: string | null | undefined) {
  if (!visitorId) {
    if (roles.includes('visitor')) {
      throw badRequest('Un compte « Visiteur » doit être relié à la fiche d’un visiteur.', {
        issues: [{ path: 'body.visitorId', message: 'Choisissez la fiche du visiteur.' }],
      });
    }
    return;
  }
  const [visitor] = await db
    .select({ id: visitors.id })
    .from(visitors)
    .where(and(eq(visitors.id, visitorId), eq(visitors.organisationId, organisationId)));
  if (!visitor) {
    throw badRequest('Cette fiche de visiteur n’existe pas dans votre organisation.', {
      issues: [{ path: 'body.visitorId', message: 'Visiteur inconnu.' }],
    });
  }
}

/**
 * Creates a one-use invitation token and prepares its e-mail; returns the link (shown to the
 * admin too) and `send`, to call once the transaction has committed.
 */
export async function createInvitation(
  tx: DbOrTx,
  deps: Pick<AuthenticatedContext, 'config' | 'mailer'>,
  user: { id: string; email: string; organisationId: string },
  inviterId: string | null,
) {
  // An older invitation link stops working when a new one is sent.
  await tx
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, 'invitation'), isNull(authTokens.usedAt)));
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000);
  await tx.insert(authTokens).values({
    userId: user.id,
    purpose: 'invitation',
    tokenHash: hashToken(token),
    expiresAt,
    createdBy: inviterId,
  });
  const [organisation] = await tx
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, user.organisationId));
  const [inviter] = inviterId
    ? await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, inviterId))
    : [];
  const link = `${deps.config.publicUrl}/invitation?jeton=${token}`;
  const content = invitationEmail({
    organisationName: organisation?.name ?? 'votre organisation',
    inviterName: inviter?.displayName ?? 'L’équipe Convivialité',
    link,
    expiresAt,
  });
  return { link, expiresAt, send: () => deps.mailer.send({ to: user.email, ...content }) };
}

/**
 * The e-mail goes out after the commit: a failed delivery leaves the account and a valid link
 * (shown to the admin, who can pass it on or resend), never a half-created account.
 */
async function deliver(ctx: AuthenticatedContext, send: () => Promise<unknown>) {
  try {
    await send();
    return { emailSent: true };
  } catch (error) {
    ctx.log.error({ err: error }, 'invitation e-mail could not be delivered');
    return { emailSent: false };
  }
}

export async function inviteUser(ctx: AuthenticatedContext, input: UserInviteInput) {
  const { actor } = ctx;
  authorize(actor, 'user.invite', { organisationId: actor.organisationId });
  const result = await ctx.db.transaction(async (tx) => {
    if (input.localServiceId) await checkLocalService(tx, actor.organisationId, input.localServiceId);
    await checkVisitorLink(tx, actor.organisationId, input.roles, input.visitorId);
    const [taken] = await tx
      .select({ id: users.id, organisationId: users.organisationId })
      .from(users)
      .where(eq(sql`lower(${users.email})`, input.email));
    if (taken) {
      // Same message whatever the organisation: it does not say where the account is.
      throw conflict('email_taken', `Un compte existe déjà pour ${input.email}.`, {
        issues: [{ path: 'body.email', message: 'Cette adresse a déjà un compte.' }],
        ...(taken.organisationId === actor.organisationId ? { existingId: taken.id } : {}),
      });
    }
    const [created] = await tx
      .insert(users)
      .values({
        organisationId: actor.organisationId,
        email: input.email,
        displayName: input.displayName,
        roles: input.roles,
        localServiceId: input.localServiceId ?? null,
        visitorId: input.visitorId ?? null,
      })
      .returning(publicColumns);
    if (!created) throw new Error('insert into users returned no row');
    await auditWrite(tx, ctx, {
      action: 'user.invite',
      entityType: 'user',
      entityId: created.id,
      after: {
        email: created.email,
        displayName: created.displayName,
        roles: created.roles,
        localServiceId: created.localServiceId,
        visitorId: created.visitorId,
      },
    });
    const invitation = await createInvitation(tx, ctx, { ...created, organisationId: actor.organisationId }, actor.id);
    return { user: created, invitation };
  });
  const delivery = await deliver(ctx, result.invitation.send);
  return {
    user: result.user,
    invitationLink: result.invitation.link,
    expiresAt: result.invitation.expiresAt.toISOString(),
    ...delivery,
  };
}

export async function resendInvitation(ctx: AuthenticatedContext, id: string) {
  const result = await ctx.db.transaction(async (tx) => {
    const user = await loadUserFor(tx, ctx.actor, id);
    if (user.passwordHash) {
      throw conflict('already_active', 'Ce compte est déjà activé : il n’y a pas d’invitation à renvoyer.');
    }
    if (user.disabledAt) {
      throw conflict('disabled', 'Ce compte est désactivé : réactivez-le avant de renvoyer l’invitation.');
    }
    await auditWrite(tx, ctx, {
      action: 'user.resend_invitation',
      entityType: 'user',
      entityId: user.id,
      diff: {},
    });
    return createInvitation(tx, ctx, user, ctx.actor.id);
  });
  const delivery = await deliver(ctx, result.send);
  return { invitationLink: result.link, expiresAt: result.expiresAt.toISOString(), ...delivery };
}

export async function updateUser(ctx: AuthenticatedContext, id: string, input: UserUpdateInput) {
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const before = await loadUserFor(tx, actor, id);
    const self = before.id === actor.id;
    if (self && input.roles && !input.roles.includes('admin')) {
      throw new HttpError(
        409,
        'self_demotion',
        'Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez-le à un autre administrateur.',
      );
    }
    if (self && input.disabled === true) {
      throw new HttpError(409, 'self_disable', 'Vous ne pouvez pas désactiver votre propre compte.');
    }
    if (input.localServiceId) await checkLocalService(tx, actor.organisationId, input.localServiceId);
    const roles = input.roles ?? (before.roles as Role[]);
    if (input.roles) await checkVisitorLink(tx, actor.organisationId, roles, before.visitorId);
    const disabledAt =
      input.disabled === undefined ? before.disabledAt : input.disabled ? (before.disabledAt ?? new Date()) : null;
    const [after] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? before.displayName,
        roles,
        localServiceId: input.localServiceId === undefined ? before.localServiceId : input.localServiceId,
        disabledAt,
        updatedAt: new Date(),
      })
      .where(eq(users.id, id))
      .returning();
    if (!after) throw notFound(USER);
    // Rights are read from the account on every request; a disabled account loses its sessions.
    if (disabledAt && !before.disabledAt) await tx.delete(sessions).where(eq(sessions.userId, id));
    const view = (u: typeof before) => ({
      displayName: u.displayName,
      roles: u.roles,
      localServiceId: u.localServiceId,
      disabledAt: u.disabledAt,
    });
    await auditWrite(tx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before: view(before),
      after: view(after),
    });
    const [row] = await tx.select(publicColumns).from(users).where(eq(users.id, id));
    return row;
  });
}
