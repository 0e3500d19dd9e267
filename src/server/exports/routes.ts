/**
 * Exports of the list screens to CSV and XLSX (ADR 0024): GET /api/exports/<list>?format=csv|xlsx
 * with the list's own filters. Each list is read through its own query, page after page (keyset
 * where the list has one), so the file holds exactly what the screen shows, within the same
 * scope; each export is audited as one read (`list.export`, its filters and its row count).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { localServices } from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import { can, listScope, type Action } from '../../domain/permissions/policy.js';
import { exportFileName, type Column } from '../../domain/exports/cells.js';
import {
  alertColumns,
  auditColumns,
  auditedFilters,
  EXPORT_FILE_NAMES,
  EXPORT_FORMATS,
  pairColumns,
  peopleColumns,
  planningColumns,
  referralColumns,
  visitorColumns,
  type ExportList,
  type ReferralExportRow,
  type ServiceName,
} from '../../domain/exports/lists.js';
import { CSV_TYPE, XLSX_TYPE, exportFileResponse } from '../../domain/exports/api.js';
import {
  authenticatedContext,
  type AppServices,
  type AuthenticatedContext,
} from '../http/context.js';
import { auditRead } from '../audit/audit.js';
import { listPeople } from '../people/queries.js';
import { peopleListQuery } from '../people/routes.js';
import { listPairs, listVisitors } from '../visitors/queries.js';
import { pairListQuery, visitorListQuery } from '../visitors/routes.js';
import { listReferrals, referralListQuery } from '../referrals/service.js';
import { alertListSchema, listAlerts } from '../alerts/service.js';
import { readWeek, weekQuerySchema } from '../planning/service.js';
import { auditListQuery, listAudit } from '../audit/queries.js';
import { exportStream } from './stream.js';

/** Rows read per query: large enough to be few queries, small enough to stream. */
export const EXPORT_PAGE_SIZE = 500;

const format = z
  .enum(EXPORT_FORMATS, { message: 'Format attendu : csv ou xlsx.' })
  .default('csv')
  .describe('csv (Excel en français) ou xlsx');

/** The pages of a list: each call reads the next one; an empty or short page ends it. */
type Pages<Row> = (ctx: AuthenticatedContext) => AsyncGenerator<Row[], void>;

interface ExportSpec<Query, Row> {
  list: ExportList;
  access: Action;
  summary: string;
  querystring: z.ZodType<Query>;
  columns: (service: ServiceName) => Column<Row>[];
  pages: (ctx: AuthenticatedContext, query: Query) => ReturnType<Pages<Row>>;
  /** The person the export is about, when a filter names one (their "qui a consulté" page). */
  subjectOf?: (query: Query) => string | undefined;
}

/** Pages of a list read by OFFSET (lists without a cursor, small by nature, in a total order). */
async function* byOffset<Row>(read: (page: number) => Promise<{ items: Row[]; more: boolean }>) {
  for (let page = 1; ; page++) {
    const { items, more } = await read(page);
    yield items;
    if (!more) return;
  }
}

/** Pages of a list read by its keyset cursor (ADR 0020). */
async function* byCursor<Row>(
  read: (after: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>,
) {
  let after: string | undefined;
  for (;;) {
    const { items, nextCursor } = await read(after);
    yield items;
    if (!nextCursor) return;
    after = nextCursor;
  }
}

/** The list's own pagination is the export's: whatever the caller sent for it is ignored. */
const page = { page: 1, pageSize: EXPORT_PAGE_SIZE, after: undefined };

async function serviceNames(ctx: AuthenticatedContext): Promise<ServiceName> {
  const rows = await ctx.db
    .select({ id: localServices.id, name: localServices.name })
    .from(localServices)
    .where(eq(localServices.organisationId, ctx.actor.organisationId));
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return (id) => (id ? (names.get(id) ?? '') : '');
}

export async function exportRoutes(app: FastifyInstance, services: AppServices) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  function route<Query extends Record<string, unknown>, Row>(spec: ExportSpec<Query, Row>) {
    r.get(
      `/api/exports/${spec.list}`,
      {
        config: { access: spec.access },
        schema: {
          tags: ['exports'],
          summary: spec.summary,
          querystring: (spec.querystring as unknown as z.ZodObject).extend({ format }),
          response: { 200: exportFileResponse },
        },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const ctx = authenticatedContext(services, request);
        const { format: chosen, ...filters } = request.query as Query & {
          format: 'csv' | 'xlsx';
        };
        const query = { ...filters, ...page } as unknown as Query;
        const rest = spec.pages(ctx, query);
        // The first page before any byte is sent: a filter the list refuses is still a 400/404.
        const first = await rest.next();
        const columns = spec.columns(await serviceNames(ctx));
        const name = EXPORT_FILE_NAMES[spec.list];
        const body = exportStream({
          format: chosen,
          sheetName: name,
          columns,
          first: first.done ? [] : first.value,
          rest,
          done: (rows) =>
            auditRead(ctx.db, ctx, {
              action: 'list.export',
              entityType: 'list',
              entityId: spec.list,
              subjectId: spec.subjectOf?.(query) ?? null,
              details: { list: spec.list, format: chosen, filters: auditedFilters(filters), rows },
            }),
        });
        return reply
          .type(chosen === 'csv' ? CSV_TYPE : XLSX_TYPE)
          .header(
            'content-disposition',
            `attachment; filename="${exportFileName(name, serviceToday(), chosen)}"`,
          )
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  }

  route({
    list: 'people',
    access: 'export.people',
    summary: 'Exporter la liste des personnes filtrée (CSV ou Excel, export journalisé)',
    querystring: peopleListQuery,
    columns: peopleColumns,
    pages: (ctx, query) =>
      byCursor((after) =>
        listPeople(ctx.db, listScope(ctx.actor, 'person.list'), {
          ...query,
          after,
          includeArchived: can(ctx.actor, 'person.read_archived').allowed,
        }),
      ),
  });

  route({
    list: 'visitors',
    access: 'export.visitors',
    summary: 'Exporter la liste des visiteurs filtrée (CSV ou Excel, export journalisé)',
    querystring: visitorListQuery,
    columns: visitorColumns,
    pages: (ctx, query) =>
      byOffset(async (n) => {
        const { items } = await listVisitors(ctx.db, listScope(ctx.actor, 'visitor.list'), {
          ...query,
          page: n,
        });
        return { items, more: items.length === query.pageSize };
      }),
  });

  route({
    list: 'pairs',
    access: 'export.pairs',
    summary: 'Exporter la liste des binômes filtrée (CSV ou Excel, export journalisé)',
    querystring: pairListQuery,
    columns: pairColumns,
    pages: (ctx, query) =>
      byOffset(async (n) => {
        const { items } = await listPairs(ctx.db, listScope(ctx.actor, 'pair.list'), {
          ...query,
          page: n,
        });
        return { items, more: items.length === query.pageSize };
      }),
  });

  route({
    list: 'referrals',
    access: 'export.referrals',
    summary: 'Exporter la liste des signalements filtrée (CSV ou Excel, export journalisé)',
    querystring: referralListQuery,
    columns: () => referralColumns(),
    pages: (ctx, query) =>
      byCursor(async (after) => {
        const found = await listReferrals(
          ctx.db,
          ctx.actor,
          listScope(ctx.actor, 'referral.list'),
          { ...query, after },
        );
        // Staff only (export.referrals): the staff's rows, never a partner's view.
        return { ...found, items: found.items as ReferralExportRow[] };
      }),
  });

  route({
    list: 'alerts',
    access: 'export.alerts',
    summary: 'Exporter la liste des alertes filtrée (CSV ou Excel, export journalisé)',
    querystring: alertListSchema,
    columns: () => alertColumns(),
    pages: (ctx, query) =>
      byOffset(async (n) => {
        const found = await listAlerts(ctx, { ...query, page: n });
        return { items: found.items, more: found.hasMore };
      }),
    subjectOf: (query) => query.personId,
  });

  route({
    list: 'planning',
    access: 'export.planning',
    summary: 'Exporter les visites de la semaine d’un service local (CSV ou Excel, journalisé)',
    querystring: weekQuerySchema,
    columns: () => planningColumns(),
    // A week is a few hundred visits at most: the grid's own read, once.
    pages: (ctx, query) =>
      (async function* () {
        yield (await readWeek(ctx, query)).visits;
      })(),
  });

  route({
    list: 'audit',
    access: 'export.audit',
    summary: 'Exporter le journal d’audit filtré (CSV ou Excel, administrateurs, journalisé)',
    querystring: auditListQuery,
    columns: () => auditColumns(),
    pages: (ctx, query) => byCursor((after) => listAudit(ctx.db, ctx.actor, { ...query, after })),
  });
}
