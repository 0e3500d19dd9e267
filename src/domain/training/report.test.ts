import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  reportLines,
  reportYears,
  trainingRecord,
  yearFigures,
  type AttendanceFact,
  type ContractFact,
  type RecordLine,
} from './report.js';
import { ATTENDANCE_STATUSES, CONTRACT_TYPES, EXIT_OUTCOMES, SESSION_KINDS } from './values.js';

const TODAY = '2026-12-03';
const contract = (visitorId: string, extra: Partial<ContractFact> = {}): ContractFact => ({
  visitorId,
  contractType: 'cdd',
  start: '2023-09-01',
  end: '2025-08-31',
  outcome: null,
  outcomeOn: null,
  ...extra,
});
const attended = (
  visitorId: string,
  kind: AttendanceFact['kind'],
  heldOn: string,
  extra: Partial<AttendanceFact> = {},
): AttendanceFact => ({ visitorId, kind, heldOn, status: 'attended', cancelled: false, ...extra });

describe('the young visitors report', () => {
  const contracts = [
    contract('a', { outcome: 'job', outcomeOn: '2025-09-15' }),
    contract('b', { contractType: 'cdd_insertion', end: '2025-03-31', outcome: 'training' }),
    contract('c', { contractType: null, end: '2025-12-31' }),
    contract('d', { end: '2026-06-30', outcome: 'other' }),
    // Ends after today: not an ended contract.
    contract('e', { end: '2026-12-31' }),
  ];
  const attendance = [
    attended('a', 'qualifying_training', '2024-02-01'),
    attended('a', 'qualifying_training', '2024-02-02'),
    // Two sessions the same day: one day of training.
    attended('a', 'seminar', '2024-02-02'),
    attended('a', 'tutoring', '2024-03-01'),
    attended('a', 'tutoring', '2024-06-01'),
    // Before the contract, after it, absent, cancelled: none counts.
    attended('a', 'module', '2023-08-01'),
    attended('a', 'module', '2025-10-01'),
    attended('a', 'module', '2024-05-05', { status: 'absent' }),
    attended('a', 'module', '2024-05-06', { cancelled: true }),
    attended('b', 'practice_analysis', '2024-10-10'),
    attended('d', 'module', '2026-01-10'),
  ];

  it('counts the contracts ended in the year, their types, outcomes, days and tutoring', () => {
    expect(yearFigures(2025, contracts, attendance, TODAY)).toEqual({
      year: 2025,
      endedContracts: 3,
      byContractType: {
        cdd: 1,
        cdd_insertion: 1,
        civic_service: 0,
        apprenticeship: 0,
        other: 0,
        unknown: 1,
      },
      outcomes: { job: 1, training: 1, other: 0, unknown: 1 },
      trainingDaysAttended: 3,
      qualifyingTrainingDaysAttended: 2,
      tutoringMeetingsHeld: 2,
    });
    expect(yearFigures(2026, contracts, attendance, TODAY)).toMatchObject({
      endedContracts: 1,
      outcomes: { job: 0, training: 0, other: 1, unknown: 0 },
      trainingDaysAttended: 1,
    });
    expect(reportYears(contracts, TODAY)).toEqual([2026, 2025]);
  });

  it('gives the figures as French spreadsheet lines that add up', () => {
    const lines = reportLines(yearFigures(2025, contracts, attendance, TODAY));
    expect(lines[0]).toEqual({ figure: 'Contrats terminés en 2025', value: 3 });
    expect(lines).toContainEqual({ figure: 'Contrat : CDD d’insertion', value: 1 });
    expect(lines).toContainEqual({ figure: 'Sortie : Emploi', value: 1 });
    expect(lines).toContainEqual({ figure: 'Sortie non renseignée', value: 1 });
    const outcomes = lines.filter((l) => l.figure.startsWith('Sortie'));
    expect(outcomes.reduce((sum, l) => sum + l.value, 0)).toBe(3);
    expect(lines.at(-1)).toEqual({ figure: 'Rencontres de tutorat', value: 2 });
  });

  it('property: every ended contract of the year has one type and one outcome, and nothing else counts', () => {
    const date = fc
      .integer({ min: 0, max: 3000 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const contractArb = fc.record({
      visitorId: fc.constantFrom('a', 'b', 'c', 'd'),
      contractType: fc.option(fc.constantFrom(...CONTRACT_TYPES), { nil: null }),
      start: fc.option(date, { nil: null }),
      end: date,
      outcome: fc.option(fc.constantFrom(...EXIT_OUTCOMES), { nil: null }),
      outcomeOn: fc.constant(null),
    });
    const attendanceArb = fc.record({
      visitorId: fc.constantFrom('a', 'b', 'c', 'd'),
      kind: fc.constantFrom(...SESSION_KINDS),
      heldOn: date,
      status: fc.constantFrom(...ATTENDANCE_STATUSES),
      cancelled: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(contractArb, { maxLength: 8 }),
        fc.array(attendanceArb, { maxLength: 30 }),
        fc.integer({ min: 2020, max: 2028 }),
        date,
        (cs, as, year, today) => {
          const f = yearFigures(year, cs, as, today);
          const ended = cs.filter((c) => c.end.startsWith(String(year)) && c.end <= today);
          const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
          expect(f.endedContracts).toBe(ended.length);
          expect(sum(f.byContractType)).toBe(ended.length);
          expect(sum(f.outcomes)).toBe(ended.length);
          expect(f.qualifyingTrainingDaysAttended).toBeLessThanOrEqual(f.trainingDaysAttended);
          // Marks that are not "attended" and cancelled sessions change nothing.
          const kept = as.filter((a) => a.status === 'attended' && !a.cancelled);
          expect(yearFigures(year, cs, kept, today)).toEqual(f);
          if (ended.length === 0) {
            expect(f.trainingDaysAttended + f.tutoringMeetingsHeld).toBe(0);
          }
        },
      ),
    );
  });
});

describe('a visitor’s training record', () => {
  const line = (
    kind: RecordLine['kind'],
    heldOn: string,
    status: RecordLine['status'],
    cancelled = false,
  ): RecordLine => ({
    sessionId: `${kind}${heldOn}`,
    kind,
    title: kind,
    heldOn,
    status,
    cancelled,
  });

  it('counts what was attended, the last seminar and practice analysis, the qualifying calendar', () => {
    expect(
      trainingRecord(
        [
          line('seminar', '2025-06-01', 'attended'),
          line('seminar', '2026-06-01', 'attended'),
          line('seminar', '2026-11-01', 'absent'),
          line('practice_analysis', '2026-10-01', 'attended'),
          line('qualifying_training', '2026-11-02', 'attended'),
          line('qualifying_training', '2026-12-10', 'registered'),
          line('qualifying_training', '2026-12-11', 'excused'),
          line('qualifying_training', '2026-12-12', 'registered', true),
          line('tutoring', '2026-11-20', 'attended'),
        ],
        '2026-12-03',
      ),
    ).toEqual({
      attendedByKind: {
        module: 0,
        seminar: 2,
        practice_analysis: 1,
        qualifying_training: 1,
        tutoring: 1,
      },
      lastSeminarOn: '2026-06-01',
      lastPracticeAnalysisOn: '2026-10-01',
      qualifyingDaysPlanned: 2,
      qualifyingDaysAttended: 1,
      tutoringMeetingsHeld: 1,
      nextSessionOn: '2026-12-10',
    });
  });

  it('is empty for a visitor on no list', () => {
    expect(trainingRecord([], '2026-12-03')).toMatchObject({
      lastSeminarOn: null,
      qualifyingDaysPlanned: 0,
      nextSessionOn: null,
    });
  });
});
