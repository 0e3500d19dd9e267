import { describe, expect, it } from 'vitest';
import { birthYearBand, erasureRefusal, withoutNames } from './erasure.js';

describe('erasure rules', () => {
  it('takes the names out of a text, whole words only, accents and case as written', () => {
    expect(
      withoutNames('Visite chez Hélène Lefèvre, LEFÈVRE absente ; Lefèvres ailleurs', [
        'Lefèvre',
        'Hélène',
      ]),
    ).toBe('Visite chez [effacé], [effacé] absente ; Lefèvres ailleurs');
    expect(withoutNames('Mme Quesnoy-Vandamme a écrit', ['Quesnoy-Vandamme', 'Philomène'])).toBe(
      'Mme [effacé] a écrit',
    );
    expect(withoutNames('Rien à voir', ['Lefèvre', 'Hélène'])).toBe('Rien à voir');
  });

  it('keeps the five-year band of the birth year only', () => {
    expect(birthYearBand('1938-07-14')).toBe(1935);
    expect(birthYearBand('1940-01-01')).toBe(1940);
    expect(birthYearBand(null)).toBeNull();
  });

  it('refuses under a legal hold, with its kind and date in French', () => {
    expect(
      erasureRefusal({ erasedAt: null, legalHoldKind: null, legalHoldSince: null }),
    ).toBeNull();
    expect(
      erasureRefusal({ erasedAt: null, legalHoldKind: 'dispute', legalHoldSince: '2026-03-01' })
        ?.message,
    ).toMatch(/contentieux en cours depuis le 01\/03\/2026/);
    expect(
      erasureRefusal({ erasedAt: new Date(), legalHoldKind: null, legalHoldSince: null })?.code,
    ).toBe('already_erased');
  });
});
