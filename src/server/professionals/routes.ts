/**
 * The professionals' directory (ADR 0035): the list (paid services, apart from volunteers), a
 * professional's record, staff's changes and « vérifié aujourd'hui », and the public page the
 * yearly e-mail's link opens (no sign-in: the token in the body, never in an address).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../domain/common/schemas.js';
import {
  professionalPage,
  professionalView,
  selfCheckAnswerView,
  selfCheckView,
} from '../../domain/professionals/api.js';
import {
  checkTokenSchema,
  professionalFilters,
  professionalSchema,
  selfCorrectionSchema,
} from '../../domain/professionals/schemas.js';
import { eq } from 'drizzle-orm';
import { professionals } from '../../db/schema.js';
import { can } from '../../domain/permissions/policy.js';
import { auditRead } from '../audit/audit.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { listProfessionals, professionalView as viewOf } from './queries.js';
import {
  confirmSelfCheck,
  correctSelfCheck,
  createProfessional,
  markProfessionalChecked,
  openSelfCheck,
  SELF_CONFIRM_ANSWER,
  SELF_CORRECT_ANSWER,
  updateProfessional,
} from './service.js';

const tags = ['professionals'];

export async function professionalRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.get(
    '/api/professionals',
    {
      config: { access: 'professional.list' },
      schema: {
        tags,
        summary:
          'L’annuaire des professionnels (services payants, hors bénévolat), par métier et commune desservie',
        querystring: professionalFilters,
        response: { 200: professionalPage },
      },
    },
    async (request) => listProfessionals(db, ctxOf(request).actor.organisationId, request.query),
  );

  r.post(
    '/api/professionals',
    {
      config: { access: 'professional.manage' },
      schema: {
        tags,
        summary: 'Ajouter un professionnel à l’annuaire',
        body: professionalSchema,
        response: { 201: professionalView },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createProfessional(ctxOf(request), request.body)),
  );

  r.get(
    '/api/professionals/:id',
    {
      config: { access: 'professional.read' },
      schema: {
        tags,
        summary: 'La fiche d’un professionnel, avec ses dernières modifications',
        params: idParams,
        response: { 200: professionalView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const [row] = await db
        .select({ id: professionals.id, organisationId: professionals.organisationId })
        .from(professionals)
        .where(eq(professionals.id, request.params.id));
      if (
        !row ||
        !can(ctx.actor, 'professional.read', { organisationId: row.organisationId }).allowed
      )
        throw notFound('Professionnel');
      const view = await viewOf(db, row.id);
      await auditRead(db, ctx, {
        action: 'professional.read',
        entityType: 'professional',
        entityId: row.id,
      });
      return view;
    },
  );

  r.put(
    '/api/professionals/:id',
    {
      config: { access: 'professional.manage' },
      schema: {
        tags,
        summary: 'Modifier la fiche d’un professionnel',
        params: idParams,
        body: professionalSchema,
        response: { 200: professionalView },
      },
    },
    async (request) => updateProfessional(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/professionals/:id/checked',
    {
      config: { access: 'professional.manage' },
      schema: {
        tags,
        summary: 'Noter que les coordonnées d’un professionnel ont été vérifiées aujourd’hui',
        params: idParams,
        response: { 200: professionalView },
      },
    },
    async (request) => markProfessionalChecked(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/public/professional-check',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Page du lien de vérification : les coordonnées du professionnel (sans connexion)',
        body: checkTokenSchema,
        response: { 200: selfCheckView },
      },
    },
    async (request) => openSelfCheck(contextOf(services, request), request.body.token),
  );

  r.post(
    '/api/public/professional-check/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Le professionnel confirme que tout est juste (lien de vérification)',
        body: checkTokenSchema,
        response: { 200: selfCheckAnswerView },
      },
    },
    async (request) => {
      await confirmSelfCheck(contextOf(services, request), request.body.token);
      return { ok: true as const, message: SELF_CONFIRM_ANSWER };
    },
  );

  r.post(
    '/api/public/professional-check/correct',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Le professionnel corrige ses coordonnées (lien de vérification)',
        body: selfCorrectionSchema,
        response: { 200: selfCheckAnswerView },
      },
    },
    async (request) => {
      await correctSelfCheck(contextOf(services, request), request.body);
      return { ok: true as const, message: SELF_CORRECT_ANSWER };
    },
  );
}
