import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attendanceProblems,
  contractProblems,
  outcomeProblems,
  sessionChangeProblems,
  sessionTimeProblems,
  type Mark,
} from './rules.js';
import { ATTENDANCE_STATUSES, SESSION_KINDS, type SessionKind } from './values.js';

const TODAY = '2026-12-03';
const session = (kind: SessionKind, heldOn: string, cancelled = false) => ({
  kind,
  heldOn,
  cancelled,
});
const v = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('session times', () => {
  it('accepts a session without times, or with a start before its end', () => {
    expect(sessionTimeProblems({ heldOn: TODAY, startTime: null, endTime: null })).toEqual([]);
    expect(sessionTimeProblems({ heldOn: TODAY, startTime: '09:30', endTime: '12:00' })).toEqual(
      [],
    );
    expect(
      sessionTimeProblems({ heldOn: TODAY, startTime: '09:30:00', endTime: '12:00:00' }),
    ).toEqual([]);
  });

  it('refuses an end at or before the start, and an end without a start', () => {
    expect(sessionTimeProblems({ heldOn: TODAY, startTime: '14:00', endTime: '14:00' })).toEqual([
      {
        field: 'endTime',
        message: 'L’heure de fin doit être après l’heure de début, le même jour.',
      },
    ]);
    expect(
      sessionTimeProblems({ heldOn: TODAY, startTime: '22:00', endTime: '01:00' })[0]?.field,
    ).toBe('endTime');
    expect(
      sessionTimeProblems({ heldOn: TODAY, startTime: null, endTime: '10:00' })[0]?.field,
    ).toBe('startTime');
    expect(
      sessionTimeProblems({ heldOn: TODAY, startTime: '25:00', endTime: null })[0]?.message,
    ).toBe('Heure attendue au format HH:MM.');
  });
});

describe('the attendance sheet', () => {
  it('accepts every mark on a session held today or before', () => {
    const marks: Mark[] = ATTENDANCE_STATUSES.map((status, i) => ({ visitorId: v(i), status }));
    expect(attendanceProblems(session('seminar', TODAY), marks, TODAY)).toEqual([]);
    expect(attendanceProblems(session('module', '2026-01-10'), marks, TODAY)).toEqual([]);
  });

  it('refuses "present" or "absent" on a session that has not happened, in French, with its date', () => {
    const problems = attendanceProblems(
      session('module', '2026-12-10'),
      [
        { visitorId: v(1), status: 'registered' },
        { visitorId: v(2), status: 'attended' },
      ],
      TODAY,
    );
    expect(problems).toEqual([
      {
        field: 'attendance.1.status',
        message:
          'La séance du jeudi 10 décembre 2026 n’a pas encore eu lieu : on ne peut y noter ni présence ni absence, seulement une inscription ou une absence excusée.',
      },
    ]);
    expect(
      attendanceProblems(
        session('module', '2026-12-10'),
        [
          { visitorId: v(1), status: 'registered' },
          { visitorId: v(2), status: 'excused' },
        ],
        TODAY,
      ),
    ).toEqual([]);
  });

  it('refuses a visitor twice, and any change on a cancelled session', () => {
    expect(
      attendanceProblems(
        session('module', TODAY),
        [
          { visitorId: v(1), status: 'attended' },
          { visitorId: v(1), status: 'absent' },
        ],
        TODAY,
      )[0]?.field,
    ).toBe('attendance.1.visitorId');
    expect(attendanceProblems(session('module', TODAY, true), [], TODAY)[0]?.message).toMatch(
      /annulée/,
    );
  });

  it('wants exactly one visitor at a tutoring meeting', () => {
    const one = [{ visitorId: v(1), status: 'attended' as const }];
    expect(attendanceProblems(session('tutoring', TODAY), one, TODAY)).toEqual([]);
    expect(attendanceProblems(session('tutoring', TODAY), [], TODAY)[0]?.message).toBe(
      'Une rencontre de tutorat concerne exactement un jeune visiteur.',
    );
    expect(
      attendanceProblems(
        session('tutoring', TODAY),
        [...one, { visitorId: v(2), status: 'attended' }],
        TODAY,
      ),
    ).toHaveLength(1);
  });

  it('property: a future session with a present or absent mark is always refused; without one, never for its date', () => {
    const date = fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    const marks = fc.uniqueArray(
      fc.record({
        visitorId: fc.integer({ min: 1, max: 50 }).map(v),
        status: fc.constantFrom(...ATTENDANCE_STATUSES),
      }),
      { selector: (m) => m.visitorId, maxLength: 12 },
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...SESSION_KINDS.filter((k) => k !== 'tutoring')),
        date,
        date,
        marks,
        (kind, heldOn, today, list) => {
          const problems = attendanceProblems(session(kind, heldOn), list, today);
          const held = list.some((m) => m.status === 'attended' || m.status === 'absent');
          expect(problems.length > 0).toBe(heldOn > today && held);
        },
      ),
    );
  });
});

describe('a session changed', () => {
  it('cannot move to a day not yet passed once marks say it took place', () => {
    const marks: Mark[] = [{ visitorId: v(1), status: 'attended' }];
    expect(
      sessionChangeProblems(
        { kind: 'module', heldOn: '2026-12-20', startTime: null, endTime: null },
        marks,
        TODAY,
      )[0]?.field,
    ).toBe('heldOn');
    expect(
      sessionChangeProblems(
        { kind: 'module', heldOn: '2026-11-20', startTime: null, endTime: null },
        marks,
        TODAY,
      ),
    ).toEqual([]);
  });

  it('cannot become a tutoring meeting with several visitors', () => {
    expect(
      sessionChangeProblems(
        { kind: 'tutoring', heldOn: TODAY, startTime: null, endTime: null },
        [
          { visitorId: v(1), status: 'registered' },
          { visitorId: v(2), status: 'registered' },
        ],
        TODAY,
      )[0]?.field,
    ).toBe('kind');
  });
});

describe('contract and outcome', () => {
  it('a contract ends after it starts', () => {
    expect(
      contractProblems({ contractType: 'cdd', start: '2024-01-01', end: '2026-12-31' }),
    ).toEqual([]);
    expect(
      contractProblems({ contractType: 'cdd', start: '2024-01-01', end: '2023-12-31' })[0]?.field,
    ).toBe('end');
  });

  it('an outcome is not in the future nor before the contract', () => {
    expect(outcomeProblems({ outcome: 'job', on: TODAY }, { start: '2024-01-01' }, TODAY)).toEqual(
      [],
    );
    expect(
      outcomeProblems({ outcome: 'job', on: '2026-12-04' }, { start: null }, TODAY)[0]?.message,
    ).toMatch(/^La date de la sortie \(vendredi 4 décembre 2026\) est dans le futur/);
    expect(
      outcomeProblems({ outcome: 'training', on: '2023-06-01' }, { start: '2024-01-01' }, TODAY)[0]
        ?.message,
    ).toMatch(/avant le début du contrat/);
  });
});
