import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldLabel } from './field-labels.js';
import { describeIssue, plainFrenchErrorMap, plainFrenchMessage } from './zod-fr.js';

describe('field labels', () => {
  it('names fields as the forms do, numbering list items from 1', () => {
    expect(fieldLabel(['phones', 0, 'number'])).toBe('Téléphone 1');
    expect(fieldLabel(['phones', '1', 'label'])).toBe('Précision sur le téléphone 2');
    expect(fieldLabel(['contacts', 0, 'phone'])).toBe('Téléphone du contact 1');
    expect(fieldLabel(['availability', 2, 'startTime'])).toBe('Heure de début (créneau 3)');
    expect(fieldLabel(['birthDate'])).toBe('Date de naissance');
    expect(fieldLabel(['preferences', 'visitorGender'])).toBe('Visiteur souhaité');
    expect(fieldLabel(['bidule'])).toBe('Champ « bidule »');
  });

  it('describes an issue without its technical path in the message', () => {
    const issue = describeIssue('body', ['phones', 0, 'number'], '« 12 » est trop court.');
    expect(issue).toEqual({
      path: 'body.phones.0.number',
      field: 'phones.0.number',
      label: 'Téléphone 1',
      message: '« 12 » est trop court.',
    });
  });
});

describe('plain French validation messages', () => {
  const messages = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value, { error: plainFrenchErrorMap });
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it('says what to do, without type names', () => {
    expect(messages(z.object({ a: z.string() }), {})).toEqual(['Ce champ est obligatoire.']);
    expect(messages(z.number(), 'douze')).toEqual(['Indiquez un nombre.']);
    expect(messages(z.boolean(), 'oui')).toEqual(['Répondez par oui ou par non.']);
    expect(messages(z.string().max(3), 'abcdef')).toEqual(['3 caractères au maximum.']);
    expect(messages(z.enum(['a', 'b']), 'c')).toEqual(['Choisissez une des valeurs proposées.']);
    expect(messages(z.email(), 'marie@')).toEqual([
      'Adresse e-mail invalide : par exemple marie.dupont@exemple.fr.',
    ]);
    expect(messages(z.number().int().min(1), 0)).toEqual(['La valeur doit être au moins 1.']);
  });

  it('keeps the messages written in a schema', () => {
    expect(messages(z.string().min(1, 'Indiquez le nom.'), '')).toEqual(['Indiquez le nom.']);
  });

  it('never mentions the technical vocabulary', () => {
    const all = [
      plainFrenchMessage({ code: 'invalid_type', expected: 'string', input: 3 } as never),
      plainFrenchMessage({ code: 'invalid_format', format: 'regex', input: 'x' } as never),
    ];
    for (const message of all) expect(message).not.toMatch(/chaîne|attendu,|reçu|regex|motif/i);
  });
});
