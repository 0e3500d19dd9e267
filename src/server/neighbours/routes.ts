/**
 * Neighbour help (issue 13, ADR 0033): the organisation's kinds of help, the animator's list of
 * active neighbours, a neighbour's offer on the visitor's file, the sign-up by staff after a phone
 * call and the public sign-up page (no sign-in).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceToday } from '../../domain/common/calendar.js';
import { idParams, uuid } from '../../domain/common/schemas.js';
import {
  helpKindCreateSchema,
  helpKindsView,
  helpKindUpdateSchema,
  helpKindView,
  neighbourFormView,
  neighbourListQuery,
  neighbourPage,
  neighbourProfileSchema,
  neighbourPublicSignedUpView,
  neighbourPublicSignUpSchema,
  neighbourSavedView,
  neighbourSignedUpView,
  neighbourStaffSignUpSchema,
  neighbourView,
} from '../../domain/neighbours/api.js';
import { listScope } from '../../domain/permissions/policy.js';
import { auditRead } from '../audit/audit.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { loadVisitorFor } from '../visitors/service.js';
import { listHelpKinds, listNeighbours, neighbourOf } from './queries.js';
import {
  createHelpKind,
  neighbourForm,
  PUBLIC_SIGN_UP_ANSWER,
  saveNeighbourProfile,
  signUpNeighbourByStaff,
  signUpNeighbourPublicly,
  updateHelpKind,
} from './service.js';

const tags = ['neighbours'];

export async function neighbourRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.get(
    '/api/help-kinds',
    {
      config: { access: 'organisation.read' },
      schema: {
        tags,
        summary: 'Types d’aide de l’organisation (courses, compagnie…), désactivés compris',
        response: { 200: helpKindsView },
      },
    },
    async (request) => ({ items: await listHelpKinds(db, ctxOf(request).actor.organisationId) }),
  );

  r.post(
    '/api/help-kinds',
    {
      config: { access: 'help_kind.manage' },
      schema: {
        tags,
        summary: 'Ajouter un type d’aide',
        body: helpKindCreateSchema,
        response: { 201: helpKindView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createHelpKind(ctxOf(request), request.body)),
  );

  r.patch(
    '/api/help-kinds/:id',
    {
      config: { access: 'help_kind.manage' },
      schema: {
        tags,
        summary: 'Renommer, désactiver ou déplacer un type d’aide',
        params: idParams,
        body: helpKindUpdateSchema,
        response: { 200: helpKindView },
      },
    },
    async (request) => updateHelpKind(ctxOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/neighbours',
    {
      config: { access: 'neighbour.list' },
      schema: {
        tags,
        summary: 'Voisins actifs : ce qu’ils proposent, où, leur étape ; filtres et pages',
        querystring: neighbourListQuery,
        response: { 200: neighbourPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listNeighbours(
        db,
        listScope(ctx.actor, 'neighbour.list'),
        request.query,
        serviceToday(),
      );
    },
  );

  r.get(
    '/api/visitors/:id/neighbour',
    {
      config: { access: 'neighbour.read' },
      schema: {
        tags,
        summary: 'Ce que propose un voisin actif : aides, distance, disponibilités, limite',
        params: idParams,
        response: { 200: neighbourView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const visitor = await loadVisitorFor(db, ctx, request.params.id, 'neighbour.read');
      const view = await neighbourOf(db, visitor, serviceToday());
      await auditRead(db, ctx, {
        action: 'neighbour.read',
        entityType: 'visitor',
        entityId: visitor.id,
      });
      return view;
    },
  );

  r.put(
    '/api/visitors/:id/neighbour',
    {
      config: { access: 'neighbour.manage' },
      schema: {
        tags,
        summary: 'Enregistrer ce que propose un voisin actif (il devient voisin actif)',
        params: idParams,
        body: neighbourProfileSchema,
        response: { 200: neighbourSavedView },
      },
    },
    async (request) => saveNeighbourProfile(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/neighbours/sign-ups',
    {
      config: { access: 'neighbour.manage' },
      schema: {
        tags,
        summary: 'Inscrire un voisin actif qui appelle au téléphone',
        body: neighbourStaffSignUpSchema,
        response: { 201: neighbourSignedUpView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await signUpNeighbourByStaff(ctxOf(request), request.body)),
  );

  const orgParams = z.object({ id: uuid });

  r.get(
    '/api/public/organisations/:id/neighbour-form',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Page publique « Devenir voisin actif » : l’association et ses types d’aide',
        params: orgParams,
        response: { 200: neighbourFormView },
      },
    },
    async (request) => neighbourForm(contextOf(services, request), request.params.id),
  );

  r.post(
    '/api/public/organisations/:id/neighbour-sign-ups',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Inscription d’un voisin actif par la page publique (sans connexion)',
        params: orgParams,
        body: neighbourPublicSignUpSchema,
        response: { 201: neighbourPublicSignedUpView },
      },
    },
    async (request, reply) => {
      try {
        await signUpNeighbourPublicly(
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
      return reply.code(201).send({ ok: true as const, message: PUBLIC_SIGN_UP_ANSWER });
    },
  );
}
