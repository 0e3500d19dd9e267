/** « À faire » (the coordinator's day) and the callbacks worklist. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { callbackList, todoView } from '../../domain/todo/api.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import { callbackListSchema, listCallbacks, readTodo, todoQuerySchema } from './service.js';

export async function todoRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/todo',
    {
      config: { access: 'todo.read' },
      schema: {
        tags: ['à faire'],
        summary:
          'À faire : appels à rendre, alertes, premières rencontres, fins d’essai, bilans, documents, candidatures (lecture journalisée)',
        querystring: todoQuerySchema,
        response: { 200: todoView },
      },
    },
    async (request) => readTodo(ctxOf(request), request.query),
  );
  r.get(
    '/api/contacts/callbacks',
    {
      config: { access: 'contact.list' },
      schema: {
        tags: ['contacts'],
        summary:
          'Appels à rendre : les rappels non faits, les plus en retard d’abord (lecture journalisée)',
        querystring: callbackListSchema,
        response: { 200: callbackList },
      },
    },
    async (request) => listCallbacks(ctxOf(request), request.query),
  );
}
