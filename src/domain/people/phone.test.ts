import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import {
  formatPhoneForDisplay,
  frenchPhoneSchema,
  makeFrenchPhoneSchema,
  normalizeFrenchPhone,
  strictFrenchPhoneSchema,
} from './phone.js';

const ok = (input: string) => {
  const result = normalizeFrenchPhone(input);
  if (!result.ok) throw new Error(`expected ${input} to be valid: ${result.message}`);
  return result;
};
const message = (input: string, options?: { allowForeign?: boolean }) => {
  const result = normalizeFrenchPhone(input, options);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.message;
};

describe('normalizeFrenchPhone: metropolitan numbers', () => {
  it.each([
    '06 12 34 56 78',
    '06.12.34.56.78',
    '06-12-34-56-78',
    '06/12/34/56/78',
    '0612345678',
    ' 06 12 34 56 78 ',
    '+33 6 12 34 56 78',
    '+33612345678',
    '+33 (0)6 12 34 56 78',
    '0033612345678',
    '0033 6 12 34 56 78',
  ])('reads %j as +33612345678', (input) => {
    expect(ok(input)).toEqual({
      ok: true,
      e164: '+33612345678',
      national: '06 12 34 56 78',
      international: '+33 6 12 34 56 78',
      type: 'mobile',
      country: 'FR',
      french: true,
    });
  });

  it('tells mobile, fixed line and other numbers apart', () => {
    expect(ok('07 81 23 45 67').type).toBe('mobile');
    expect(ok('01 42 68 53 00')).toMatchObject({
      e164: '+33142685300',
      type: 'fixed_line',
      national: '01 42 68 53 00',
    });
    expect(ok('03 44 06 60 00').type).toBe('fixed_line');
    // 09: internet-box lines, in practice home landlines.
    expect(ok('09 72 12 34 56').type).toBe('fixed_line');
    expect(ok('08 00 12 34 56').type).toBe('other');
  });
});

describe('normalizeFrenchPhone: overseas numbers', () => {
  it.each([
    ['0696 20 12 34', '+596696201234', 'MQ', 'mobile', '0696 20 12 34'],
    ['0596 30 12 34', '+596596301234', 'MQ', 'fixed_line', '0596 30 12 34'],
    ['0690 00 12 34', '+590690001234', 'GP', 'mobile', '0690 00 12 34'],
    ['0694 20 12 34', '+594694201234', 'GF', 'mobile', '0694 20 12 34'],
    ['0262 12 34 56', '+262262123456', 'RE', 'fixed_line', '0262 12 34 56'],
    ['0692 12 34 56', '+262692123456', 'RE', 'mobile', '0692 12 34 56'],
    ['0639 01 23 45', '+262639012345', 'YT', 'mobile', '0639 01 23 45'],
    ['0269 61 12 34', '+262269611234', 'YT', 'fixed_line', '0269 61 12 34'],
  ])('reads %j in its territory', (input, e164, country, type, national) => {
    expect(ok(input)).toMatchObject({ e164, country, type, national, french: true });
  });

  it('reads an overseas number written with +33 or with its own prefix', () => {
    expect(ok('+33 6 96 20 12 34').e164).toBe('+596696201234');
    expect(ok('+596 696 20 12 34')).toMatchObject({
      e164: '+596696201234',
      national: '0696 20 12 34',
    });
    expect(ok('00596696201234').e164).toBe('+596696201234');
  });

  it('accepts Pacific and Saint-Pierre numbers, shown in international form', () => {
    expect(ok('+687 75 12 34')).toMatchObject({
      e164: '+687751234',
      country: 'NC',
      french: true,
      national: '+687 75 12 34',
    });
    expect(ok('+508 55 12 34')).toMatchObject({ country: 'PM', french: true });
  });
});

describe('normalizeFrenchPhone: foreign numbers', () => {
  it('accepts a foreign number written with its prefix, unless told not to', () => {
    expect(ok('+32 470 12 34 56')).toMatchObject({
      e164: '+32470123456',
      country: 'BE',
      french: false,
      national: '+32 470 12 34 56',
      type: 'mobile',
    });
    expect(message('+32 470 12 34 56', { allowForeign: false })).toBe(
      '« +32 470 12 34 56 » n’est pas un numéro français. Seuls les numéros de France métropolitaine et d’outre-mer sont acceptés ici.',
    );
    expect(normalizeFrenchPhone('0696 20 12 34', { allowForeign: false }).ok).toBe(true);
  });
});

describe('normalizeFrenchPhone: refusals in French', () => {
  it('refuses an empty number', () => {
    expect(message('')).toBe('Le numéro de téléphone est vide.');
    expect(message('   ')).toBe('Le numéro de téléphone est vide.');
  });

  it('refuses too short and too long numbers', () => {
    expect(message('06 12 34')).toBe(
      '« 06 12 34 » est trop court : un numéro français compte 10 chiffres, par exemple 06 12 34 56 78.',
    );
    expect(message('061234567')).toContain('est trop court');
    expect(message('06 12 34 56 78 90')).toBe(
      '« 06 12 34 56 78 90 » est trop long : un numéro français compte 10 chiffres, par exemple 06 12 34 56 78.',
    );
    expect(message('+33 6 12 34 56 78 9')).toContain('trop long');
    expect(message('112')).toContain('trop court');
  });

  it('refuses letters, including notes typed after the number', () => {
    expect(message('abc')).toBe(
      '« abc » contient des lettres : écrivez seulement les chiffres du numéro, par exemple 06 12 34 56 78.',
    );
    expect(message('06 12 34 56 78 (fille)')).toContain('contient des lettres');
    expect(message('06 12 34 56 78 poste 12')).toContain('contient des lettres');
  });

  it('refuses symbols only', () => {
    expect(message('--')).toBe(
      '« -- » n’est pas un numéro de téléphone : écrivez les chiffres, par exemple 06 12 34 56 78.',
    );
  });

  it('refuses a number that is not assigned', () => {
    expect(message('07 00 00 00 00')).toBe(
      '« 07 00 00 00 00 » n’est pas un numéro attribué en France : vérifiez les chiffres.',
    );
    expect(message('+33 5 90 12 34 5')).toMatch(/trop court|attribué/);
  });

  it('refuses an unknown country code', () => {
    expect(message('+999 12 34 56')).toBe(
      '« +999 12 34 56 » : indicatif de pays inconnu. Vérifiez le début du numéro (+33 pour la France).',
    );
  });

  it('refuses an invalid foreign number', () => {
    expect(message('+32 12')).toMatch(/trop court|valide pour ce pays/);
  });

  it('shortens a very long input in the message', () => {
    const long = '0'.repeat(60);
    const text = message(long);
    expect(text.length).toBeLessThan(150);
    expect(text).toContain('…');
    expect(message('1'.repeat(200))).toContain('trop long');
  });
});

describe('formatPhoneForDisplay', () => {
  it('shows the form dialled from France', () => {
    expect(formatPhoneForDisplay('+33612345678')).toBe('06 12 34 56 78');
    expect(formatPhoneForDisplay('+596696201234')).toBe('0696 20 12 34');
    expect(formatPhoneForDisplay('+32470123456')).toBe('+32 470 12 34 56');
    expect(formatPhoneForDisplay('garbage')).toBe('garbage');
  });
});

describe('frenchPhoneSchema', () => {
  it('outputs E.164', () => {
    expect(frenchPhoneSchema.parse('06.12.34.56.78')).toBe('+33612345678');
    expect(frenchPhoneSchema.parse('0696 20 12 34')).toBe('+596696201234');
  });

  it('gives the French message as the issue message', () => {
    const result = frenchPhoneSchema.safeParse('06 12 34');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.code).toBe('custom');
    expect(result.error?.issues[0]?.message).toBe(
      '« 06 12 34 » est trop court : un numéro français compte 10 chiffres, par exemple 06 12 34 56 78.',
    );
    expect(frenchPhoneSchema.safeParse(612345678).error?.issues[0]?.message).toBe(
      'Le numéro de téléphone doit être un texte.',
    );
  });

  it('composes inside objects, with the path of the field', () => {
    const schema = z.object({
      phones: z.array(z.object({ number: frenchPhoneSchema })),
      other: frenchPhoneSchema.nullish(),
    });
    expect(schema.parse({ phones: [{ number: '+33 6 12 34 56 78' }], other: null })).toEqual({
      phones: [{ number: '+33612345678' }],
      other: null,
    });
    const result = schema.safeParse({ phones: [{ number: '06 12 34 56 78' }, { number: 'x' }] });
    expect(result.error?.issues[0]?.path).toEqual(['phones', 1, 'number']);
  });

  it('has a strict variant for French numbers only', () => {
    expect(strictFrenchPhoneSchema.safeParse('+32 470 12 34 56').success).toBe(false);
    expect(makeFrenchPhoneSchema({ allowForeign: true }).parse('+32 470 12 34 56')).toBe(
      '+32470123456',
    );
  });
});
