import { describe, it, expect } from 'vitest';
import {
  DEFAULT_ELIGIBILITY_RULE,
  ageOn,
  eligibilityRuleSchema,
  evaluateEligibility,
  formatFrenchDate,
  isValidDepartmentCode,
  isValidIsoDate,
  normalizeDepartmentCode,
  parseIsoDate,
  type EligibilityFacts,
} from './eligibility.js';

const facts = (overrides: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  birthDate: '1946-05-10',
  evaluationDate: '2025-03-01',
  lsns6Total: 9,
  livesAlone: true,
  ...overrides,
});

const reason = (result: ReturnType<typeof evaluateEligibility>, code: string) =>
  result.reasons.find((r) => r.code === code);

describe('dates', () => {
  it('parses only real calendar dates written YYYY-MM-DD', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-1',
      '01/02/2025',
      '',
      ' 2025-01-01',
      null,
      20250101,
    ]) {
      expect(isValidIsoDate(bad), String(bad)).toBe(false);
    }
  });

  it('formats dates the French way', () => {
    expect(formatFrenchDate('2025-03-07')).toBe('07/03/2025');
    expect(formatFrenchDate('n/a')).toBe('n/a');
  });

  it('computes the age in completed years', () => {
    expect(ageOn('1950-03-10', '2025-03-09')).toBe(74);
    expect(ageOn('1950-03-10', '2025-03-10')).toBe(75);
    expect(ageOn('1950-03-10', '2025-03-11')).toBe(75);
    expect(ageOn('1950-12-31', '2025-01-01')).toBe(74);
    expect(ageOn('1950-01-01', '2024-12-31')).toBe(74);
    expect(ageOn('2025-03-10', '2025-03-10')).toBe(0);
  });

  it('makes someone born on 29 February one year older on 1 March in common years', () => {
    expect(ageOn('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageOn('1960-02-29', '2025-03-01')).toBe(65);
    expect(ageOn('1960-02-29', '2024-02-28')).toBe(63);
    expect(ageOn('1960-02-29', '2024-02-29')).toBe(64);
  });

  it('refuses invalid dates and a birth after the date', () => {
    expect(() => ageOn('1960-02-30', '2025-01-01')).toThrow(RangeError);
    expect(() => ageOn('1960-02-01', '2025-13-01')).toThrow(RangeError);
    expect(() => ageOn('2026-01-01', '2025-01-01')).toThrow(/postérieure/);
  });
});

describe('département codes', () => {
  it('normalises and validates', () => {
    expect(normalizeDepartmentCode(' 2a ')).toBe('2A');
    expect(normalizeDepartmentCode('1')).toBe('01');
    for (const ok of [
      '01',
      '1',
      '19',
      '2A',
      '2b',
      '21',
      '60',
      '95',
      '971',
      '974',
      '976',
      '975',
      '988',
    ]) {
      expect(isValidDepartmentCode(ok), ok).toBe(true);
    }
    for (const bad of ['00', '20', '96', '979', '2C', '600', '', 'Oise']) {
      expect(isValidDepartmentCode(bad), bad).toBe(false);
    }
  });
});

describe('eligibilityRuleSchema', () => {
  it('fills the defaults', () => {
    expect(eligibilityRuleSchema.parse({})).toEqual({
      minimumAge: 65,
      isolationThreshold: 12,
      requireIsolation: true,
      allowedDepartmentCodes: null,
    });
    expect(DEFAULT_ELIGIBILITY_RULE.minimumAge).toBe(65);
  });

  it('normalises the département list; an empty list means no restriction', () => {
    expect(
      eligibilityRuleSchema.parse({ allowedDepartmentCodes: ['60', ' 2a', '60', '1'] })
        .allowedDepartmentCodes,
    ).toEqual(['60', '2A', '01']);
    expect(
      eligibilityRuleSchema.parse({ allowedDepartmentCodes: [] }).allowedDepartmentCodes,
    ).toBeNull();
    expect(
      eligibilityRuleSchema.parse({ allowedDepartmentCodes: null }).allowedDepartmentCodes,
    ).toBeNull();
  });

  it('rejects invalid settings with French messages', () => {
    const messages = (input: unknown) =>
      eligibilityRuleSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ minimumAge: 64.5 })).toEqual([
      'L’âge minimum doit être un nombre entier d’années.',
    ]);
    expect(messages({ minimumAge: -1 })).toEqual(['L’âge minimum ne peut pas être négatif.']);
    expect(messages({ isolationThreshold: 0 })).toEqual([
      'Le seuil d’isolement doit être compris entre 1 et 30.',
    ]);
    expect(messages({ isolationThreshold: 31 })).toEqual([
      'Le seuil d’isolement doit être compris entre 1 et 30.',
    ]);
    expect(messages({ requireIsolation: 'oui' })).toEqual([
      '« Isolement exigé » doit valoir oui ou non.',
    ]);
    expect(messages({ allowedDepartmentCodes: ['60', '20'] })).toEqual([
      'Code de département inconnu : « 20 ». Exemples : « 01 », « 60 », « 2A », « 974 ».',
    ]);
  });
});

describe('evaluateEligibility', () => {
  it('finds an isolated person of 78 eligible, with a reason for every criterion', () => {
    const result = evaluateEligibility({}, facts());
    expect(result.decision).toBe('eligible');
    expect(result.age).toBe(78);
    expect(result.missing).toEqual([]);
    expect(result.summary).toBe('Éligible : tous les critères sont remplis.');
    expect(result.reasons).toEqual([
      {
        code: 'age',
        kind: 'criterion',
        met: true,
        message: '78 ans : au moins 65 ans requis — critère rempli',
      },
      {
        code: 'isolation',
        kind: 'criterion',
        met: true,
        message:
          'Score LSNS-6 de 9/30, inférieur au seuil de 12 : personne isolée — critère rempli',
      },
      {
        code: 'lives_alone',
        kind: 'context',
        met: null,
        message: 'La personne vit seule (élément de contexte, sans effet sur la décision)',
      },
    ]);
    expect(result.rule).toEqual(DEFAULT_ELIGIBILITY_RULE);
  });

  it('computes the age on the evaluation date, birthday included', () => {
    const before = evaluateEligibility(
      {},
      facts({ birthDate: '1960-03-02', evaluationDate: '2025-03-01' }),
    );
    expect(before.age).toBe(64);
    expect(before.decision).toBe('not_eligible');
    expect(reason(before, 'age')?.message).toBe(
      '64 ans : au moins 65 ans requis — critère non rempli',
    );

    const on = evaluateEligibility(
      {},
      facts({ birthDate: '1960-03-01', evaluationDate: '2025-03-01' }),
    );
    expect(on.age).toBe(65);
    expect(on.decision).toBe('eligible');
  });

  it('handles a birth on 29 February', () => {
    const rule = { minimumAge: 65 };
    expect(
      evaluateEligibility(rule, facts({ birthDate: '1960-02-29', evaluationDate: '2025-02-28' }))
        .decision,
    ).toBe('not_eligible');
    expect(
      evaluateEligibility(rule, facts({ birthDate: '1960-02-29', evaluationDate: '2025-03-01' }))
        .decision,
    ).toBe('eligible');
  });

  it('says "an" for one year', () => {
    const result = evaluateEligibility(
      { minimumAge: 1 },
      facts({ birthDate: '2024-01-01', evaluationDate: '2025-01-01' }),
    );
    expect(reason(result, 'age')?.message).toBe('1 an : au moins 1 an requis — critère rempli');
  });

  it('is not eligible at or above the isolation threshold, telling which', () => {
    const equal = evaluateEligibility({}, facts({ lsns6Total: 12 }));
    expect(equal.decision).toBe('not_eligible');
    expect(reason(equal, 'isolation')).toEqual({
      code: 'isolation',
      kind: 'criterion',
      met: false,
      message:
        'Score LSNS-6 de 12/30, égal au seuil de 12 : personne non isolée selon l’échelle — critère non rempli',
    });
    expect(equal.summary).toBe('Non éligible : critère non rempli pour l’isolement.');

    const above = evaluateEligibility({}, facts({ lsns6Total: 20 }));
    expect(reason(above, 'isolation')?.message).toContain('20/30, supérieur au seuil de 12');
    expect(evaluateEligibility({}, facts({ lsns6Total: 11 })).decision).toBe('eligible');
    expect(
      evaluateEligibility({ isolationThreshold: 10 }, facts({ lsns6Total: 10 })).decision,
    ).toBe('not_eligible');
  });

  it('lists every failed criterion', () => {
    const result = evaluateEligibility({}, facts({ birthDate: '1970-01-01', lsns6Total: 25 }));
    expect(result.decision).toBe('not_eligible');
    expect(result.summary).toBe('Non éligible : critère non rempli pour l’âge et l’isolement.');
  });

  it('is incomplete when data is missing, listing what', () => {
    const result = evaluateEligibility(
      {},
      facts({ birthDate: null, lsns6Total: null, livesAlone: null }),
    );
    expect(result.decision).toBe('incomplete');
    expect(result.missing).toEqual(['birth_date', 'lsns6']);
    expect(result.age).toBeNull();
    expect(result.summary).toBe(
      'Évaluation incomplète. À compléter ou corriger : la date de naissance et le score LSNS-6.',
    );
    expect(reason(result, 'age')).toEqual({
      code: 'age',
      kind: 'criterion',
      met: null,
      message:
        'Date de naissance non renseignée : impossible de vérifier l’âge (au moins 65 ans requis)',
    });
    expect(reason(result, 'isolation')?.message).toBe(
      'Score LSNS-6 non renseigné : impossible de vérifier l’isolement (score inférieur à 12 requis)',
    );
    expect(reason(result, 'lives_alone')?.message).toBe(
      'On ne sait pas si la personne vit seule (élément de contexte, sans effet sur la décision)',
    );
  });

  it('treats unreadable data as missing, not as failed', () => {
    const invalidBirth = evaluateEligibility({}, facts({ birthDate: '1950-02-30' }));
    expect(invalidBirth.decision).toBe('incomplete');
    expect(reason(invalidBirth, 'age')?.message).toContain('« 1950-02-30 » invalide');

    const future = evaluateEligibility({}, facts({ birthDate: '2030-01-01' }));
    expect(future.decision).toBe('incomplete');
    expect(reason(future, 'age')?.message).toContain(
      'postérieure à la date d’évaluation (01/03/2025)',
    );

    for (const total of [31, -1, 9.5, Number.NaN]) {
      const result = evaluateEligibility({}, facts({ lsns6Total: total }));
      expect(result.decision, String(total)).toBe('incomplete');
      expect(result.missing).toEqual(['lsns6']);
      expect(reason(result, 'isolation')?.message).toContain('Score LSNS-6 invalide');
    }
  });

  it('is not eligible when a known criterion fails, even if data is missing', () => {
    const result = evaluateEligibility({}, facts({ birthDate: '1980-01-01', lsns6Total: null }));
    expect(result.decision).toBe('not_eligible');
    expect(result.missing).toEqual(['lsns6']);
    expect(result.summary).toBe(
      'Non éligible : critère non rempli pour l’âge. À compléter aussi : le score LSNS-6.',
    );
  });

  it('reports isolation as context when the rule does not require it', () => {
    const rule = { requireIsolation: false };
    const isolated = evaluateEligibility(rule, facts());
    expect(isolated.decision).toBe('eligible');
    expect(reason(isolated, 'isolation')).toEqual({
      code: 'isolation',
      kind: 'context',
      met: null,
      message:
        'Score LSNS-6 de 9/30, inférieur au seuil de 12 : personne isolée (l’isolement n’est pas exigé par la règle du service)',
    });
    expect(evaluateEligibility(rule, facts({ lsns6Total: 25 })).decision).toBe('eligible');
    const unknown = evaluateEligibility(rule, facts({ lsns6Total: null }));
    expect(unknown.decision).toBe('eligible');
    expect(unknown.missing).toEqual([]);
    expect(reason(unknown, 'isolation')?.message).toBe(
      'Score LSNS-6 non renseigné (l’isolement n’est pas exigé par la règle du service)',
    );
  });

  it('checks the département when the rule restricts it', () => {
    const rule = { allowedDepartmentCodes: ['60', '80'] };
    const inside = evaluateEligibility(rule, facts({ departmentCode: '60' }));
    expect(inside.decision).toBe('eligible');
    expect(reason(inside, 'department')).toEqual({
      code: 'department',
      kind: 'criterion',
      met: true,
      message: 'Département 60 : dans le territoire du service (60, 80) — critère rempli',
    });

    const outside = evaluateEligibility(rule, facts({ departmentCode: '75' }));
    expect(outside.decision).toBe('not_eligible');
    expect(reason(outside, 'department')?.message).toBe(
      'Département 75 : hors du territoire du service (60, 80) — critère non rempli',
    );
    expect(outside.summary).toBe('Non éligible : critère non rempli pour le territoire.');

    const missing = evaluateEligibility(rule, facts({ departmentCode: null }));
    expect(missing.decision).toBe('incomplete');
    expect(missing.missing).toEqual(['department']);

    const unknownCode = evaluateEligibility(rule, facts({ departmentCode: '20' }));
    expect(unknownCode.decision).toBe('incomplete');
    expect(reason(unknownCode, 'department')?.message).toBe(
      'Département « 20 » inconnu : impossible de vérifier le territoire du service (60, 80)',
    );

    const corsica = evaluateEligibility(
      { allowedDepartmentCodes: ['2A'] },
      facts({ departmentCode: '2a' }),
    );
    expect(corsica.decision).toBe('eligible');
  });

  it('ignores the département when the rule does not restrict it', () => {
    const result = evaluateEligibility({}, facts({ departmentCode: '75' }));
    expect(reason(result, 'department')).toBeUndefined();
    expect(result.decision).toBe('eligible');
  });

  it('reports living alone as context only', () => {
    expect(evaluateEligibility({}, facts({ livesAlone: false })).decision).toBe('eligible');
    expect(
      reason(evaluateEligibility({}, facts({ livesAlone: false })), 'lives_alone')?.message,
    ).toBe('La personne ne vit pas seule (élément de contexte, sans effet sur la décision)');
  });

  it('reports the evaluator’s opinion as context, flagging a disagreement', () => {
    const agree = evaluateEligibility({}, facts({ evaluatorOpinion: 'favorable' }));
    expect(agree.decision).toBe('eligible');
    expect(reason(agree, 'evaluator_opinion')).toEqual({
      code: 'evaluator_opinion',
      kind: 'context',
      met: null,
      message: 'Avis de l’évaluateur : favorable (élément de contexte, sans effet sur la décision)',
    });

    const disagree = evaluateEligibility({}, facts({ evaluatorOpinion: 'defavorable' }));
    expect(disagree.decision).toBe('eligible');
    expect(reason(disagree, 'evaluator_opinion')?.message).toBe(
      'Avis de l’évaluateur : défavorable, alors que les critères sont remplis : à examiner par le coordinateur',
    );

    const favorableButYoung = evaluateEligibility(
      {},
      facts({ birthDate: '1975-01-01', evaluatorOpinion: 'favorable' }),
    );
    expect(reason(favorableButYoung, 'evaluator_opinion')?.message).toContain(
      'alors qu’un critère n’est pas rempli',
    );

    const agreeNo = evaluateEligibility(
      {},
      facts({ lsns6Total: 20, evaluatorOpinion: 'defavorable' }),
    );
    expect(reason(agreeNo, 'evaluator_opinion')?.message).toBe(
      'Avis de l’évaluateur : défavorable (élément de contexte, sans effet sur la décision)',
    );

    expect(
      reason(evaluateEligibility({}, facts({ evaluatorOpinion: null })), 'evaluator_opinion'),
    ).toBeUndefined();
  });

  it('applies the organisation settings', () => {
    const rule = { minimumAge: 60, isolationThreshold: 15 };
    const result = evaluateEligibility(rule, facts({ birthDate: '1963-01-01', lsns6Total: 14 }));
    expect(result.decision).toBe('eligible');
    expect(reason(result, 'age')?.message).toBe('62 ans : au moins 60 ans requis — critère rempli');
    expect(reason(result, 'isolation')?.message).toContain('inférieur au seuil de 15');
    expect(result.rule).toMatchObject(rule);
  });

  it('is deterministic and does not modify its inputs', () => {
    const rule = { allowedDepartmentCodes: ['60'] };
    const input = facts({ departmentCode: '60' });
    const copy = structuredClone(input);
    const first = evaluateEligibility(rule, input);
    const second = evaluateEligibility(rule, input);
    expect(second).toEqual(first);
    expect(input).toEqual(copy);
    expect(rule).toEqual({ allowedDepartmentCodes: ['60'] });
  });

  it('throws on an invalid rule or evaluation date (programming errors)', () => {
    expect(() => evaluateEligibility({ minimumAge: -5 }, facts())).toThrow();
    expect(() => evaluateEligibility({}, facts({ evaluationDate: '2025-02-30' }))).toThrow(
      RangeError,
    );
  });
});
