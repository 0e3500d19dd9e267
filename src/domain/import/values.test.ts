import { describe, expect, it } from 'vitest';
import {
  excelSerialToIso,
  isEmptyValue,
  readBoolean,
  readDate,
  readGender,
  readGir,
  readList,
  readMinutes,
  readMobility,
  readPhoneList,
  readVisitorKind,
  splitFullAddress,
  splitFullName,
  splitPostalCodeAndCommune,
} from './values.js';

const today = '2025-06-01';
const birth = (value: string) => readDate(value, { birth: true, today });
const other = (value: string) => readDate(value, { today });

describe('readDate', () => {
  it.each([
    ['12/03/1940', '1940-03-12'],
    ['1/2/1938', '1938-02-01'],
    ['01.02.1938', '1938-02-01'],
    ['01-02-1938', '1938-02-01'],
    ['01 02 1938', '1938-02-01'],
    [' 12/03/1940 ', '1940-03-12'],
    ['12/03/1940 00:00:00', '1940-03-12'],
    ['1940-03-12', '1940-03-12'],
    ['1940-03-12T00:00:00.000Z', '1940-03-12'],
    ['1940/03/12', '1940-03-12'],
    ['12 mars 1940', '1940-03-12'],
    ['1er mars 1940', '1940-03-01'],
    ['12-mars-40', '1940-03-12'],
    ['3 AOÛT 1936', '1936-08-03'],
    ['14 févr. 1935', '1935-02-14'],
    ['le 5 décembre 1931', '1931-12-05'],
    ['12031940', '1940-03-12'],
    ['120340', '1940-03-12'],
    ['29/02/1940', '1940-02-29'],
  ])('reads the birth date %s', (input, expected) => {
    expect(birth(input)).toEqual({ ok: true, value: expected });
  });

  it('puts two-digit birth years in the 1900s, always', () => {
    expect(birth('5/11/32')).toEqual({ ok: true, value: '1932-11-05' });
    expect(birth('01/01/05')).toEqual({ ok: true, value: '1905-01-01' });
    expect(birth('01/01/24')).toEqual({ ok: true, value: '1924-01-01' });
  });

  it('puts two-digit years of other dates up to 20 years ahead in the 2000s', () => {
    expect(other('01/09/24')).toEqual({ ok: true, value: '2024-09-01' });
    expect(other('31/08/27')).toEqual({ ok: true, value: '2027-08-31' });
    expect(other('01/01/45')).toEqual({ ok: true, value: '2045-01-01' });
    expect(other('01/01/46')).toEqual({ ok: true, value: '1946-01-01' });
    expect(other('01/01/99')).toEqual({ ok: true, value: '1999-01-01' });
  });

  it('reads Excel serial numbers', () => {
    expect(excelSerialToIso(1)).toBe('1899-12-31');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(birth('14000')).toEqual({ ok: true, value: '1938-04-30' });
    expect(birth('14000.75')).toEqual({ ok: true, value: '1938-04-30' });
    expect(other('45658')).toEqual({ ok: true, value: '2025-01-01' });
  });

  it('refuses impossible dates with the value quoted', () => {
    expect(birth('31/02/1940')).toEqual({
      ok: false,
      message: '« 31/02/1940 » n’est pas une date valide.',
    });
    expect(birth('29/02/1941')).toEqual({
      ok: false,
      message: '« 29/02/1941 » n’est pas une date valide.',
    });
    expect(birth('32/01/1940')).toEqual({
      ok: false,
      message: '« 32/01/1940 » n’est pas une date valide.',
    });
    expect(birth('00/01/1940')).toEqual({
      ok: false,
      message: '« 00/01/1940 » n’est pas une date valide.',
    });
  });

  it('explains a month-first (American) date', () => {
    const result = birth('03/25/1940');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      '« 03/25/1940 » n’est pas une date valide : le mois 25 n’existe pas (le jour s’écrit avant le mois : JJ/MM/AAAA).',
    );
  });

  it('refuses a year alone, a month without day, an unknown month and text', () => {
    expect(birth('1938')).toEqual({
      ok: false,
      message:
        '« 1938 » : seule l’année est indiquée ; la date complète est attendue (JJ/MM/AAAA).',
    });
    expect(birth('mars 1938')).toEqual({
      ok: false,
      message: '« mars 1938 » : le jour manque ; la date complète est attendue (JJ/MM/AAAA).',
    });
    expect(birth('12 brumaire 1938')).toEqual({
      ok: false,
      message: '« 12 brumaire 1938 » n’est pas une date valide : mois « brumaire » inconnu.',
    });
    expect(birth('vers 1940')).toEqual({
      ok: false,
      message: '« vers 1940 » n’est pas une date valide (format attendu : JJ/MM/AAAA).',
    });
    expect(birth('12/03')).toMatchObject({ ok: false });
    expect(birth('abc')).toMatchObject({ ok: false });
  });
});

describe('readBoolean', () => {
  it.each([
    'oui',
    'OUI',
    'Oui ',
    'o',
    'x',
    'X',
    'vrai',
    'VRAI',
    'true',
    '1',
    'yes',
    '✓',
    'oui (depuis 2019)',
    'Oui - Présence Verte',
  ])('%s is yes', (value) => {
    expect(readBoolean(value)).toEqual({ ok: true, value: true });
  });
  it.each(['non', 'NON', 'n', 'faux', 'FAUX', 'false', '0', 'no', 'aucune', 'non, refus'])(
    '%s is no',
    (value) => {
      expect(readBoolean(value)).toEqual({ ok: true, value: false });
    },
  );
  it('refuses anything else with a hint', () => {
    expect(readBoolean('peut-être')).toEqual({
      ok: false,
      message: '« peut-être » n’est pas compris : écrivez oui ou non.',
    });
    expect(readBoolean('2')).toMatchObject({ ok: false });
  });
});

describe('readGir', () => {
  it.each([
    ['4', 4],
    ['GIR 4', 4],
    ['gir4', 4],
    ['Gir : 2', 2],
    ['GIR IV', 4],
    ['6.0', 6],
    ['GIR 3 (2023)', 3],
    ['7', 7],
  ])('%s → %d (the range is the schema’s to check)', (value, expected) => {
    expect(readGir(value)).toEqual({ ok: true, value: expected });
  });
  it('refuses text', () => {
    expect(readGir('élevé')).toEqual({
      ok: false,
      message: '« élevé » n’est pas un GIR : un chiffre de 1 à 6 est attendu (exemple : GIR 4).',
    });
  });
});

describe('lists', () => {
  it('splits on , ; / | and new lines', () => {
    expect(readList('lecture, jardinage; cartes / marche|chant\ncuisine')).toEqual([
      'lecture',
      'jardinage',
      'cartes',
      'marche',
      'chant',
      'cuisine',
    ]);
    expect(readList(' , ;')).toEqual([]);
  });
  it('splits several phones in one cell', () => {
    expect(readPhoneList('03 44 12 34 56 / 06 12 34 56 78')).toEqual([
      '03 44 12 34 56',
      '06 12 34 56 78',
    ]);
    expect(readPhoneList('0344123456 ou 0612345678')).toEqual(['0344123456', '0612345678']);
    expect(readPhoneList('06-12-34-56-78')).toEqual(['06-12-34-56-78']);
  });
});

describe('readMinutes', () => {
  it.each([
    ['30', 30],
    ['30 min', 30],
    ['45mn', 45],
    ['45 minutes', 45],
    ["20'", 20],
    ['1h', 60],
    ['1 h 30', 90],
    ['1h15', 75],
    ['1,5 h', 90],
    ['0:45', 45],
    ['00:45', 45],
  ])('%s → %d minutes', (value, expected) => {
    expect(readMinutes(value)).toEqual({ ok: true, value: expected });
  });
  it('refuses a distance or text', () => {
    expect(readMinutes('10 km')).toMatchObject({ ok: false });
    expect(readMinutes('loin')).toEqual({
      ok: false,
      message:
        '« loin » n’est pas une durée : un nombre de minutes est attendu (exemples : 30, 45 min, 1h15).',
    });
  });
});

describe('readGender', () => {
  it.each([
    ['F', 'female'],
    ['Mme', 'female'],
    ['Madame', 'female'],
    ['Mlle', 'female'],
    ['Féminin', 'female'],
    ['H', 'male'],
    ['M', 'male'],
    ['M.', 'male'],
    ['Monsieur', 'male'],
    ['homme', 'male'],
    ['Autre', 'other'],
  ])('%s → %s', (value, expected) => {
    expect(readGender(value)).toEqual({ ok: true, value: expected });
  });
  it('refuses the rest', () => {
    expect(readGender('Dr')).toMatchObject({ ok: false });
  });
});

describe('readVisitorKind', () => {
  it.each([
    ['Salarié', 'employed_young'],
    ['salariée', 'employed_young'],
    ['Jeune salarié (CDD)', 'employed_young'],
    ['CDD', 'employed_young'],
    ['Bénévole', 'volunteer'],
    ['BENEVOLE', 'volunteer'],
    ['Service civique', 'civic_service'],
    ['Volontaire en service civique', 'civic_service'],
    ['VSC', 'civic_service'],
  ])('%s → %s', (value, expected) => {
    expect(readVisitorKind(value)).toEqual({ ok: true, value: expected });
  });
  it('asks to decide for a bare "volontaire" and refuses the unknown', () => {
    expect(readVisitorKind('Volontaire')).toEqual({
      ok: false,
      message: '« Volontaire » est ambigu : écrivez « bénévole » ou « service civique ».',
    });
    expect(readVisitorKind('stagiaire')).toMatchObject({ ok: false });
  });
});

describe('readMobility', () => {
  it.each([
    ['Voiture', 'car'],
    ['véhiculé', 'car'],
    ['oui', 'car'],
    ['A pied', 'foot'],
    ['à pied', 'foot'],
    ['Vélo', 'bike'],
    ['Bus', 'public_transport'],
    ['Transports en commun', 'public_transport'],
    ['TC', 'public_transport'],
    ['bus / à pied', 'public_transport'],
    ['voiture, vélo', 'car'],
  ])('%s → %s', (value, expected) => {
    expect(readMobility(value)).toEqual({ ok: true, value: expected });
  });
  it('asks for details when the answer is "non", refuses the unknown', () => {
    expect(readMobility('non')).toMatchObject({ ok: false });
    expect(readMobility('téléportation')).toMatchObject({ ok: false });
  });
});

describe('names and addresses', () => {
  it('splits "NOM Prénom" in any order by the capitals', () => {
    expect(splitFullName('DUPONT Marie', 'last-first')).toEqual({
      ok: true,
      value: { lastName: 'DUPONT', firstName: 'Marie' },
    });
    expect(splitFullName('Marie DUPONT', 'last-first')).toEqual({
      ok: true,
      value: { lastName: 'DUPONT', firstName: 'Marie' },
    });
    expect(splitFullName('DE LA FONTAINE Jean-Pierre', 'last-first')).toEqual({
      ok: true,
      value: { lastName: 'DE LA FONTAINE', firstName: 'Jean-Pierre' },
    });
    expect(splitFullName('Dupont, Marie Louise', 'first-last')).toEqual({
      ok: true,
      value: { lastName: 'Dupont', firstName: 'Marie Louise' },
    });
    expect(splitFullName('Dupont Marie', 'last-first')).toEqual({
      ok: true,
      value: { lastName: 'Dupont', firstName: 'Marie' },
    });
    expect(splitFullName('Marie Dupont', 'first-last')).toEqual({
      ok: true,
      value: { lastName: 'Dupont', firstName: 'Marie' },
    });
  });
  it('refuses what cannot be split safely', () => {
    expect(splitFullName('Dupont', 'last-first')).toMatchObject({ ok: false });
    expect(splitFullName('de la Fontaine Jean Pierre', 'last-first')).toMatchObject({ ok: false });
  });
  it('splits postal code and commune', () => {
    expect(splitPostalCodeAndCommune('60000 Beauvais')).toEqual({
      postalCode: '60000',
      communeName: 'Beauvais',
    });
    expect(splitPostalCodeAndCommune('Beauvais (60000)')).toEqual({
      postalCode: '60000',
      communeName: 'Beauvais',
    });
    expect(splitPostalCodeAndCommune('60 000 - BEAUVAIS')).toEqual({
      postalCode: '60000',
      communeName: 'BEAUVAIS',
    });
    expect(splitPostalCodeAndCommune('Beauvais')).toEqual({
      postalCode: null,
      communeName: 'Beauvais',
    });
  });
  it('finds postal code and commune at the end of a full address', () => {
    expect(splitFullAddress('12 rue des Lilas, 60000 Beauvais')).toEqual({
      street: '12 rue des Lilas',
      postalCode: '60000',
      communeName: 'Beauvais',
    });
    expect(splitFullAddress('12 rue des Lilas')).toBeNull();
  });
  it('treats the usual "nothing" markers as empty', () => {
    for (const value of ['', ' ', '-', '—', 'NC', 'N/A', 'néant', '?', 'inconnu'])
      expect(isEmptyValue(value)).toBe(true);
    expect(isEmptyValue('x')).toBe(false);
    expect(isEmptyValue('0')).toBe(false);
  });
});
