/**
 * Neighbour-help requests (issue 13, ADR 0034): the staff list and request page, the operator's
 * incoming-call screen (who is calling, then a request on their behalf), the public request page
 * (no sign-in), an occurrence cancelled alone and a series ended.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, uuid } from '../../domain/common/schemas.js';
import { idView } from '../../domain/common/api.js';
import {
  callerView,
  helpRequestFormView,
  publicRequestView,
  requestPage,
  requestView,
} from '../../domain/help-requests/api.js';
import { listHelpKinds } from '../neighbours/queries.js';
import {
  callerQuery,
  endRequestSchema,
  linkPersonSchema,
  occurrenceCancelSchema,
  publicRequestSchema,
  requestListQuery,
  staffRequestSchema,
} from '../../domain/help-requests/schemas.js';
import { listScope } from '../../domain/permissions/policy.js';
import { auditRead } from '../audit/audit.js';
import { authorize } from '../http/authorize.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { HttpError, notFound } from '../http/errors.js';
import { findCallers, listRequests, requestDetail } from './queries.js';
import {
  cancelOccurrence,
  createPublicRequest,
  createStaffRequest,
  endRequest,
  linkRequestToPerson,
  PUBLIC_REQUEST_ANSWER,
  publicOrganisation,
} from './service.js';

const tags = ['help-requests'];
const REQUEST = 'Demande d’entraide';

export async function helpRequestRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  /**
   * A request the user may read (404 otherwise). The request page's GET audits the read; a write
   * answers the request it changed without a read row (its own audit rows trace it).
   */
  const readRequest = async (ctx: AuthenticatedContext, id: string, audit = false) => {
    const detail = await requestDetail(db, id);
    if (!detail) throw notFound(REQUEST);
    authorize(
      ctx.actor,
      'help_request.read',
      { organisationId: detail.organisationId, localServiceId: detail.localServiceId },
      REQUEST,
    );
    if (audit)
      await auditRead(db, ctx, {
        action: 'help_request.read',
        entityType: 'help_request',
        entityId: id,
        subjectId: detail.personId,
      });
    const { organisationId: _o, localServiceId: _l, ...view } = detail;
    return view;
  };

  r.get(
    '/api/help-requests',
    {
      config: { access: 'help_request.list' },
      schema: {
        tags,
        summary: 'Les demandes d’entraide (filtres : statut, type d’aide, urgence, commune)',
        querystring: requestListQuery,
        response: { 200: requestPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listRequests(db, listScope(ctx.actor, 'help_request.list'), request.query);
    },
  );

  r.get(
    '/api/help-requests/callers',
    {
      config: { access: 'help_request.create' },
      schema: {
        tags,
        summary: 'Appel entrant : les personnes et les proches qui ont ce numéro',
        querystring: callerQuery,
        response: { 200: callerView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const found = await findCallers(db, ctx.actor, request.query.phone);
      const subjects = [
        ...new Set([...found.people.map((p) => p.id), ...found.carers.map((c) => c.personId)]),
      ];
      if (subjects.length)
        await auditRead(
          db,
          ctx,
          subjects.map((id) => ({
            action: 'help_request.caller',
            entityType: 'person',
            entityId: id,
            subjectId: id,
          })),
        );
      return found;
    },
  );

  r.post(
    '/api/help-requests',
    {
      config: { access: 'help_request.create' },
      schema: {
        tags,
        summary:
          'Enregistrer une demande d’entraide au téléphone ou à l’accueil, pour une personne',
        body: staffRequestSchema(),
        response: { 201: idView },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ id: await createStaffRequest(ctxOf(request), request.body) }),
  );

  r.get(
    '/api/help-requests/:id',
    {
      config: { access: 'help_request.read' },
      schema: {
        tags,
        summary: 'Une demande d’entraide et ses dates',
        params: idParams,
        response: { 200: requestView },
      },
    },
    async (request) => readRequest(ctxOf(request), request.params.id, true),
  );

  r.post(
    '/api/help-requests/:id/person',
    {
      config: { access: 'help_request.manage' },
      schema: {
        tags,
        summary: 'Rattacher une demande reçue par le site à la fiche de la personne (elle s’ouvre)',
        params: idParams,
        body: linkPersonSchema,
        response: { 200: requestView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await linkRequestToPerson(ctx, request.params.id, request.body.personId);
      return readRequest(ctx, request.params.id);
    },
  );

  r.post(
    '/api/help-requests/:id/end',
    {
      config: { access: 'help_request.manage' },
      schema: {
        tags,
        summary: 'Clore une demande : ses dates après la dernière gardée sont annulées',
        params: idParams,
        body: endRequestSchema(),
        response: { 200: requestView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      await endRequest(ctx, request.params.id, request.body);
      return readRequest(ctx, request.params.id);
    },
  );

  r.post(
    '/api/help-occurrences/:id/cancel',
    {
      config: { access: 'help_request.manage' },
      schema: {
        tags,
        summary: 'Annuler une seule date d’une demande, avec son motif',
        params: idParams,
        body: occurrenceCancelSchema,
        response: { 200: requestView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const requestId = await cancelOccurrence(ctx, request.params.id, request.body);
      return readRequest(ctx, requestId);
    },
  );

  const orgParams = z.object({ id: uuid });

  r.get(
    '/api/public/organisations/:id/help-request-form',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Formulaire public de demande d’entraide : le nom de l’association, les aides',
        params: orgParams,
        response: { 200: helpRequestFormView },
      },
    },
    async (request) => {
      const organisation = await publicOrganisation(db, request.params.id);
      const kinds = await listHelpKinds(db, organisation.id, { activeOnly: true });
      return {
        organisationName: organisation.name,
        helpKinds: kinds.map((k) => ({ code: k.code, label: k.label })),
      };
    },
  );

  r.post(
    '/api/public/organisations/:id/help-requests',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Demande d’entraide d’une personne âgée ou d’un proche (sans connexion)',
        params: orgParams,
        body: publicRequestSchema(),
        response: { 201: publicRequestView },
      },
    },
    async (request, reply) => {
      try {
        await createPublicRequest(
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
      return reply.code(201).send({ ok: true as const, message: PUBLIC_REQUEST_ANSWER });
    },
  );
}
