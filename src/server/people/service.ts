/**
 * Writes about people accompanied. Each one checks permission on the loaded record, validates,
 * writes and records the audit diff in one transaction.
 */
import { formOfAddressOf } from '../../domain/common/french.js';
import { and, desc, eq, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/database.js';
import {
  assignments,
  consents,
  contactLog,
  evaluations,
  helpRequests,
  pairs,
  people,
  personContacts,
  statusChanges,
  visitors,
} from '../../db/schema.js';
import type { AuthenticatedContext } from '../http/context.js';
import { authorize } from '../http/authorize.js';
import { badRequest, conflict, notFound } from '../http/errors.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { addressChanged, locateAddress } from '../geo/locate.js';
import { currentUnit, findPerson, personScope } from './queries.js';
import type { PersonCreateInput, PersonUpdateInput } from '../../domain/people/schemas.js';
import { findDuplicateCandidates, normalizeName, planMerge } from '../../domain/people/identity.js';
import { scoreLsns6, type Lsns6Answers } from '../../domain/admission/lsns6.js';
import { evaluateEligibility } from '../../domain/admission/eligibility.js';
import { organisationRule, resolveLocalService } from '../organisations/service.js';
import {
  checkTransition,
  type LifecycleState,
  type PersonStatus,
  type TransitionRequest,
} from '../../domain/admission/lifecycle.js';
import { can, type Action } from '../../domain/permissions/policy.js';
import { auditRead } from '../audit/audit.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { applyConsentWithdrawal } from '../rights/consent-withdrawal.js';

const today = () => serviceToday();
const PERSON = 'Personne';

/**
 * Loads a person and checks the action on them; 404 when outside the user's scope. The current
 * assignment and its visitors come with it (the policy needs them; the file shows them).
 */
export async function loadPersonFor(
  db: DbOrTx,
  ctx: AuthenticatedContext,
  id: string,
  action: Action,
) {
  const row = await findPerson(db, id);
  if (!row || row.person.mergedIntoId || row.person.erasedAt) throw notFound(PERSON);
  const unit = await currentUnit(db, id);
  const { person } = row;
  authorize(
    ctx.actor,
    action,
    {
      organisationId: person.organisationId,
      localServiceId: person.localServiceId,
      visitorIds: unit.visitorIds,
    },
    PERSON,
  );
  // An archived file (retention, ADR 0012) exists only for administrators, and each read is audited.
  if (row.person.archivedAt) {
    if (!can(ctx.actor, 'person.read_archived').allowed) throw notFound(PERSON);
    await auditRead(db, ctx, {
      action: 'person.read_archived',
      entityType: 'person',
      entityId: id,
      subjectId: id,
    });
  }
  return { ...row, assignment: unit.assignment };
}

export async function checkDuplicates(
  db: DbOrTx,
  organisationId: string,
  input: {
    lastName: string;
    firstName: string;
    birthName?: string | null;
    birthDate?: string | null;
    phones: string[];
  },
  excludeId?: string,
) {
  // Pre-filter in SQL on cheap keys; the domain function decides what is a duplicate and why.
  const keyConditions = [
    sql`search_key(${people.lastName}) = search_key(${input.lastName})`,
    input.birthName
      ? sql`search_key(coalesce(${people.birthName}, '')) = search_key(${input.birthName})`
      : undefined,
    ...input.phones.map(
      (phone) => sql`${people.phones} @> ${JSON.stringify([{ number: phone }])}::jsonb`,
    ),
  ];
  const rows = await db
    .select()
    .from(people)
    .where(
      and(
        eq(people.organisationId, organisationId),
        isNull(people.mergedIntoId),
        excludeId ? ne(people.id, excludeId) : undefined,
        or(...keyConditions),
      ),
    )
    .limit(50);
  const candidates = findDuplicateCandidates(
    { ...input, phones: input.phones },
    rows.map((row) => ({
      id: row.id,
      lastName: row.lastName,
      birthName: row.birthName,
      firstName: row.firstName,
      birthDate: row.birthDate,
      phones: (row.phones as { number: string }[]).map((p) => p.number),
    })),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return candidates.map((candidate) => {
    const row = byId.get(candidate.id)!;
    return {
      id: row.id,
      lastName: row.lastName,
      firstName: row.firstName,
      birthDate: row.birthDate,
      formOfAddress: formOfAddressOf(row),
      communeName: row.communeName,
      reasons: candidate.reasons,
    };
  });
}

const assertLocalService = (db: DbOrTx, ctx: AuthenticatedContext, localServiceId: string | null) =>
  resolveLocalService(
    db,
    ctx.actor,
    localServiceId,
    'Vous ne pouvez rattacher une personne qu’à votre propre service local.',
  );

type PersonRow = Omit<typeof people.$inferSelect, 'currentStatus'>;
/** What the audit sees of a person: the record and its contacts. */
export type PersonTargetRow = PersonRow & {
  status: PersonStatus;
  contacts: Omit<typeof personContacts.$inferSelect, 'createdAt' | 'id' | 'personId'>[];
};

/**
 * A person as the target of a write: locked (`FOR UPDATE`), with their current status and their
 * contacts, so the audit diff covers both; null when unknown or merged into another file.
 */
export async function personTarget(tx: Tx, id: string): Promise<Target<PersonTargetRow> | null> {
  const [locked] = await tx.select().from(people).where(eq(people.id, id)).for('update');
  if (!locked || locked.mergedIntoId || locked.erasedAt) return null;
  // The trigger's copy of the status is the `status` the audit already shows: not a second field.
  const { currentStatus, ...person } = locked;
  const contacts = await tx
    .select()
    .from(personContacts)
    .where(eq(personContacts.personId, id))
    .orderBy(personContacts.createdAt, personContacts.id);
  return {
    row: {
      ...person,
      status: (currentStatus ?? 'referred') as PersonStatus,
      contacts: contacts.map(({ createdAt: _c, id: _i, personId: _p, ...c }) => c),
    },
    scope: await personScope(tx, person),
    entityType: 'person',
    entityId: id,
    subjectId: id,
    archived: person.archivedAt !== null,
  };
}

/**
 * Inserts a person, their contacts and their first status: the creation itself, shared by the
 * person form and the processing of a referral (each inside its own write).
 */
export async function insertPerson(
  tx: Tx,
  ctx: AuthenticatedContext,
  trail: AuditTrail,
  input: Omit<PersonCreateInput, 'confirmNotDuplicate'>,
  location: object,
  comment = 'Fiche créée',
) {
  const { contacts, ...fields } = input;
  const localServiceId = await assertLocalService(tx, ctx, fields.localServiceId);
  const [inserted] = await tx
    .insert(people)
    .values({ ...fields, ...location, localServiceId, organisationId: ctx.actor.organisationId })
    .returning();
  if (!inserted) throw new Error('insert returned nothing');
  const { currentStatus: _status, ...person } = inserted;
  const contactRows = contacts.length
    ? await tx
        .insert(personContacts)
        .values(contacts.map((c) => ({ ...c, personId: person.id })))
        .returning()
    : [];
  await tx.insert(statusChanges).values({
    personId: person.id,
    fromStatus: null,
    toStatus: 'referred',
    effectiveDate: today(),
    changedBy: ctx.actor.id,
    comment,
  });
  trail.record({
    action: 'person.create',
    entityType: 'person',
    entityId: person.id,
    subjectId: person.id,
    after: {
      ...person,
      status: 'referred',
      contacts: contactRows.map(({ createdAt: _c, id: _i, personId: _p, ...c }) => c),
    },
  });
  return person;
}

export async function createPerson(ctx: AuthenticatedContext, input: PersonCreateInput) {
  const { confirmNotDuplicate, ...fields } = input;
  const duplicates = await checkDuplicates(ctx.db, ctx.actor.organisationId, {
    ...fields,
    phones: fields.phones.map((p) => p.number),
  });
  if (duplicates.length > 0 && !confirmNotDuplicate) {
    throw conflict(
      'possible_duplicate',
      'Cette personne existe peut-être déjà. Vérifiez les fiches proposées ; si c’est bien une autre personne, confirmez la création.',
      { candidates: duplicates },
    );
  }
  const location = await locateAddress(ctx.geocoder, fields);
  return write(ctx, {
    apply: (tx, _none, trail) => insertPerson(tx, ctx, trail, fields, location),
  });
}

export async function updatePerson(
  ctx: AuthenticatedContext,
  id: string,
  patch: PersonUpdateInput,
) {
  // The address is located before the transaction (a network call must not hold a row lock); if
  // the address changed meanwhile, the write sees it and locates again.
  const current = await findPerson(ctx.db, id);
  if (!current || current.person.mergedIntoId) throw notFound(PERSON);
  const { contacts, ...fields } = patch;
  const locate = (person: PersonRow) =>
    addressChanged(person, fields)
      ? locateAddress(ctx.geocoder, { ...person, ...fields })
      : Promise.resolve({});
  let location = await locate(current.person);
  return write(ctx, {
    what: PERSON,
    load: (tx) => personTarget(tx, id),
    apply: async (tx, before) => {
      if (addressChanged(before, fields) && !addressChanged(current.person, fields))
        location = await locate(before);
      if ('localServiceId' in fields)
        fields.localServiceId = await assertLocalService(tx, ctx, fields.localServiceId ?? null);
      const [after] = await tx
        .update(people)
        .set({ ...fields, ...location, updatedAt: new Date() })
        .where(eq(people.id, id))
        .returning();
      if (contacts) {
        await tx.delete(personContacts).where(eq(personContacts.personId, id));
        if (contacts.length)
          await tx.insert(personContacts).values(contacts.map((c) => ({ ...c, personId: id })));
      }
      return after!;
    },
  });
}

/** Same contact twice: same name (compared as duplicate people are) and same phone and e-mail. */
const contactKey = (contact: { name: string; phone: string | null; email: string | null }) =>
  `${normalizeName(contact.name)}|${contact.phone ?? ''}|${(contact.email ?? '').toLowerCase()}`;

/**
 * Merges `removeId` into `keepId`: fields completed, histories moved, the other record retired.
 * Contacts already on the kept record are not copied twice; if both were being visited, the
 * duplicate's assignment ends on the merge date (a person has one current visit arrangement).
 */
export async function mergePeople(ctx: AuthenticatedContext, keepId: string, removeId: string) {
  if (keepId === removeId) throw badRequest('Choisissez deux fiches différentes.');
  return write(ctx, {
    what: PERSON,
    audit: 'person.merge',
    // Both records locked in one statement, in id order: two coordinators merging the same pair
    // at once cannot deadlock nor both succeed on stale copies.
    load: async (tx) => {
      await tx
        .select({ id: people.id })
        .from(people)
        .where(or(eq(people.id, keepId), eq(people.id, removeId)))
        .orderBy(people.id)
        .for('update');
      return personTarget(tx, keepId);
    },
    validate: async (tx) => {
      const remove = await personTarget(tx, removeId);
      if (!remove) throw notFound(PERSON);
      // The duplicate must be in the user's scope as well as the kept record.
      authorize(ctx.actor, 'person.merge', remove.scope, PERSON);
    },
    apply: async (tx, keepTarget, trail) => {
      const [keep] = await tx.select().from(people).where(eq(people.id, keepId));
      const removeTarget = (await personTarget(tx, removeId))!;
      const [remove] = await tx.select().from(people).where(eq(people.id, removeId));
      const plan = planMerge(keep as never, remove as never) as {
        merged: Record<string, unknown>;
        changedFields: string[];
      };
      const values: Record<string, unknown> = {};
      for (const field of plan.changedFields) values[field] = plan.merged[field];
      const [after] = await tx
        .update(people)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(people.id, keepId))
        .returning();

      const keptContacts = new Set(keepTarget.contacts.map(contactKey));
      for (const contact of await tx
        .select()
        .from(personContacts)
        .where(eq(personContacts.personId, removeId))) {
        if (keptContacts.has(contactKey(contact)))
          await tx.delete(personContacts).where(eq(personContacts.id, contact.id));
        else {
          keptContacts.add(contactKey(contact));
          await tx
            .update(personContacts)
            .set({ personId: keepId })
            .where(eq(personContacts.id, contact.id));
        }
      }
      const [keptAssignment] = await tx
        .select({ id: assignments.id })
        .from(assignments)
        .where(and(eq(assignments.personId, keepId), isNull(assignments.endedOn)));
      if (keptAssignment) {
        const ended = await tx
          .update(assignments)
          .set({ endedOn: today() })
          .where(and(eq(assignments.personId, removeId), isNull(assignments.endedOn)))
          .returning({ id: assignments.id, endedOn: assignments.endedOn });
        // The duplicate's current arrangement ends (the kept one stays): on the trail, about the duplicate.
        for (const row of ended)
          trail.record({
            entityType: 'assignment',
            entityId: row.id,
            subjectId: removeId,
            before: { endedOn: null },
            after: { endedOn: row.endedOn },
          });
      }
      // The duplicate's evaluations, consents and arrangements now belong to the kept file: each
      // moved record is on the trail, about the kept person (an erasure of them finds it).
      for (const [entityType, table] of [
        ['evaluation', evaluations],
        ['consent', consents],
        ['assignment', assignments],
        ['contact', contactLog],
        // Neighbour help (issue 13): the duplicate's requests follow the kept file.
        ['help_request', helpRequests],
      ] as const) {
        const moved = await tx
          .update(table)
          .set({ personId: keepId })
          .where(eq(table.personId, removeId))
          .returning({ id: table.id });
        for (const row of moved)
          trail.record({
            entityType,
            entityId: row.id,
            subjectId: keepId,
            before: { personId: removeId },
            after: { personId: keepId },
          });
      }
      const [retired] = await tx
        .update(people)
        .set({ mergedIntoId: keepId, updatedAt: new Date() })
        .where(eq(people.id, removeId))
        .returning();
      trail.record({
        action: 'person.merged_into',
        entityType: 'person',
        entityId: removeId,
        subjectId: removeId,
        before: removeTarget.row,
        after: { ...removeTarget.row, ...retired, contacts: [] },
      });
      return after!;
    },
  });
}

export interface EvaluationInput {
  evaluatedOn: string;
  evaluatorName?: string | null;
  answers: Lsns6Answers;
  livesAlone: boolean | null;
  evaluatorOpinion: 'favorable' | 'defavorable' | null;
  notes: string | null;
}

/** Records a social evaluation; a first evaluation also moves the person to "evaluated". */
export async function recordEvaluation(
  ctx: AuthenticatedContext,
  personId: string,
  input: EvaluationInput,
  evaluatorDisplayName: string,
) {
  if (input.evaluatedOn > today())
    throw badRequest('La date d’évaluation ne peut pas être dans le futur.', {
      field: 'evaluatedOn',
    });
  const rule = await organisationRule(ctx.db, ctx.actor.organisationId);
  const score = scoreLsns6(input.answers, { threshold: rule.isolationThreshold });
  const gazetteer = await loadGazetteer();
  return write(ctx, {
    what: PERSON,
    load: (tx) => personTarget(tx, personId),
    apply: async (tx, person, trail) => {
      const result = evaluateEligibility(rule, {
        birthDate: person.birthDate,
        evaluationDate: input.evaluatedOn,
        lsns6Total: score.total,
        livesAlone: input.livesAlone ?? person.livesAlone,
        departmentCode: gazetteer.departmentOf({
          postalCode: person.postalCode,
          commune: person.communeName,
        }),
        evaluatorOpinion: input.evaluatorOpinion,
      });
      const [evaluation] = await tx
        .insert(evaluations)
        .values({
          personId,
          evaluatedOn: input.evaluatedOn,
          evaluatorUserId: ctx.actor.id,
          evaluatorName: input.evaluatorName || evaluatorDisplayName,
          lsnsFamilySeen: input.answers.family_seen,
          lsnsFamilyTalkPrivate: input.answers.family_talk_private,
          lsnsFamilyHelp: input.answers.family_help,
          lsnsFriendsSeen: input.answers.friends_seen,
          lsnsFriendsTalkPrivate: input.answers.friends_talk_private,
          lsnsFriendsHelp: input.answers.friends_help,
          livesAlone: input.livesAlone,
          evaluatorOpinion: input.evaluatorOpinion,
          notes: input.notes,
          ruleApplied: rule,
          decision: result.decision,
          decisionReasons: result.reasons,
        })
        .returning();
      if (!evaluation) throw new Error('insert returned nothing');
      trail.record({
        entityType: 'evaluation',
        entityId: evaluation.id,
        subjectId: personId,
        after: evaluation,
      });
      let statusChanged: PersonStatus | null = null;
      // A first evaluation moves the person to "evaluated" (the person's diff shows it).
      if (person.status === 'referred' || person.status === 'evaluation_planned') {
        await tx.insert(statusChanges).values({
          personId,
          fromStatus: person.status,
          toStatus: 'evaluated',
          effectiveDate: input.evaluatedOn,
          changedBy: ctx.actor.id,
          comment:
            result.decision === 'eligible'
              ? 'Évaluation : éligible'
              : result.decision === 'not_eligible'
                ? 'Évaluation : non éligible'
                : 'Évaluation incomplète',
        });
        statusChanged = 'evaluated';
      }
      return { evaluation, score, decision: result, statusChanged };
    },
  });
}

/**
 * What the lifecycle needs to judge a change, from the latest status change and the latest
 * evaluation (the person's file has both already; `lifecycleState` reads them).
 */
export function lifecycleStateOf(
  status: PersonStatus,
  lastChange: { fromStatus: string | null; toStatus: string; effectiveDate: string } | undefined,
  latestEvaluation: { decision: string } | undefined,
): LifecycleState {
  return {
    status,
    statusBeforePause:
      lastChange?.toStatus === 'paused'
        ? ((lastChange.fromStatus as PersonStatus | null) ?? null)
        : null,
    latestEvaluationEligible: latestEvaluation ? latestEvaluation.decision === 'eligible' : null,
    currentSince: lastChange?.effectiveDate ?? null,
  };
}

/** What the lifecycle needs to judge a change, read from the histories. */
export async function lifecycleState(
  db: DbOrTx,
  personId: string,
  status: PersonStatus,
): Promise<LifecycleState> {
  const [lastChange] = await db
    .select({
      fromStatus: statusChanges.fromStatus,
      toStatus: statusChanges.toStatus,
      effectiveDate: statusChanges.effectiveDate,
    })
    .from(statusChanges)
    .where(eq(statusChanges.personId, personId))
    .orderBy(desc(statusChanges.id))
    .limit(1);
  const [latestEvaluation] = await db
    .select({ decision: evaluations.decision })
    .from(evaluations)
    .where(eq(evaluations.personId, personId))
    .orderBy(desc(evaluations.evaluatedOn), desc(evaluations.createdAt))
    .limit(1);
  const [consent] = await db
    .select({ id: consents.id })
    .from(consents)
    .where(
      and(
        eq(consents.personId, personId),
        eq(consents.scopeVisits, true),
        isNull(consents.withdrawnOn),
      ),
    )
    .limit(1);
  const [pending] = await db
    .select({ reason: people.consentPendingReason })
    .from(people)
    .where(eq(people.id, personId));
  return {
    ...lifecycleStateOf(status, lastChange, latestEvaluation),
    visitConsent: consent ? 'recorded' : pending?.reason ? 'pending' : 'missing',
  };
}

export async function transitionPerson(
  ctx: AuthenticatedContext,
  personId: string,
  request: TransitionRequest,
) {
  let pendingConsent = false;
  return write(ctx, {
    what: PERSON,
    load: (tx) => personTarget(tx, personId),
    validate: async (tx, person) => {
      const state = await lifecycleState(tx, personId, person.status);
      const check = checkTransition(state, request);
      if (!check.ok) throw conflict(check.code, check.message);
      pendingConsent = request.to === 'waiting' && state.visitConsent !== 'recorded';
    },
    apply: async (tx, person) => {
      // The reason stays on the file, with its day, until a consent to visits is recorded.
      if (pendingConsent && request.consentPendingReason) {
        await tx
          .update(people)
          .set({
            consentPendingReason: request.consentPendingReason,
            consentPendingSince: request.effectiveDate,
          })
          .where(eq(people.id, personId));
      }
      const [change] = await tx
        .insert(statusChanges)
        .values({
          personId,
          fromStatus: person.status,
          toStatus: request.to,
          reason: request.reason ?? null,
          comment: request.comment ?? null,
          until: request.until ?? null,
          effectiveDate: request.effectiveDate,
          changedBy: ctx.actor.id,
        })
        .returning();
      // Leaving the service ends the visits: the assignment is closed with the same date.
      if (request.to === 'ended') {
        await tx
          .update(assignments)
          .set({ endedOn: request.effectiveDate })
          .where(and(eq(assignments.personId, personId), isNull(assignments.endedOn)));
      }
      return change!;
    },
  });
}

export interface ConsentInput {
  givenOn: string;
  method: string;
  givenBy: string;
  givenByName: string | null;
  scopeVisits: boolean;
  scopeDataSharing: boolean;
  scopeHeatwaveRegister: boolean;
  notes: string | null;
}

export async function recordConsent(
  ctx: AuthenticatedContext,
  personId: string,
  input: ConsentInput,
) {
  if (input.givenOn > today())
    throw badRequest('La date du consentement ne peut pas être dans le futur.', {
      field: 'givenOn',
    });
  return write(ctx, {
    what: PERSON,
    audit: 'consent.create',
    load: (tx) => personTarget(tx, personId),
    apply: async (tx, _person, trail) => {
      const [consent] = await tx
        .insert(consents)
        .values({ ...input, personId, recordedBy: ctx.actor.id })
        .returning();
      // The consent awaited is now recorded: the reason it was pending no longer applies.
      if (input.scopeVisits)
        await tx
          .update(people)
          .set({ consentPendingReason: null, consentPendingSince: null })
          .where(and(eq(people.id, personId), isNotNull(people.consentPendingReason)));
      trail.record({
        entityType: 'consent',
        entityId: consent!.id,
        subjectId: personId,
        after: consent!,
      });
      return consent!;
    },
  });
}

export async function withdrawConsent(
  ctx: AuthenticatedContext,
  personId: string,
  consentId: string,
  withdrawnOn: string,
) {
  return write(ctx, {
    what: 'Consentement',
    audit: 'consent.withdraw',
    load: async (tx) => {
      const person = await personTarget(tx, personId);
      if (!person) return null;
      const [consent] = await tx
        .select()
        .from(consents)
        .where(and(eq(consents.id, consentId), eq(consents.personId, personId)))
        .for('update');
      if (!consent) return null;
      return {
        row: consent,
        scope: person.scope,
        entityType: 'consent',
        entityId: consentId,
        subjectId: personId,
      };
    },
    validate: (_tx, consent) => {
      if (consent.withdrawnOn)
        throw conflict('already_withdrawn', 'Ce consentement a déjà été retiré.');
      if (withdrawnOn < consent.givenOn)
        throw badRequest('Le retrait ne peut pas précéder le consentement.');
    },
    apply: async (tx, _consent, trail) => {
      const [after] = await tx
        .update(consents)
        .set({ withdrawnOn })
        .where(eq(consents.id, consentId))
        .returning();
      // The withdrawal has its effects at once (visits cancelled, assignment ended…), on this trail.
      const effects = await applyConsentWithdrawal(tx, trail, personId, { ...after!, withdrawnOn });
      return { consent: after!, effects };
    },
  });
}

/** Assigns a person to a pair or a volunteer of the same organisation (ends any current one). */
export async function assignPerson(
  ctx: AuthenticatedContext,
  personId: string,
  unit: { pairId: string | null; visitorId: string | null; startedOn: string },
) {
  if ((unit.pairId === null) === (unit.visitorId === null)) {
    throw badRequest('Choisissez soit un binôme, soit un visiteur seul.');
  }
  return write(ctx, {
    what: PERSON,
    audit: 'assignment.create',
    load: (tx) => personTarget(tx, personId),
    validate: async (tx) => {
      if (unit.pairId) {
        const [pair] = await tx
          .select()
          .from(pairs)
          .where(
            and(
              eq(pairs.id, unit.pairId),
              eq(pairs.organisationId, ctx.actor.organisationId),
              isNull(pairs.dissolvedOn),
            ),
          )
          // Locked: a dissolution of the pair (or departure of the visitor) at the same time
          // waits, and then sees this assignment.
          .for('update');
        if (!pair) throw badRequest('Binôme inconnu ou dissous.', { field: 'pairId' });
      } else {
        const [visitor] = await tx
          .select()
          .from(visitors)
          .where(
            and(
              eq(visitors.id, unit.visitorId!),
              eq(visitors.organisationId, ctx.actor.organisationId),
              isNull(visitors.endedOn),
            ),
          )
          .for('update');
        if (!visitor) throw badRequest('Visiteur inconnu ou parti.', { field: 'visitorId' });
      }
    },
    apply: async (tx, _person, trail) => {
      const ended = await tx
        .update(assignments)
        .set({ endedOn: unit.startedOn })
        .where(and(eq(assignments.personId, personId), isNull(assignments.endedOn)))
        .returning();
      for (const old of ended) {
        trail.record({
          entityType: 'assignment',
          entityId: old.id,
          subjectId: personId,
          before: { endedOn: null },
          after: { endedOn: old.endedOn },
        });
      }
      const [assignment] = await tx
        .insert(assignments)
        .values({
          organisationId: ctx.actor.organisationId,
          personId,
          pairId: unit.pairId,
          visitorId: unit.visitorId,
          startedOn: unit.startedOn,
          createdBy: ctx.actor.id,
        })
        .returning();
      trail.record({
        entityType: 'assignment',
        entityId: assignment!.id,
        subjectId: personId,
        after: assignment!,
      });
      return assignment!;
    },
  });
}
