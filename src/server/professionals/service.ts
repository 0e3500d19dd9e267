/**
 * Writes of the professionals' directory (ADR 0035), each through the write mechanism (ADR 0011):
 * staff add, change and mark a professional "vérifié aujourd'hui"; the professional confirms or
 * corrects their own details through the e-mailed link, audited as theirs (source
 * `web:professional-link`, no user).
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/database.js';
import {
  organisations,
  professionalChecks,
  professionalCommunes,
  professionals,
} from '../../db/schema.js';
import { serviceToday } from '../../domain/common/calendar.js';
import type { ProfessionalInput, SelfCorrectionInput } from '../../domain/professionals/schemas.js';
import { sortedHours } from '../../domain/professionals/values.js';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { hashToken } from '../auth/tokens.js';
import type { AuthenticatedContext, RequestContext } from '../http/context.js';
import { badRequest, HttpError } from '../http/errors.js';
import { write, type AuditTrail, type Target } from '../write/write.js';
import { PROFESSIONAL_LINK_SOURCE, professionalView } from './queries.js';

const PROFESSIONAL = 'Professionnel';

type ProfessionalRow = typeof professionals.$inferSelect;
/** The audited record: the row and the names of the communes it serves. */
type AuditedProfessional = ProfessionalRow & { communesServed: string[] };

interface ServedCommune {
  postalCode: string;
  communeName: string;
  departmentCode: string;
}

/**
 * The communes served, as the gazetteer names them, without duplicates; a French refusal naming
 * the line when one is unknown or ambiguous (nothing is written).
 */
async function resolveCommunes(
  typed: readonly { postalCode: string; communeName: string }[],
): Promise<ServedCommune[]> {
  const gazetteer = await loadGazetteer();
  const served = new Map<string, ServedCommune>();
  const issues: { path: string; message: string }[] = [];
  typed.forEach((commune, index) => {
    const found = gazetteer.locate({
      postalCode: commune.postalCode,
      commune: commune.communeName,
    });
    let resolved: ServedCommune | null = null;
    if (found.status === 'located')
      resolved = {
        postalCode: commune.postalCode,
        communeName: found.communeName,
        departmentCode: found.departmentCode,
      };
    else if (found.status === 'not_found' && found.code === 'no_coordinates') {
      const departmentCode = gazetteer.departmentOf({
        postalCode: commune.postalCode,
        commune: commune.communeName,
      });
      if (departmentCode)
        resolved = {
          postalCode: commune.postalCode,
          communeName: commune.communeName,
          departmentCode,
        };
    }
    if (resolved) served.set(`${resolved.departmentCode}|${resolved.communeName}`, resolved);
    else
      issues.push({
        path: `body.communesServed.${index}.communeName`,
        message: `Commune desservie n° ${index + 1} (« ${commune.communeName} », ${commune.postalCode}) : ${found.status === 'located' ? 'inconnue' : found.reason}`,
      });
  });
  if (issues.length)
    throw badRequest(issues.map((issue) => issue.message).join(' ; '), {
      field: 'communesServed',
      issues,
    });
  return [...served.values()];
}

/** The business's own address: when given, a commune the gazetteer knows (its official name kept). */
async function resolveAddress(postalCode: string | null, communeName: string | null) {
  if (!postalCode || !communeName) return { postalCode: null, communeName: null };
  const gazetteer = await loadGazetteer();
  const found = gazetteer.locate({ postalCode, commune: communeName });
  if (found.status === 'located') return { postalCode, communeName: found.communeName };
  if (found.status === 'not_found' && found.code === 'no_coordinates')
    return { postalCode, communeName };
  throw badRequest(`Adresse : ${found.reason}`, {
    field: 'communeName',
    issues: [{ path: 'body.communeName', message: found.reason }],
  });
}

async function professionalTarget(tx: Tx, id: string): Promise<Target<AuditedProfessional> | null> {
  const [row] = await tx.select().from(professionals).where(eq(professionals.id, id)).for('update');
  if (!row) return null;
  const communes = await tx
    .select({
      communeName: professionalCommunes.communeName,
      postalCode: professionalCommunes.postalCode,
    })
    .from(professionalCommunes)
    .where(eq(professionalCommunes.professionalId, id));
  return {
    row: {
      ...row,
      communesServed: communes.map((c) => `${c.communeName} (${c.postalCode})`).sort(),
    },
    scope: { organisationId: row.organisationId },
    entityType: 'professional',
    entityId: id,
  };
}

async function replaceCommunes(
  tx: Tx,
  professionalId: string,
  organisationId: string,
  communes: readonly ServedCommune[],
) {
  await tx
    .delete(professionalCommunes)
    .where(eq(professionalCommunes.professionalId, professionalId));
  if (communes.length)
    await tx
      .insert(professionalCommunes)
      .values(communes.map((c) => ({ ...c, professionalId, organisationId })));
}

/** The details both staff and the professional enter, as stored. */
function detailValues(
  input: ProfessionalInput | SelfCorrectionInput,
  address: { postalCode: string | null; communeName: string | null },
) {
  return {
    trade: input.trade,
    businessName: input.businessName,
    contactName: input.contactName,
    phone: input.phone,
    email: input.email,
    website: input.website,
    street: input.street,
    postalCode: address.postalCode,
    communeName: address.communeName,
    hours: sortedHours(input.hours),
    worksPublicHolidays: input.worksPublicHolidays,
  };
}

/** Adds a professional to the directory; entered by staff, they are checked today by them. */
export async function createProfessional(ctx: AuthenticatedContext, input: ProfessionalInput) {
  const communes = await resolveCommunes(input.communesServed);
  const address = await resolveAddress(input.postalCode, input.communeName);
  const { actor } = ctx;
  const id = await write(ctx, {
    what: PROFESSIONAL,
    apply: async (tx, _none, trail) => {
      const [row] = await tx
        .insert(professionals)
        .values({
          organisationId: actor.organisationId,
          ...detailValues(input, address),
          notes: input.notes,
          active: input.active,
          lastCheckedOn: serviceToday(),
          checkedBy: actor.id,
          checkedVia: 'staff',
          createdBy: actor.id,
        })
        .returning();
      await replaceCommunes(tx, row!.id, actor.organisationId, communes);
      trail.record({
        entityType: 'professional',
        entityId: row!.id,
        after: {
          ...row!,
          communesServed: communes.map((c) => `${c.communeName} (${c.postalCode})`).sort(),
        },
      });
      return row!.id;
    },
  });
  return professionalView(ctx.db, id);
}

/** Changes a professional's record (staff): the details, notes and whether still listed. */
export async function updateProfessional(
  ctx: AuthenticatedContext,
  id: string,
  input: ProfessionalInput,
) {
  const communes = await resolveCommunes(input.communesServed);
  const address = await resolveAddress(input.postalCode, input.communeName);
  await write(ctx, {
    what: PROFESSIONAL,
    load: (tx) => professionalTarget(tx, id),
    apply: async (tx, row) => {
      await tx
        .update(professionals)
        .set({
          ...detailValues(input, address),
          notes: input.notes,
          active: input.active,
          updatedAt: new Date(),
        })
        .where(eq(professionals.id, id));
      await replaceCommunes(tx, id, row.organisationId, communes);
    },
  });
  return professionalView(ctx.db, id);
}

/** « Vérifié aujourd'hui »: a staff member checked the details (by phone, on the website…). */
export async function markProfessionalChecked(ctx: AuthenticatedContext, id: string) {
  await write(ctx, {
    what: PROFESSIONAL,
    audit: 'professional.check',
    load: (tx) => professionalTarget(tx, id),
    apply: async (tx) => {
      await tx
        .update(professionals)
        .set({ lastCheckedOn: serviceToday(), checkedBy: ctx.actor.id, checkedVia: 'staff' })
        .where(eq(professionals.id, id));
    },
  });
  return professionalView(ctx.db, id);
}

// ---------------------------------------------------------------- the professional's own link

const invalidCheckLink = () =>
  new HttpError(
    400,
    'invalid_token',
    'Ce lien n’est plus valable : il a déjà servi ou il a expiré. Si vos coordonnées ont changé, appelez l’association.',
  );

/** The live check a token opens, read before a write (no lock): null when used or expired. */
async function liveCheck(tx: Tx | RequestContext['db'], token: string) {
  const [check] = await tx
    .select()
    .from(professionalChecks)
    .where(
      and(
        eq(professionalChecks.tokenHash, hashToken(token)),
        isNull(professionalChecks.answeredAt),
        gt(professionalChecks.expiresAt, new Date()),
      ),
    );
  return check ?? null;
}

/** What the link's page shows: the professional's details as the association has them. */
export async function openSelfCheck(ctx: RequestContext, token: string) {
  const check = await liveCheck(ctx.db, token);
  if (!check) throw invalidCheckLink();
  const [organisation] = await ctx.db
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, check.organisationId));
  const view = await professionalView(ctx.db, check.professionalId);
  return {
    organisationName: organisation?.name ?? '',
    expiresAt: check.expiresAt,
    details: {
      trade: view.trade,
      businessName: view.businessName,
      contactName: view.contactName,
      phone: view.phone,
      email: view.email,
      website: view.website,
      street: view.street,
      postalCode: view.postalCode,
      communeName: view.communeName,
      communesServed: view.communesServed,
      hours: view.hours,
      worksPublicHolidays: view.worksPublicHolidays,
    },
  };
}

/**
 * The professional's answer, in one write: the link is consumed (one statement: of two uses, one
 * wins), the details corrected when they were, and the record checked today "by the professional".
 */
async function answerCheck(
  ctx: RequestContext,
  token: string,
  correction: {
    values: ReturnType<typeof detailValues>;
    communes: readonly ServedCommune[];
  } | null,
) {
  const check = await liveCheck(ctx.db, token);
  if (!check) throw invalidCheckLink();
  // No one is signed in: the rows are the organisation's, from the link (ADR 0035).
  const linkCtx: RequestContext = {
    ...ctx,
    source: PROFESSIONAL_LINK_SOURCE,
    systemOrganisationId: check.organisationId,
  };
  await write(linkCtx, {
    audit: correction ? 'professional.self_correct' : 'professional.self_confirm',
    what: PROFESSIONAL,
    load: (tx) => professionalTarget(tx, check.professionalId),
    apply: async (tx, _row, trail: AuditTrail) => {
      const now = new Date();
      const [used] = await tx
        .update(professionalChecks)
        .set({ answeredAt: now, answer: correction ? 'corrected' : 'confirmed' })
        .where(
          and(
            eq(professionalChecks.id, check.id),
            isNull(professionalChecks.answeredAt),
            gt(professionalChecks.expiresAt, now),
          ),
        )
        .returning();
      if (!used) throw invalidCheckLink();
      trail.record({
        entityType: 'professional_check',
        entityId: used.id,
        before: { answeredAt: null, answer: null },
        after: { answeredAt: used.answeredAt, answer: used.answer },
      });
      await tx
        .update(professionals)
        .set({
          ...(correction ? correction.values : {}),
          lastCheckedOn: serviceToday(now),
          checkedBy: null,
          checkedVia: 'link',
          updatedAt: now,
        })
        .where(eq(professionals.id, check.professionalId));
      if (correction)
        await replaceCommunes(tx, check.professionalId, check.organisationId, correction.communes);
    },
  });
}

export const SELF_CONFIRM_ANSWER =
  'Merci ! Vos coordonnées sont confirmées. L’association vous les redemandera dans un an.';
export const SELF_CORRECT_ANSWER =
  'Merci ! Vos corrections sont enregistrées. L’association vous les redemandera dans un an.';

export async function confirmSelfCheck(ctx: RequestContext, token: string) {
  await answerCheck(ctx, token, null);
}

export async function correctSelfCheck(ctx: RequestContext, input: SelfCorrectionInput) {
  // A dead link is refused before the details are checked: its holder learns nothing more.
  if (!(await liveCheck(ctx.db, input.token))) throw invalidCheckLink();
  const communes = await resolveCommunes(input.communesServed);
  const address = await resolveAddress(input.postalCode, input.communeName);
  await answerCheck(ctx, input.token, { values: detailValues(input, address), communes });
}
