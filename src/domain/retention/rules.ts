/**
 * Every data-retention rule of the platform, in one readable place (ADR 0012).
 *
 * 1. Technical records (sessions, links, sign-in attempts, e-mails of the outbox, the audit
 *    trail): purged by the daily `retention` job and by `convivialite purge`
 *    (src/server/retention/purge.ts), `RETENTION_RULES` below. The job queue's own tables hold
 *    ids and counts only; pg-boss deletes finished jobs after 7 days (ADR 0015).
 * 2. Files of people accompanied (`personRetention`): the CNIL's reference for social and
 *    medico-social support (délibération n° 2023-095 du 14 septembre 2023, « référentiel durées de
 *    conservation » of the social and medico-social sector): the file stays in the active base
 *    2 years after the LAST CONTACT with the person, then goes to a restricted archive (only
 *    administrators read it, every read audited), then is anonymised at the end of the archive.
 *    The référentiel fixes no length for the intermediate archive (it must answer a legal
 *    obligation or a probative need, within the applicable limitation period): the platform takes
 *    the ordinary limitation period of personal actions, 5 years (code civil, art. 2224).
 *    Each organisation may shorten both periods; lengthening them beyond this reference needs a
 *    written reason, kept with the setting. "Last contact" is derived from what is stored, never
 *    typed (`lastContactOf`). A legal hold suspends the anonymisation (not the archive).
 *
 * The job that applies part 2 (src/server/rights/retention.ts) runs daily by itself and takes
 * `today` as an argument: the functions here are pure and tested with a clock.
 */
import { z } from 'zod';

/** The legal reference, in months. */
export const LEGAL_RETENTION = {
  activeMonths: 24,
  archiveMonths: 60,
  source:
    'CNIL, délibération n° 2023-095 du 14 septembre 2023 (référentiel durées de conservation, secteur social et médico-social) : base active 2 ans après le dernier contact ; archivage intermédiaire limité au délai de prescription (5 ans, code civil art. 2224).',
} as const;

/** An organisation's retention settings (`organisations.settings.retention`). */
export const retentionSettingsSchema = z
  .object({
    activeMonths: z
      .number()
      .int()
      .min(1, 'Au moins 1 mois.')
      .max(240, '240 mois au maximum.')
      .default(LEGAL_RETENTION.activeMonths),
    archiveMonths: z
      .number()
      .int()
      .min(0, 'La durée ne peut pas être négative.')
      .max(240, '240 mois au maximum.')
      .default(LEGAL_RETENTION.archiveMonths),
    /** Required when a duration is longer than the legal reference: why, in writing. */
    reason: z.string().trim().max(2000, '2000 caractères au maximum.').nullable().default(null),
  })
  .strict()
  .superRefine((value, context) => {
    const longer: string[] = [];
    if (value.activeMonths > LEGAL_RETENTION.activeMonths)
      longer.push(
        `conservation active de ${value.activeMonths} mois (référence : ${LEGAL_RETENTION.activeMonths})`,
      );
    if (value.archiveMonths > LEGAL_RETENTION.archiveMonths)
      longer.push(
        `archivage de ${value.archiveMonths} mois (référence : ${LEGAL_RETENTION.archiveMonths})`,
      );
    if (longer.length && !value.reason) {
      context.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `Durée plus longue que la référence légale (${longer.join(' ; ')}) : indiquez par écrit la raison de cette durée.`,
      });
    }
  });
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** The settings an organisation applies: its own, or the legal reference where it set none. */
export function retentionSettingsOf(organisationSettings: unknown): RetentionSettings {
  const raw = (organisationSettings as { retention?: unknown } | null)?.retention;
  const parsed = retentionSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : retentionSettingsSchema.parse({});
}

/** `date` (AAAA-MM-JJ) plus `months`, the day clamped to the end of a shorter month. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The last contact with a person: the latest of the dates of what was done with them (visits
 * done, reports written, evaluations, consents given or withdrawn, status changes); the file's
 * creation when nothing happened since. Dates as AAAA-MM-JJ (a timestamp is cut to its day).
 */
export function lastContactOf(
  dates: readonly (string | null | undefined)[],
  createdOn: string,
): string {
  let last = createdOn.slice(0, 10);
  for (const date of dates) if (date && date.slice(0, 10) > last) last = date.slice(0, 10);
  return last;
}

export interface RetentionCandidate {
  personId: string;
  lastContact: string;
  archived: boolean;
  erased: boolean;
  legalHold: boolean;
}

interface RetentionDecision {
  personId: string;
  lastContact: string;
  /** The day from which the rule applies (the day after the period ended). */
  dueSince: string;
  why: string;
}

export interface RetentionPlan {
  archive: RetentionDecision[];
  anonymise: RetentionDecision[];
  /** Due for anonymisation but under a legal hold: kept (archived), said why. */
  held: RetentionDecision[];
}

const frenchDay = (date: string) => date.split('-').reverse().join('/');

/**
 * What to archive and what to anonymise today. A file is archived once its active period after
 * the last contact is over (the day after `lastContact + activeMonths`), anonymised once the
 * archive period is over too; an already archived file is not archived again, an erased one is
 * left alone. A file past both periods is anonymised directly.
 */
export function personRetention(
  candidates: readonly RetentionCandidate[],
  settings: RetentionSettings,
  today: string,
): RetentionPlan {
  const plan: RetentionPlan = { archive: [], anonymise: [], held: [] };
  for (const person of candidates) {
    if (person.erased) continue;
    const activeEnd = addMonths(person.lastContact, settings.activeMonths);
    const archiveEnd = addMonths(
      person.lastContact,
      settings.activeMonths + settings.archiveMonths,
    );
    if (archiveEnd < today) {
      const decision = {
        personId: person.personId,
        lastContact: person.lastContact,
        dueSince: archiveEnd,
        why: `Dernier contact le ${frenchDay(person.lastContact)} : conservation (${settings.activeMonths} mois) et archivage (${settings.archiveMonths} mois) terminés le ${frenchDay(archiveEnd)}.`,
      };
      if (person.legalHold)
        plan.held.push({
          ...decision,
          why: `${decision.why} Gel juridique en cours : la fiche n’est pas anonymisée.`,
        });
      else {
        plan.anonymise.push(decision);
        continue;
      }
    }
    if (!person.archived && activeEnd < today) {
      plan.archive.push({
        personId: person.personId,
        lastContact: person.lastContact,
        dueSince: activeEnd,
        why: `Dernier contact le ${frenchDay(person.lastContact)} : conservation active de ${settings.activeMonths} mois terminée le ${frenchDay(activeEnd)}.`,
      });
    }
  }
  return plan;
}

export interface RetentionRule {
  /** What is removed, in plain words. */
  what: string;
  table:
    | 'sessions'
    | 'auth_tokens'
    | 'login_attempts'
    | 'rate_limit_hits'
    | 'audit_log'
    | 'mail_outbox'
    | 'sms_outbox'
    | 'sms_inbound';
  /** SQL condition on the table's own columns, with `$days` replaced by `days`. */
  condition: string;
  days: number;
  why: string;
}

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    what: 'Expired sessions',
    table: 'sessions',
    condition: `expires_at < now() - make_interval(days => $days)`,
    days: 0,
    why: 'An expired session is useless; keeping it only widens what a leak would expose.',
  },
  {
    what: 'Used or expired invitation and password-reset links',
    table: 'auth_tokens',
    condition: `coalesce(used_at, expires_at) < now() - make_interval(days => $days)`,
    days: 30,
    why: 'Kept a month to answer "I never received / used this link", then removed.',
  },
  {
    what: 'Login attempts',
    table: 'login_attempts',
    condition: `at < now() - make_interval(days => $days)`,
    days: 90,
    why: 'Security log of sign-ins (CNIL recommends 6 months at most for such logs).',
  },
  {
    what: 'Sign-in and reset limit counters',
    table: 'rate_limit_hits',
    condition: `at < now() - make_interval(days => $days)`,
    days: 1,
    why: 'The limits look back an hour at most; older counters only take room.',
  },
  {
    what: 'E-mails of the outbox, sent or given up',
    table: 'mail_outbox',
    condition: `status in ('sent', 'failed') and coalesce(sent_at, claimed_at, created_at) < now() - make_interval(days => $days)`,
    days: 30,
    why: 'Kept a month to answer "I never received this e-mail" (the bodies, with their links, are emptied as soon as it is sent), then removed.',
  },
  {
    what: 'SMS of the outbox, sent or given up',
    table: 'sms_outbox',
    condition: `status in ('sent', 'failed') and coalesce(receipt_at, sent_at, claimed_at, created_at) < now() - make_interval(days => $days)`,
    days: 30,
    why: 'Kept a month to answer "I never received this SMS" and to read late receipts and replies (the contact log keeps that it was sent), then removed.',
  },
  {
    what: 'SMS received',
    table: 'sms_inbound',
    condition: `received_at < now() - make_interval(days => $days)`,
    days: 30,
    why: 'What an answer changed is recorded where it belongs (the request answered); the SMS itself is kept a month for operators, then removed.',
  },
  {
    what: 'Audit trail (who saw and changed what)',
    table: 'audit_log',
    condition: `at < now() - make_interval(days => $days)`,
    days: 365 * 3,
    why: 'Traceability of access to social data; three years covers the contracts and audits of funders.',
  },
];
