/** People accompanied: list, file, creation, update, merge, evaluation, consent, lifecycle. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, desc, eq, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import {
  auditLog,
  consents,
  evaluations,
  personContacts,
  statusChanges,
  users,
} from '../../db/schema.js';
import {
  idParams,
  isoDate,
  longText,
  keysetPagination,
  optionalText,
  pagination,
  uuid,
} from '../../domain/common/schemas.js';
import {
  CONSENT_GIVERS,
  CONSENT_METHODS,
  personCreateSchema,
  personUpdateSchema,
} from '../../domain/people/schemas.js';
import { lsns6AnswersSchema, scoreLsns6 } from '../../domain/admission/lsns6.js';
import {
  allowedTransitions,
  PERSON_STATUSES,
  transitionRequestSchema,
} from '../../domain/admission/lifecycle.js';
import { can, listScope } from '../../domain/permissions/policy.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { auditRead } from '../audit/audit.js';
import { listPeople } from './queries.js';
import { idView, pageOf } from '../../domain/common/api.js';
import {
  consentWithdrawalView,
  duplicatesView,
  evaluationResultView,
  personFileView,
  personViewsView,
  transitionResultView,
  type StoredDecisionReasons,
  type StoredPersonJson,
} from '../../domain/people/api.js';
import { personListItem } from '../../domain/people/api.js';

import { organisationRule } from '../organisations/service.js';
import {
  assignPerson,
  checkDuplicates,
  createPerson,
  lifecycleState,
  lifecycleStateOf,
  loadPersonFor,
  mergePeople,
  recordConsent,
  recordEvaluation,
  transitionPerson,
  updatePerson,
  withdrawConsent,
} from './service.js';

const tags = ['people'];

/** The people list's filters and pages (the export of the list takes the same filters). */
export const peopleListQuery = keysetPagination.extend({
  q: z.string().trim().max(100).optional(),
  status: z.enum(PERSON_STATUSES).optional(),
  localServiceId: uuid.optional(),
  locationStatus: z.enum(['located', 'to_locate']).optional(),
  postalCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional(),
});

export async function peopleRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.get(
    '/api/people',
    {
      config: { access: 'person.list' },
      schema: {
        tags,
        summary: 'Lister et rechercher les personnes accompagnées',
        querystring: peopleListQuery,
        response: { 200: pageOf(personListItem) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listPeople(db, listScope(ctx.actor, 'person.list'), {
        ...request.query,
        includeArchived: can(ctx.actor, 'person.read_archived').allowed,
      });
    },
  );

  r.post(
    '/api/people/duplicates',
    {
      config: { access: 'person.create' },
      schema: {
        tags,
        summary: 'Chercher des doublons possibles avant de créer une fiche',
        body: z.object({
          lastName: z.string().trim().min(1).max(100),
          firstName: z.string().trim().min(1).max(100),
          birthName: z.string().trim().max(100).nullish(),
          birthDate: isoDate.nullish(),
          phones: z.array(z.string().max(20)).max(5).default([]),
        }),
        response: { 200: duplicatesView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return { candidates: await checkDuplicates(db, ctx.actor.organisationId, request.body) };
    },
  );

  r.post(
    '/api/people',
    {
      config: { access: 'person.create' },
      schema: {
        tags,
        summary: 'Créer une fiche',
        body: personCreateSchema,
        response: { 201: idView },
      },
    },
    async (request, reply) => {
      const person = await createPerson(ctxOf(request), request.body);
      return reply.code(201).send({ id: person.id });
    },
  );

  r.get(
    '/api/people/:id',
    {
      config: { access: 'person.read' },
      schema: {
        tags,
        summary: 'Fiche complète d’une personne (lecture journalisée)',
        params: idParams,
        response: { 200: personFileView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { person, status, assignment } = await loadPersonFor(
        db,
        ctx,
        request.params.id,
        'person.read',
      );
      const id = person.id;
      const actor = ctx.actor;
      const seeSocial = can(actor, 'evaluation.read').allowed;
      const canTransition = can(actor, 'person.transition').allowed;
      const contacts = await db
        .select()
        .from(personContacts)
        .where(eq(personContacts.personId, id))
        .orderBy(asc(personContacts.createdAt));
      const history = seeSocial
        ? await db
            .select({ change: statusChanges, by: users.displayName })
            .from(statusChanges)
            .leftJoin(users, eq(users.id, statusChanges.changedBy))
            .where(eq(statusChanges.personId, id))
            .orderBy(desc(statusChanges.id))
        : [];
      const evaluationRows = seeSocial
        ? await db
            .select()
            .from(evaluations)
            .where(eq(evaluations.personId, id))
            .orderBy(desc(evaluations.evaluatedOn), desc(evaluations.createdAt))
        : [];
      const consentRows = can(actor, 'consent.read').allowed
        ? await db
            .select()
            .from(consents)
            .where(eq(consents.personId, id))
            .orderBy(desc(consents.givenOn))
        : [];
      // Who saw whom: every opening of the full record is itself recorded (one statement).
      await auditRead(db, ctx, [
        { action: 'person.read', entityType: 'person', entityId: id, subjectId: id },
        ...evaluationRows.map((e) => ({
          action: 'evaluation.read',
          entityType: 'evaluation',
          entityId: e.id,
          subjectId: id,
        })),
        ...consentRows.map((c) => ({
          action: 'consent.read',
          entityType: 'consent',
          entityId: c.id,
          subjectId: id,
        })),
      ]);
      const rule = seeSocial ? await organisationRule(db, actor.organisationId) : null;
      // The history and the evaluations are already here when the user may see them (the roles
      // that may change a status may); otherwise the lifecycle reads what it needs.
      const transitionContext = !canTransition
        ? null
        : seeSocial
          ? lifecycleStateOf(status, history[0]?.change, evaluationRows[0])
          : await lifecycleState(db, id, status);
      const visitorView = !seeSocial && !can(actor, 'person.update').allowed;
      const json = { phones: person.phones, preferences: person.preferences } as StoredPersonJson;
      return {
        person: visitorView
          ? {
              // A visitor sees what a visit needs, not the social file.
              id: person.id,
              lastName: person.lastName,
              firstName: person.firstName,
              street: person.street,
              addressComplement: person.addressComplement,
              postalCode: person.postalCode,
              communeName: person.communeName,
              latitude: person.latitude,
              longitude: person.longitude,
              phones: json.phones,
              interests: person.interests,
              languages: person.languages,
              preferences: json.preferences,
              practicalNotes: person.practicalNotes,
            }
          : { ...person, ...json },
        status,
        contacts: visitorView ? contacts.filter((c) => c.isEmergencyContact) : contacts,
        assignment,
        statusHistory: history.map(({ change, by }) => ({ ...change, changedByName: by })),
        evaluations: evaluationRows.map((e) => {
          const answers = {
            family_seen: e.lsnsFamilySeen,
            family_talk_private: e.lsnsFamilyTalkPrivate,
            family_help: e.lsnsFamilyHelp,
            friends_seen: e.lsnsFriendsSeen,
            friends_talk_private: e.lsnsFriendsTalkPrivate,
            friends_help: e.lsnsFriendsHelp,
          };
          const threshold =
            (e.ruleApplied as { isolationThreshold?: number }).isolationThreshold ?? 12;
          return {
            ...e,
            decisionReasons: e.decisionReasons as StoredDecisionReasons,
            answers,
            score: scoreLsns6(answers, { threshold }),
          };
        }),
        consents: consentRows,
        eligibilityRule: rule,
        transitions: transitionContext ? allowedTransitions(transitionContext) : [],
      };
    },
  );

  r.patch(
    '/api/people/:id',
    {
      config: { access: 'person.update' },
      schema: {
        tags,
        summary: 'Modifier une fiche',
        params: idParams,
        body: personUpdateSchema,
        response: { 200: idView },
      },
    },
    async (request) => {
      const person = await updatePerson(ctxOf(request), request.params.id, request.body);
      return { id: person!.id };
    },
  );

  r.post(
    '/api/people/:id/merge',
    {
      config: { access: 'person.merge' },
      schema: {
        tags,
        summary: 'Fusionner une fiche en double dans celle-ci',
        params: idParams,
        body: z.object({ duplicateId: uuid }),
        response: { 200: idView },
      },
    },
    async (request) => {
      const person = await mergePeople(ctxOf(request), request.params.id, request.body.duplicateId);
      return { id: person!.id };
    },
  );

  r.post(
    '/api/people/:id/evaluations',
    {
      config: { access: 'evaluation.create' },
      schema: {
        tags,
        summary: 'Enregistrer une évaluation sociale avec l’échelle LSNS-6',
        params: idParams,
        body: z.object({
          evaluatedOn: isoDate,
          evaluatorName: optionalText(120),
          answers: lsns6AnswersSchema,
          livesAlone: z.boolean().nullable().default(null),
          evaluatorOpinion: z.enum(['favorable', 'defavorable']).nullable().default(null),
          notes: longText(5000),
        }),
        response: { 201: evaluationResultView },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const [me] = await db
        .select({ name: users.displayName })
        .from(users)
        .where(eq(users.id, ctx.actor.id));
      const result = await recordEvaluation(ctx, request.params.id, request.body, me?.name ?? '');
      return reply.code(201).send({
        id: result.evaluation.id,
        score: result.score,
        decision: result.decision,
        statusChanged: result.statusChanged,
      });
    },
  );

  r.post(
    '/api/people/:id/transitions',
    {
      config: { access: 'person.transition' },
      schema: {
        tags,
        summary: 'Changer le statut (parcours de la personne)',
        params: idParams,
        body: transitionRequestSchema,
        response: { 201: transitionResultView },
      },
    },
    async (request, reply) => {
      const change = await transitionPerson(ctxOf(request), request.params.id, request.body);
      return reply.code(201).send({ id: change!.id, status: change!.toStatus });
    },
  );

  r.post(
    '/api/people/:id/consents',
    {
      config: { access: 'consent.create' },
      schema: {
        tags,
        summary: 'Enregistrer un consentement',
        params: idParams,
        body: z
          .object({
            givenOn: isoDate,
            method: z.enum(CONSENT_METHODS),
            givenBy: z.enum(CONSENT_GIVERS),
            givenByName: optionalText(120),
            scopeVisits: z.boolean(),
            scopeDataSharing: z.boolean(),
            scopeHeatwaveRegister: z.boolean(),
            notes: longText(1000),
          })
          .refine((v) => v.givenBy === 'person' || !!v.givenByName, {
            message: 'Indiquez le nom de la personne qui a donné le consentement.',
            path: ['givenByName'],
          }),
        response: { 201: idView },
      },
    },
    async (request, reply) => {
      const consent = await recordConsent(ctxOf(request), request.params.id, request.body);
      return reply.code(201).send({ id: consent.id });
    },
  );

  r.post(
    '/api/people/:id/consents/:consentId/withdraw',
    {
      config: { access: 'consent.create' },
      schema: {
        tags,
        summary: 'Retirer un consentement',
        params: z.object({ id: uuid, consentId: uuid }),
        body: z.object({ withdrawnOn: isoDate }),
        response: { 200: consentWithdrawalView },
      },
    },
    async (request) => {
      const { consent, effects } = await withdrawConsent(
        ctxOf(request),
        request.params.id,
        request.params.consentId,
        request.body.withdrawnOn,
      );
      return { id: consent.id, withdrawnOn: consent.withdrawnOn, effects };
    },
  );

  r.post(
    '/api/people/:id/assignment',
    {
      config: { access: 'assignment.manage' },
      schema: {
        tags,
        summary: 'Confier la personne à un binôme ou à un visiteur seul',
        params: idParams,
        body: z.object({
          pairId: uuid.nullable().default(null),
          visitorId: uuid.nullable().default(null),
          startedOn: isoDate,
        }),
        response: { 201: idView },
      },
    },
    async (request, reply) => {
      const assignment = await assignPerson(ctxOf(request), request.params.id, request.body);
      return reply.code(201).send({ id: assignment.id });
    },
  );

  r.get(
    '/api/people/:id/views',
    {
      config: { access: 'person.views' },
      schema: {
        tags,
        summary:
          'Qui a consulté ou modifié ce qui concerne cette personne (fiche, visites, alertes, évaluations, consentements…)',
        params: idParams,
        querystring: pagination,
        response: { 200: personViewsView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await loadPersonFor(db, ctx, request.params.id, 'person.views');
      const { page, pageSize } = request.query;
      // Everything recorded about the person: their file, and their visits, alerts, evaluations,
      // consents, calendar feeds… (rows written before subjects were kept: the file's own).
      const rows = await db
        .select({
          id: auditLog.id,
          at: auditLog.at,
          kind: auditLog.kind,
          action: auditLog.action,
          entityType: auditLog.entityType,
          entityId: auditLog.entityId,
          source: auditLog.source,
          userName: users.displayName,
          diff: auditLog.diff,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.userId))
        .where(
          and(
            or(
              eq(auditLog.subjectId, request.params.id),
              and(
                isNull(auditLog.subjectId),
                eq(auditLog.entityType, 'person'),
                eq(auditLog.entityId, request.params.id),
              ),
            ),
            eq(auditLog.organisationId, ctx.actor.organisationId),
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { items: rows, page, pageSize };
    },
  );
}
