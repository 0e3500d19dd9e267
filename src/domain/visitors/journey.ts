/**
 * The journey of a visitor or volunteer, from the application to the end of the engagement, and
 * whether they can be proposed by matching or planned on a given date. Pure: the server reads the
 * rows and asks here.
 *
 *   applied   « Candidature reçue » → interview | ended
 *   interview « Entretien »         → checks | ended (an unfavourable interview ends the application)
 *   checks    « Vérifications »     → training | active | ended (no training required: active)
 *   training  « Formation »         → active | ended
 *   active    « Actif »             → suspended | ended
 *   suspended « Suspendu »          → active | ended
 *   ended     « Fin d’engagement »  (last stage: a new engagement is a new application)
 *
 * A suspension needs a reason (and may have an end date: the visitor is planned again after it);
 * an end needs a reason.
 */

export const JOURNEY_STAGES = [
  'applied',
  'interview',
  'checks',
  'training',
  'active',
  'suspended',
  'ended',
] as const;
export type JourneyStage = (typeof JOURNEY_STAGES)[number];

export const JOURNEY_STAGE_LABELS: Readonly<Record<JourneyStage, string>> = {
  applied: 'Candidature reçue',
  interview: 'Entretien',
  checks: 'Vérifications',
  training: 'Formation',
  active: 'Actif',
  suspended: 'Suspendu',
  ended: 'Fin d’engagement',
};

export const INTERVIEW_OUTCOMES = ['favourable', 'unfavourable', 'to_continue'] as const;
export type InterviewOutcome = (typeof INTERVIEW_OUTCOMES)[number];

export const JOURNEY_TRANSITIONS: Readonly<Record<JourneyStage, readonly JourneyStage[]>> = {
  applied: ['interview', 'ended'],
  interview: ['checks', 'ended'],
  checks: ['training', 'active', 'ended'],
  training: ['active', 'ended'],
  active: ['suspended', 'ended'],
  suspended: ['active', 'ended'],
  ended: [],
};

export const isJourneyStage = (value: string): value is JourneyStage =>
  (JOURNEY_STAGES as readonly string[]).includes(value);

/** The stages a visitor may be moved to from `stage`. */
export const nextStages = (stage: JourneyStage): readonly JourneyStage[] =>
  JOURNEY_TRANSITIONS[stage];

/** « 3 novembre 2026 » (a calendar day, AAAA-MM-JJ). */
function dayMonthYear(date: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** Adds days to an AAAA-MM-JJ date. */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const quoted = (stage: JourneyStage) => `« ${JOURNEY_STAGE_LABELS[stage]} »`;

function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ou ${items[items.length - 1]}`;
}

export interface JourneyStepRequest {
  from: JourneyStage;
  to: JourneyStage;
  /** The day it takes effect (AAAA-MM-JJ); not after `today`. */
  effectiveOn: string;
  today: string;
  reason?: string | null;
  /** A suspension's end (the last day of the suspension). */
  until?: string | null;
  /** Moving to "Vérifications" needs a favourable interview. */
  hasFavourableInterview?: boolean;
}

type JourneyRefusalCode =
  | 'same_stage'
  | 'not_allowed'
  | 'future_date'
  | 'reason_required'
  | 'until_not_allowed'
  | 'until_before_effective'
  | 'interview_required';

export type JourneyCheck =
  | { ok: true }
  | {
      ok: false;
      code: JourneyRefusalCode;
      /** 409 for a step the journey does not allow, 400 for bad input. */
      kind: 'conflict' | 'bad_input';
      field?: string;
      message: string;
      allowed: JourneyStage[];
    };

/** The French sentence naming the steps allowed from a stage. */
function allowedStepsSentence(from: JourneyStage): string {
  const allowed = JOURNEY_TRANSITIONS[from];
  if (allowed.length === 0)
    return `Le parcours est terminé (${quoted(from)}) : une nouvelle candidature est nécessaire pour reprendre.`;
  return `Depuis l’étape ${quoted(from)}, le parcours peut passer à : ${frenchList(allowed.map(quoted))}.`;
}

/** Is this step of the journey allowed? The refusal names the allowed steps, in French. */
export function checkJourneyStep(request: JourneyStepRequest): JourneyCheck {
  const { from, to } = request;
  const allowed = [...JOURNEY_TRANSITIONS[from]];
  const refuse = (
    code: JourneyRefusalCode,
    kind: 'conflict' | 'bad_input',
    message: string,
    field?: string,
  ): JourneyCheck => ({
    ok: false,
    code,
    kind,
    message,
    allowed,
    ...(field ? { field } : {}),
  });
  if (from === to)
    return refuse(
      'same_stage',
      'conflict',
      `Le parcours est déjà à l’étape ${quoted(from)}. ${allowedStepsSentence(from)}`,
    );
  if (!allowed.includes(to))
    return refuse(
      'not_allowed',
      'conflict',
      `Impossible de passer de ${quoted(from)} à ${quoted(to)}. ${allowedStepsSentence(from)}`,
    );
  if (request.effectiveOn > request.today)
    return refuse(
      'future_date',
      'bad_input',
      'La date de l’étape ne peut pas être dans le futur.',
      'effectiveOn',
    );
  const reason = request.reason?.trim() ?? '';
  if ((to === 'suspended' || to === 'ended') && reason.length === 0)
    return refuse(
      'reason_required',
      'bad_input',
      to === 'suspended'
        ? 'Indiquez le motif de la suspension.'
        : 'Indiquez le motif de la fin d’engagement.',
      'reason',
    );
  if (request.until && to !== 'suspended')
    return refuse(
      'until_not_allowed',
      'bad_input',
      'Seule une suspension peut avoir une date de fin.',
      'until',
    );
  if (request.until && request.until < request.effectiveOn)
    return refuse(
      'until_before_effective',
      'bad_input',
      'La fin de la suspension ne peut pas précéder son début.',
      'until',
    );
  if (to === 'checks' && !request.hasFavourableInterview)
    return refuse(
      'interview_required',
      'conflict',
      'Enregistrez d’abord un entretien favorable avant de passer aux vérifications.',
    );
  return { ok: true };
}

// ---------------------------------------------------------------- documents and readiness

export interface RequiredDocumentRule {
  key: string;
  label: string;
  expires: boolean;
  currentVersion: string | null;
}

export interface JourneyDocument {
  kind: string;
  version: string | null;
  receivedOn: string;
  expiresOn: string | null;
  /** Tie-breaker between two documents received the same day: the later recorded counts. */
  createdAt?: string | Date | null;
}

export interface ReadinessVisitor {
  journeyStage: string;
  suspendedReason: string | null;
  suspendedUntil: string | null;
  endedOn: string | null;
}

type DocumentStatus = 'valid' | 'expiring' | 'expired' | 'outdated' | 'missing';

interface DocumentState {
  key: string;
  label: string;
  status: DocumentStatus;
  /** The document that counts (the latest received of that kind), if any. */
  document: JourneyDocument | null;
  /** Why it does not count, or the warning, in French; null when valid. */
  message: string | null;
}

export interface Readiness {
  ready: boolean;
  /** Why the visitor cannot be proposed or planned on that date (French, one per reason). */
  reasons: string[];
  /** What will soon stop them (a document expiring within the warning delay). */
  warnings: string[];
  documents: DocumentState[];
}

/**
 * Whose documents are checked: volunteers'. Employed young visitors and young people in civic
 * service are under a contract (their employer insures them, their commitment is the contract):
 * the organisation's list is asked of volunteers (ADR 0029).
 */
export function documentsRequiredOf<T>(kind: string, rules: readonly T[]): readonly T[] {
  return kind === 'volunteer' ? rules : [];
}

/** The short noun of the two documents every organisation asks for, for the reasons' sentences. */
const SHORT_NOUNS: Readonly<Record<string, string>> = {
  charter: 'charte',
  insurance: 'assurance',
};

const stamp = (d: JourneyDocument) =>
  d.createdAt instanceof Date ? d.createdAt.toISOString() : (d.createdAt ?? '');

/** The document of a kind that counts: the latest received (then the latest recorded). */
function latestDocument(
  documents: readonly JourneyDocument[],
  kind: string,
): JourneyDocument | null {
  let best: JourneyDocument | null = null;
  for (const d of documents) {
    if (d.kind !== kind) continue;
    if (
      !best ||
      d.receivedOn > best.receivedOn ||
      (d.receivedOn === best.receivedOn && stamp(d) > stamp(best))
    )
      best = d;
  }
  return best;
}

/** The state of one required document on `today`. */
function documentState(
  rule: RequiredDocumentRule,
  documents: readonly JourneyDocument[],
  today: string,
  warningDays: number,
): DocumentState {
  const document = latestDocument(documents, rule.key);
  const noun = SHORT_NOUNS[rule.key];
  const base = { key: rule.key, label: rule.label, document };
  if (!document)
    return {
      ...base,
      status: 'missing',
      message: noun ? `${noun} manquante` : `document manquant : ${rule.label}`,
    };
  if (rule.expires && document.expiresOn && document.expiresOn < today)
    return {
      ...base,
      status: 'expired',
      message: noun
        ? `${noun} expirée le ${dayMonthYear(document.expiresOn)}`
        : `${rule.label} : validité terminée le ${dayMonthYear(document.expiresOn)}`,
    };
  if (rule.currentVersion && document.version !== rule.currentVersion) {
    const what = noun ?? rule.label;
    return {
      ...base,
      status: 'outdated',
      message: document.version
        ? `${what} signée en version ${document.version}, version en cours ${rule.currentVersion}`
        : `${what} signée sans version indiquée, version en cours ${rule.currentVersion}`,
    };
  }
  if (
    rule.expires &&
    document.expiresOn &&
    document.expiresOn <= plusDays(today, Math.max(0, warningDays))
  )
    return {
      ...base,
      status: 'expiring',
      message: noun
        ? `${noun} à renouveler : expire le ${dayMonthYear(document.expiresOn)}`
        : `${rule.label} à renouveler : fin de validité le ${dayMonthYear(document.expiresOn)}`,
    };
  return { ...base, status: 'valid', message: null };
}

/**
 * Can this visitor be proposed or planned on `today`? Not active (still applying, or ended),
 * suspended (until a date: ready again the day after), a required document missing, expired, or of
 * an older version than the current one: not ready, with each reason. A document expiring within
 * `warningDays`: ready, with a warning.
 */
export function readiness(
  visitor: ReadinessVisitor,
  documents: readonly JourneyDocument[],
  requiredDocuments: readonly RequiredDocumentRule[],
  today: string,
  warningDays: number,
): Readiness {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const stage = isJourneyStage(visitor.journeyStage) ? visitor.journeyStage : 'active';
  if (stage === 'ended' || (visitor.endedOn && visitor.endedOn < today)) {
    reasons.push(
      visitor.endedOn
        ? `fin d’engagement le ${dayMonthYear(visitor.endedOn)}`
        : 'fin d’engagement enregistrée',
    );
  } else if (stage === 'suspended') {
    const over = visitor.suspendedUntil !== null && visitor.suspendedUntil < today;
    if (!over) {
      const why = visitor.suspendedReason?.trim();
      const head = visitor.suspendedUntil
        ? `suspendu jusqu’au ${dayMonthYear(visitor.suspendedUntil)}`
        : 'suspendu';
      reasons.push(why ? `${head} : ${why}` : head);
    }
  } else if (stage !== 'active') {
    reasons.push(`parcours en cours (étape « ${JOURNEY_STAGE_LABELS[stage]} »)`);
  }
  const states = requiredDocuments.map((rule) =>
    documentState(rule, documents, today, warningDays),
  );
  for (const state of states) {
    if (state.status === 'expiring') warnings.push(state.message!);
    else if (state.status !== 'valid') reasons.push(state.message!);
  }
  return { ready: reasons.length === 0, reasons, warnings, documents: states };
}
