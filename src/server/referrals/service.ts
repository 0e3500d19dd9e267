/**
 * Referrals ("signalements"): a partner, the phone line or a coordinator reports an isolated
 * person; the coordinator reviews it and, on acceptance, opens the person's file from it. A
 * partner follows only the status of what they submitted, never the file that follows.
 */
import { fieldLabel } from '../../domain/common/field-labels.js';
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { exactTimestampKey, type DbOrTx, type Tx } from '../../db/database.js';
import {
  decodeCursor,
  encodeCursor,
  isExactTimestamp,
  isUuid,
} from '../../domain/common/cursor.js';
import { referrals } from '../../db/schema.js';
import { keysetPagination, optionalText, shortText, uuid } from '../../domain/common/schemas.js';
import { frenchPhoneSchema } from '../../domain/people/phone.js';
import {
  addressFields,
  birthDate,
  personCreateSchema,
  type PersonCreateInput,
} from '../../domain/people/schemas.js';
import {
  CONTACT_CONSENTS,
  NEXT_STATUSES,
  REFERRAL_STATUSES,
  REFERRAL_URGENCIES,
  type ReferralStatus,
} from '../../domain/referrals/statuses.js';
import { can, rolesFor, type Actor, type ListScope } from '../../domain/permissions/policy.js';
import type { AuthenticatedContext } from '../http/context.js';
import { authorize } from '../http/authorize.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { auditRead } from '../audit/audit.js';
import { checkAlso, write, type Target } from '../write/write.js';
import { locateAddress } from '../geo/locate.js';
import { checkDuplicates, insertPerson, personTarget } from '../people/service.js';
import { partnerSharingWithdrawn } from '../rights/consent-withdrawal.js';

const REFERRAL = 'Signalement';
const PERSON = 'Personne';

// ---------------------------------------------------------------- schemas and labels

const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  submitted: 'Reçu',
  in_review: 'En cours d’examen',
  accepted: 'Accepté : la personne va être contactée',
  declined: 'Non retenu',
  closed: 'Clos',
};

export const referralCreateSchema = z.object({
  lastName: shortText(100),
  firstName: shortText(100),
  birthDate: birthDate.nullish().transform((v) => v ?? null),
  street: addressFields.street,
  postalCode: addressFields.postalCode,
  communeName: addressFields.communeName,
  phone: frenchPhoneSchema.nullish().transform((v) => v ?? null),
  reason: shortText(2000),
  urgency: z
    .enum(REFERRAL_URGENCIES, { message: 'Urgence attendue : peu urgent, normal ou urgent.' })
    .default('normal'),
  contactConsent: z.enum(CONTACT_CONSENTS, {
    message: 'Indiquez si la personne (ou un proche) est d’accord pour être contactée.',
  }),
  /** Who refers: the commune, association or service, as the coordinator will know it. */
  partnerName: shortText(200),
});
export type ReferralCreateInput = z.infer<typeof referralCreateSchema>;

export const referralListQuery = keysetPagination.extend({
  status: z.enum(REFERRAL_STATUSES).optional(),
  urgency: z.enum(REFERRAL_URGENCIES).optional(),
});

export const referralProcessSchema = z
  .object({
    status: z.enum(['in_review', 'accepted', 'declined', 'closed'], {
      message: 'Statut attendu : en cours d’examen, accepté, non retenu ou clos.',
    }),
    /** Shown to the partner: write it for them. */
    note: optionalText(1000),
    /** On acceptance: open the person's file from the referral. */
    createPerson: z.boolean().default(false),
    /** On acceptance: or link the person's file that already exists. */
    personId: uuid.nullish().transform((v) => v ?? null),
    /** Passed to the file creation after the duplicate warning was seen. */
    confirmNotDuplicate: z.boolean().default(false),
  })
  .refine((v) => !(v.createPerson && v.personId), {
    message:
      'Choisissez soit de créer une fiche, soit de rattacher une fiche existante, pas les deux.',
    path: ['personId'],
  })
  .refine((v) => v.status === 'accepted' || (!v.createPerson && !v.personId), {
    message: 'Une fiche ne peut être créée ou rattachée qu’à l’acceptation du signalement.',
    path: ['status'],
  })
  .refine((v) => v.status !== 'declined' || !!v.note, {
    message: 'Expliquez au partenaire pourquoi le signalement n’est pas retenu.',
    path: ['note'],
  });
export type ReferralProcessInput = z.infer<typeof referralProcessSchema>;

// ---------------------------------------------------------------- views

/** Staff (coordinator, operator, admin) see the referral; a partner only what they submitted and its status. */
export function isReferralStaff(actor: Actor): boolean {
  const allowed: readonly string[] = rolesFor('referral.read');
  return actor.roles.some((role) => role !== 'partner' && allowed.includes(role));
}

type ReferralRow = typeof referrals.$inferSelect;

/**
 * What a partner sees: the status, the coordinator's note, the dates and the identity they sent.
 * Once the person withdrew their consent to data sharing, only the status (`sharingWithdrawn`).
 */
export function partnerView(row: ReferralRow, sharingWithdrawn = false) {
  return {
    id: row.id,
    status: row.status,
    statusLabel: REFERRAL_STATUS_LABELS[row.status as ReferralStatus] ?? row.status,
    statusNote: sharingWithdrawn ? null : row.statusNote,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastName: row.lastName,
    firstName: row.firstName,
    birthDate: row.birthDate,
    street: row.street,
    postalCode: row.postalCode,
    communeName: row.communeName,
    phone: row.phone,
  };
}

export function staffView(row: ReferralRow) {
  return {
    ...row,
    statusLabel: REFERRAL_STATUS_LABELS[row.status as ReferralStatus] ?? row.status,
  };
}

// ---------------------------------------------------------------- reads

function referralScopeCondition(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'organisation':
      // Referrals have no local service: the whole organisation's staff see them.
      return eq(referrals.organisationId, scope.organisationId);
    case 'submitter':
      return and(
        eq(referrals.organisationId, scope.organisationId),
        eq(referrals.submittedBy, scope.userId),
      );
    default:
      return sql`false`;
  }
}

export async function listReferrals(
  db: DbOrTx,
  actor: Actor,
  scope: ListScope,
  filters: z.infer<typeof referralListQuery>,
) {
  const conditions: (SQL | undefined)[] = [referralScopeCondition(scope)];
  if (filters.status) conditions.push(eq(referrals.status, filters.status));
  if (filters.urgency) conditions.push(eq(referrals.urgency, filters.urgency));
  const where = and(...conditions);
  const after = filters.after ? referralCursor(filters.after) : null;
  const [totalRow] = await db.select({ total: count() }).from(referrals).where(where);
  const found = await db
    .select({ row: referrals, createdKey: exactTimestampKey(referrals.createdAt) })
    .from(referrals)
    .where(
      and(
        where,
        // Newest first, then by id: the page after the cursor's row in that order.
        after
          ? sql`(${referrals.createdAt} < ${after.createdAt}::timestamptz
                 or (${referrals.createdAt} = ${after.createdAt}::timestamptz and ${referrals.id} > ${after.id}::uuid))`
          : undefined,
      ),
    )
    .orderBy(desc(referrals.createdAt), asc(referrals.id))
    // One more row than asked tells whether there is a next page.
    .limit(filters.pageSize + 1)
    .offset(after ? 0 : (filters.page - 1) * filters.pageSize);
  const rows = found.slice(0, filters.pageSize).map(({ row }) => row);
  const last = found.length > filters.pageSize ? found[filters.pageSize - 1] : undefined;
  const staff = isReferralStaff(actor);
  const withdrawn = staff
    ? new Set<string>()
    : await partnerSharingWithdrawn(
        db,
        rows.map((row) => row.personId),
      );
  const items = rows.map((row) =>
    staff
      ? {
          id: row.id,
          status: row.status,
          statusLabel: REFERRAL_STATUS_LABELS[row.status as ReferralStatus] ?? row.status,
          urgency: row.urgency,
          partnerName: row.partnerName,
          lastName: row.lastName,
          firstName: row.firstName,
          birthDate: row.birthDate,
          communeName: row.communeName,
          contactConsent: row.contactConsent,
          personId: row.personId,
          createdAt: row.createdAt,
          updatedAt: row.updatedAt,
        }
      : partnerView(row, !!row.personId && withdrawn.has(row.personId)),
  );
  return {
    items,
    total: totalRow?.total ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
    nextCursor: last ? encodeCursor([last.createdKey, last.row.id]) : null,
  };
}

/** The position after which the next page starts: the last referral's exact time and id. */
function referralCursor(cursor: string) {
  const [createdAt, id] = decodeCursor(cursor, ['string', 'string']) ?? [];
  if (!isExactTimestamp(createdAt) || !isUuid(id))
    throw badRequest('Curseur de pagination invalide.');
  return { createdAt, id };
}

/** What the policy needs of a referral: its organisation and who submitted it. */
const referralScope = (row: ReferralRow) => ({
  organisationId: row.organisationId,
  submittedBy: row.submittedBy,
});

/** Loads a referral to read it and checks the action on it; 404 when outside the user's scope. */
async function loadReferralFor(
  db: DbOrTx,
  ctx: AuthenticatedContext,
  id: string,
  action: 'referral.read',
) {
  const [row] = await db.select().from(referrals).where(eq(referrals.id, id));
  if (!row) throw notFound(REFERRAL);
  authorize(ctx.actor, action, referralScope(row), REFERRAL);
  return row;
}

/** Reads a referral and leaves the trace of it (about the person once linked). */
export async function readReferral(db: DbOrTx, ctx: AuthenticatedContext, id: string) {
  const row = await loadReferralFor(db, ctx, id, 'referral.read');
  await auditRead(db, ctx, {
    action: 'referral.read',
    entityType: 'referral',
    entityId: id,
    subjectId: row.personId,
  });
  return row;
}

/** A referral as the target of a write: locked, about the person once one is linked. */
async function referralTarget(tx: Tx, id: string): Promise<Target<ReferralRow> | null> {
  const [row] = await tx.select().from(referrals).where(eq(referrals.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: referralScope(row),
    entityType: 'referral',
    entityId: id,
    subjectId: row.personId,
  };
}

// ---------------------------------------------------------------- writes

export async function createReferral(ctx: AuthenticatedContext, input: ReferralCreateInput) {
  return write(ctx, {
    // The referral will be the actor's own: what lets a partner (who sees only theirs) submit it.
    scope: async () => ({ organisationId: ctx.actor.organisationId, submittedBy: ctx.actor.id }),
    apply: async (tx, _none, trail) => {
      const [row] = await tx
        .insert(referrals)
        .values({
          ...input,
          organisationId: ctx.actor.organisationId,
          submittedBy: ctx.actor.id,
          status: 'submitted',
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      trail.record({ entityType: 'referral', entityId: row.id, after: row });
      return row;
    },
  });
}

/** The person's file as the referral describes them (validated by the people schema). */
function personInputOf(row: ReferralRow, confirmNotDuplicate: boolean) {
  return personCreateSchema.safeParse({
    lastName: row.lastName,
    firstName: row.firstName,
    birthDate: row.birthDate,
    street: row.street,
    postalCode: row.postalCode,
    communeName: row.communeName,
    phones: row.phone ? [{ number: row.phone, label: null }] : [],
    referralSource: row.partnerName,
    confirmNotDuplicate,
  });
}

/**
 * Moves a referral on. On acceptance it may open the person's file from it (the people service's
 * duplicate check, location and status history apply), or link an existing file (locked, and in
 * the user's scope); the file creation and the referral change are one write.
 */
export async function processReferral(
  ctx: AuthenticatedContext,
  id: string,
  input: ReferralProcessInput,
) {
  // The address of a file opened from the referral is located before the transaction (a network
  // call must not hold a row lock); a referral's identity and address never change afterwards.
  let location: object = {};
  if (input.createPerson) {
    const [current] = await ctx.db.select().from(referrals).where(eq(referrals.id, id));
    const parsed =
      current && can(ctx.actor, 'referral.process', referralScope(current)).allowed
        ? personInputOf(current, false)
        : null;
    if (parsed?.success) location = await locateAddress(ctx.geocoder, parsed.data);
  }
  let person: PersonCreateInput | null = null;
  return write(ctx, {
    what: REFERRAL,
    load: (tx) => referralTarget(tx, id),
    validate: async (tx, before) => {
      const from = before.status as ReferralStatus;
      const sameStatusNote = input.status === from && from !== 'closed' && input.note !== null;
      if (!sameStatusNote && !NEXT_STATUSES[from]?.includes(input.status)) {
        throw conflict(
          'invalid_referral_transition',
          `Ce signalement est « ${REFERRAL_STATUS_LABELS[from] ?? from} » : il ne peut pas passer à « ${REFERRAL_STATUS_LABELS[input.status]} ».`,
        );
      }
      if ((input.createPerson || input.personId) && before.personId) {
        throw conflict('already_linked', 'Une fiche est déjà rattachée à ce signalement.', {
          personId: before.personId,
        });
      }
      if (input.createPerson) {
        const parsed = personInputOf(before, input.confirmNotDuplicate);
        if (!parsed.success) {
          throw badRequest(
            `Impossible de créer la fiche à partir de ce signalement : ${parsed.error.issues.map((i) => `${fieldLabel(i.path.filter((s) => typeof s !== 'symbol'))} : ${i.message}`).join(' ; ')}`,
          );
        }
        person = parsed.data;
        const duplicates = await checkDuplicates(tx, ctx.actor.organisationId, {
          ...person,
          phones: person.phones.map((p) => p.number),
        });
        if (duplicates.length > 0 && !person.confirmNotDuplicate) {
          throw conflict(
            'possible_duplicate',
            'Cette personne existe peut-être déjà. Vérifiez les fiches proposées ; si c’est bien une autre personne, confirmez la création.',
            { candidates: duplicates },
          );
        }
      } else if (input.personId) {
        // The file linked is locked (not merged meanwhile) and must be one the user may reach.
        const target = await personTarget(tx, input.personId);
        if (!target) throw notFound(PERSON);
        checkAlso(ctx, target.scope, PERSON);
      }
    },
    apply: async (tx, before, trail) => {
      let personId = before.personId;
      if (person) {
        const { confirmNotDuplicate: _confirm, ...fields } = person;
        personId = (await insertPerson(tx, ctx, trail, fields, location)).id;
      } else if (input.personId) {
        personId = input.personId;
      }
      const [after] = await tx
        .update(referrals)
        .set({ status: input.status, statusNote: input.note, personId, updatedAt: new Date() })
        .where(eq(referrals.id, id))
        .returning();
      return after!;
    },
  });
}
