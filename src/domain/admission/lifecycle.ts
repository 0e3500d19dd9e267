/**
 * The lifecycle of a person accompanied by the service, from the referral to the end of the
 * accompaniment. The status history is the truth (append-only rows); this module only says which
 * change is allowed from where, and why not, in plain French.
 *
 *   referred           → evaluation_planned | evaluated | ended
 *   evaluation_planned → evaluated | ended | referred (evaluation cancelled)
 *   evaluated          → waiting (only if the latest evaluation is eligible) | ended
 *                        | evaluation_planned (re-evaluation)
 *   waiting            → active | paused | ended | evaluation_planned
 *   active             → paused | ended | waiting (no visitor any more) | evaluation_planned
 *   paused             → the status before the pause (waiting or active) | ended
 *   ended              → referred (new referral)
 *
 * A pause needs a reason (and may have an end date); an end needs a reason; the reason "other"
 * needs a comment.
 */
import { z } from 'zod';
import { formatFrenchDate, isValidIsoDate } from './eligibility.js';
import { END_REASONS, PAUSE_REASONS, PERSON_STATUSES, type PersonStatus } from './values.js';

export { END_REASONS, PAUSE_REASONS, PERSON_STATUSES, type PersonStatus };

/** Status labels, written so that they read well whatever the person’s gender. */
export const STATUS_LABELS: Readonly<Record<PersonStatus, string>> = {
  referred: 'Signalement reçu',
  evaluation_planned: 'Évaluation prévue',
  evaluated: 'Évaluation faite',
  waiting: 'En attente de visiteur',
  active: 'Visites en cours',
  paused: 'Visites en pause',
  ended: 'Accompagnement terminé',
};

export type PauseReason = (typeof PAUSE_REASONS)[number];

export const PAUSE_REASON_LABELS: Readonly<Record<PauseReason, string>> = {
  hospital: 'Hospitalisation',
  holiday: 'Vacances',
  temporary_refusal: 'Refus temporaire des visites',
  family_stay: 'Séjour en famille',
  other: 'Autre motif',
};

export type EndReason = (typeof END_REASONS)[number];

export const END_REASON_LABELS: Readonly<Record<EndReason, string>> = {
  moved: 'Déménagement',
  care_home: 'Entrée en établissement (EHPAD, résidence autonomie…)',
  deceased: 'Décès',
  declined: 'Ne souhaite pas ou plus de visites',
  not_eligible: 'Ne remplit pas les critères',
  no_longer_isolated: 'N’est plus en situation d’isolement',
  other: 'Autre motif',
};

/** The transitions of the graph. From `paused`, only the status before the pause may be resumed. */
const TRANSITIONS: Readonly<Record<PersonStatus, readonly PersonStatus[]>> = {
  referred: ['evaluation_planned', 'evaluated', 'ended'],
  evaluation_planned: ['evaluated', 'ended', 'referred'],
  evaluated: ['waiting', 'ended', 'evaluation_planned'],
  waiting: ['active', 'paused', 'ended', 'evaluation_planned'],
  active: ['paused', 'ended', 'waiting', 'evaluation_planned'],
  paused: ['waiting', 'active', 'ended'],
  ended: ['referred'],
};

const COMMENT_MAX_LENGTH = 2000;

type TransitionErrorCode =
  | 'invalid_date'
  | 'reason_required'
  | 'invalid_reason'
  | 'comment_required'
  | 'comment_too_long'
  | 'unexpected_reason'
  | 'unexpected_until'
  | 'until_before_effective_date'
  | 'unknown_status'
  | 'same_status'
  | 'transition_not_allowed'
  | 'evaluation_not_eligible'
  | 'evaluation_required'
  | 'consent_required'
  | 'unknown_status_before_pause'
  | 'resume_to_previous_status'
  | 'effective_date_before_current';

export interface TransitionRequest {
  to: PersonStatus;
  reason?: string | null;
  comment?: string | null;
  /** For a pause: the day the pause is expected to end (YYYY-MM-DD). */
  until?: string | null;
  /** The day the change takes effect (YYYY-MM-DD). */
  effectiveDate: string;
  /**
   * Into "waiting" without a recorded consent to visits: why it could not be collected yet (kept
   * on the file until a consent is recorded).
   */
  consentPendingReason?: string | null;
}

export interface LifecycleState {
  status: PersonStatus;
  /** When paused: the status the pause interrupted (waiting or active), read from the history. */
  statusBeforePause?: PersonStatus | null;
  /** true / false: the latest evaluation’s decision; null: none, or incomplete. */
  latestEvaluationEligible: boolean | null;
  /** Effective date of the current status: a change cannot take effect before it. */
  currentSince?: string | null;
  /**
   * The consent to visits: recorded (and not withdrawn), pending (a reason why it could not be
   * collected yet is on the file), or missing. Absent: not checked (callers that never move a
   * person into "waiting").
   */
  visitConsent?: 'recorded' | 'pending' | 'missing';
}

export type TransitionCheck =
  { ok: true } | { ok: false; code: TransitionErrorCode; message: string };

interface Problem {
  code: TransitionErrorCode;
  field: keyof TransitionRequest;
  message: string;
}

const label = (status: PersonStatus): string => `« ${STATUS_LABELS[status]} »`;
const isStatus = (value: unknown): value is PersonStatus =>
  typeof value === 'string' && (PERSON_STATUSES as readonly string[]).includes(value);
const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

function reasonList(labels: Readonly<Record<string, string>>): string {
  return Object.values(labels)
    .map((text) => `« ${text} »`)
    .join(', ');
}

/** Problems a request has on its own, whatever the person’s current status. */
function requestProblem(request: TransitionRequest): Problem | null {
  if (!isValidIsoDate(request.effectiveDate)) {
    return {
      code: 'invalid_date',
      field: 'effectiveDate',
      message: 'La date d’effet est invalide : indiquez une date au format AAAA-MM-JJ.',
    };
  }
  if (present(request.comment) && request.comment.trim().length > COMMENT_MAX_LENGTH) {
    return {
      code: 'comment_too_long',
      field: 'comment',
      message: `Le commentaire est trop long : ${COMMENT_MAX_LENGTH} caractères au plus.`,
    };
  }
  const reasonText = present(request.reason) ? request.reason.trim() : null;
  const untilText = present(request.until) ? request.until.trim() : null;

  if (request.to === 'paused' || request.to === 'ended') {
    const pause = request.to === 'paused';
    const reasons: readonly string[] = pause ? PAUSE_REASONS : END_REASONS;
    const labels = pause ? PAUSE_REASON_LABELS : END_REASON_LABELS;
    const what = pause ? 'de la pause' : 'de fin d’accompagnement';
    if (reasonText === null) {
      return {
        code: 'reason_required',
        field: 'reason',
        message: `Indiquez le motif ${what}.`,
      };
    }
    const reason = reasonText;
    if (!reasons.includes(reason)) {
      return {
        code: 'invalid_reason',
        field: 'reason',
        message: `Motif ${what} inconnu : « ${reason} ». Motifs possibles : ${reasonList(labels)}.`,
      };
    }
    if (reason === 'other' && !present(request.comment)) {
      return {
        code: 'comment_required',
        field: 'comment',
        message: `Motif « Autre » : précisez le motif ${what} dans le commentaire.`,
      };
    }
    if (!pause && untilText !== null) {
      return {
        code: 'unexpected_until',
        field: 'until',
        message: 'Une date de fin prévue ne s’indique que pour une pause.',
      };
    }
    if (pause && untilText !== null) {
      const until = untilText;
      if (!isValidIsoDate(until)) {
        return {
          code: 'invalid_date',
          field: 'until',
          message:
            'La date de fin de pause prévue est invalide : indiquez une date au format AAAA-MM-JJ.',
        };
      }
      if (until < request.effectiveDate) {
        return {
          code: 'until_before_effective_date',
          field: 'until',
          message: `La fin de pause prévue (${formatFrenchDate(until)}) ne peut pas être avant le début de la pause (${formatFrenchDate(request.effectiveDate)}).`,
        };
      }
    }
    return null;
  }

  if (reasonText !== null) {
    return {
      code: 'unexpected_reason',
      field: 'reason',
      message:
        'Un motif ne s’indique que pour une pause ou une fin d’accompagnement. Utilisez le commentaire pour donner des précisions.',
    };
  }
  if (untilText !== null) {
    return {
      code: 'unexpected_until',
      field: 'until',
      message: 'Une date de fin prévue ne s’indique que pour une pause.',
    };
  }
  return null;
}

/** Problems of a change from the current state, whatever the details of the request. */
function stateProblem(
  current: LifecycleState,
  to: PersonStatus,
): { code: TransitionErrorCode; message: string } | null {
  if (!isStatus(current.status)) {
    return {
      code: 'unknown_status',
      message: `Statut actuel inconnu : « ${String(current.status)} ».`,
    };
  }
  if (!isStatus(to)) {
    return { code: 'unknown_status', message: `Statut demandé inconnu : « ${String(to)} ».` };
  }
  const from = current.status;
  if (from === to) {
    return { code: 'same_status', message: `Le statut est déjà ${label(to)}.` };
  }
  if (!TRANSITIONS[from].includes(to)) {
    const possible = from === 'paused' ? resumeTargets(current) : TRANSITIONS[from];
    return {
      code: 'transition_not_allowed',
      message: `Passage impossible de ${label(from)} à ${label(to)}. Depuis ${label(from)}, on peut passer à : ${possible.map(label).join(', ')}.`,
    };
  }
  if (from === 'paused' && to !== 'ended') {
    const before = current.statusBeforePause;
    if (before !== 'waiting' && before !== 'active') {
      return {
        code: 'unknown_status_before_pause',
        message:
          'Impossible de savoir quel était le statut avant la pause : vérifiez l’historique des statuts.',
      };
    }
    if (to !== before) {
      return {
        code: 'resume_to_previous_status',
        message: `À la fin d’une pause, la personne reprend le statut qu’elle avait avant : ${label(before)}.`,
      };
    }
  }
  if (from === 'evaluated' && to === 'waiting') {
    if (current.latestEvaluationEligible === false) {
      return {
        code: 'evaluation_not_eligible',
        message:
          'La dernière évaluation conclut que la personne ne remplit pas les critères : elle ne peut pas être mise en attente de visiteur. Prévoyez une nouvelle évaluation ou terminez l’accompagnement.',
      };
    }
    if (current.latestEvaluationEligible !== true) {
      return {
        code: 'evaluation_required',
        message:
          'L’évaluation est absente ou incomplète : complétez-la avant de mettre la personne en attente de visiteur.',
      };
    }
  }
  return null;
}

function resumeTargets(current: LifecycleState): PersonStatus[] {
  const before = current.statusBeforePause;
  return before === 'waiting' || before === 'active'
    ? [before, 'ended']
    : ['waiting', 'active', 'ended'];
}

/** Checks a requested change of status. The first problem found is returned. */
export function checkTransition(
  current: LifecycleState,
  request: TransitionRequest,
): TransitionCheck {
  const own = requestProblem(request);
  if (own) return { ok: false, code: own.code, message: own.message };
  const state = stateProblem(current, request.to);
  if (state) return { ok: false, ...state };
  // Nobody is put on the waiting list for visits they have not agreed to (issue 11), unless the
  // coordinator writes why the consent could not be collected yet.
  if (
    request.to === 'waiting' &&
    current.visitConsent === 'missing' &&
    !present(request.consentPendingReason)
  ) {
    return {
      ok: false,
      code: 'consent_required',
      message:
        'Aucun consentement aux visites n’est enregistré : enregistrez-le avant de mettre la personne en attente de visiteur, ou indiquez pourquoi il n’a pas encore pu être recueilli.',
    };
  }
  if (present(current.currentSince) && request.effectiveDate < current.currentSince) {
    return {
      ok: false,
      code: 'effective_date_before_current',
      message: `La date d’effet (${formatFrenchDate(request.effectiveDate)}) est avant la date du statut actuel ${label(current.status)} (${formatFrenchDate(current.currentSince)}).`,
    };
  }
  return { ok: true };
}

const optionalText = z
  .string({ error: 'Ce champ doit être un texte.' })
  .trim()
  .nullish()
  .transform((value) => (value ? value : undefined));

/**
 * A transition request as sent by a form or the API. Empty strings and null become absent; the
 * request’s own consistency (reason, comment, dates) is checked here with French messages. Whether
 * the change is allowed from the current status is `checkTransition`'s job.
 */
export const transitionRequestSchema = z
  .object({
    to: z.enum(PERSON_STATUSES, { error: 'Statut demandé inconnu.' }),
    reason: optionalText,
    comment: optionalText,
    until: optionalText,
    effectiveDate: z.string({ error: 'Indiquez la date d’effet.' }).trim(),
    consentPendingReason: optionalText.refine((value) => !value || value.length <= 500, {
      message: '500 caractères au maximum.',
    }),
  })
  .superRefine((request, ctx) => {
    const problem = requestProblem(request);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.field] });
    }
  });

/** Verb for the button that makes the change. */
function actionLabel(from: PersonStatus, to: PersonStatus): string {
  switch (to) {
    case 'evaluation_planned':
      return from === 'referred' ? 'Planifier l’évaluation' : 'Prévoir une nouvelle évaluation';
    case 'evaluated':
      return 'Enregistrer l’évaluation';
    case 'referred':
      return from === 'ended' ? 'Nouveau signalement' : 'Annuler l’évaluation prévue';
    case 'waiting':
      if (from === 'evaluated') return 'Admettre : mettre en attente de visiteur';
      if (from === 'paused') return 'Reprendre (en attente de visiteur)';
      return 'Remettre en attente de visiteur';
    case 'active':
      return from === 'paused' ? 'Reprendre les visites' : 'Commencer les visites';
    case 'paused':
      return 'Mettre en pause';
    case 'ended':
      return from === 'referred' || from === 'evaluation_planned'
        ? 'Clore le signalement'
        : 'Terminer l’accompagnement';
  }
}

export interface AllowedTransition {
  to: PersonStatus;
  /** The target status label. */
  statusLabel: string;
  /** The label of the button that makes the change. */
  actionLabel: string;
  possible: boolean;
  /** Why not, when not possible. */
  code?: TransitionErrorCode;
  whyNot?: string;
  /** What the request must carry. */
  requires: { reason: 'pause' | 'end' | null; untilAllowed: boolean };
}

/** The changes offered from the current status, each with whether it can be made now. */
export function allowedTransitions(current: LifecycleState): AllowedTransition[] {
  if (!isStatus(current.status)) return [];
  const from = current.status;
  const targets = from === 'paused' ? resumeTargets(current) : TRANSITIONS[from];
  return targets.map((to) => {
    const problem = stateProblem(current, to);
    return {
      to,
      statusLabel: STATUS_LABELS[to],
      actionLabel: actionLabel(from, to),
      possible: problem === null,
      ...(problem ? { code: problem.code, whyNot: problem.message } : {}),
      requires: {
        reason: to === 'paused' ? 'pause' : to === 'ended' ? 'end' : null,
        untilAllowed: to === 'paused',
      },
    };
  });
}
