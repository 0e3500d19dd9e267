/** Accounts of the organisation and their invitations (administrators). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../domain/common/schemas.js';
import { id, pageOf, timestamp } from '../http/responses.js';
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

const tags = ['users'];

/** An account as administrators see it: never its password hash nor its tokens. */
const userView = z.object({
  id,
  email: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  localServiceId: z.string().nullable(),
  visitorId: z.string().nullable(),
  disabledAt: timestamp.nullable(),
  createdAt: timestamp,
  invitationPending: z
    .boolean()
    .describe('Invitation pas encore acceptée (aucun mot de passe choisi)'),
});
/**
 * A link sent by e-mail, also shown to the administrator (to pass on if the e-mail went astray).
 * The e-mail leaves in the background, retried while the mail server does not answer.
 */
const invitationView = z.object({
  invitationLink: z.string(),
  expiresAt: z.string().describe('Date et heure ISO 8601 de fin de validité du lien'),
});

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
