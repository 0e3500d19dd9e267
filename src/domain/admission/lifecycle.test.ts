import { describe, it, expect } from 'vitest';
import {
  END_REASONS,
  END_REASON_LABELS,
  PAUSE_REASONS,
  PAUSE_REASON_LABELS,
  PERSON_STATUSES,
  STATUS_LABELS,
  allowedTransitions,
  checkTransition,
  transitionRequestSchema,
  type LifecycleState,
  type PersonStatus,
  type TransitionRequest,
} from './lifecycle.js';

const state = (status: PersonStatus, extra: Partial<LifecycleState> = {}): LifecycleState => ({
  status,
  latestEvaluationEligible: null,
  ...extra,
});
const go = (to: PersonStatus, extra: Partial<TransitionRequest> = {}): TransitionRequest => ({
  to,
  effectiveDate: '2025-03-10',
  ...extra,
});
/** A request that carries what the target status needs. */
const complete = (to: PersonStatus): TransitionRequest =>
  to === 'paused'
    ? go(to, { reason: 'hospital' })
    : to === 'ended'
      ? go(to, { reason: 'moved' })
      : go(to);

const EXPECTED: Record<PersonStatus, PersonStatus[]> = {
  referred: ['evaluation_planned', 'evaluated', 'ended'],
  evaluation_planned: ['evaluated', 'ended', 'referred'],
  evaluated: ['waiting', 'ended', 'evaluation_planned'],
  waiting: ['active', 'paused', 'ended', 'evaluation_planned'],
  active: ['paused', 'ended', 'waiting', 'evaluation_planned'],
  paused: [],
  ended: ['referred'],
};

describe('labels', () => {
  it('labels every status, pause reason and end reason in French', () => {
    for (const status of PERSON_STATUSES) expect(STATUS_LABELS[status]).toBeTruthy();
    for (const reason of PAUSE_REASONS) expect(PAUSE_REASON_LABELS[reason]).toBeTruthy();
    for (const reason of END_REASONS) expect(END_REASON_LABELS[reason]).toBeTruthy();
    expect(STATUS_LABELS.waiting).toBe('En attente de visiteur');
    expect(PAUSE_REASON_LABELS.hospital).toBe('Hospitalisation');
    expect(END_REASON_LABELS.deceased).toBe('Décès');
  });
});

describe('checkTransition: the graph', () => {
  // Every (from, to) pair except from `paused`, which depends on the status before the pause.
  for (const from of PERSON_STATUSES.filter((s) => s !== 'paused')) {
    for (const to of PERSON_STATUSES) {
      const allowed = EXPECTED[from].includes(to);
      it(`${from} → ${to}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const result = checkTransition(
          state(from, { latestEvaluationEligible: true }),
          complete(to),
        );
        if (allowed) {
          expect(result).toEqual({ ok: true });
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.code).toBe(from === to ? 'same_status' : 'transition_not_allowed');
          }
        }
      });
    }
  }

  it('explains a refused change and lists the possible ones', () => {
    expect(checkTransition(state('referred'), go('active'))).toEqual({
      ok: false,
      code: 'transition_not_allowed',
      message:
        'Passage impossible de « Signalement reçu » à « Visites en cours ». Depuis « Signalement reçu », on peut passer à : « Évaluation prévue », « Évaluation faite », « Accompagnement terminé ».',
    });
    expect(checkTransition(state('active'), go('active'))).toEqual({
      ok: false,
      code: 'same_status',
      message: 'Le statut est déjà « Visites en cours ».',
    });
  });

  it('rejects an unknown current status', () => {
    const result = checkTransition(state('lost' as PersonStatus), go('referred'));
    expect(result).toMatchObject({ ok: false, code: 'unknown_status' });
  });
});

describe('checkTransition: admission after evaluation', () => {
  it('lets an eligible person wait for a visitor', () => {
    expect(
      checkTransition(state('evaluated', { latestEvaluationEligible: true }), go('waiting')),
    ).toEqual({
      ok: true,
    });
  });

  it('refuses when the latest evaluation is not eligible', () => {
    const result = checkTransition(
      state('evaluated', { latestEvaluationEligible: false }),
      go('waiting'),
    );
    expect(result).toMatchObject({ ok: false, code: 'evaluation_not_eligible' });
    if (!result.ok) expect(result.message).toContain('ne remplit pas les critères');
  });

  it('refuses when the evaluation is missing or incomplete', () => {
    const result = checkTransition(
      state('evaluated', { latestEvaluationEligible: null }),
      go('waiting'),
    );
    expect(result).toMatchObject({ ok: false, code: 'evaluation_required' });
  });

  it('does not re-check eligibility when a person goes back to waiting from active or a pause', () => {
    expect(
      checkTransition(state('active', { latestEvaluationEligible: false }), go('waiting')),
    ).toEqual({
      ok: true,
    });
    expect(
      checkTransition(
        state('paused', { statusBeforePause: 'waiting', latestEvaluationEligible: null }),
        go('waiting'),
      ),
    ).toEqual({ ok: true });
  });

  it('still allows a re-evaluation or an end after a negative evaluation', () => {
    const current = state('evaluated', { latestEvaluationEligible: false });
    expect(checkTransition(current, go('evaluation_planned'))).toEqual({ ok: true });
    expect(checkTransition(current, go('ended', { reason: 'not_eligible' }))).toEqual({ ok: true });
  });
});

describe('checkTransition: the consent to visits', () => {
  const eligible = { latestEvaluationEligible: true };
  it('refuses "waiting" without a recorded consent, with code and French message', () => {
    const check = checkTransition(
      state('evaluated', { ...eligible, visitConsent: 'missing' }),
      go('waiting'),
    );
    expect(check).toMatchObject({ ok: false, code: 'consent_required' });
    expect(!check.ok && check.message).toMatch(/consentement aux visites/);
    // Also when coming back to waiting from a pause or from visits.
    expect(
      checkTransition(
        state('paused', { statusBeforePause: 'waiting', visitConsent: 'missing' }),
        go('waiting'),
      ),
    ).toMatchObject({ ok: false, code: 'consent_required' });
  });

  it('accepts it with the consent recorded, a reason already on the file, or a reason given', () => {
    expect(
      checkTransition(state('evaluated', { ...eligible, visitConsent: 'recorded' }), go('waiting')),
    ).toEqual({ ok: true });
    expect(
      checkTransition(state('evaluated', { ...eligible, visitConsent: 'pending' }), go('waiting')),
    ).toEqual({ ok: true });
    expect(
      checkTransition(
        state('evaluated', { ...eligible, visitConsent: 'missing' }),
        go('waiting', { consentPendingReason: 'Hospitalisée, sa fille signe à son retour' }),
      ),
    ).toEqual({ ok: true });
    expect(
      checkTransition(
        state('evaluated', { ...eligible, visitConsent: 'missing' }),
        go('waiting', { consentPendingReason: '   ' }),
      ),
    ).toMatchObject({ ok: false, code: 'consent_required' });
  });
});

describe('checkTransition: pauses', () => {
  it('resumes to the status before the pause', () => {
    const fromActive = state('paused', { statusBeforePause: 'active' });
    expect(checkTransition(fromActive, go('active'))).toEqual({ ok: true });
    expect(checkTransition(fromActive, go('waiting'))).toEqual({
      ok: false,
      code: 'resume_to_previous_status',
      message:
        'À la fin d’une pause, la personne reprend le statut qu’elle avait avant : « Visites en cours ».',
    });
    const fromWaiting = state('paused', { statusBeforePause: 'waiting' });
    expect(checkTransition(fromWaiting, go('waiting'))).toEqual({ ok: true });
    expect(checkTransition(fromWaiting, go('active'))).toMatchObject({
      ok: false,
      code: 'resume_to_previous_status',
    });
  });

  it('cannot resume when the status before the pause is unknown', () => {
    for (const before of [undefined, null, 'referred' as const]) {
      const result = checkTransition(state('paused', { statusBeforePause: before }), go('active'));
      expect(result).toMatchObject({ ok: false, code: 'unknown_status_before_pause' });
    }
  });

  it('can always end from a pause, and nothing else', () => {
    const paused = state('paused', { statusBeforePause: 'active' });
    expect(checkTransition(paused, go('ended', { reason: 'care_home' }))).toEqual({ ok: true });
    for (const to of ['referred', 'evaluation_planned', 'evaluated'] as const) {
      const result = checkTransition(paused, go(to));
      expect(result).toMatchObject({ ok: false, code: 'transition_not_allowed' });
      if (!result.ok) {
        expect(result.message).toContain(
          'on peut passer à : « Visites en cours », « Accompagnement terminé »',
        );
      }
    }
    expect(checkTransition(paused, go('paused', { reason: 'holiday' }))).toMatchObject({
      ok: false,
      code: 'same_status',
    });
  });

  it('requires a known pause reason', () => {
    expect(checkTransition(state('active'), go('paused'))).toEqual({
      ok: false,
      code: 'reason_required',
      message: 'Indiquez le motif de la pause.',
    });
    expect(checkTransition(state('active'), go('paused', { reason: '  ' }))).toMatchObject({
      code: 'reason_required',
    });
    const wrong = checkTransition(state('active'), go('paused', { reason: 'moved' }));
    expect(wrong).toMatchObject({ ok: false, code: 'invalid_reason' });
    if (!wrong.ok) {
      expect(wrong.message).toBe(
        'Motif de la pause inconnu : « moved ». Motifs possibles : « Hospitalisation », « Vacances », « Refus temporaire des visites », « Séjour en famille », « Autre motif ».',
      );
    }
    for (const reason of PAUSE_REASONS.filter((r) => r !== 'other')) {
      expect(checkTransition(state('waiting'), go('paused', { reason }))).toEqual({ ok: true });
    }
  });

  it('requires a comment for the reason "other"', () => {
    expect(checkTransition(state('active'), go('paused', { reason: 'other' }))).toEqual({
      ok: false,
      code: 'comment_required',
      message: 'Motif « Autre » : précisez le motif de la pause dans le commentaire.',
    });
    expect(
      checkTransition(state('active'), go('paused', { reason: 'other', comment: ' ' })),
    ).toMatchObject({
      code: 'comment_required',
    });
    expect(
      checkTransition(
        state('active'),
        go('paused', { reason: 'other', comment: 'Travaux dans le logement' }),
      ),
    ).toEqual({ ok: true });
  });

  it('accepts an end date on or after the start of the pause', () => {
    const current = state('active');
    expect(
      checkTransition(current, go('paused', { reason: 'hospital', until: '2025-03-10' })),
    ).toEqual({ ok: true });
    expect(
      checkTransition(current, go('paused', { reason: 'hospital', until: '2025-04-30' })),
    ).toEqual({ ok: true });
    expect(
      checkTransition(current, go('paused', { reason: 'hospital', until: '2025-03-09' })),
    ).toEqual({
      ok: false,
      code: 'until_before_effective_date',
      message:
        'La fin de pause prévue (09/03/2025) ne peut pas être avant le début de la pause (10/03/2025).',
    });
    expect(
      checkTransition(current, go('paused', { reason: 'hospital', until: '2025-02-30' })),
    ).toMatchObject({
      ok: false,
      code: 'invalid_date',
    });
  });
});

describe('checkTransition: ends', () => {
  it('requires a known end reason, and a comment for "other"', () => {
    expect(checkTransition(state('active'), go('ended'))).toEqual({
      ok: false,
      code: 'reason_required',
      message: 'Indiquez le motif de fin d’accompagnement.',
    });
    expect(checkTransition(state('active'), go('ended', { reason: 'hospital' }))).toMatchObject({
      code: 'invalid_reason',
    });
    expect(checkTransition(state('active'), go('ended', { reason: 'other' }))).toMatchObject({
      code: 'comment_required',
      message: 'Motif « Autre » : précisez le motif de fin d’accompagnement dans le commentaire.',
    });
    for (const reason of END_REASONS.filter((r) => r !== 'other')) {
      expect(checkTransition(state('active'), go('ended', { reason }))).toEqual({ ok: true });
    }
  });

  it('refuses an end date ("until") on an end', () => {
    expect(
      checkTransition(state('active'), go('ended', { reason: 'moved', until: '2025-05-01' })),
    ).toMatchObject({ ok: false, code: 'unexpected_until' });
  });

  it('allows a new referral after an end', () => {
    expect(
      checkTransition(state('ended'), go('referred', { comment: 'Nouveau signalement du CCAS' })),
    ).toEqual({
      ok: true,
    });
  });
});

describe('checkTransition: request details', () => {
  it('refuses a reason or an end date on other changes', () => {
    expect(checkTransition(state('active'), go('waiting', { reason: 'hospital' }))).toMatchObject({
      ok: false,
      code: 'unexpected_reason',
    });
    expect(checkTransition(state('waiting'), go('active', { until: '2025-05-01' }))).toMatchObject({
      ok: false,
      code: 'unexpected_until',
    });
    expect(
      checkTransition(state('waiting'), go('active', { reason: null, until: '', comment: 'ok' })),
    ).toEqual({
      ok: true,
    });
  });

  it('requires a valid effective date', () => {
    expect(
      checkTransition(state('referred'), go('evaluated', { effectiveDate: '10/03/2025' })),
    ).toEqual({
      ok: false,
      code: 'invalid_date',
      message: 'La date d’effet est invalide : indiquez une date au format AAAA-MM-JJ.',
    });
  });

  it('refuses a comment that is too long', () => {
    expect(
      checkTransition(state('referred'), go('evaluated', { comment: 'x'.repeat(2001) })),
    ).toMatchObject({
      ok: false,
      code: 'comment_too_long',
    });
  });

  it('refuses a change effective before the current status', () => {
    const current = state('waiting', { currentSince: '2025-03-15' });
    expect(checkTransition(current, go('active'))).toEqual({
      ok: false,
      code: 'effective_date_before_current',
      message:
        'La date d’effet (10/03/2025) est avant la date du statut actuel « En attente de visiteur » (15/03/2025).',
    });
    expect(checkTransition(current, go('active', { effectiveDate: '2025-03-15' }))).toEqual({
      ok: true,
    });
  });

  it('reports problems of the request before problems of the state', () => {
    expect(checkTransition(state('referred'), go('paused'))).toMatchObject({
      code: 'reason_required',
    });
    expect(checkTransition(state('referred'), go('paused', { reason: 'holiday' }))).toMatchObject({
      code: 'transition_not_allowed',
    });
  });
});

describe('transitionRequestSchema', () => {
  it('parses a valid request, trimming and dropping empty fields', () => {
    expect(
      transitionRequestSchema.parse({
        to: 'paused',
        reason: ' hospital ',
        comment: '  ',
        until: '',
        effectiveDate: '2025-03-10',
      }),
    ).toEqual({ to: 'paused', reason: 'hospital', effectiveDate: '2025-03-10' });
    expect(
      transitionRequestSchema.parse({
        to: 'ended',
        reason: 'other',
        comment: ' Parti chez sa fille ',
        effectiveDate: '2025-03-10',
        until: null,
      }),
    ).toEqual({
      to: 'ended',
      reason: 'other',
      comment: 'Parti chez sa fille',
      effectiveDate: '2025-03-10',
    });
  });

  it('reports French messages on the right field', () => {
    const issues = (input: unknown) =>
      transitionRequestSchema
        .safeParse(input)
        .error?.issues.map((i) => ({ path: i.path, message: i.message }));
    expect(issues({ to: 'gone', effectiveDate: '2025-03-10' })).toEqual([
      { path: ['to'], message: 'Statut demandé inconnu.' },
    ]);
    expect(issues({ to: 'active' })).toEqual([
      { path: ['effectiveDate'], message: 'Indiquez la date d’effet.' },
    ]);
    expect(issues({ to: 'paused', effectiveDate: '2025-03-10' })).toEqual([
      { path: ['reason'], message: 'Indiquez le motif de la pause.' },
    ]);
    expect(issues({ to: 'ended', reason: 'other', effectiveDate: '2025-03-10' })).toEqual([
      {
        path: ['comment'],
        message: 'Motif « Autre » : précisez le motif de fin d’accompagnement dans le commentaire.',
      },
    ]);
    expect(
      issues({
        to: 'paused',
        reason: 'holiday',
        until: '2025-03-01',
        effectiveDate: '2025-03-10',
      })?.[0]?.path,
    ).toEqual(['until']);
    expect(issues({ to: 'active', effectiveDate: '2025-31-12' })?.[0]?.path).toEqual([
      'effectiveDate',
    ]);
  });
});

describe('allowedTransitions', () => {
  it('offers the changes from each status with button labels', () => {
    expect(
      allowedTransitions(state('referred')).map((t) => [t.to, t.actionLabel, t.possible]),
    ).toEqual([
      ['evaluation_planned', 'Planifier l’évaluation', true],
      ['evaluated', 'Enregistrer l’évaluation', true],
      ['ended', 'Clore le signalement', true],
    ]);
    expect(allowedTransitions(state('active')).map((t) => t.actionLabel)).toEqual([
      'Mettre en pause',
      'Terminer l’accompagnement',
      'Remettre en attente de visiteur',
      'Prévoir une nouvelle évaluation',
    ]);
    expect(allowedTransitions(state('ended')).map((t) => t.actionLabel)).toEqual([
      'Nouveau signalement',
    ]);
    for (const status of PERSON_STATUSES.filter((s) => s !== 'paused')) {
      expect(allowedTransitions(state(status)).map((t) => t.to)).toEqual(EXPECTED[status]);
    }
  });

  it('says what each change needs', () => {
    const fromWaiting = allowedTransitions(state('waiting'));
    expect(fromWaiting.find((t) => t.to === 'paused')?.requires).toEqual({
      reason: 'pause',
      untilAllowed: true,
    });
    expect(fromWaiting.find((t) => t.to === 'ended')?.requires).toEqual({
      reason: 'end',
      untilAllowed: false,
    });
    expect(fromWaiting.find((t) => t.to === 'active')?.requires).toEqual({
      reason: null,
      untilAllowed: false,
    });
  });

  it('shows admission as impossible, with why, until the evaluation is eligible', () => {
    const notYet = allowedTransitions(state('evaluated', { latestEvaluationEligible: false }));
    const admit = notYet.find((t) => t.to === 'waiting');
    expect(admit).toMatchObject({
      possible: false,
      code: 'evaluation_not_eligible',
      actionLabel: 'Admettre : mettre en attente de visiteur',
      statusLabel: 'En attente de visiteur',
    });
    expect(admit?.whyNot).toContain('ne remplit pas les critères');
    expect(notYet.filter((t) => t.possible).map((t) => t.to)).toEqual([
      'ended',
      'evaluation_planned',
    ]);

    const ok = allowedTransitions(state('evaluated', { latestEvaluationEligible: true }));
    expect(ok.find((t) => t.to === 'waiting')).toMatchObject({ possible: true });
    expect(ok.find((t) => t.to === 'waiting')).not.toHaveProperty('whyNot');
  });

  it('offers only the resumption to the status before the pause', () => {
    expect(
      allowedTransitions(state('paused', { statusBeforePause: 'active' })).map((t) => [
        t.to,
        t.actionLabel,
        t.possible,
      ]),
    ).toEqual([
      ['active', 'Reprendre les visites', true],
      ['ended', 'Terminer l’accompagnement', true],
    ]);
    expect(
      allowedTransitions(state('paused', { statusBeforePause: 'waiting' })).map((t) => [
        t.to,
        t.actionLabel,
      ]),
    ).toEqual([
      ['waiting', 'Reprendre (en attente de visiteur)'],
      ['ended', 'Terminer l’accompagnement'],
    ]);
  });

  it('explains why a pause cannot be lifted when the history is unclear', () => {
    const options = allowedTransitions(state('paused'));
    expect(options.map((t) => [t.to, t.possible, t.code ?? null])).toEqual([
      ['waiting', false, 'unknown_status_before_pause'],
      ['active', false, 'unknown_status_before_pause'],
      ['ended', true, null],
    ]);
  });

  it('agrees with checkTransition', () => {
    for (const status of PERSON_STATUSES) {
      for (const eligible of [true, false, null]) {
        for (const before of ['waiting', 'active', null] as const) {
          const current = state(status, {
            latestEvaluationEligible: eligible,
            statusBeforePause: before,
          });
          for (const option of allowedTransitions(current)) {
            expect(checkTransition(current, complete(option.to)).ok).toBe(option.possible);
          }
        }
      }
    }
  });

  it('returns nothing for an unknown status', () => {
    expect(allowedTransitions(state('lost' as PersonStatus))).toEqual([]);
  });
});
