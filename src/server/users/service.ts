/**
 * Accounts of an organisation: list, invite (an e-mailed link, valid 7 days, to choose a
 * password), resend an invitation, change roles or local service, disable. An administrator
 * cannot remove their own admin role nor disable themselves: the organisation would be left
 * without anyone able to manage it.
 */
import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { containsPattern, type DbOrTx, type Tx } from '../../db/database.js';
import { authTokens, organisations, sessions, users, visitors } from '../../db/schema.js';
import { email as emailSchema, pagination, shortText, uuid } from '../../domain/common/schemas.js';
import { formOfAddress } from '../../domain/people/schemas.js';
import { ROLES, type Actor, type Role } from '../../domain/permissions/policy.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { authorize } from '../http/authorize.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict, HttpError } from '../http/errors.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { invitationEmail } from '../mail/templates.js';
import { queueMail } from '../mail/outbox.js';
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
  formOfAddress: formOfAddress.optional(),
  roles: rolesSchema,
  localServiceId: uuid.nullable().optional(),
  /** For a visitor's own account: their visitor record. */
  visitorId: uuid.nullable().optional(),
});
export type UserInviteInput = z.infer<typeof userInviteSchema>;

export const userUpdateSchema = z
  .object({
    displayName: shortText(120).optional(),
    formOfAddress: formOfAddress.optional(),
    roles: rolesSchema.optional(),
    localServiceId: uuid.nullable().optional(),
    disabled: z.boolean({ message: '« Désactivé » doit valoir vrai ou faux.' }).optional(),
  })
  .refine(
    (body) => Object.values(body).some((v) => v !== undefined),
    'Aucune modification demandée.',
  );
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

export const userListQuery = pagination.extend({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
});

const publicColumns = {
  id: users.id,
  email: users.email,
  displayName: users.displayName,
  formOfAddress: users.formOfAddress,
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

type UserRow = typeof users.$inferSelect;

/**
 * An account, locked, as the write mechanism loads it. The audit sees the whole row: the e-mail
 * is kept as "changed" only, the password hash never (src/domain/audit/fields.ts).
 */
async function userTarget(tx: Tx, id: string): Promise<Target<UserRow> | null> {
  const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!user) return null;
  return {
    row: user,
    scope: { organisationId: user.organisationId },
    entityType: 'user',
    entityId: user.id,
  };
}

async function checkVisitorLink(
  db: DbOrTx,
  organisationId: string,
  roles: Role[],
  visitorId: string | null | undefined,
) {
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
 * Creates a one-use invitation token and puts its e-mail in the outbox, in the caller's write
 * (it leaves once that write commits); returns the link, shown to the admin too.
 */
export async function createInvitation(
  tx: Tx,
  trail: AuditTrail,
  deps: Pick<AuthenticatedContext, 'config'>,
  user: { id: string; email: string; organisationId: string },
  inviterId: string | null,
) {
  // An older invitation link stops working when a new one is sent.
  await tx
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.userId, user.id),
        eq(authTokens.purpose, 'invitation'),
        isNull(authTokens.usedAt),
      ),
    );
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
  await queueMail(tx, trail, {
    kind: 'invitation',
    organisationId: user.organisationId,
    to: user.email,
    ...content,
  });
  return { link, expiresAt };
}

export async function inviteUser(ctx: AuthenticatedContext, input: UserInviteInput) {
  const { actor } = ctx;
  const result = await write(ctx, {
    validate: async (tx) => {
      if (input.localServiceId)
        await checkLocalService(tx, actor.organisationId, input.localServiceId);
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
    },
    apply: async (tx, _none, trail) => {
      const [created] = await tx
        .insert(users)
        .values({
          organisationId: actor.organisationId,
          email: input.email,
          displayName: input.displayName,
          formOfAddress: input.formOfAddress ?? null,
          roles: input.roles,
          localServiceId: input.localServiceId ?? null,
          visitorId: input.visitorId ?? null,
        })
        .returning();
      if (!created) throw new Error('insert into users returned no row');
      trail.record({ entityType: 'user', entityId: created.id, after: created });
      const invitation = await createInvitation(tx, trail, ctx, created, actor.id);
      const [view] = await tx.select(publicColumns).from(users).where(eq(users.id, created.id));
      return { user: view!, invitation };
    },
  });
  return {
    user: result.user,
    invitationLink: result.invitation.link,
    expiresAt: result.invitation.expiresAt.toISOString(),
  };
}

/**
 * A new invitation link for an account not yet activated; the old link stops working. Checked
 * under the route's action, `user.invite` (resending is inviting again), audited as
 * `user.resend_invitation`.
 */
export async function resendInvitation(ctx: AuthenticatedContext, id: string) {
  const result = await write(ctx, {
    what: USER,
    audit: 'user.resend_invitation',
    load: async (tx) => {
      const target = await userTarget(tx, id);
      if (!target) return null;
      // The pending link's expiry, so the audit row shows the old link replaced by the new one.
      const [pending] = await tx
        .select({ expiresAt: authTokens.expiresAt })
        .from(authTokens)
        .where(
          and(
            eq(authTokens.userId, id),
            eq(authTokens.purpose, 'invitation'),
            isNull(authTokens.usedAt),
          ),
        )
        .orderBy(desc(authTokens.createdAt))
        .limit(1);
      return { ...target, row: { ...target.row, expiresAt: pending?.expiresAt ?? null } };
    },
    validate: (_tx, user) => {
      if (user.passwordHash) {
        throw conflict(
          'already_active',
          'Ce compte est déjà activé : il n’y a pas d’invitation à renvoyer.',
        );
      }
      if (user.disabledAt) {
        throw conflict(
          'disabled',
          'Ce compte est désactivé : réactivez-le avant de renvoyer l’invitation.',
        );
      }
    },
    apply: (tx, user, trail) => createInvitation(tx, trail, ctx, user, ctx.actor.id),
  });
  return { invitationLink: result.link, expiresAt: result.expiresAt.toISOString() };
}

export async function updateUser(ctx: AuthenticatedContext, id: string, input: UserUpdateInput) {
  const { actor } = ctx;
  return write(ctx, {
    what: USER,
    load: (tx) => userTarget(tx, id),
    validate: async (tx, before) => {
      const self = before.id === actor.id;
      if (self && input.roles && !input.roles.includes('admin')) {
        throw new HttpError(
          409,
          'self_demotion',
          'Vous ne pouvez pas retirer votre propre rôle d’administrateur : demandez-le à un autre administrateur.',
        );
      }
      if (self && input.disabled === true) {
        throw new HttpError(
          409,
          'self_disable',
          'Vous ne pouvez pas désactiver votre propre compte.',
        );
      }
      if (input.localServiceId)
        await checkLocalService(tx, before.organisationId, input.localServiceId);
      if (input.roles)
        await checkVisitorLink(tx, before.organisationId, input.roles, before.visitorId);
    },
    apply: async (tx, before) => {
      const disabledAt =
        input.disabled === undefined
          ? before.disabledAt
          : input.disabled
            ? (before.disabledAt ?? new Date())
            : null;
      await tx
        .update(users)
        .set({
          displayName: input.displayName ?? before.displayName,
          formOfAddress:
            input.formOfAddress === undefined ? before.formOfAddress : input.formOfAddress,
          roles: input.roles ?? (before.roles as Role[]),
          localServiceId:
            input.localServiceId === undefined ? before.localServiceId : input.localServiceId,
          disabledAt,
          updatedAt: new Date(),
        })
        .where(eq(users.id, id));
      // Rights are read from the account on every request; a disabled account loses its sessions.
      if (disabledAt && !before.disabledAt)
        await tx.delete(sessions).where(eq(sessions.userId, id));
      const [row] = await tx.select(publicColumns).from(users).where(eq(users.id, id));
      return row;
    },
  });
}
