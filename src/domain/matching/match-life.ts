/**
 * The life of a match (issue 12, ADR 0028). The assignment is the match; this module only says
 * which step is allowed from where, what it needs, and what falls due, in plain French.
 *
 *   accepted            → announced (both sides called and reached) | ended
 *   announced           → first_visit_planned (a visit with the coordinator present) | ended
 *   first_visit_planned → trial (the first visit done) | ended
 *   trial               → confirmed (after the trial's check-in call) | ended
 *   confirmed           → ended
 *   ended               → nothing (a new match is a new assignment)
 *
 * An end needs a reason; "other" needs a comment. Reviews are held on an active match (trial or
 * confirmed). Pure functions, no I/O.
 */
import { addDays, daysBetween } from '../common/calendar.js';
import { formatLongDate } from '../common/french.js';

export const MATCH_STAGES = [
  'accepted',
  'announced',
  'first_visit_planned',
  'trial',
  'confirmed',
  'ended',
] as const;
export type MatchStage = (typeof MATCH_STAGES)[number];

export const MATCH_STAGE_LABELS: Readonly<Record<MatchStage, string>> = {
  accepted: 'Appariement accepté',
  announced: 'Annoncé aux deux parties',
  first_visit_planned: 'Première visite prévue',
  trial: 'Période d’essai',
  confirmed: 'Appariement confirmé',
  ended: 'Appariement terminé',
};

export const MATCH_END_REASONS = [
  'person_choice',
  'visitor_choice',
  'no_affinity',
  'moved',
  'care_home',
  'deceased',
  'visitor_left',
  'other',
] as const;
export type MatchEndReason = (typeof MATCH_END_REASONS)[number];

export const MATCH_END_REASON_LABELS: Readonly<Record<MatchEndReason, string>> = {
  person_choice: 'Choix de la personne',
  visitor_choice: 'Choix du visiteur',
  no_affinity: 'Pas d’affinité',
  moved: 'Déménagement',
  care_home: 'Entrée en établissement',
  deceased: 'Décès',
  visitor_left: 'Départ du visiteur',
  other: 'Autre motif',
};

/**
 * Reasons about the person's own situation: the match ends, but the person does not go back to
 * the waiting list (the coordinator ends or pauses the accompaniment on the person's file).
 */
export const PERSON_SITUATION_REASONS: readonly MatchEndReason[] = [
  'moved',
  'care_home',
  'deceased',
];

/** The priority reason kept on the person's file when a match ends for want of affinity. */
export const NO_AFFINITY_PRIORITY = 'no_affinity';

export const REVIEW_DECISIONS = ['continue', 'change_rhythm', 'end'] as const;
type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export const REVIEW_DECISION_LABELS: Readonly<Record<ReviewDecision, string>> = {
  continue: 'Continuer',
  change_rhythm: 'Changer le rythme des visites',
  end: 'Arrêter l’appariement',
};

/** The graph: the steps allowed from each stage. */
export const MATCH_TRANSITIONS: Readonly<Record<MatchStage, readonly MatchStage[]>> = {
  accepted: ['announced', 'ended'],
  announced: ['first_visit_planned', 'ended'],
  first_visit_planned: ['trial', 'ended'],
  trial: ['confirmed', 'ended'],
  confirmed: ['ended'],
  ended: [],
};

/** Stages during which visits are planned every week and reviews may be held. */
const ACTIVE_MATCH_STAGES: readonly MatchStage[] = ['trial', 'confirmed'];

export const isMatchStage = (value: unknown): value is MatchStage =>
  typeof value === 'string' && (MATCH_STAGES as readonly string[]).includes(value);

/** What a step needs to know about the match. */
export interface MatchState {
  stage: MatchStage;
  /** The day the current stage began. */
  stageSince: string | null;
  /** A reached call (or meeting) logged with the person or one of their carers, since acceptance. */
  personReached: boolean;
  /** The unit's visitors, and whether each was reached since acceptance. */
  visitorsReached: readonly { id: string; name: string; reached: boolean }[];
  /** The first visit, with the coordinator present, once planned. */
  firstVisit: { date: string; status: string } | null;
  /** A reached call logged with the person (or a carer) for the trial's check-in. */
  trialCheckLogged: boolean;
}

export interface MatchStepRequest {
  to: MatchStage;
  /** The day the step takes effect (YYYY-MM-DD). */
  effectiveOn: string;
  reason?: string | null;
  comment?: string | null;
  /** Into the trial while the first visit is still "planned": the day it was done. */
  firstVisitDoneOn?: string | null;
}

export type MatchStepCheck = { ok: true } | { ok: false; code: string; message: string };

const quoted = (stage: MatchStage) => `« ${MATCH_STAGE_LABELS[stage]} »`;
const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';
const isIsoDate = (value: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));

/** "« Première visite prévue » ou « Appariement terminé »". */
function stageList(stages: readonly MatchStage[]): string {
  const labels = stages.map(quoted);
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} ou ${labels.at(-1)}`;
}

/** Why a step allowed by the graph cannot be taken yet (null: it can). */
function missingFor(state: MatchState, request: MatchStepRequest): string | null {
  switch (request.to) {
    case 'announced': {
      const missing: string[] = [];
      if (!state.personReached) missing.push('la personne (ou un de ses proches)');
      for (const v of state.visitorsReached) if (!v.reached) missing.push(v.name);
      return missing.length
        ? `Pour annoncer l’appariement, notez un appel abouti avec : ${missing.join(', ')}.`
        : null;
    }
    case 'first_visit_planned':
      return state.firstVisit ? null : 'Planifiez la première visite, en votre présence.';
    case 'trial': {
      if (!state.firstVisit) return 'La première visite n’est pas planifiée.';
      if (state.firstVisit.status === 'done') return null;
      if (state.firstVisit.status !== 'planned')
        return 'La première visite n’a pas eu lieu : planifiez-en une autre ou arrêtez l’appariement.';
      if (!present(request.firstVisitDoneOn))
        return 'La période d’essai commence une fois la première visite faite : indiquez le jour où elle a eu lieu.';
      if (request.firstVisitDoneOn < state.firstVisit.date)
        return `La première visite était prévue le ${formatLongDate(state.firstVisit.date)} : elle ne peut avoir eu lieu avant.`;
      return null;
    }
    case 'confirmed':
      return state.trialCheckLogged
        ? null
        : 'Avant de confirmer l’appariement, notez l’appel de fin d’essai avec la personne (ou un de ses proches).';
    case 'ended': {
      if (
        !present(request.reason) ||
        !(MATCH_END_REASONS as readonly string[]).includes(request.reason)
      )
        return `Indiquez le motif de la fin : ${Object.values(MATCH_END_REASON_LABELS)
          .map((l) => `« ${l} »`)
          .join(', ')}.`;
      if (request.reason === 'other' && !present(request.comment))
        return 'Le motif « Autre motif » demande un commentaire.';
      return null;
    }
    default:
      return null;
  }
}

/**
 * Whether a step may be taken today: in the graph, dated (not in the future, not before the
 * current stage began) and with what it needs. A refusal names the allowed steps.
 */
export function checkMatchStep(
  state: MatchState,
  request: MatchStepRequest,
  today: string,
): MatchStepCheck {
  if (!isMatchStage(request.to))
    return { ok: false, code: 'unknown_stage', message: 'Cette étape n’existe pas.' };
  const allowed = MATCH_TRANSITIONS[state.stage];
  if (!allowed.includes(request.to)) {
    return {
      ok: false,
      code: 'step_not_allowed',
      message:
        allowed.length === 0
          ? `L’appariement est terminé : il ne change plus d’étape.`
          : `Un appariement à l’étape ${quoted(state.stage)} ne peut passer qu’à l’étape ${stageList(allowed)}.`,
    };
  }
  if (!isIsoDate(request.effectiveOn))
    return {
      ok: false,
      code: 'invalid_date',
      message: 'La date est invalide : indiquez une date au format AAAA-MM-JJ.',
    };
  if (request.effectiveOn > today)
    return { ok: false, code: 'future_date', message: 'La date ne peut pas être dans le futur.' };
  if (present(request.firstVisitDoneOn)) {
    if (!isIsoDate(request.firstVisitDoneOn))
      return {
        ok: false,
        code: 'invalid_date',
        message: 'La date de la première visite est invalide.',
      };
    if (request.firstVisitDoneOn > today)
      return {
        ok: false,
        code: 'future_date',
        message: 'La première visite ne peut pas avoir eu lieu dans le futur.',
      };
  }
  if (state.stageSince && request.effectiveOn < state.stageSince)
    return {
      ok: false,
      code: 'before_current',
      message: `L’étape actuelle a commencé le ${formatLongDate(state.stageSince)} : la suivante ne peut pas être datée d’avant.`,
    };
  const missing = missingFor(state, request);
  if (missing) return { ok: false, code: 'step_not_ready', message: missing };
  return { ok: true };
}

/** The next steps, each with whether it may be taken now and, if not, what is missing. */
export function allowedNextSteps(state: MatchState, today: string) {
  return MATCH_TRANSITIONS[state.stage].map((to) => {
    const missing =
      to === 'ended'
        ? null
        : missingFor(state, {
            to,
            effectiveOn: today,
            firstVisitDoneOn: to === 'trial' ? today : null,
          });
    return { to, label: MATCH_STAGE_LABELS[to], ready: missing === null, missing };
  });
}

/** A calendar date some months later (the 31st of a shorter month is its last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The trial ends so many weeks after the first visit. */
export const trialEndsOn = (firstVisitDate: string, trialWeeks: number) =>
  addDays(firstVisitDate, trialWeeks * 7);

/** The next review of a confirmed match (or after a review). */
export const nextReviewOn = (from: string, reviewMonths: number) => addMonths(from, reviewMonths);

/** Whether a review may be held on a match at this stage (409 otherwise). */
export function checkReview(stage: MatchStage): MatchStepCheck {
  if (ACTIVE_MATCH_STAGES.includes(stage)) return { ok: true };
  return {
    ok: false,
    code: 'match_not_active',
    message:
      stage === 'ended'
        ? 'L’appariement est terminé : on ne peut plus en faire le bilan.'
        : `Un bilan se fait pendant l’essai ou une fois l’appariement confirmé ; celui-ci en est à l’étape ${quoted(stage)}.`,
  };
}

/** Days ahead that make a trial's end, or a review, "due". */
const TRIAL_END_HORIZON_DAYS = 7;
const REVIEW_HORIZON_DAYS = 30;

export interface DueMatch {
  id: string;
  stage: MatchStage;
  trialEndsOn: string | null;
  nextReviewOn: string | null;
}

export interface DueStep {
  assignmentId: string;
  kind: 'trial_end' | 'review';
  dueOn: string;
  /** Negative: overdue by so many days. */
  daysLeft: number;
}

/** A trial ending within 7 days (or already over) is due. */
export function trialEndDue(match: DueMatch, today: string): DueStep | null {
  if (match.stage !== 'trial' || !match.trialEndsOn) return null;
  const daysLeft = daysBetween(today, match.trialEndsOn);
  return daysLeft <= TRIAL_END_HORIZON_DAYS
    ? { assignmentId: match.id, kind: 'trial_end', dueOn: match.trialEndsOn, daysLeft }
    : null;
}

/** A review due within 30 days (or overdue) on a confirmed match. */
export function reviewDue(match: DueMatch, today: string): DueStep | null {
  if (match.stage !== 'confirmed' || !match.nextReviewOn) return null;
  const daysLeft = daysBetween(today, match.nextReviewOn);
  return daysLeft <= REVIEW_HORIZON_DAYS
    ? { assignmentId: match.id, kind: 'review', dueOn: match.nextReviewOn, daysLeft }
    : null;
}

/** What is due on these matches, the most urgent first (for the home page's worklist). */
export function dueSteps(matches: readonly DueMatch[], today: string): DueStep[] {
  return matches
    .flatMap((m) => [trialEndDue(m, today), reviewDue(m, today)])
    .filter((s): s is DueStep => s !== null)
    .sort((a, b) => a.daysLeft - b.daysLeft || (a.assignmentId < b.assignmentId ? -1 : 1));
}
