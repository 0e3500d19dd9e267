/**
 * Training modules, the yearly seminar, practice-analysis sessions, qualifying training days,
 * tutoring meetings and their attendance; a visitor's training record; the employed young
 * visitors' contract and outcome, and the report of their insertion (issue 12, ADR 0030).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../domain/common/schemas.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { pageOf, idView } from '../../domain/common/api.js';
import {
  attendanceView,
  contractView,
  exitOutcomeView,
  sessionCancelledView,
  sessionDetail as sessionDetailView,
  sessionListItem,
  trainingRecordView,
  youngVisitorsReportView,
} from '../../domain/training/api.js';
import {
  reportLines,
  reportYears,
  trainingRecord,
  yearFigures,
  yearOf,
  type ReportLine,
} from '../../domain/training/report.js';
import {
  attendanceSchema,
  contractSchema,
  exitOutcomeSchema,
  sessionCancelSchema,
  sessionCreateSchema,
  sessionListQuery,
  sessionUpdateSchema,
  youngVisitorsReportQuery,
} from '../../domain/training/schemas.js';
import { z } from 'zod';
import { CSV_TYPE, XLSX_TYPE, exportFileResponse } from '../../domain/exports/api.js';
import { exportFileName } from '../../domain/exports/cells.js';
import { EXPORT_FORMATS } from '../../domain/exports/lists.js';
import { exportStream } from '../exports/stream.js';
import { auditRead } from '../audit/audit.js';
import { authorize } from '../http/authorize.js';
import type { AppServices, AuthenticatedContext } from '../http/context.js';
import { contextOf } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { loadVisitorFor } from '../visitors/service.js';
import {
  findSession,
  listSessions,
  recordLines,
  sessionDetail,
  sessionScope,
  youngVisitorFacts,
} from './queries.js';
import {
  cancelSession,
  createSession,
  replaceAttendance,
  setContract,
  setExitOutcome,
  updateSession,
} from './service.js';

const tags = ['training'];
const SESSION = 'Séance';

/** The report of a year for the user's organisation (or local service). */
async function youngVisitorsReport(
  db: AppServices['db'],
  ctx: AuthenticatedContext,
  year: number | undefined,
) {
  const today = serviceToday();
  const { contracts, attendance } = await youngVisitorFacts(db, ctx.actor);
  const chosen = year ?? yearOf(today);
  return {
    year: chosen,
    years: reportYears(contracts, today),
    figures: yearFigures(chosen, contracts, attendance, today),
  };
}

const exportFormat = z
  .enum(EXPORT_FORMATS, { message: 'Format attendu : csv ou xlsx.' })
  .default('csv')
  .describe('csv (Excel en français) ou xlsx');

export async function trainingRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = services;
  const ctxOf = (request: Parameters<typeof contextOf>[1]) =>
    contextOf(services, request) as AuthenticatedContext;

  r.get(
    '/api/training/sessions',
    {
      config: { access: 'training.read' },
      schema: {
        tags,
        summary:
          'Lister les formations, séminaires, analyses de la pratique et rencontres de tutorat',
        querystring: sessionListQuery,
        response: { 200: pageOf(sessionListItem) },
      },
    },
    async (request) => listSessions(db, ctxOf(request).actor, request.query),
  );

  r.post(
    '/api/training/sessions',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: 'Programmer une séance (formation, séminaire, analyse de la pratique, tutorat)',
        body: sessionCreateSchema,
        response: { 201: idView },
      },
    },
    async (request, reply) => {
      const session = await createSession(ctxOf(request), request.body);
      return reply.code(201).send({ id: session.id });
    },
  );

  r.get(
    '/api/training/sessions/:id',
    {
      config: { access: 'training.read' },
      schema: {
        tags,
        summary: 'Une séance et sa feuille de présence',
        params: idParams,
        response: { 200: sessionDetailView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const session = await findSession(db, request.params.id);
      if (!session) throw notFound(SESSION);
      authorize(ctx.actor, 'training.read', sessionScope(session), SESSION);
      return sessionDetail(db, ctx.actor, session);
    },
  );

  r.patch(
    '/api/training/sessions/:id',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: 'Modifier une séance (date, horaires, lieu, intervenant)',
        params: idParams,
        body: sessionUpdateSchema,
        response: { 200: idView },
      },
    },
    async (request) => {
      const session = await updateSession(ctxOf(request), request.params.id, request.body);
      return { id: session.id };
    },
  );

  r.post(
    '/api/training/sessions/:id/cancel',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary: 'Annuler une séance (elle reste dans l’historique)',
        params: idParams,
        body: sessionCancelSchema,
        response: { 200: sessionCancelledView },
      },
    },
    async (request) => {
      const session = await cancelSession(ctxOf(request), request.params.id, request.body);
      return { id: session.id, cancelledAt: session.cancelledAt! };
    },
  );

  r.put(
    '/api/training/sessions/:id/attendance',
    {
      config: { access: 'training.manage' },
      schema: {
        tags,
        summary:
          'Inscrire des visiteurs et noter les présences (la liste remplace celle de la séance)',
        params: idParams,
        body: attendanceSchema,
        response: { 200: attendanceView },
      },
    },
    async (request) => replaceAttendance(ctxOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/visitors/:id/training',
    {
      config: { access: 'training.read' },
      schema: {
        tags,
        summary: 'Le parcours de formation d’un visiteur (et son contrat s’il est salarié)',
        params: idParams,
        response: { 200: trainingRecordView },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const visitor = await loadVisitorFor(db, ctx, request.params.id, 'training.read');
      const lines = await recordLines(db, visitor.id);
      await auditRead(db, ctx, {
        action: 'training.read',
        entityType: 'visitor',
        entityId: visitor.id,
      });
      return {
        visitor: {
          id: visitor.id,
          kind: visitor.kind,
          firstName: visitor.firstName,
          lastName: visitor.lastName,
          gender: visitor.gender,
          contractType: visitor.contractType,
          commitmentStart: visitor.commitmentStart,
          commitmentEnd: visitor.commitmentEnd,
          exitOutcome: visitor.exitOutcome,
          exitOutcomeOn: visitor.exitOutcomeOn,
          exitOutcomeNote: visitor.exitOutcomeNote,
        },
        record: trainingRecord(lines, serviceToday()),
        sessions: lines.slice(0, 50),
      };
    },
  );

  r.put(
    '/api/visitors/:id/contract',
    {
      config: { access: 'journey.manage' },
      schema: {
        tags,
        summary: 'Le contrat d’un jeune visiteur salarié : type, début, fin',
        params: idParams,
        body: contractSchema,
        response: { 200: contractView },
      },
    },
    async (request) => {
      const visitor = await setContract(ctxOf(request), request.params.id, request.body);
      return {
        id: visitor.id,
        contractType: visitor.contractType,
        commitmentStart: visitor.commitmentStart,
        commitmentEnd: visitor.commitmentEnd,
      };
    },
  );

  r.put(
    '/api/visitors/:id/exit-outcome',
    {
      config: { access: 'journey.manage' },
      schema: {
        tags,
        summary: 'La sortie d’un jeune visiteur salarié : emploi, formation ou autre, et sa date',
        params: idParams,
        body: exitOutcomeSchema,
        response: { 200: exitOutcomeView },
      },
    },
    async (request) => {
      const visitor = await setExitOutcome(ctxOf(request), request.params.id, request.body);
      return {
        id: visitor.id,
        exitOutcome: visitor.exitOutcome,
        exitOutcomeOn: visitor.exitOutcomeOn,
      };
    },
  );

  r.get(
    '/api/reports/young-visitors',
    {
      config: { access: 'stats.read' },
      schema: {
        tags,
        summary:
          'Insertion des jeunes visiteurs salariés, par année de fin de contrat (chiffres, sans noms)',
        querystring: youngVisitorsReportQuery,
        response: { 200: youngVisitorsReportView },
      },
    },
    async (request) => youngVisitorsReport(db, ctxOf(request), request.query.year),
  );

  // The same figures as a spreadsheet (the export mechanism of ADR 0024: French cells, no
  // formula, the download audited as a list export). Figures only: the report's own action.
  r.get(
    '/api/reports/young-visitors/export',
    {
      config: { access: 'stats.read' },
      schema: {
        tags,
        summary: 'Exporter le rapport d’insertion des jeunes visiteurs (CSV ou Excel)',
        querystring: youngVisitorsReportQuery.extend({ format: exportFormat }),
        response: { 200: exportFileResponse },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const { format, year } = request.query;
      const report = await youngVisitorsReport(db, ctx, year);
      const name = `insertion-jeunes-${report.year}`;
      const body = exportStream<ReportLine>({
        format,
        sheetName: `Insertion ${report.year}`,
        columns: [
          { header: 'Indicateur', cell: (line) => line.figure },
          { header: 'Nombre', cell: (line) => line.value },
        ],
        first: reportLines(report.figures),
        rest: (async function* () {})(),
        done: (rows) =>
          auditRead(ctx.db, ctx, {
            action: 'list.export',
            entityType: 'list',
            entityId: 'young-visitors',
            details: { list: 'young-visitors', format, filters: { year: report.year }, rows },
          }),
      });
      return reply
        .type(format === 'csv' ? CSV_TYPE : XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="${exportFileName(name, serviceToday(), format)}"`,
        )
        .header('cache-control', 'no-store')
        .send(body);
    },
  );
}
