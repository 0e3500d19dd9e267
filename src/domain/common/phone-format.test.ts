import { describe, expect, it } from 'vitest';
import { formatPhoneNumber, phoneHref } from './phone-format.js';

describe('formatPhoneNumber', () => {
  it('writes French numbers as dialled from France', () => {
    expect(formatPhoneNumber('+33344910760')).toBe('03 44 91 07 60');
    expect(formatPhoneNumber('+33785242052')).toBe('07 85 24 20 52');
    expect(formatPhoneNumber('+596696201234')).toBe('0696 20 12 34');
  });

  it('writes foreign numbers in international form', () => {
    expect(formatPhoneNumber('+32470123456')).toBe('+32 470 12 34 56');
    expect(formatPhoneNumber('+442079460958')).toBe('+44 20 7946 0958');
  });

  it('returns what it cannot read as written, and nothing for nothing', () => {
    expect(formatPhoneNumber('poste 12')).toBe('poste 12');
    expect(formatPhoneNumber(null)).toBe('');
    expect(formatPhoneNumber('')).toBe('');
  });

  it('links to the E.164 number', () => {
    expect(phoneHref('+33344910760')).toBe('tel:+33344910760');
    expect(phoneHref('03 44 91 07 60')).toBe('tel:+33344910760');
  });
});
