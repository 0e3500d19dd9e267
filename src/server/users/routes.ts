/** Accounts of the organisation and their invitations (administrators). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../domain/common/schemas.js';
import { pageOf } from '../../domain/common/api.js';
import type { AppServices } from '../http/context.js';
import { authenticatedContext } from '../http/context.js';
import {
  inviteUser,
  listUsers,
  resendInvitation,
  updateUser,
  userInviteSchema,
  userListQuery,
  userUpdateSchema,
} from './service.js';
import { userView, invitationView } from '../../domain/users/api.js';

const tags = ['users'];

export async function userRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (request: FastifyRequest) => authenticatedContext(services, request);

  r.get(
    '/api/users',
    {
      config: { access: 'user.list' },
      schema: {
        tags,
        summary: 'Lister les comptes de l’organisation',
        querystring: userListQuery,
        response: { 200: pageOf(userView) },
      },
    },
    async (request) => listUsers(services.db, ctxOf(request).actor, request.query),
  );

  r.post(
    '/api/users',
    {
      config: { access: 'user.invite' },
      schema: {
        tags,
        summary: 'Inviter une personne : un lien valable 7 jours lui est envoyé par e-mail',
        body: userInviteSchema,
        response: { 201: invitationView.extend({ user: userView }) },
      },
    },
    async (request, reply) => reply.code(201).send(await inviteUser(ctxOf(request), request.body)),
  );

  r.post(
    '/api/users/:id/invitation',
    {
      // Resending is inviting again: the write checks this action (audited as user.resend_invitation).
      config: { access: 'user.invite' },
      schema: {
        tags,
        summary: 'Renvoyer l’invitation (l’ancien lien cesse de fonctionner)',
        params: idParams,
        response: { 200: invitationView },
      },
    },
    async (request) => resendInvitation(ctxOf(request), request.params.id),
  );

  r.patch(
    '/api/users/:id',
    {
      config: { access: 'user.update' },
      schema: {
        tags,
        summary: 'Modifier les rôles, le service local, ou désactiver un compte',
        params: idParams,
        body: userUpdateSchema,
        response: { 200: userView },
      },
    },
    async (request) => updateUser(ctxOf(request), request.params.id, request.body),
  );
}
