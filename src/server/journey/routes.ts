/**
 * The visitor's and volunteer's journey: its stages, interviews and documents (staff), the
 * applications entered by staff after a phone call, and the public application form (no sign-in).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { serviceToday } from '../../domain/common/calendar.js';
import { idParams, uuid } from '../../domain/common/schemas.js';
import { idView } from '../../domain/common/api.js';
import {
  applicationCreatedView,
  applicationFormView,
  documentSchema,
  interviewRecordedView,
  interviewSchema,
  journeyMovedView,
  journeyMoveSchema,
  journeyView,
  publicApplicationSchema,
  publicApplicationView,
  staffApplicationSchema,
} from '../../domain/visitors/journey-api.js';
import { z } from 'zod';
import { auditRead } from '../audit/audit.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { loadVisitorFor } from '../visitors/service.js';
import { journeyOf } from './queries.js';
import {
  createPublicApplication,
  createStaffApplication,
  moveJourney,
  PUBLIC_APPLICATION_ANSWER,
  publicOrganisation,
  recordDocument,
  recordInterview,
} from './service.js';

const tags = ['journey'];

export async function journeyRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.get(
    '/api/visitors/:id/journey',
    {
      config: { access: 'journey.read' },
      schema: {
        tags,
        summary: 'Parcours d’un visiteur : étape, historique, entretiens, documents, disponibilité',
        params: idParams,
        response: { 200: journeyView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const visitor = await loadVisitorFor(db, ctx, request.params.id, 'journey.read');
      const view = await journeyOf(db, visitor, serviceToday());
      await auditRead(db, ctx, {
        action: 'journey.read',
        entityType: 'visitor',
        entityId: visitor.id,
      });
      return view;
    },
  );

  r.post(
    '/api/visitors/:id/journey',
    {
      config: { access: 'journey.manage' },
      schema: {
        tags,
        summary: 'Faire passer un visiteur à une étape du parcours (suspendre, reprendre, finir…)',
        params: idParams,
        body: journeyMoveSchema,
        response: { 200: journeyMovedView },
      },
    },
    async (request) => moveJourney(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/visitors/:id/interviews',
    {
      config: { access: 'journey.manage' },
      schema: {
        tags,
        summary: 'Noter l’entretien d’un candidat (défavorable : la candidature prend fin)',
        params: idParams,
        body: interviewSchema,
        response: { 201: interviewRecordedView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordInterview(ctxOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/visitors/:id/documents',
    {
      config: { access: 'journey.manage' },
      schema: {
        tags,
        summary: 'Enregistrer un document reçu (charte signée, attestation d’assurance…)',
        params: idParams,
        body: documentSchema,
        response: { 201: idView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordDocument(ctxOf(request), request.params.id, request.body)),
  );

  r.post(
    '/api/visitors/applications',
    {
      config: { access: 'journey.manage' },
      schema: {
        tags,
        summary: 'Enregistrer une candidature reçue par téléphone',
        body: staffApplicationSchema,
        response: { 201: applicationCreatedView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createStaffApplication(ctxOf(request), request.body)),
  );

  const orgParams = z.object({ id: uuid });

  r.get(
    '/api/public/organisations/:id/application-form',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Formulaire public de candidature : le nom de l’association',
        params: orgParams,
        response: { 200: applicationFormView },
      },
    },
    async (request) => {
      const organisation = await publicOrganisation(db, request.params.id);
      return { organisationName: organisation.name };
    },
  );

  r.post(
    '/api/public/organisations/:id/applications',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Candidature d’un futur bénévole par le formulaire public (sans connexion)',
        params: orgParams,
        body: publicApplicationSchema,
        response: { 201: publicApplicationView },
      },
    },
    async (request, reply) => {
      try {
        await createPublicApplication(
          contextOf(services, request),
          request.params.id,
          request.body,
          request.ip,
        );
      } catch (error) {
        if (error instanceof HttpError && error.statusCode === 429) {
          const wait = error.extra.retryAfterSeconds;
          if (typeof wait === 'number') reply.header('retry-after', String(wait));
        }
        throw error;
      }
      return reply.code(201).send({ ok: true as const, message: PUBLIC_APPLICATION_ANSWER });
    },
  );
}
