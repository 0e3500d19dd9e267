import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MATCH_STAGES,
  MATCH_TRANSITIONS,
  addMonths,
  allowedNextSteps,
  checkMatchStep,
  checkReview,
  dueSteps,
  reviewDue,
  trialEndDue,
  trialEndsOn,
  type MatchStage,
  type MatchState,
} from './match-life.js';

const today = '2026-12-03';
const ready = (stage: MatchStage, extra: Partial<MatchState> = {}): MatchState => ({
  stage,
  stageSince: '2026-11-01',
  personReached: true,
  visitorsReached: [{ id: 'v1', name: 'Awa Diallo', reached: true }],
  firstVisit: { date: '2026-11-20', status: 'done' },
  trialCheckLogged: true,
  ...extra,
});

describe('checkMatchStep', () => {
  it('follows the graph when every condition is met', () => {
    for (const [from, next] of Object.entries(MATCH_TRANSITIONS))
      for (const to of next)
        expect(
          checkMatchStep(
            ready(from as MatchStage),
            { to, effectiveOn: today, reason: 'moved' },
            today,
          ),
        ).toEqual({ ok: true });
  });

  it('refuses a step outside the graph and names the allowed ones in French', () => {
    const check = checkMatchStep(ready('accepted'), { to: 'confirmed', effectiveOn: today }, today);
    expect(check).toMatchObject({ ok: false, code: 'step_not_allowed' });
    expect(!check.ok && check.message).toBe(
      'Un appariement à l’étape « Appariement accepté » ne peut passer qu’à l’étape « Annoncé aux deux parties » ou « Appariement terminé ».',
    );
  });

  it('keeps an ended match ended', () => {
    const check = checkMatchStep(ready('ended'), { to: 'confirmed', effectiveOn: today }, today);
    expect(!check.ok && check.message).toBe(
      'L’appariement est terminé : il ne change plus d’étape.',
    );
  });

  it('announces only once the person and every visitor were reached, naming who is missing', () => {
    const state = ready('accepted', {
      personReached: false,
      visitorsReached: [
        { id: 'v1', name: 'Awa Diallo', reached: true },
        { id: 'v2', name: 'Louis Martin', reached: false },
      ],
    });
    const check = checkMatchStep(state, { to: 'announced', effectiveOn: today }, today);
    expect(!check.ok && check.message).toBe(
      'Pour annoncer l’appariement, notez un appel abouti avec : la personne (ou un de ses proches), Louis Martin.',
    );
  });

  it('starts the trial with the first visit done, or with the day it was done', () => {
    const planned = ready('first_visit_planned', {
      firstVisit: { date: '2026-11-20', status: 'planned' },
    });
    expect(checkMatchStep(planned, { to: 'trial', effectiveOn: today }, today).ok).toBe(false);
    expect(
      checkMatchStep(
        planned,
        { to: 'trial', effectiveOn: today, firstVisitDoneOn: '2026-11-20' },
        today,
      ),
    ).toEqual({ ok: true });
    const before = checkMatchStep(
      planned,
      { to: 'trial', effectiveOn: today, firstVisitDoneOn: '2026-11-19' },
      today,
    );
    expect(!before.ok && before.message).toBe(
      'La première visite était prévue le vendredi 20 novembre 2026 : elle ne peut avoir eu lieu avant.',
    );
  });

  it('confirms only after the trial’s check-in call', () => {
    const check = checkMatchStep(
      ready('trial', { trialCheckLogged: false }),
      { to: 'confirmed', effectiveOn: today },
      today,
    );
    expect(check).toMatchObject({ ok: false, code: 'step_not_ready' });
  });

  it('refuses a date in the future, or before the current stage', () => {
    expect(
      checkMatchStep(ready('trial'), { to: 'confirmed', effectiveOn: '2026-12-04' }, today),
    ).toMatchObject({ ok: false, code: 'future_date' });
    expect(
      checkMatchStep(ready('trial'), { to: 'confirmed', effectiveOn: '2026-10-31' }, today),
    ).toMatchObject({ ok: false, code: 'before_current' });
  });

  it('ends with a reason, "other" with a comment', () => {
    const s = ready('confirmed');
    expect(checkMatchStep(s, { to: 'ended', effectiveOn: today }, today).ok).toBe(false);
    expect(checkMatchStep(s, { to: 'ended', effectiveOn: today, reason: 'other' }, today)).toEqual({
      ok: false,
      code: 'step_not_ready',
      message: 'Le motif « Autre motif » demande un commentaire.',
    });
    expect(
      checkMatchStep(s, { to: 'ended', effectiveOn: today, reason: 'other', comment: 'x' }, today),
    ).toEqual({ ok: true });
  });
});

describe('reviews and due dates', () => {
  it('reviews only an active match', () => {
    expect(checkReview('trial').ok).toBe(true);
    expect(checkReview('confirmed').ok).toBe(true);
    for (const stage of ['accepted', 'announced', 'first_visit_planned', 'ended'] as const)
      expect(checkReview(stage).ok).toBe(false);
  });

  it('dates the trial and the reviews from the settings', () => {
    expect(trialEndsOn('2026-11-20', 6)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-03', 12)).toBe('2027-12-03');
  });

  it('lists trials ending within 7 days and reviews within 30, the most urgent first', () => {
    const m = (id: string, stage: MatchStage, t: string | null, r: string | null) => ({
      id,
      stage,
      trialEndsOn: t,
      nextReviewOn: r,
    });
    expect(trialEndDue(m('a', 'trial', '2026-12-11', null), today)).toBeNull();
    expect(trialEndDue(m('a', 'trial', '2026-12-10', null), today)?.daysLeft).toBe(7);
    expect(reviewDue(m('b', 'confirmed', null, '2027-01-03'), today)).toBeNull();
    expect(reviewDue(m('b', 'trial', null, '2026-12-03'), today)).toBeNull();
    expect(
      dueSteps(
        [
          m('a', 'trial', '2026-12-08', null),
          m('b', 'confirmed', null, '2026-11-30'),
          m('c', 'ended', '2026-12-04', '2026-12-04'),
        ],
        today,
      ).map((d) => [d.assignmentId, d.kind, d.daysLeft]),
    ).toEqual([
      ['b', 'review', -3],
      ['a', 'trial_end', 5],
    ]);
  });

  it('says what each next step still needs', () => {
    const steps = allowedNextSteps(ready('accepted', { personReached: false }), today);
    expect(steps.map((s) => [s.to, s.ready])).toEqual([
      ['announced', false],
      ['ended', true],
    ]);
  });
});

describe('the graph (properties)', () => {
  const anyState = fc.record({
    stage: fc.constantFrom(...MATCH_STAGES),
    personReached: fc.boolean(),
    visitorReached: fc.boolean(),
    firstVisit: fc.option(fc.constantFrom('planned', 'done', 'not_done'), { nil: null }),
    trialCheckLogged: fc.boolean(),
  });
  const request = fc.record({
    to: fc.constantFrom(...MATCH_STAGES),
    reason: fc.option(fc.constantFrom('no_affinity', 'other', 'nonsense'), { nil: null }),
    comment: fc.option(fc.constantFrom('', 'un mot'), { nil: null }),
    doneOn: fc.option(fc.constantFrom('2026-11-19', '2026-11-20', '2026-12-24'), { nil: null }),
  });

  it('no path reaches a stage outside the graph, and ended is final', () => {
    fc.assert(
      fc.property(anyState, fc.array(request, { maxLength: 12 }), (start, requests) => {
        let state: MatchState = {
          stage: start.stage,
          stageSince: '2026-11-01',
          personReached: start.personReached,
          visitorsReached: [{ id: 'v', name: 'V', reached: start.visitorReached }],
          firstVisit: start.firstVisit ? { date: '2026-11-20', status: start.firstVisit } : null,
          trialCheckLogged: start.trialCheckLogged,
        };
        for (const r of requests) {
          const before = state.stage;
          const check = checkMatchStep(
            state,
            {
              to: r.to,
              effectiveOn: today,
              reason: r.reason,
              comment: r.comment,
              firstVisitDoneOn: r.doneOn,
            },
            today,
          );
          if (!check.ok) {
            expect(check.message.length).toBeGreaterThan(0);
            continue;
          }
          expect(MATCH_TRANSITIONS[before]).toContain(r.to);
          expect(before).not.toBe('ended');
          state = { ...state, stage: r.to, stageSince: today };
        }
        expect(MATCH_STAGES).toContain(state.stage);
      }),
    );
  });

  it('every refusal of a step outside the graph names each allowed step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MATCH_STAGES),
        fc.constantFrom(...MATCH_STAGES),
        (from, to) => {
          fc.pre(!MATCH_TRANSITIONS[from].includes(to));
          const check = checkMatchStep(ready(from), { to, effectiveOn: today }, today);
          expect(check.ok).toBe(false);
          if (!check.ok && from !== 'ended')
            for (const allowed of MATCH_TRANSITIONS[from])
              expect(check.message).toContain(
                allowedNextSteps(ready(from), today).find((s) => s.to === allowed)!.label,
              );
        },
      ),
    );
  });
});
