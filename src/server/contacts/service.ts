/**
 * Writes of the contact log (ADR 0027), each through the write mechanism (ADR 0011): a contact
 * noted about a person, one of their carers or a visitor; a call back marked done or moved.
 *
 * Other capabilities that note a contact as part of their own change (announcing a match, the
 * trial's check-in call, a journey step) call `appendContact` inside THEIR write, so the contact
 * and their change commit together, with one audit trail.
 */
import { and, eq, or } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import {
  assignments,
  contactLog,
  pairs,
  people,
  personContacts,
  users,
  visitors,
} from '../../db/schema.js';
import type { ResourceScope } from '../../domain/permissions/policy.js';
import {
  outcomeFits,
  type ContactChannel,
  type ContactOutcome,
  type ContactPurpose,
} from '../../domain/contacts/model.js';
import type { CallbackMoveInput, ContactCreateInput } from '../../domain/contacts/schemas.js';
import { formatShortDate } from '../../domain/common/french.js';
import type { AuthenticatedContext } from '../http/context.js';
import { badRequest, conflict } from '../http/errors.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { contactView, mayCallBack } from './queries.js';

const CONTACT = 'Contact';

type ContactRow = typeof contactLog.$inferSelect;

/** What `appendContact` writes: one contact, its subject already checked by the caller. */
interface ContactValues {
  organisationId: string;
  localServiceId: string | null;
  /** Exactly one of `personId` and `visitorId`. */
  personId?: string | null;
  /** One of the person's carers (`person_contacts`), only with `personId`. */
  personContactId?: string | null;
  visitorId?: string | null;
  /** The match the contact is about. */
  assignmentId?: string | null;
  channel: ContactChannel;
  outcome: ContactOutcome;
  occurredAt: Date;
  purpose?: ContactPurpose | null;
  note?: string | null;
  /** AAAA-MM-JJ. */
  callbackOn?: string | null;
  callbackOwnerId?: string | null;
  createdBy: string | null;
}

/**
 * Appends one contact to the log inside the caller's write transaction and records it on the
 * caller's audit trail (entity `contact`, about the person when there is one). The caller has
 * locked and checked its subject (scope, carer of that person, match of that subject): this
 * function checks only what its types cannot say (one subject, an outcome that fits the
 * channel), and throws a programming error otherwise. A call back without an owner is the
 * author's.
 *
 *     await write(ctx, {
 *       load: (tx) => assignmentTarget(tx, id),
 *       apply: async (tx, match, trail) => {
 *         // … the match's own change …
 *         await appendContact(tx, trail, {
 *           organisationId: match.organisationId, localServiceId: null, personId: match.personId,
 *           assignmentId: match.id, channel: 'call_out', outcome: 'reached', purpose: 'trial_check',
 *           occurredAt: new Date(), createdBy: ctx.actor.id,
 *         });
 *       },
 *     });
 */
export async function appendContact(
  tx: Tx,
  trail: AuditTrail,
  values: ContactValues,
): Promise<ContactRow> {
  const personId = values.personId ?? null;
  const visitorId = values.visitorId ?? null;
  if ((personId === null) === (visitorId === null))
    throw new Error('appendContact: exactly one of personId and visitorId');
  if (values.personContactId && !personId)
    throw new Error('appendContact: a carer only with the person');
  if (!outcomeFits(values.channel, values.outcome))
    throw new Error(`appendContact: outcome ${values.outcome} on channel ${values.channel}`);
  const callbackOn = values.callbackOn ?? null;
  const [row] = await tx
    .insert(contactLog)
    .values({
      organisationId: values.organisationId,
      localServiceId: values.localServiceId,
      personId,
      personContactId: values.personContactId ?? null,
      visitorId,
      assignmentId: values.assignmentId ?? null,
      channel: values.channel,
      outcome: values.outcome,
      occurredAt: values.occurredAt,
      purpose: values.purpose ?? null,
      note: values.note ?? null,
      callbackOn,
      callbackOwnerId: callbackOn ? (values.callbackOwnerId ?? values.createdBy) : null,
      createdBy: values.createdBy,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  trail.record({ entityType: 'contact', entityId: row.id, subjectId: personId, after: row });
  return row;
}

interface Subject {
  scope: ResourceScope & { localServiceId: string | null };
  personId: string | null;
  visitorId: string | null;
}

/** The person or visitor a new contact is about, locked; null when it is not there. */
async function lockSubject(tx: Tx, input: ContactCreateInput): Promise<Subject | null> {
  if (input.personId) {
    const [person] = await tx
      .select({
        id: people.id,
        organisationId: people.organisationId,
        localServiceId: people.localServiceId,
        gone: people.mergedIntoId,
        erasedAt: people.erasedAt,
        archivedAt: people.archivedAt,
      })
      .from(people)
      .where(eq(people.id, input.personId))
      .for('update');
    // A merged, erased or archived file is not followed up any more.
    if (!person || person.gone || person.erasedAt || person.archivedAt) return null;
    return {
      scope: { organisationId: person.organisationId, localServiceId: person.localServiceId },
      personId: person.id,
      visitorId: null,
    };
  }
  const [visitor] = await tx
    .select({
      id: visitors.id,
      organisationId: visitors.organisationId,
      localServiceId: visitors.localServiceId,
    })
    .from(visitors)
    .where(eq(visitors.id, input.visitorId!))
    .for('update');
  if (!visitor) return null;
  return {
    scope: { organisationId: visitor.organisationId, localServiceId: visitor.localServiceId },
    personId: null,
    visitorId: visitor.id,
  };
}

/** A call back's owner must be staff of the subject's organisation (and local service). */
async function checkOwner(tx: Tx, ownerId: string, scope: Subject['scope']) {
  const [user] = await tx.select().from(users).where(eq(users.id, ownerId));
  if (!user || !mayCallBack(user, scope))
    throw badRequest(
      'La personne désignée pour rappeler n’est pas un membre de l’équipe qui suit ce dossier.',
      { field: 'callbackOwnerId' },
    );
}

/** Notes a contact from the contact panel (`POST /api/contacts`). */
export async function createContact(ctx: AuthenticatedContext, input: ContactCreateInput) {
  const { actor } = ctx;
  let subject: Subject | null = null;
  const row = await write(ctx, {
    what: input.personId ? 'Personne' : 'Visiteur',
    scope: async (tx) => {
      subject = await lockSubject(tx, input);
      return subject?.scope ?? null;
    },
    validate: async (tx) => {
      const { personId, visitorId, scope } = subject!;
      if (input.personContactId) {
        const [carer] = await tx
          .select({ id: personContacts.id })
          .from(personContacts)
          .where(
            and(
              eq(personContacts.id, input.personContactId),
              eq(personContacts.personId, personId!),
            ),
          );
        if (!carer)
          throw badRequest('Ce proche n’est pas enregistré sur la fiche de cette personne.', {
            field: 'personContactId',
          });
      }
      if (input.assignmentId) {
        const [match] = await tx
          .select({ id: assignments.id })
          .from(assignments)
          .leftJoin(pairs, eq(pairs.id, assignments.pairId))
          .where(
            and(
              eq(assignments.id, input.assignmentId),
              personId
                ? eq(assignments.personId, personId)
                : or(
                    eq(assignments.visitorId, visitorId!),
                    eq(pairs.visitorAId, visitorId!),
                    eq(pairs.visitorBId, visitorId!),
                  ),
            ),
          );
        if (!match)
          throw badRequest(
            personId
              ? 'Cet appariement ne concerne pas cette personne.'
              : 'Cet appariement ne concerne pas ce visiteur.',
            { field: 'assignmentId' },
          );
      }
      if (input.callbackOn && input.callbackOwnerId)
        await checkOwner(tx, input.callbackOwnerId, scope);
    },
    apply: (tx, _none, trail) => {
      const { personId, visitorId, scope } = subject!;
      return appendContact(tx, trail, {
        organisationId: scope.organisationId,
        localServiceId: scope.localServiceId,
        personId,
        personContactId: input.personContactId,
        visitorId,
        assignmentId: input.assignmentId,
        channel: input.channel,
        outcome: input.outcome,
        occurredAt: new Date(input.occurredAt),
        purpose: input.purpose,
        note: input.note,
        callbackOn: input.callbackOn,
        callbackOwnerId: input.callbackOwnerId,
        createdBy: actor.id,
      });
    },
  });
  return contactView(ctx.db, row.id);
}

/** A contact as the target of a write: locked, scoped by its organisation and local service. */
async function contactTarget(tx: Tx, id: string): Promise<Target<ContactRow> | null> {
  const [row] = await tx.select().from(contactLog).where(eq(contactLog.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId, localServiceId: row.localServiceId },
    entityType: 'contact',
    entityId: id,
    subjectId: row.personId,
  };
}

/** The call back of a contact must exist and still be to do. */
function checkCallbackOpen(row: ContactRow) {
  if (!row.callbackOn) throw conflict('no_callback', 'Aucun rappel n’est prévu pour ce contact.');
  if (row.callbackDoneAt)
    throw conflict(
      'callback_done',
      `Ce rappel est déjà fait (le ${formatShortDate(row.callbackDoneAt)}) : notez plutôt un nouveau contact.`,
    );
}

/** Marks the call back of a contact done (the worklist line goes). */
export async function markCallbackDone(ctx: AuthenticatedContext, id: string) {
  await write(ctx, {
    what: CONTACT,
    load: (tx) => contactTarget(tx, id),
    validate: (_tx, row) => checkCallbackOpen(row),
    apply: async (tx) => {
      await tx
        .update(contactLog)
        .set({ callbackDoneAt: new Date(), callbackDoneBy: ctx.actor.id })
        .where(eq(contactLog.id, id));
    },
  });
  return contactView(ctx.db, id);
}

/** Moves a call back to another day, or gives it to someone else. */
export async function moveCallback(
  ctx: AuthenticatedContext,
  id: string,
  input: CallbackMoveInput,
) {
  await write(ctx, {
    what: CONTACT,
    load: (tx) => contactTarget(tx, id),
    validate: async (tx, row) => {
      checkCallbackOpen(row);
      if (input.callbackOwnerId)
        await checkOwner(tx, input.callbackOwnerId, {
          organisationId: row.organisationId,
          localServiceId: row.localServiceId,
        });
    },
    apply: async (tx) => {
      await tx
        .update(contactLog)
        .set({
          ...(input.callbackOn ? { callbackOn: input.callbackOn } : {}),
          ...(input.callbackOwnerId ? { callbackOwnerId: input.callbackOwnerId } : {}),
        })
        .where(eq(contactLog.id, id));
    },
  });
  return contactView(ctx.db, id);
}
