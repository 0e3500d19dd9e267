import { describe, expect, it } from 'vitest';
import { professionalSchema, selfCorrectionSchema } from './schemas.js';
import {
  checkDueBefore,
  HELP_KIND_TRADES,
  hoursLines,
  hoursProblems,
  isCheckDue,
  isTrade,
  tradeLabel,
  TRADES,
  tradesForHelpKind,
} from './values.js';

const valid = {
  trade: 'plumber',
  businessName: 'Plomberie Dupont',
  phone: '03 86 22 14 55',
  communesServed: [{ postalCode: '58800', communeName: 'Corbigny' }],
  hours: [
    { weekday: 0, start: '08:00', end: '12:00' },
    { weekday: 0, start: '14:00', end: '18:00' },
  ],
};

describe('trades', () => {
  it('has a French label for every code, and help kinds map to known trades', () => {
    expect(tradeLabel('plumber')).toBe('Plombier');
    expect(tradeLabel('locksmith')).toBe('Serrurier');
    expect(isTrade('plumber')).toBe(true);
    expect(isTrade('toString')).toBe(false);
    for (const trades of Object.values(HELP_KIND_TRADES))
      for (const trade of trades) expect(Object.keys(TRADES)).toContain(trade);
    expect(tradesForHelpKind('small_repairs')).toContain('plumber');
    expect(tradesForHelpKind('gardening')).toEqual(['gardener']);
    expect(tradesForHelpKind('digital_help')).toEqual(['computer_help']);
    expect(tradesForHelpKind('appointment')).toEqual(['taxi']);
    expect(tradesForHelpKind('company')).toEqual([]);
  });
});

describe('opening hours', () => {
  it('refuses an end before its start and overlapping slots, in French', () => {
    expect(hoursProblems(valid.hours)).toEqual([]);
    expect(hoursProblems([{ weekday: 2, start: '18:00', end: '08:00' }])).toEqual([
      {
        index: 0,
        message: 'Le mercredi, l’heure de fin (08:00) doit être après l’heure de début (18:00).',
      },
    ]);
    const overlap = hoursProblems([
      { weekday: 4, start: '08:00', end: '12:00' },
      { weekday: 4, start: '11:00', end: '13:00' },
    ]);
    expect(overlap[0]?.message).toMatch(/vendredi, deux plages horaires se chevauchent/);
  });

  it('writes the week one line per open day', () => {
    expect(
      hoursLines([
        { weekday: 5, start: '09:00', end: '12:00' },
        { weekday: 0, start: '14:00', end: '18:00' },
        { weekday: 0, start: '08:00', end: '12:00' },
      ]),
    ).toEqual(['lundi : 08:00–12:00, 14:00–18:00', 'samedi : 09:00–12:00']);
  });
});

describe('the yearly check', () => {
  it('is due twelve months after the last check, or when never checked', () => {
    expect(checkDueBefore('2026-12-03')).toBe('2025-12-03');
    expect(checkDueBefore('2028-02-29')).toBe('2027-02-28');
    expect(isCheckDue(null, '2026-12-03')).toBe(true);
    expect(isCheckDue('2025-12-03', '2026-12-03')).toBe(true);
    expect(isCheckDue('2025-12-04', '2026-12-03')).toBe(false);
  });
});

describe('input', () => {
  it('accepts a phone in any French format and normalises it', () => {
    for (const phone of ['03 86 22 14 55', '03.86.22.14.55', '+33 3 86 22 14 55', '0033386221455'])
      expect(professionalSchema.parse({ ...valid, phone }).phone).toBe('+33386221455');
    const parsed = professionalSchema.parse({ ...valid, website: 'www.plomberie-dupont.fr' });
    expect(parsed.website).toBe('https://www.plomberie-dupont.fr/');
    expect(parsed.active).toBe(true);
    expect(parsed.worksPublicHolidays).toBe(false);
  });

  it('refuses bad input with French messages', () => {
    const messages = (input: object) => {
      const result = professionalSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(messages({ ...valid, phone: '12' }).join()).toMatch(/num[ée]ro/i);
    expect(messages({ ...valid, email: 'pas-une-adresse' })).toContain('Adresse e-mail invalide.');
    expect(messages({ ...valid, trade: 'astronaut' }).join()).toMatch(/^Métier inconnu/);
    expect(messages({ ...valid, communesServed: [] })).toContain(
      'Indiquez au moins une commune où ce professionnel intervient.',
    );
    expect(
      messages({ ...valid, hours: [{ weekday: 1, start: '17:00', end: '09:00' }] }).join(),
    ).toMatch(/mardi, l’heure de fin/);
    expect(messages({ ...valid, postalCode: '58800' })).toContain(
      'Indiquez le code postal et la commune de l’adresse, ou aucun des deux.',
    );
    expect(messages({ ...valid, website: 'pas un site' }).join()).toMatch(/site invalide/);
  });

  it('lets the professional correct their details but not the notes', () => {
    const result = selfCorrectionSchema.safeParse({
      ...valid,
      token: 'x'.repeat(43),
      notes: 'secret',
    });
    expect(result.success).toBe(true);
    expect(result.success && 'notes' in result.data).toBe(false);
  });
});
