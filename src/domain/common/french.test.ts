import { describe, expect, it } from 'vitest';
import {
  agree,
  elide,
  formatColumnDate,
  formatDayHeading,
  formatDuration,
  formatInteger,
  formatLongDate,
  formatLongDateTime,
  formatShortDate,
  formatShortDateTime,
  formOfAddressOf,
  parseCivility,
  startsWithVowelSound,
} from './french.js';

const NNBSP = '\u202f';

describe('French dates', () => {
  it('writes a calendar day in short and long forms, with its weekday', () => {
    expect(formatShortDate('2026-12-02')).toBe('02/12/2026');
    expect(formatLongDate('2026-12-02')).toBe('mercredi 2 décembre 2026');
    expect(formatDayHeading('2026-12-02')).toBe('mercredi 2 décembre');
    expect(formatColumnDate('2026-12-07')).toBe('lun. 7 déc.');
  });

  it('reads a moment in Paris, whatever the machine’s time zone', () => {
    // 23:30 UTC on 1 March is 00:30 on 2 March in Paris.
    expect(formatShortDate('2026-03-01T23:30:00Z')).toBe('02/03/2026');
    expect(formatShortDateTime('2026-03-01T23:30:00Z')).toBe('02/03/2026 à 00:30');
    expect(formatLongDateTime('2026-07-01T12:30:00Z')).toBe('mercredi 1 juillet 2026 à 14:30');
  });

  it('leaves nothing empty and what it cannot read as is', () => {
    expect(formatShortDate(null)).toBe('');
    expect(formatLongDate('bientôt')).toBe('bientôt');
  });
});

describe('French numbers and durations', () => {
  it('groups digits', () => {
    expect(formatInteger(21062)).toBe(`21${NNBSP}062`);
  });

  it('writes minutes as hours and minutes', () => {
    expect(formatDuration(21062)).toBe(`351 h 02 min`);
    expect(formatDuration(45)).toBe('45 min');
    expect(formatDuration(120)).toBe('2 h');
    expect(formatDuration(60 * 1500 + 5)).toBe(`1${NNBSP}500 h 05 min`);
  });
});

describe('elision', () => {
  it('elides before a vowel, a mute h and Y before a consonant', () => {
    expect(elide('de', 'Isabelle')).toBe('d’Isabelle');
    expect(elide('de', 'Hélène')).toBe('d’Hélène');
    expect(elide('de', 'Élodie')).toBe('d’Élodie');
    expect(elide('de', 'Yves')).toBe('d’Yves');
    expect(elide('le', 'Œuvre')).toBe('l’Œuvre');
  });

  it('does not elide before a consonant, an aspirated h or a semi-vowel Y', () => {
    expect(elide('de', 'Marie')).toBe('de Marie');
    expect(elide('de', 'Hollande')).toBe('de Hollande');
    expect(elide('de', 'Yann')).toBe('de Yann');
    expect(elide('pour', 'Isabelle')).toBe('pour Isabelle');
    expect(startsWithVowelSound('')).toBe(false);
  });
});

describe('form of address', () => {
  it('takes the recorded form, else the gender, else none', () => {
    expect(formOfAddressOf({ formOfAddress: 'madame', gender: 'male' })).toBe('madame');
    expect(formOfAddressOf({ formOfAddress: null, gender: 'female' })).toBe('madame');
    expect(formOfAddressOf({ gender: 'male' })).toBe('monsieur');
    expect(formOfAddressOf({ gender: 'other' })).toBeNull();
  });

  it('agrees', () => {
    const forms = { feminine: 'née', masculine: 'né', neutral: 'nom de naissance' };
    expect(agree('madame', forms)).toBe('née');
    expect(agree('monsieur', forms)).toBe('né');
    expect(agree(null, forms)).toBe('nom de naissance');
  });

  it('reads civilities as registers write them', () => {
    expect(parseCivility('Mme')).toBe('madame');
    expect(parseCivility('MADAME')).toBe('madame');
    expect(parseCivility('M.')).toBe('monsieur');
    expect(parseCivility('Monsieur')).toBe('monsieur');
    expect(parseCivility('')).toBeNull();
    expect(parseCivility('Docteur')).toBeUndefined();
  });
});
