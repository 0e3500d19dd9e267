import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkJourneyStep,
  JOURNEY_STAGE_LABELS,
  JOURNEY_STAGES,
  JOURNEY_TRANSITIONS,
  readiness,
  type JourneyDocument,
  type RequiredDocumentRule,
} from './journey.js';

const RULES: RequiredDocumentRule[] = [
  { key: 'charter', label: 'Charte du bénévole signée', expires: false, currentVersion: '2025' },
  {
    key: 'insurance',
    label: 'Attestation d’assurance responsabilité civile',
    expires: true,
    currentVersion: null,
  },
];
const active = {
  journeyStage: 'active',
  suspendedReason: null,
  suspendedUntil: null,
  endedOn: null,
};
const goodDocs: JourneyDocument[] = [
  { kind: 'charter', version: '2025', receivedOn: '2025-03-01', expiresOn: null },
  { kind: 'insurance', version: null, receivedOn: '2026-01-10', expiresOn: '2027-06-30' },
];
const today = '2026-12-03';

describe('checkJourneyStep', () => {
  it('follows the journey from the application to active, with a favourable interview', () => {
    const base = { effectiveOn: today, today };
    expect(checkJourneyStep({ ...base, from: 'applied', to: 'interview' }).ok).toBe(true);
    expect(
      checkJourneyStep({ ...base, from: 'interview', to: 'checks', hasFavourableInterview: true })
        .ok,
    ).toBe(true);
    expect(checkJourneyStep({ ...base, from: 'checks', to: 'training' }).ok).toBe(true);
    expect(checkJourneyStep({ ...base, from: 'training', to: 'active' }).ok).toBe(true);
  });

  it('refuses a skipped step and names the allowed ones in French', () => {
    const result = checkJourneyStep({ from: 'applied', to: 'active', effectiveOn: today, today });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.kind).toBe('conflict');
    expect(result.allowed).toEqual(['interview', 'ended']);
    expect(result.message).toBe(
      'Impossible de passer de « Candidature reçue » à « Actif ». Depuis l’étape « Candidature reçue », le parcours peut passer à : « Entretien » ou « Fin d’engagement ».',
    );
  });

  it('needs a favourable interview before the checks, a reason to suspend or end, no future date', () => {
    const base = { effectiveOn: today, today };
    const checks = checkJourneyStep({ ...base, from: 'interview', to: 'checks' });
    expect(!checks.ok && checks.code).toBe('interview_required');
    const suspend = checkJourneyStep({ ...base, from: 'active', to: 'suspended', reason: ' ' });
    expect(!suspend.ok && suspend.code).toBe('reason_required');
    const future = checkJourneyStep({
      from: 'active',
      to: 'ended',
      reason: 'Déménagement',
      effectiveOn: '2026-12-04',
      today,
    });
    expect(!future.ok && future.code).toBe('future_date');
    const until = checkJourneyStep({
      ...base,
      from: 'active',
      to: 'suspended',
      reason: 'Plainte',
      until: '2026-12-01',
    });
    expect(!until.ok && until.code).toBe('until_before_effective');
  });

  it('property: a step is allowed exactly when the graph has it (given valid inputs)', () => {
    const stage = fc.constantFrom(...JOURNEY_STAGES);
    fc.assert(
      fc.property(stage, stage, (from, to) => {
        const result = checkJourneyStep({
          from,
          to,
          effectiveOn: today,
          today,
          reason: 'Motif',
          hasFavourableInterview: true,
        });
        expect(result.ok).toBe(from !== to && JOURNEY_TRANSITIONS[from].includes(to));
        if (!result.ok) {
          expect(result.allowed).toEqual([...JOURNEY_TRANSITIONS[from]]);
          for (const allowed of result.allowed)
            expect(result.message).toContain(JOURNEY_STAGE_LABELS[allowed]);
        }
      }),
    );
  });

  it('property: every stage reaches « Fin d’engagement », and only it is final', () => {
    for (const stage of JOURNEY_STAGES) {
      if (stage === 'ended') expect(JOURNEY_TRANSITIONS[stage]).toEqual([]);
      else expect(JOURNEY_TRANSITIONS[stage]).toContain('ended');
    }
  });
});

describe('readiness', () => {
  it('an active visitor with every document is ready', () => {
    const r = readiness(active, goodDocs, RULES, today, 30);
    expect(r).toMatchObject({ ready: true, reasons: [], warnings: [] });
    expect(r.documents.map((d) => d.status)).toEqual(['valid', 'valid']);
  });

  it('an expired insurance and an old charter version: not ready, each reason in French', () => {
    const docs: JourneyDocument[] = [
      { kind: 'charter', version: '2023', receivedOn: '2023-03-01', expiresOn: null },
      { kind: 'insurance', version: null, receivedOn: '2025-11-03', expiresOn: '2026-11-03' },
    ];
    const r = readiness(active, docs, RULES, today, 30);
    expect(r.ready).toBe(false);
    expect(r.reasons).toEqual([
      'charte signée en version 2023, version en cours 2025',
      'assurance expirée le 3 novembre 2026',
    ]);
  });

  it('a missing document is a reason; the latest document of a kind counts', () => {
    const docs: JourneyDocument[] = [
      { kind: 'insurance', version: null, receivedOn: '2024-01-10', expiresOn: '2025-01-10' },
      { kind: 'insurance', version: null, receivedOn: '2026-01-10', expiresOn: '2027-01-10' },
    ];
    const r = readiness(active, docs, RULES, today, 30);
    expect(r.reasons).toEqual(['charte manquante']);
  });

  it('an insurance expiring within the warning delay warns without stopping', () => {
    const docs: JourneyDocument[] = [
      goodDocs[0]!,
      { kind: 'insurance', version: null, receivedOn: '2026-01-01', expiresOn: '2026-12-20' },
    ];
    const r = readiness(active, docs, RULES, today, 30);
    expect(r.ready).toBe(true);
    expect(r.warnings).toEqual(['assurance à renouveler : expire le 20 décembre 2026']);
    expect(readiness(active, docs, RULES, today, 10).warnings).toEqual([]);
  });

  it('suspended until a date: not ready until then, ready the day after', () => {
    const suspended = {
      ...active,
      journeyStage: 'suspended',
      suspendedReason: 'en attente d’un échange avec la coordinatrice',
      suspendedUntil: '2027-01-15',
    };
    expect(readiness(suspended, goodDocs, RULES, '2027-01-15', 30).reasons).toEqual([
      'suspendu jusqu’au 15 janvier 2027 : en attente d’un échange avec la coordinatrice',
    ]);
    expect(readiness(suspended, goodDocs, RULES, '2027-01-16', 30).ready).toBe(true);
  });

  it('an application in progress or an ended engagement is not ready', () => {
    expect(
      readiness({ ...active, journeyStage: 'training' }, goodDocs, RULES, today, 30).reasons,
    ).toEqual(['parcours en cours (étape « Formation »)']);
    expect(
      readiness(
        { ...active, journeyStage: 'ended', endedOn: '2026-11-30' },
        goodDocs,
        RULES,
        today,
        30,
      ).reasons,
    ).toEqual(['fin d’engagement le 30 novembre 2026']);
  });

  it('property: ready exactly when there is no reason, and a warning never stops', () => {
    const date = fc
      .integer({ min: 0, max: 1500 })
      .map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const doc = fc.record({
      kind: fc.constantFrom('charter', 'insurance', 'other'),
      version: fc.constantFrom(null, '2023', '2025'),
      receivedOn: date,
      expiresOn: fc.option(date, { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...JOURNEY_STAGES),
        fc.array(doc, { maxLength: 5 }),
        date,
        fc.integer({ min: 1, max: 90 }),
        (stage, docs, day, warn) => {
          const r = readiness({ ...active, journeyStage: stage }, docs, RULES, day, warn);
          expect(r.ready).toBe(r.reasons.length === 0);
          if (stage !== 'active' && stage !== 'suspended') expect(r.ready).toBe(false);
          expect(r.documents).toHaveLength(RULES.length);
          // Removing the warnings' documents' expiry delay never makes a ready visitor not ready.
          const later = readiness({ ...active, journeyStage: stage }, docs, RULES, day, 1);
          expect(later.reasons).toEqual(r.reasons);
        },
      ),
    );
  });
});
