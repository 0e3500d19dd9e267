/** Referrals ("signalements") by partners, the phone line and staff, and their processing. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../domain/common/schemas.js';
import { listScope } from '../../domain/permissions/policy.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { pageOf } from '../../domain/common/api.js';
import { partnerSharingWithdrawn } from '../rights/consent-withdrawal.js';
import {
  createReferral,
  isReferralStaff,
  listReferrals,
  partnerView,
  processReferral,
  readReferral,
  referralCreateSchema,
  referralListQuery,
  referralProcessSchema,
  staffView,
} from './service.js';
import {
  referralListItem,
  referralAnswer,
  referralProcessedView,
  referralCreatedView,
} from '../../domain/referrals/api.js';

const tags = ['referrals'];

export async function referralRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.post(
    '/api/referrals',
    {
      config: { access: 'referral.create' },
      schema: {
        tags,
        summary: 'Signaler une personne isolée',
        body: referralCreateSchema,
        response: { 201: referralCreatedView },
      },
    },
    async (request, reply) => {
      const referral = await createReferral(ctxOf(request), request.body);
      return reply.code(201).send({ id: referral.id, status: referral.status });
    },
  );

  r.get(
    '/api/referrals',
    {
      config: { access: 'referral.list' },
      schema: {
        tags,
        summary: 'Lister les signalements (un partenaire ne voit que les siens)',
        querystring: referralListQuery,
        response: { 200: pageOf(referralListItem) },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      return listReferrals(db, ctx.actor, listScope(ctx.actor, 'referral.list'), request.query);
    },
  );

  r.get(
    '/api/referrals/:id',
    {
      config: { access: 'referral.read' },
      schema: {
        tags,
        summary: 'Un signalement (un partenaire n’en voit que le suivi)',
        params: idParams,
        response: { 200: referralAnswer },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const referral = await readReferral(db, ctx, request.params.id);
      if (isReferralStaff(ctx.actor)) return { referral: staffView(referral) };
      const withdrawn = await partnerSharingWithdrawn(db, [referral.personId]);
      return {
        referral: partnerView(referral, !!referral.personId && withdrawn.has(referral.personId)),
      };
    },
  );

  r.post(
    '/api/referrals/:id/process',
    {
      config: { access: 'referral.process' },
      schema: {
        tags,
        summary:
          'Traiter un signalement (examen, acceptation avec création de la fiche, refus, clôture)',
        params: idParams,
        body: referralProcessSchema,
        response: { 200: referralProcessedView },
      },
    },
    async (request) => {
      const referral = await processReferral(ctxOf(request), request.params.id, request.body);
      return { id: referral.id, status: referral.status, personId: referral.personId };
    },
  );
}
