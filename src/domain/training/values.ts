/**
 * The values of training, seminars, practice analysis, tutoring and the employed young visitors'
 * contracts (issue 12, ADR 0030). Plain lists and their French labels, no Zod: the web app reads
 * them too. The labels here serve the server's own texts (messages, the spreadsheet export); the
 * screens take theirs from the catalogue (src/web/i18n/fr.ts).
 */

/** Dated sessions: a training module, the yearly seminar, practice analysis, a qualifying
 * training day (employed young visitors), a tutoring meeting (one young visitor and a tutor). */
export const SESSION_KINDS = [
  'module',
  'seminar',
  'practice_analysis',
  'qualifying_training',
  'tutoring',
] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Who is on a session's list and how it went (never what was said). */
export const ATTENDANCE_STATUSES = ['registered', 'attended', 'absent', 'excused'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** The marks that say the session took place for the visitor: only for a session held. */
export const MARKS_OF_A_HELD_SESSION: readonly AttendanceStatus[] = ['attended', 'absent'];

/** The employed young visitors' contracts. */
export const CONTRACT_TYPES = [
  'cdd',
  'cdd_insertion',
  'civic_service',
  'apprenticeship',
  'other',
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const CONTRACT_TYPE_LABELS: Readonly<Record<ContractType, string>> = {
  cdd: 'CDD',
  cdd_insertion: 'CDD d’insertion',
  civic_service: 'Service civique',
  apprenticeship: 'Apprentissage',
  other: 'Autre contrat',
};

/** What the young visitor does after the contract: the insertion the service reports. */
export const EXIT_OUTCOMES = ['job', 'training', 'other'] as const;
export type ExitOutcome = (typeof EXIT_OUTCOMES)[number];

export const EXIT_OUTCOME_LABELS: Readonly<Record<ExitOutcome, string>> = {
  job: 'Emploi',
  training: 'Formation',
  other: 'Autre',
};

/** The visitor kind whose contract and outcome the service reports. */
export const EMPLOYED_YOUNG = 'employed_young';
