/** People's data rights (RGPD): access (access-routes.ts); erasure and retention join here. */
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../http/context.js';
import { accessRoutes } from './access-routes.js';

export async function rightsRoutes(app: FastifyInstance, services: AppServices) {
  await accessRoutes(app, services);
}
