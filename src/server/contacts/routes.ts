/** The contact log (ADR 0027): note a contact, read a person's or a visitor's, follow call backs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, keysetPagination } from '../../domain/common/schemas.js';
import { callbackMoveSchema, contactCreateSchema } from '../../domain/contacts/schemas.js';
import { callbackOwnersView, contactPage, contactView } from '../../domain/contacts/api.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { auditRead } from '../audit/audit.js';
import { loadPersonFor } from '../people/service.js';
import { loadVisitorFor } from '../visitors/service.js';
import { callbackOwners, listContacts } from './queries.js';
import { createContact, markCallbackDone, moveCallback } from './service.js';

const tags = ['contacts'];

export async function contactRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.post(
    '/api/contacts',
    {
      config: { access: 'contact.create' },
      schema: {
        tags,
        summary: 'Noter un appel ou un contact avec une personne, un proche ou un visiteur',
        body: contactCreateSchema(),
        response: { 201: contactView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createContact(ctxOf(request), request.body)),
  );

  r.get(
    '/api/contacts/callback-owners',
    {
      config: { access: 'contact.create' },
      schema: {
        tags,
        summary: 'Les membres de l’équipe à qui confier un rappel',
        response: { 200: callbackOwnersView },
      },
    },
    async (request) => callbackOwners(db, ctxOf(request).actor),
  );

  r.get(
    '/api/people/:id/contacts',
    {
      config: { access: 'contact.list' },
      schema: {
        tags,
        summary:
          'Le journal des contacts d’une personne et de ses proches, les plus récents d’abord',
        params: idParams,
        querystring: keysetPagination,
        response: { 200: contactPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const { person } = await loadPersonFor(db, ctx, request.params.id, 'contact.list');
      const page = await listContacts(db, { personId: person.id }, request.query);
      await auditRead(db, ctx, {
        action: 'contact.list',
        entityType: 'person',
        entityId: person.id,
        subjectId: person.id,
      });
      return page;
    },
  );

  r.get(
    '/api/visitors/:id/contacts',
    {
      config: { access: 'contact.list' },
      schema: {
        tags,
        summary: 'Le journal des contacts d’un visiteur, les plus récents d’abord',
        params: idParams,
        querystring: keysetPagination,
        response: { 200: contactPage },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const visitor = await loadVisitorFor(db, ctx, request.params.id, 'contact.list');
      const page = await listContacts(db, { visitorId: visitor.id }, request.query);
      await auditRead(db, ctx, {
        action: 'contact.list',
        entityType: 'visitor',
        entityId: visitor.id,
      });
      return page;
    },
  );

  r.post(
    '/api/contacts/:id/callback-done',
    {
      config: { access: 'contact.update' },
      schema: {
        tags,
        summary: 'Marquer un rappel comme fait',
        params: idParams,
        response: { 200: contactView },
      },
    },
    async (request) => markCallbackDone(ctxOf(request), request.params.id),
  );

  r.patch(
    '/api/contacts/:id/callback',
    {
      config: { access: 'contact.update' },
      schema: {
        tags,
        summary: 'Déplacer un rappel ou le confier à quelqu’un d’autre',
        params: idParams,
        body: callbackMoveSchema(),
        response: { 200: contactView },
      },
    },
    async (request) => moveCallback(ctxOf(request), request.params.id, request.body),
  );
}
