/**
 * Eligibility of a person to the service, from the organisation’s rule and the facts gathered at
 * the social evaluation. Pure and deterministic: the evaluation date is an input, never "today".
 *
 * Every criterion gives a reason, met or not, in plain French, so the decision can be read,
 * printed and stored as it was taken. Missing or unreadable data never counts as "not met": it
 * makes the result `incomplete`, listing what must be completed. A criterion that is known to be
 * unmet makes the result `not_eligible` even if other data is missing.
 */
import { z } from 'zod';
import { LSNS6_DEFAULT_THRESHOLD, LSNS6_MAX_TOTAL } from './lsns6.js';

// ---------------------------------------------------------------- dates (YYYY-MM-DD)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses a calendar date written YYYY-MM-DD; null if the format or the day is wrong. */
export function parseIsoDate(value: unknown): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return { year, month, day };
}

export function isValidIsoDate(value: unknown): value is string {
  return parseIsoDate(value) !== null;
}

/** "2025-03-07" → "07/03/2025", as French forms write dates. Unparseable input is returned as is. */
export function formatFrenchDate(value: string): string {
  const date = parseIsoDate(value);
  if (!date) return value;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.day, 2)}/${pad(date.month, 2)}/${pad(date.year, 4)}`;
}

/**
 * Age in completed years on a given date. The birthday counts from its day on: someone born on
 * 10 March 1950 is 75 on 10 March 2025. Someone born on 29 February gets one year older on
 * 1 March in common years (the day after 28 February), as in French civil practice.
 * Throws a RangeError if a date is invalid or the birth is after the date.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  if (!birth) throw new RangeError(`Date de naissance invalide : « ${birthDate} ».`);
  if (!on) throw new RangeError(`Date invalide : « ${onDate} ».`);
  if (birthDate > onDate) {
    throw new RangeError(
      `La date de naissance (${formatFrenchDate(birthDate)}) est postérieure au ${formatFrenchDate(onDate)}.`,
    );
  }
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) {
    age -= 1;
  }
  return age;
}

// ---------------------------------------------------------------- the rule

/**
 * French département codes: 01-19, 2A, 2B, 21-95, overseas 971-976, and the overseas
 * collectivities 975, 977, 978 and 986-988. "20" (Corsica before 1976) is refused.
 */
const DEPARTMENT_CODE = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-8]|98[6-8])$/;

/** Trims, upper-cases ("2a" → "2A") and pads a lone digit ("1" → "01", as spreadsheets drop it). */
export function normalizeDepartmentCode(value: string): string {
  const code = value.trim().toUpperCase();
  return /^\d$/.test(code) ? `0${code}` : code;
}

export function isValidDepartmentCode(value: string): boolean {
  return DEPARTMENT_CODE.test(normalizeDepartmentCode(value));
}

const departmentCodeSchema = z
  .string({ error: 'Le code de département doit être un texte, par exemple « 60 » ou « 2A ».' })
  .transform(normalizeDepartmentCode)
  .refine((code) => DEPARTMENT_CODE.test(code), {
    error: (issue) =>
      `Code de département inconnu : « ${String(issue.input)} ». Exemples : « 01 », « 60 », « 2A », « 974 ».`,
  });

const DEFAULT_MINIMUM_AGE = 65;

export const eligibilityRuleSchema = z.object({
  minimumAge: z
    .int({ error: 'L’âge minimum doit être un nombre entier d’années.' })
    .min(0, { error: 'L’âge minimum ne peut pas être négatif.' })
    .max(120, { error: 'L’âge minimum ne peut pas dépasser 120 ans.' })
    .default(DEFAULT_MINIMUM_AGE),
  isolationThreshold: z
    .int({ error: 'Le seuil d’isolement doit être un nombre entier.' })
    .min(1, { error: 'Le seuil d’isolement doit être compris entre 1 et 30.' })
    .max(LSNS6_MAX_TOTAL, { error: 'Le seuil d’isolement doit être compris entre 1 et 30.' })
    .default(LSNS6_DEFAULT_THRESHOLD),
  requireIsolation: z
    .boolean({ error: '« Isolement exigé » doit valoir oui ou non.' })
    .default(true),
  /** null, absent or empty: no restriction on the département. Codes are normalised and deduplicated. */
  allowedDepartmentCodes: z
    .array(departmentCodeSchema, { error: 'La liste des départements est invalide.' })
    .nullable()
    .optional()
    .transform((codes) => (codes && codes.length > 0 ? [...new Set(codes)] : null)),
});

/** The rule once validated: every field present. */
export type EligibilityRule = z.output<typeof eligibilityRuleSchema>;
/** The rule as stored or sent by a form: any field may be missing and takes its default. */
export type EligibilityRuleInput = z.input<typeof eligibilityRuleSchema>;

export const DEFAULT_ELIGIBILITY_RULE: EligibilityRule = eligibilityRuleSchema.parse({});

// ---------------------------------------------------------------- evaluation

type EvaluatorOpinion = 'favorable' | 'defavorable';

export interface EligibilityFacts {
  birthDate: string | null;
  /** The day of the social evaluation (YYYY-MM-DD): the age is computed on this day. */
  evaluationDate: string;
  lsns6Total: number | null;
  livesAlone: boolean | null;
  departmentCode?: string | null;
  evaluatorOpinion?: EvaluatorOpinion | null;
}

type EligibilityDecision = 'eligible' | 'not_eligible' | 'incomplete';
type EligibilityReasonCode =
  'age' | 'isolation' | 'department' | 'lives_alone' | 'evaluator_opinion';
/** What is missing or unreadable, for an `incomplete` result. */
type EligibilityMissing = 'birth_date' | 'lsns6' | 'department';

interface EligibilityReason {
  code: EligibilityReasonCode;
  /** `criterion` decides; `context` is reported for the coordinator and does not. */
  kind: 'criterion' | 'context';
  /** true / false for a criterion met or not; null when it cannot be checked, and for context. */
  met: boolean | null;
  message: string;
}

export interface EligibilityResult {
  decision: EligibilityDecision;
  reasons: EligibilityReason[];
  missing: EligibilityMissing[];
  /** Age on the evaluation date, when the birth date is known and valid. */
  age: number | null;
  /** One plain-French sentence with the decision. */
  summary: string;
  /** The validated rule that was applied: store it with the decision. */
  rule: EligibilityRule;
}

const years = (n: number): string => `${n} ${n > 1 ? 'ans' : 'an'}`;
const MET = ' — critère rempli';
const NOT_MET = ' — critère non rempli';
const CONTEXT = ' (élément de contexte, sans effet sur la décision)';

function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

function ageReason(
  rule: EligibilityRule,
  facts: EligibilityFacts,
): { reason: EligibilityReason; age: number | null } {
  const required = `au moins ${years(rule.minimumAge)} requis`;
  const unknown = (message: string) => ({
    reason: { code: 'age' as const, kind: 'criterion' as const, met: null, message },
    age: null,
  });
  if (facts.birthDate === null || facts.birthDate === undefined || facts.birthDate.trim() === '') {
    return unknown(`Date de naissance non renseignée : impossible de vérifier l’âge (${required})`);
  }
  if (!isValidIsoDate(facts.birthDate)) {
    return unknown(
      `Date de naissance « ${facts.birthDate} » invalide : impossible de vérifier l’âge (${required})`,
    );
  }
  if (facts.birthDate > facts.evaluationDate) {
    return unknown(
      `Date de naissance (${formatFrenchDate(facts.birthDate)}) postérieure à la date d’évaluation (${formatFrenchDate(facts.evaluationDate)}) : impossible de vérifier l’âge (${required})`,
    );
  }
  const age = ageOn(facts.birthDate, facts.evaluationDate);
  const met = age >= rule.minimumAge;
  return {
    reason: {
      code: 'age',
      kind: 'criterion',
      met,
      message: `${years(age)} : ${required}${met ? MET : NOT_MET}`,
    },
    age,
  };
}

function isolationReason(rule: EligibilityRule, total: number | null): EligibilityReason {
  const threshold = rule.isolationThreshold;
  const kind = rule.requireIsolation ? 'criterion' : 'context';
  const notRequired = ' (l’isolement n’est pas exigé par la règle du service)';
  if (total === null || total === undefined) {
    return {
      code: 'isolation',
      kind,
      met: null,
      message: rule.requireIsolation
        ? `Score LSNS-6 non renseigné : impossible de vérifier l’isolement (score inférieur à ${threshold} requis)`
        : `Score LSNS-6 non renseigné${notRequired}`,
    };
  }
  if (!Number.isInteger(total) || total < 0 || total > LSNS6_MAX_TOTAL) {
    return {
      code: 'isolation',
      kind,
      met: null,
      message: `Score LSNS-6 invalide (${String(total)}) : il doit être un nombre entier de 0 à 30${rule.requireIsolation ? '' : notRequired}`,
    };
  }
  const isolated = total < threshold;
  const comparison = isolated ? 'inférieur au' : total === threshold ? 'égal au' : 'supérieur au';
  const base = `Score LSNS-6 de ${total}/30, ${comparison} seuil de ${threshold} : ${
    isolated ? 'personne isolée' : 'personne non isolée selon l’échelle'
  }`;
  if (!rule.requireIsolation) {
    return { code: 'isolation', kind, met: null, message: base + notRequired };
  }
  return { code: 'isolation', kind, met: isolated, message: base + (isolated ? MET : NOT_MET) };
}

function departmentReason(
  allowed: string[],
  departmentCode: string | null | undefined,
): EligibilityReason {
  const territory = `territoire du service (${allowed.join(', ')})`;
  if (departmentCode === null || departmentCode === undefined || departmentCode.trim() === '') {
    return {
      code: 'department',
      kind: 'criterion',
      met: null,
      message: `Département non renseigné : impossible de vérifier le ${territory}`,
    };
  }
  const code = normalizeDepartmentCode(departmentCode);
  if (!DEPARTMENT_CODE.test(code)) {
    return {
      code: 'department',
      kind: 'criterion',
      met: null,
      message: `Département « ${departmentCode.trim()} » inconnu : impossible de vérifier le ${territory}`,
    };
  }
  const met = allowed.includes(code);
  return {
    code: 'department',
    kind: 'criterion',
    met,
    message: met
      ? `Département ${code} : dans le ${territory}${MET}`
      : `Département ${code} : hors du ${territory}${NOT_MET}`,
  };
}

function livesAloneReason(livesAlone: boolean | null | undefined): EligibilityReason {
  const message =
    livesAlone === true
      ? 'La personne vit seule'
      : livesAlone === false
        ? 'La personne ne vit pas seule'
        : 'On ne sait pas si la personne vit seule';
  return { code: 'lives_alone', kind: 'context', met: null, message: message + CONTEXT };
}

function opinionReason(
  opinion: EvaluatorOpinion,
  decision: EligibilityDecision,
): EligibilityReason {
  let message: string;
  if (opinion === 'defavorable' && decision === 'eligible') {
    message =
      'Avis de l’évaluateur : défavorable, alors que les critères sont remplis : à examiner par le coordinateur';
  } else if (opinion === 'favorable' && decision === 'not_eligible') {
    message =
      'Avis de l’évaluateur : favorable, alors qu’un critère n’est pas rempli : à examiner par le coordinateur';
  } else {
    message = `Avis de l’évaluateur : ${opinion === 'favorable' ? 'favorable' : 'défavorable'}${CONTEXT}`;
  }
  return { code: 'evaluator_opinion', kind: 'context', met: null, message };
}

const CRITERION_NAMES: Record<EligibilityReasonCode, string> = {
  age: 'l’âge',
  isolation: 'l’isolement',
  department: 'le territoire',
  lives_alone: 'la vie seule',
  evaluator_opinion: 'l’avis de l’évaluateur',
};

const MISSING_NAMES: Record<EligibilityMissing, string> = {
  birth_date: 'la date de naissance',
  lsns6: 'le score LSNS-6',
  department: 'le département',
};

const MISSING_BY_CODE: Partial<Record<EligibilityReasonCode, EligibilityMissing>> = {
  age: 'birth_date',
  isolation: 'lsns6',
  department: 'department',
};

/**
 * Applies the rule to the facts. `rule` may be partial (defaults apply); an invalid rule throws a
 * ZodError, an invalid evaluation date a RangeError: both are programming errors, not user input.
 */
export function evaluateEligibility(
  ruleInput: EligibilityRuleInput,
  facts: EligibilityFacts,
): EligibilityResult {
  const rule = eligibilityRuleSchema.parse(ruleInput);
  if (!isValidIsoDate(facts.evaluationDate)) {
    throw new RangeError(
      `Date d’évaluation invalide : « ${String(facts.evaluationDate)} » (format AAAA-MM-JJ attendu).`,
    );
  }

  const { reason: age, age: ageValue } = ageReason(rule, facts);
  const criteria: EligibilityReason[] = [age];
  const isolation = isolationReason(rule, facts.lsns6Total);
  if (rule.requireIsolation) criteria.push(isolation);
  if (rule.allowedDepartmentCodes) {
    criteria.push(departmentReason(rule.allowedDepartmentCodes, facts.departmentCode));
  }

  const missing = criteria
    .filter((reason) => reason.met === null)
    .map((reason) => MISSING_BY_CODE[reason.code])
    .filter((code): code is EligibilityMissing => code !== undefined);
  const failed = criteria.filter((reason) => reason.met === false);
  const decision: EligibilityDecision =
    failed.length > 0 ? 'not_eligible' : missing.length > 0 ? 'incomplete' : 'eligible';

  const context: EligibilityReason[] = [];
  if (!rule.requireIsolation) context.push(isolation);
  context.push(livesAloneReason(facts.livesAlone));
  if (facts.evaluatorOpinion === 'favorable' || facts.evaluatorOpinion === 'defavorable') {
    context.push(opinionReason(facts.evaluatorOpinion, decision));
  }

  let summary: string;
  if (decision === 'eligible') {
    summary = 'Éligible : tous les critères sont remplis.';
  } else if (decision === 'not_eligible') {
    const names = failed.map((reason) => CRITERION_NAMES[reason.code]);
    summary = `Non éligible : critère non rempli pour ${frenchList(names)}.`;
    if (missing.length > 0) {
      summary += ` À compléter aussi : ${frenchList(missing.map((m) => MISSING_NAMES[m]))}.`;
    }
  } else {
    summary = `Évaluation incomplète. À compléter ou corriger : ${frenchList(
      missing.map((m) => MISSING_NAMES[m]),
    )}.`;
  }

  return { decision, reasons: [...criteria, ...context], missing, age: ageValue, summary, rule };
}
