/**
 * Writes of neighbour-help requests (issue 13, ADR 0034), each through the write mechanism (ADR
 * 0011): a request taken on the phone or at the desk (with, when needed, the senior's minimal
 * file and the call in the contact log), a request from the public page (pending, linked to a
 * file by staff), an occurrence cancelled alone, a series ended, and the daily extension of the
 * occurrences' horizon.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  helpOccurrences,
  helpRequests,
  organisations,
  people,
  personContacts,
  scheduledRuns,
} from '../../db/schema.js';
import { addDays, serviceToday } from '../../domain/common/calendar.js';
import { checkHelpKind, helpKindLabel } from '../../domain/help-requests/kinds.js';
import { listHelpKinds } from '../neighbours/queries.js';
import {
  datesToGenerate,
  horizonEnd,
  isoWeekdayOf,
  type Schedule,
} from '../../domain/help-requests/occurrences.js';
import type {
  EndRequestInput,
  OccurrenceCancelInput,
  PublicRequestInput,
  StaffRequestInput,
} from '../../domain/help-requests/schemas.js';
import { personCreateSchema } from '../../domain/people/schemas.js';
import type { ResourceScope } from '../../domain/permissions/policy.js';
import type { AppServices, AuthenticatedContext, RequestContext } from '../http/context.js';
import { systemContext } from '../http/context.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { write, checkAlso, type AuditTrail, type Target } from '../write/write.js';
import { appendContact } from '../contacts/service.js';
import { checkDuplicates, insertPerson } from '../people/service.js';
import { personScope } from '../people/queries.js';
import { locateAddress } from '../geo/locate.js';
import { takeSlots } from '../auth/throttle.js';

const REQUEST = 'Demande d’entraide';
const OCCURRENCE = 'Date de la demande';

type RequestRow = typeof helpRequests.$inferSelect;
type OccurrenceRow = typeof helpOccurrences.$inferSelect;

const scheduleOf = (row: RequestRow): Schedule => ({
  recurrence: row.recurrence === 'weekly' ? 'weekly' : 'once',
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  weekday: row.weekday,
});

/**
 * The organisation's kinds of help; refuses (400 on `helpKind`, nothing written) a kind that is
 * not one of its active ones.
 */
async function requireHelpKind(db: DbOrTx, organisationId: string, code: string) {
  const kinds = await listHelpKinds(db, organisationId);
  const refusal = checkHelpKind(code, kinds);
  if (refusal) throw badRequest(refusal, { field: 'helpKind' });
  return kinds;
}

/** A request as the target of a write: locked, scoped by its organisation and local service. */
async function requestTarget(tx: Tx, id: string): Promise<Target<RequestRow> | null> {
  const [row] = await tx.select().from(helpRequests).where(eq(helpRequests.id, id)).for('update');
  if (!row) return null;
  return {
    row,
    scope: { organisationId: row.organisationId, localServiceId: row.localServiceId },
    entityType: 'help_request',
    entityId: id,
    subjectId: row.personId,
  };
}

/**
 * Creates the occurrences of an open request up to the horizon (a one-off request: its date),
 * each recorded on the trail, and moves `generated_until`. Dates already there are left alone
 * (an occurrence cancelled alone stays cancelled). Returns how many were created.
 */
async function extendOccurrences(
  tx: Tx,
  trail: AuditTrail,
  request: RequestRow,
  today: string,
): Promise<number> {
  const schedule = scheduleOf(request);
  const until = horizonEnd(today);
  const dates = datesToGenerate(schedule, request.generatedUntil, today, until);
  const created = dates.length
    ? await tx
        .insert(helpOccurrences)
        .values(
          dates.map((date) => ({
            organisationId: request.organisationId,
            requestId: request.id,
            date,
            startTime: request.startTime,
            endTime: request.endTime,
          })),
        )
        .onConflictDoNothing()
        .returning()
    : [];
  // The dates of one request share a batch in the audit (as the visits of a planning run).
  if (created.length > 0) trail.batchId ??= randomUUID();
  for (const row of created)
    trail.record({
      entityType: 'help_occurrence',
      entityId: row.id,
      subjectId: request.personId,
      after: row,
    });
  const reached =
    schedule.recurrence === 'once'
      ? request.startsOn
      : request.endsOn !== null && request.endsOn < until
        ? request.endsOn
        : until;
  if (request.generatedUntil !== reached)
    await tx
      .update(helpRequests)
      .set({ generatedUntil: reached })
      .where(eq(helpRequests.id, request.id));
  return created.length;
}

/** The person a request is for, locked; null when not a live file. */
async function lockPerson(tx: Tx, personId: string) {
  const [person] = await tx.select().from(people).where(eq(people.id, personId)).for('update');
  if (!person || person.mergedIntoId || person.erasedAt || person.archivedAt) return null;
  return person;
}

/** What a request's fields are, from the form (shared by staff and public requests). */
function requestValues(input: StaffRequestInput | PublicRequestInput) {
  return {
    helpKind: input.helpKind,
    description: input.description,
    place: input.place,
    street: input.street,
    postalCode: input.postalCode,
    communeName: input.communeName,
    destination: input.destination,
    urgency: input.urgency,
    recurrence: input.recurrence,
    startsOn: input.startsOn,
    endsOn: input.recurrence === 'weekly' ? input.endsOn : null,
    weekday: input.recurrence === 'weekly' ? isoWeekdayOf(input.startsOn) : null,
    startTime: input.startTime,
    endTime: input.endTime,
  };
}

/** A short, factual note for the contact log (no description: it may hold more than needed). */
function callNote(input: StaffRequestInput, kinds: readonly { code: string; label: string }[]) {
  const when =
    input.recurrence === 'weekly'
      ? `chaque semaine à partir du ${input.startsOn}`
      : `le ${input.startsOn}`;
  return `Demande d’entraide enregistrée : ${helpKindLabel(input.helpKind, kinds)}, ${when}.`;
}

/**
 * A request taken by staff (`POST /api/help-requests`): for a person of the base, or for a senior
 * whose minimal file is created in the same write (ADR 0034). A phone request notes the call in
 * the contact log, with the carer who called when it was one of the person's contacts.
 */
export async function createStaffRequest(ctx: AuthenticatedContext, input: StaffRequestInput) {
  const { actor } = ctx;
  let newPerson: ReturnType<typeof personCreateSchema.parse> | null = null;
  let location: object = {};
  if (input.newPerson) {
    const { confirmNotDuplicate, phone, ...identity } = input.newPerson;
    newPerson = personCreateSchema.parse({
      ...identity,
      phones: phone ? [{ number: phone }] : [],
      referralSource: 'Entraide de voisinage',
    });
    const duplicates = await checkDuplicates(ctx.db, actor.organisationId, {
      ...newPerson,
      phones: newPerson.phones.map((p) => p.number),
    });
    if (duplicates.length > 0 && !confirmNotDuplicate)
      throw conflict(
        'possible_duplicate',
        'Cette personne existe peut-être déjà. Vérifiez les fiches proposées ; si c’est bien une autre personne, confirmez la création.',
        { candidates: duplicates },
      );
    location = await locateAddress(ctx.geocoder, newPerson);
  }
  let person: typeof people.$inferSelect | null = null;
  let kinds: readonly { code: string; label: string }[] = [];
  const today = serviceToday();
  const row = await write(ctx, {
    audit: 'help_request.create',
    what: 'Personne',
    scope: async (tx): Promise<ResourceScope | null> => {
      if (!input.personId) return { organisationId: actor.organisationId };
      person = await lockPerson(tx, input.personId);
      return person ? personScope(tx, person) : null;
    },
    validate: async (tx) => {
      kinds = await requireHelpKind(tx, actor.organisationId, input.helpKind);
      if (input.personContactId) {
        const [carer] = input.personId
          ? await tx
              .select({ id: personContacts.id })
              .from(personContacts)
              .where(
                and(
                  eq(personContacts.id, input.personContactId),
                  eq(personContacts.personId, input.personId),
                ),
              )
          : [];
        if (!carer)
          throw badRequest('Ce proche n’est pas enregistré sur la fiche de cette personne.', {
            field: 'personContactId',
          });
      }
    },
    apply: async (tx, _none, trail) => {
      let subject = person;
      if (!subject) {
        const { confirmNotDuplicate: _confirm, ...fields } = newPerson!;
        const inserted = await insertPerson(
          tx,
          ctx,
          trail,
          fields,
          location,
          'Fiche créée pour une demande d’entraide de voisinage',
        );
        const [fresh] = await tx.select().from(people).where(eq(people.id, inserted.id));
        subject = fresh ?? null;
      }
      const personRow = subject!;
      const [created] = await tx
        .insert(helpRequests)
        .values({
          ...requestValues(input),
          // At home: the commune is the person's (the list filters on it).
          communeName: input.place === 'home' ? personRow.communeName : input.communeName,
          postalCode: input.place === 'home' ? personRow.postalCode : input.postalCode,
          street: input.place === 'home' ? null : input.street,
          organisationId: personRow.organisationId,
          localServiceId: personRow.localServiceId,
          personId: personRow.id,
          status: 'open',
          channel: input.channel,
          postedBy: input.postedBy,
          personContactId: input.personContactId,
          carerName: input.personContactId ? null : input.carerName,
          carerPhone: input.personContactId ? null : input.carerPhone,
          carerRelationship: input.personContactId ? null : input.carerRelationship,
          takenByUserId: input.channel === 'phone' ? actor.id : null,
          consentToContact: true,
          consentRecordedBy: actor.id,
          consentRecordedAt: new Date(),
          createdBy: actor.id,
        })
        .returning();
      if (!created) throw new Error('insert returned nothing');
      await extendOccurrences(tx, trail, created, today);
      const [after] = await tx.select().from(helpRequests).where(eq(helpRequests.id, created.id));
      trail.record({
        entityType: 'help_request',
        entityId: created.id,
        subjectId: personRow.id,
        after: after!,
        first: true,
      });
      if (input.channel === 'phone')
        await appendContact(tx, trail, {
          organisationId: personRow.organisationId,
          localServiceId: personRow.localServiceId,
          personId: personRow.id,
          personContactId: input.personContactId,
          channel: 'call_in',
          outcome: 'reached',
          occurredAt: new Date(),
          note: callNote(input, kinds),
          createdBy: actor.id,
        });
      return created;
    },
  });
  return row.id;
}

const PUBLIC_REQUEST_LIMITS = { perAddressPerHour: 5, perOrganisationPerDay: 300 };

export const PUBLIC_REQUEST_ANSWER =
  'Merci ! Votre demande est bien arrivée. Une personne de l’association vous rappellera pour la préparer avec vous.';

/** The organisation a public form is for; 404 when it does not exist. */
export async function publicOrganisation(db: DbOrTx, organisationId: string) {
  const [organisation] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  if (!organisation) throw notFound('Organisation');
  return organisation;
}

/**
 * A request from the public page: no sign-in, limited per address and per organisation (the
 * sign-in limiter), pending until staff link it to a person's file; a filled honeypot answers the
 * same thanks and writes nothing. The poster's ticked agreement is recorded with its time.
 */
export async function createPublicRequest(
  ctx: RequestContext,
  organisationId: string,
  input: PublicRequestInput,
  ip: string,
) {
  const organisation = await publicOrganisation(ctx.db, organisationId);
  if (input.website && input.website.trim() !== '') {
    ctx.log.warn({ organisationId }, 'public help request: honeypot filled, nothing written');
    return;
  }
  await requireHelpKind(ctx.db, organisation.id, input.helpKind);
  const outcome = await write(ctx, {
    audit: 'help_request.public',
    apply: async (tx, _none, trail) => {
      const verdict = await takeSlots(
        tx,
        [
          {
            key: `help-request:address:${ip}`,
            max: PUBLIC_REQUEST_LIMITS.perAddressPerHour,
            windowSeconds: 3600,
          },
          {
            key: `help-request:organisation:${organisation.id}`,
            max: PUBLIC_REQUEST_LIMITS.perOrganisationPerDay,
            windowSeconds: 86_400,
          },
        ],
        randomUUID(),
      );
      if (!verdict.allowed) return verdict;
      const [created] = await tx
        .insert(helpRequests)
        .values({
          ...requestValues(input),
          organisationId: organisation.id,
          status: 'pending',
          channel: 'web',
          postedBy: input.postedBy,
          seniorName: input.seniorName,
          seniorPhone: input.seniorPhone,
          carerName: input.postedBy === 'carer' ? input.carerName : null,
          carerPhone: input.postedBy === 'carer' ? input.carerPhone : null,
          carerRelationship: input.postedBy === 'carer' ? input.carerRelationship : null,
          consentToContact: true,
          consentRecordedAt: new Date(),
        })
        .returning();
      trail.record({
        entityType: 'help_request',
        entityId: created!.id,
        organisationId: organisation.id,
        after: created!,
      });
      return verdict;
    },
  });
  if (!outcome.allowed) {
    const minutes = Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60));
    throw new HttpError(
      429,
      'too_many_requests',
      `Trop de demandes envoyées depuis cette connexion. Réessayez dans ${minutes === 1 ? 'une minute' : `${minutes} minutes`}, ou appelez l’association.`,
      { retryAfterSeconds: outcome.retryAfterSeconds },
    );
  }
}

/** Staff link a request of the public page to a person's file: it opens, its dates are created. */
export async function linkRequestToPerson(ctx: AuthenticatedContext, id: string, personId: string) {
  let person: typeof people.$inferSelect | null = null;
  const today = serviceToday();
  await write(ctx, {
    what: REQUEST,
    load: (tx) => requestTarget(tx, id),
    validate: async (tx, row) => {
      if (row.status !== 'pending')
        throw conflict(
          'not_pending',
          'Cette demande est déjà rattachée à une fiche : il n’y a plus rien à rattacher.',
        );
      if (row.recurrence === 'weekly' && row.endsOn !== null && row.endsOn < today)
        throw conflict(
          'date_passed',
          'La série demandée est déjà finie : rappelez la personne et enregistrez une nouvelle demande.',
        );
      if (row.recurrence === 'once' && row.startsOn < today)
        throw conflict(
          'date_passed',
          'La date demandée est passée : rappelez la personne et enregistrez une nouvelle demande.',
        );
      person = await lockPerson(tx, personId);
      if (!person || person.organisationId !== row.organisationId) throw notFound('Personne');
      checkAlso(ctx, await personScope(tx, person), 'Personne');
    },
    apply: async (tx, row, trail) => {
      const p = person!;
      const [opened] = await tx
        .update(helpRequests)
        .set({
          personId: p.id,
          localServiceId: p.localServiceId,
          status: 'open',
          communeName: row.place === 'home' ? (row.communeName ?? p.communeName) : row.communeName,
          // A weekly series asked for a date now past starts again from today.
          startsOn: row.startsOn < today ? today : row.startsOn,
          weekday: row.recurrence === 'weekly' ? row.weekday : null,
          updatedAt: new Date(),
        })
        .where(eq(helpRequests.id, id))
        .returning();
      await extendOccurrences(tx, trail, opened!, today);
    },
  });
}

/** An occurrence as the target of a write, with its request locked first. */
async function occurrenceTarget(
  tx: Tx,
  id: string,
): Promise<Target<OccurrenceRow & { personId: string | null }> | null> {
  const [found] = await tx
    .select({ requestId: helpOccurrences.requestId })
    .from(helpOccurrences)
    .where(eq(helpOccurrences.id, id));
  if (!found) return null;
  const request = await requestTarget(tx, found.requestId);
  if (!request) return null;
  const [row] = await tx
    .select()
    .from(helpOccurrences)
    .where(eq(helpOccurrences.id, id))
    .for('update');
  if (!row) return null;
  return {
    row: { ...row, personId: request.row.personId },
    scope: request.scope,
    entityType: 'help_occurrence',
    entityId: id,
    subjectId: request.row.personId,
  };
}

/** Cancels one occurrence alone, with its reason; the series goes on. */
export async function cancelOccurrence(
  ctx: AuthenticatedContext,
  id: string,
  input: OccurrenceCancelInput,
) {
  let requestId = '';
  await write(ctx, {
    what: OCCURRENCE,
    load: (tx) => occurrenceTarget(tx, id),
    validate: (_tx, row) => {
      requestId = row.requestId;
      if (row.status !== 'open')
        throw conflict(
          'occurrence_not_open',
          row.status === 'cancelled'
            ? 'Cette date est déjà annulée.'
            : 'Cette date a déjà eu lieu : elle ne peut plus être annulée.',
        );
    },
    apply: async (tx) => {
      await tx
        .update(helpOccurrences)
        .set({
          status: 'cancelled',
          cancelReason: input.reason,
          cancelledAt: new Date(),
          cancelledBy: ctx.actor.id,
        })
        .where(eq(helpOccurrences.id, id));
    },
  });
  return requestId;
}

/**
 * Ends a request: its dates after `lastOn` (from today when none) are cancelled, the series stops
 * there, and the request is closed (cancelled when no date of it was kept).
 */
export async function endRequest(ctx: AuthenticatedContext, id: string, input: EndRequestInput) {
  const today = serviceToday();
  const cutoff = input.lastOn ?? addDays(today, -1);
  await write(ctx, {
    what: REQUEST,
    load: (tx) => requestTarget(tx, id),
    validate: (_tx, row) => {
      if (row.status === 'closed' || row.status === 'cancelled')
        throw conflict('request_ended', 'Cette demande est déjà close.');
    },
    apply: async (tx, row, trail) => {
      const cancelled = await tx
        .update(helpOccurrences)
        .set({
          status: 'cancelled',
          cancelReason: 'series_ended',
          cancelledAt: new Date(),
          cancelledBy: ctx.actor.id,
        })
        .where(
          and(
            eq(helpOccurrences.requestId, id),
            eq(helpOccurrences.status, 'open'),
            gt(helpOccurrences.date, cutoff),
          ),
        )
        .returning();
      if (cancelled.length > 0) trail.batchId ??= randomUUID();
      for (const occurrence of cancelled)
        trail.record({
          entityType: 'help_occurrence',
          entityId: occurrence.id,
          subjectId: row.personId,
          after: occurrence,
          before: {
            ...occurrence,
            status: 'open',
            cancelReason: null,
            cancelledAt: null,
            cancelledBy: null,
          },
        });
      const [kept] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(helpOccurrences)
        .where(
          and(eq(helpOccurrences.requestId, id), sql`${helpOccurrences.status} <> 'cancelled'`),
        );
      await tx
        .update(helpRequests)
        .set({
          status: Number(kept?.n ?? 0) > 0 ? 'closed' : 'cancelled',
          endsOn: row.recurrence === 'weekly' && cutoff >= row.startsOn ? cutoff : row.endsOn,
          closedAt: new Date(),
          closedBy: ctx.actor.id,
          updatedAt: new Date(),
        })
        .where(eq(helpRequests.id, id));
    },
  });
}

const HORIZON_JOB = 'help-horizon';

/**
 * The daily extension of the horizon: every open weekly request whose occurrences stop before
 * the horizon gets the next ones, each request in its own write (a system context of its
 * organisation). The day's row in `scheduled_runs` makes it run once per day whatever sends the
 * job (as the retention run). Returns null when the day's run is done already.
 */
export async function extendAllHorizons(
  services: AppServices,
  log: FastifyBaseLogger,
  today: string,
) {
  const source = `job:${HORIZON_JOB}`;
  const claimed = await write(systemContext(services, log, source), {
    systemAction: 'help_request.extend_run',
    apply: async (tx, _none, trail) => {
      const [row] = await tx
        .insert(scheduledRuns)
        .values({ job: HORIZON_JOB, day: today })
        .onConflictDoUpdate({
          target: [scheduledRuns.job, scheduledRuns.day],
          set: { startedAt: new Date(), finishedAt: null, result: null },
          setWhere: sql`${scheduledRuns.result} ? 'error'`,
        })
        .returning();
      if (row)
        trail.record({
          entityType: 'scheduled_run',
          entityId: String(row.id),
          after: { job: row.job, day: row.day },
        });
      return row ?? null;
    },
  });
  if (!claimed) return null;
  let created = 0;
  try {
    const until = horizonEnd(today);
    const due = await services.db
      .select({ id: helpRequests.id, organisationId: helpRequests.organisationId })
      .from(helpRequests)
      .where(
        and(
          eq(helpRequests.status, 'open'),
          eq(helpRequests.recurrence, 'weekly'),
          or(isNull(helpRequests.generatedUntil), lt(helpRequests.generatedUntil, until)),
          sql`(${helpRequests.endsOn} is null or ${helpRequests.generatedUntil} is null or ${helpRequests.endsOn} > ${helpRequests.generatedUntil})`,
        ),
      )
      .orderBy(asc(helpRequests.id));
    for (const request of due) {
      created += await write(systemContext(services, log, source, request.organisationId), {
        systemAction: 'help_request.extend',
        what: REQUEST,
        load: (tx) => requestTarget(tx, request.id),
        apply: (tx, row, trail) =>
          row.status === 'open' ? extendOccurrences(tx, trail, row, today) : Promise.resolve(0),
      });
    }
    await services.db
      .update(scheduledRuns)
      .set({ finishedAt: new Date(), result: { requests: due.length, created } })
      .where(eq(scheduledRuns.id, claimed.id));
    return { requests: due.length, created };
  } catch (error) {
    await services.db
      .update(scheduledRuns)
      .set({
        finishedAt: new Date(),
        result: { error: error instanceof Error ? error.message : String(error) },
      })
      .where(eq(scheduledRuns.id, claimed.id));
    throw error;
  }
}
