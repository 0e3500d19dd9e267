/** Referrals ("signalements") by partners, the phone line and staff, and their processing. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../../domain/common/schemas.js';
import { listScope } from '../../domain/permissions/policy.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { day, id, pageOf, timestamp } from '../http/responses.js';
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

const tags = ['referrals'];

// ---------------------------------------------------------------- answers

const statusFields = {
  id,
  status: z.string().describe('submitted, in_review, accepted, declined ou closed'),
  statusLabel: z.string().describe('Le statut, en français'),
  createdAt: timestamp,
  updatedAt: timestamp,
};

/**
 * What a partner sees (`partnerView`): the status, the coordinator's note (null once the person
 * withdrew their consent to data sharing), the dates and the identity they sent. Nothing more.
 */
const partnerReferral = z
  .object({
    ...statusFields,
    statusNote: z.string().nullable().describe('Le mot du coordinateur au partenaire'),
    lastName: z.string(),
    firstName: z.string(),
    birthDate: day.nullable(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    communeName: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .describe('Vue du partenaire qui a fait le signalement');

/** A line of the list for the staff (coordinators, operators, administrators). */
const staffReferralListItem = z
  .object({
    ...statusFields,
    urgency: z.string().describe('low, normal ou urgent'),
    partnerName: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    birthDate: day.nullable(),
    communeName: z.string().nullable(),
    contactConsent: z.string().describe('person_agreed, carer_agreed ou not_asked'),
    personId: id.nullable(),
  })
  .describe('Vue de l’équipe');

/** The whole referral, for the staff (`staffView`). */
const staffReferral = z
  .object({
    ...statusFields,
    organisationId: id,
    submittedBy: id.describe('Le compte qui a fait le signalement'),
    partnerName: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    birthDate: day.nullable(),
    street: z.string().nullable(),
    postalCode: z.string().nullable(),
    communeName: z.string().nullable(),
    phone: z.string().nullable(),
    reason: z.string(),
    urgency: z.string().describe('low, normal ou urgent'),
    contactConsent: z.string().describe('person_agreed, carer_agreed ou not_asked'),
    statusNote: z.string().nullable(),
    personId: id.nullable().describe('La fiche ouverte ou rattachée à l’acceptation'),
  })
  .describe('Vue de l’équipe');

// The staff shape first: it names fields the partner's lacks, so a partner's answer never matches
// it and is encoded by the partner's schema (which sends only what a partner may see).
const referralListItem = z.union([staffReferralListItem, partnerReferral]);
const referralAnswer = z.object({ referral: z.union([staffReferral, partnerReferral]) });

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
        response: { 201: z.object({ id, status: z.string() }) },
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
        response: { 200: z.object({ id, status: z.string(), personId: id.nullable() }) },
      },
    },
    async (request) => {
      const referral = await processReferral(ctxOf(request), request.params.id, request.body);
      return { id: referral.id, status: referral.status, personId: referral.personId };
    },
  );
}
