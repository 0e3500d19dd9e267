/**
 * Reads of the professionals' directory (ADR 0035): one page of the directory (by trade, commune
 * served, name), one professional's record with its history, and `suggestProfessionals` for the
 * neighbour-help requests ("a plumber, not a neighbour").
 */
import { and, asc, count, desc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.js';
import {
  auditLog,
  professionalChecks,
  professionalCommunes,
  professionals,
  users,
} from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import type { ProfessionalFilters } from '../../domain/professionals/schemas.js';
import {
  isCheckDue,
  sortedHours,
  tradeLabel,
  tradesForHelpKind,
  type Trade,
} from '../../domain/professionals/values.js';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { badRequest } from '../http/errors.js';

/** The audit `source` of what a professional does through the e-mailed link. */
export const PROFESSIONAL_LINK_SOURCE = 'web:professional-link';

export interface CommuneKey {
  departmentCode: string;
  communeName: string;
}

/**
 * A commune as the gazetteer knows it, from what was typed; null when nothing was asked, a French
 * refusal when the commune is unknown or ambiguous.
 */
async function communeKeyOf(
  postalCode: string | null | undefined,
  communeName: string | null | undefined,
): Promise<CommuneKey | null> {
  if (!communeName) return null;
  const gazetteer = await loadGazetteer();
  const found = gazetteer.locate({ postalCode: postalCode ?? null, commune: communeName });
  if (found.status === 'located')
    return { departmentCode: found.departmentCode, communeName: found.communeName };
  if (found.status === 'not_found' && found.code === 'no_coordinates') {
    const departmentCode = gazetteer.departmentOf({ postalCode, commune: communeName });
    if (departmentCode) return { departmentCode, communeName: communeName.trim() };
  }
  throw badRequest(
    found.status === 'not_found' || found.status === 'ambiguous'
      ? found.reason
      : 'Commune inconnue.',
    { field: 'communeName' },
  );
}

const servesCommune = (key: CommuneKey) =>
  exists(
    sql`(select 1 from ${professionalCommunes}
         where ${professionalCommunes.professionalId} = ${professionals.id}
           and ${professionalCommunes.departmentCode} = ${key.departmentCode}
           and ${professionalCommunes.communeName} = ${key.communeName})`,
  );

const servesPostalCode = (postalCode: string) =>
  exists(
    sql`(select 1 from ${professionalCommunes}
         where ${professionalCommunes.professionalId} = ${professionals.id}
           and ${professionalCommunes.postalCode} = ${postalCode})`,
  );

async function communesOf(db: DbOrTx, ids: readonly string[]) {
  const byProfessional = new Map<
    string,
    { postalCode: string; communeName: string; departmentCode: string }[]
  >();
  if (!ids.length) return byProfessional;
  const rows = await db
    .select()
    .from(professionalCommunes)
    .where(inArray(professionalCommunes.professionalId, [...ids]))
    .orderBy(asc(professionalCommunes.communeName), asc(professionalCommunes.postalCode));
  for (const row of rows) {
    const list = byProfessional.get(row.professionalId) ?? [];
    list.push({
      postalCode: row.postalCode,
      communeName: row.communeName,
      departmentCode: row.departmentCode,
    });
    byProfessional.set(row.professionalId, list);
  }
  return byProfessional;
}

type ProfessionalRow = typeof professionals.$inferSelect;

function listItem(row: ProfessionalRow, communes: string[], today: string) {
  return {
    id: row.id,
    trade: row.trade,
    tradeLabel: tradeLabel(row.trade),
    businessName: row.businessName,
    contactName: row.contactName,
    phone: row.phone,
    communeName: row.communeName,
    communesServed: communes,
    worksPublicHolidays: row.worksPublicHolidays,
    lastCheckedOn: row.lastCheckedOn,
    checkDue: isCheckDue(row.lastCheckedOn, today),
    active: row.active,
  };
}

/** One page of an organisation's directory, by business name. */
export async function listProfessionals(
  db: DbOrTx,
  organisationId: string,
  filters: ProfessionalFilters,
) {
  const key = await communeKeyOf(filters.postalCode, filters.communeName);
  const conditions: (SQL | undefined)[] = [
    eq(professionals.organisationId, organisationId),
    filters.inactive ? undefined : eq(professionals.active, true),
    filters.trade ? eq(professionals.trade, filters.trade) : undefined,
    key
      ? servesCommune(key)
      : filters.postalCode
        ? servesPostalCode(filters.postalCode)
        : undefined,
    filters.q
      ? or(
          ilike(professionals.businessName, `%${escapeLike(filters.q)}%`),
          ilike(professionals.contactName, `%${escapeLike(filters.q)}%`),
        )
      : undefined,
  ];
  const where = and(...conditions);
  const [totalRow] = await db.select({ total: count() }).from(professionals).where(where);
  const rows = await db
    .select()
    .from(professionals)
    .where(where)
    .orderBy(asc(professionals.businessName), asc(professionals.id))
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  const communes = await communesOf(
    db,
    rows.map((r) => r.id),
  );
  const today = serviceToday();
  return {
    items: rows.map((row) =>
      listItem(
        row,
        (communes.get(row.id) ?? []).map((c) => c.communeName),
        today,
      ),
    ),
    total: totalRow?.total ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One professional as its page shows it, with the last changes and who made them. */
export async function professionalView(db: DbOrTx, id: string) {
  const [found] = await db
    .select({ row: professionals, checkedByName: users.displayName })
    .from(professionals)
    .leftJoin(users, eq(users.id, professionals.checkedBy))
    .where(eq(professionals.id, id));
  if (!found) throw new Error(`professional ${id} vanished`);
  const { row } = found;
  const communes = (await communesOf(db, [id])).get(id) ?? [];
  const [lastCheck] = await db
    .select({
      sentAt: professionalChecks.createdAt,
      expiresAt: professionalChecks.expiresAt,
      answeredAt: professionalChecks.answeredAt,
      answer: professionalChecks.answer,
    })
    .from(professionalChecks)
    .where(eq(professionalChecks.professionalId, id))
    .orderBy(desc(professionalChecks.createdAt))
    .limit(1);
  const history = await db
    .select({
      at: auditLog.at,
      action: auditLog.action,
      byName: users.displayName,
      source: auditLog.source,
      diff: auditLog.diff,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(
      and(
        eq(auditLog.kind, 'write'),
        eq(auditLog.entityType, 'professional'),
        eq(auditLog.entityId, id),
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(20);
  return {
    id: row.id,
    trade: row.trade,
    tradeLabel: tradeLabel(row.trade),
    businessName: row.businessName,
    contactName: row.contactName,
    phone: row.phone,
    email: row.email,
    website: row.website,
    street: row.street,
    postalCode: row.postalCode,
    communeName: row.communeName,
    communesServed: communes,
    hours: sortedHours(row.hours),
    worksPublicHolidays: row.worksPublicHolidays,
    notes: row.notes,
    active: row.active,
    lastCheckedOn: row.lastCheckedOn,
    checkedByName: found.checkedByName,
    checkedByProfessional: row.checkedVia === 'link',
    checkDue: isCheckDue(row.lastCheckedOn, serviceToday()),
    lastCheckRequest: lastCheck ?? null,
    history: history.map((entry) => ({
      at: entry.at,
      action: entry.action,
      byName: entry.byName,
      byProfessional: entry.source === PROFESSIONAL_LINK_SOURCE,
      // Which fields changed: their values may be masked (contact details), their names are not.
      fields: Object.keys((entry.diff ?? {}) as object).filter(
        (field) => !['id', 'organisationId', 'createdBy'].includes(field),
      ),
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface SuggestQuery {
  /** One trade, or several (the trades a kind of help suggests). */
  trade?: Trade | readonly Trade[];
  /** A neighbour-help kind (small_repairs, gardening…): its trades, when `trade` is not given. */
  helpKind?: string;
  /** Where the help is needed, as the person's address gives it. */
  postalCode?: string | null;
  communeName: string;
  limit?: number;
}

/**
 * The organisation's active professionals of a trade who serve a commune, for a request that
 * goes beyond a favour ("a plumber, not a neighbour"). Never mixed into a volunteer list: the
 * caller shows them apart, labelled as paid services. The commune is matched as the gazetteer
 * names it (department and official name); an unknown commune is refused in French.
 */
export async function suggestProfessionals(
  db: DbOrTx,
  organisationId: string,
  query: SuggestQuery,
) {
  const key = await communeKeyOf(query.postalCode, query.communeName);
  if (!key) return [];
  const trades: readonly string[] =
    query.trade === undefined
      ? query.helpKind
        ? tradesForHelpKind(query.helpKind)
        : []
      : typeof query.trade === 'string'
        ? [query.trade]
        : query.trade;
  if (query.trade === undefined && query.helpKind && !trades.length) return [];
  const rows = await db
    .select()
    .from(professionals)
    .where(
      and(
        eq(professionals.organisationId, organisationId),
        eq(professionals.active, true),
        trades.length ? inArray(professionals.trade, [...trades]) : undefined,
        servesCommune(key),
      ),
    )
    .orderBy(asc(professionals.trade), asc(professionals.businessName), asc(professionals.id))
    .limit(query.limit ?? 10);
  const today = serviceToday();
  const communes = await communesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    listItem(
      row,
      (communes.get(row.id) ?? []).map((c) => c.communeName),
      today,
    ),
  );
}
