import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TODO_SECTIONS,
  buildLines,
  compareLines,
  isFlagged,
  lineHref,
  sectionEmpty,
  sectionHeading,
  seeAllHref,
  toLine,
  urgencyOf,
  type TodoRow,
  type TodoSection,
} from './sections.js';

const today = '2026-12-03';
const row = (extra: Partial<TodoRow> = {}): TodoRow => ({
  id: 'r1',
  subjectKind: 'person',
  subjectId: 'p1',
  name: 'Irène Durand',
  dueOn: today,
  ...extra,
});

describe('the wording of a section', () => {
  it('agrees with the count and says how many are late', () => {
    expect(sectionHeading('callbacks', 3, 1)).toBe('3 appels à rendre, dont 1 en retard');
    expect(sectionHeading('callbacks', 1, 0)).toBe('1 appel à rendre');
    expect(sectionHeading('callbacks', 0, 0)).toBe('Aucun appel à rendre.');
    expect(sectionHeading('trials', 2, 2)).toBe('2 fins d’essai, dont 2 dépassées');
    expect(sectionHeading('trials', 1, 1)).toBe('1 fin d’essai, dont 1 dépassée');
    expect(sectionHeading('documentsExpiring', 4, 1)).toBe(
      '4 documents à renouveler, dont 1 expiré',
    );
    expect(sectionHeading('documentsExpiring', 4, 3)).toBe(
      '4 documents à renouveler, dont 3 expirés',
    );
    expect(sectionHeading('alerts', 2, 1)).toBe('2 alertes ouvertes, dont 1 urgente');
    expect(sectionHeading('firstMeetings', 2, 1)).toBe(
      '2 premières rencontres à accompagner, dont 1 aujourd’hui',
    );
    expect(sectionHeading('suspensionsEnding', 3, 2)).toBe(
      '3 suspensions qui prennent fin, dont 2 échues',
    );
  });

  it('never says « dont » for sections with nothing late of their own', () => {
    expect(sectionHeading('documentsMissing', 3, 3)).toBe('3 dossiers incomplets');
    expect(sectionHeading('applications', 1, 1)).toBe('1 candidature en attente');
  });

  it('groups the digits of large counts the French way', () => {
    expect(sectionHeading('reviews', 1200, 0)).toMatch(/^1\s200 bilans à faire$/u);
  });

  it('has an empty state for every section', () => {
    for (const section of TODO_SECTIONS) expect(sectionEmpty(section)).toMatch(/\.$/);
  });
});

describe('urgency and order', () => {
  it('puts the past first, then today, then later', () => {
    expect(urgencyOf('callbacks', row({ dueOn: '2026-12-01' }), today)).toBe('overdue');
    expect(urgencyOf('callbacks', row(), today)).toBe('today');
    expect(urgencyOf('reviews', row({ dueOn: '2026-12-20' }), today)).toBe('soon');
    expect(urgencyOf('documentsMissing', row({ dueOn: null }), today)).toBe('today');
    expect(urgencyOf('alerts', row({ severity: 'urgent', dueOn: null }), today)).toBe('overdue');
    expect(urgencyOf('alerts', row({ severity: 'low', dueOn: null }), today)).toBe('today');
  });

  it('sorts overdue lines first, the oldest first', () => {
    const lines = buildLines(
      'callbacks',
      [
        row({ id: 'a', dueOn: today }),
        row({ id: 'b', dueOn: '2026-11-20' }),
        row({ id: 'c', dueOn: '2026-12-02' }),
        row({ id: 'd', dueOn: '2026-12-10' }),
      ],
      today,
    );
    expect(lines.map((l) => l.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(lines.filter((l) => isFlagged('callbacks', l))).toHaveLength(2);
  });

  it('sorts alerts by severity', () => {
    const lines = buildLines(
      'alerts',
      [
        row({ id: 'low', subjectKind: 'alert', severity: 'low', dueOn: null }),
        row({ id: 'urgent', subjectKind: 'alert', severity: 'urgent', dueOn: null }),
        row({ id: 'high', subjectKind: 'alert', severity: 'high', dueOn: null }),
      ],
      today,
    );
    expect(lines.map((l) => l.id)).toEqual(['urgent', 'high', 'low']);
  });

  it('is a total order whatever the rows (property)', () => {
    const section = fc.constantFrom(...TODO_SECTIONS);
    const date = fc
      .integer({ min: -40, max: 40 })
      .map((d) => new Date(Date.UTC(2026, 11, 3 + d)).toISOString().slice(0, 10));
    const arbRow = fc.record({
      id: fc.uuid(),
      subjectKind: fc.constant('person' as const),
      subjectId: fc.uuid(),
      name: fc.constantFrom('Irène', 'Émile', 'Yves', 'Anne'),
      dueOn: fc.option(date, { nil: null }),
      severity: fc.constantFrom('urgent', 'high', 'medium', 'low'),
    });
    fc.assert(
      fc.property(section, fc.array(arbRow, { maxLength: 20 }), (s: TodoSection, rows) => {
        const lines = buildLines(s, rows, today);
        // Overdue lines never come after a non-overdue one.
        const firstNotOverdue = lines.findIndex((l) => l.urgency !== 'overdue');
        if (firstNotOverdue >= 0)
          expect(lines.slice(firstNotOverdue).every((l) => l.urgency !== 'overdue')).toBe(true);
        // The same rows in another order give the same lines.
        const again = buildLines(s, [...rows].reverse(), today);
        expect(again.map((l) => l.id)).toEqual(lines.map((l) => l.id));
        for (let i = 1; i < lines.length; i++)
          expect(compareLines(lines[i - 1]!, lines[i]!)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe('where a line leads', () => {
  it('opens the place to act', () => {
    expect(lineHref('callbacks', row())).toBe('/personnes/p1');
    expect(lineHref('callbacks', row({ subjectKind: 'visitor', subjectId: 'v1' }))).toBe(
      '/visiteurs/v1',
    );
    expect(lineHref('trials', row())).toBe('/personnes/p1#suivi-appariement');
    expect(lineHref('firstMeetings', row())).toBe('/personnes/p1#suivi-appariement');
    expect(lineHref('reviews', row())).toBe('/personnes/p1#suivi-appariement');
    expect(lineHref('documentsExpiring', row({ subjectKind: 'visitor', subjectId: 'v1' }))).toBe(
      '/visiteurs/v1#parcours',
    );
    expect(lineHref('applications', row({ subjectKind: 'visitor', subjectId: 'v2' }))).toBe(
      '/visiteurs/v2#parcours',
    );
    expect(lineHref('alerts', row({ subjectKind: 'alert', subjectId: 'a1' }))).toBe('/alertes/a1');
    expect(toLine('alerts', row({ subjectKind: 'alert', subjectId: 'a1' }), today).href).toBe(
      '/alertes/a1',
    );
  });

  it('has a « voir tout » for every section', () => {
    expect(seeAllHref('callbacks', false)).toBe('/rappels');
    expect(seeAllHref('callbacks', true)).toBe('/rappels?tous=1');
    expect(seeAllHref('alerts', false)).toBe('/alertes');
    expect(seeAllHref('reviews', true)).toBe('/a-faire/reviews?tous=1');
  });
});
