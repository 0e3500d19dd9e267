import { describe, expect, it } from 'vitest';
import { Gazetteer, type CommuneRow } from '../geo/gazetteer.js';
import { analyseImport } from './analyse.js';
import { choiceKey, resolveCommune, splitDepartmentSuffix, territoryOf } from './communes.js';
import type { PersonCreateInput } from '../people/schemas.js';

const row = (postalCode: string, departmentCode: string, name: string): CommuneRow => ({
  postalCode,
  departmentCode,
  name,
  lat: 49,
  lon: 2,
});

const gazetteer = new Gazetteer([
  row('02100', '02', 'Saint-Quentin'),
  row('60130', '60', 'Saint-Just-en-Chaussée'),
  row('60730', '60', 'Sainte-Geneviève'),
  row('02340', '02', 'Sainte-Geneviève'),
  row('60200', '60', 'Compiègne'),
  row('60000', '60', 'Beauvais'),
  row('62760', '62', 'Thièvres'),
  row('62760', '80', 'Thièvres'),
]);

describe('resolveCommune: names as registers write them', () => {
  it.each([
    ['ST QUENTIN', '02100', 'Saint-Quentin'],
    ['St Quentin', null, 'Saint-Quentin'],
    ['Saint-Quentin (02)', null, 'Saint-Quentin'],
    ['ST JUST EN CHAUSSEE', '60130', 'Saint-Just-en-Chaussée'],
    ['Ste Genevieve', '60730', 'Sainte-Geneviève'],
    ['STE-GENEVIEVE (60)', null, 'Sainte-Geneviève'],
    ['compiegne', '60200', 'Compiègne'],
    ['Saint-Quentin (Aisne)', null, 'Saint-Quentin'],
    ['BEAUVAIS CEDEX', '60000', 'Beauvais'],
  ])('%s (%s) → %s', (typed, postalCode, name) => {
    expect(resolveCommune(gazetteer, typed, postalCode)).toMatchObject({
      status: 'resolved',
      name,
    });
  });

  it('gives the postal code of a commune that has one, when none was written', () => {
    expect(resolveCommune(gazetteer, 'ST QUENTIN', null)).toEqual({
      status: 'resolved',
      name: 'Saint-Quentin',
      postalCode: '02100',
      departmentCode: '02',
    });
  });

  it('lets the postal code choose between communes of the same name', () => {
    expect(resolveCommune(gazetteer, 'STE GENEVIEVE', '02340')).toMatchObject({
      status: 'resolved',
      departmentCode: '02',
    });
  });

  it('asks when two communes match, with one candidate each', () => {
    const result = resolveCommune(gazetteer, 'THIEVRES', '62760');
    expect(result).toMatchObject({ status: 'ambiguous' });
    expect(result.status === 'ambiguous' && result.candidates.map((c) => c.label)).toEqual([
      '62760 Thièvres (62)',
      '62760 Thièvres (80)',
    ]);
    expect(resolveCommune(gazetteer, 'Ste Geneviève', null)).toMatchObject({
      status: 'ambiguous',
    });
  });

  it('reports a postal code that is not the commune’s, and an unknown commune', () => {
    expect(resolveCommune(gazetteer, 'Compiègne', '60000')).toEqual({
      status: 'postal_mismatch',
      name: 'Compiègne',
      departmentCode: '60',
      postalCodes: ['60200'],
    });
    expect(resolveCommune(gazetteer, 'Villeinconnue', '60999')).toEqual({ status: 'unknown' });
    // The department in brackets restricts the search.
    expect(resolveCommune(gazetteer, 'Saint-Quentin (60)', null)).toEqual({ status: 'unknown' });
  });

  it('splits a department in brackets, and keys a choice by folded name and postal code', () => {
    expect(splitDepartmentSuffix('Saint-Quentin (02)')).toEqual({
      name: 'Saint-Quentin',
      departmentCode: '02',
    });
    expect(splitDepartmentSuffix('Paris')).toEqual({ name: 'Paris', departmentCode: null });
    expect(choiceKey('THIEVRES', '62760')).toBe(choiceKey('Thièvres', '62760'));
  });
});

describe('territoryOf', () => {
  const territories = [
    { postalCode: '60130', communeName: 'ST JUST EN CHAUSSEE', localServiceId: 'nord' },
    { postalCode: '60200', communeName: 'Compiègne', localServiceId: 'est' },
  ];
  it('matches the folded name and the postal code', () => {
    expect(territoryOf(territories, 'Saint-Just-en-Chaussée', '60130')?.localServiceId).toBe(
      'nord',
    );
    expect(territoryOf(territories, 'Compiègne', null)?.localServiceId).toBe('est');
    expect(territoryOf(territories, 'Compiègne', '60000')).toBeNull();
    expect(territoryOf(territories, 'Beauvais', '60000')).toBeNull();
  });
});

describe('analyseImport: the register checks', () => {
  const csv = (lines: string[]) => new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
  const analyse = (lines: string[], choices: Record<string, string> | null = null) =>
    analyseImport({
      target: 'people',
      fileName: 'registre.csv',
      bytes: csv(lines),
      today: '2026-12-03',
      localServices: [],
      gazetteer,
      territories: [{ postalCode: '60200', communeName: 'COMPIEGNE', localServiceId: 'est' }],
      eligibilityRule: {
        minimumAge: 65,
        isolationThreshold: 12,
        requireIsolation: true,
        allowedDepartmentCodes: null,
      },
      communeChoices: choices,
    });
  const HEADER = 'Nom;Prénom;Né le;Âge;Adresse;CP;Ville;Tél';

  it('requires a birth date or an age, and a phone or an address: each on its column', async () => {
    const analysis = await analyse([HEADER, 'Faure;Odette;;;;;;', 'Roy;Jean;;80;;;;0344451234']);
    expect(analysis.rows[0]!.problems.map((p) => [p.column, p.field])).toEqual([
      ['Né le', 'birthDate'],
      ['Tél', 'phones'],
    ]);
    expect(analysis.rows[1]!.problems).toEqual([]);
    expect((analysis.rows[1]!.data as PersonCreateInput).practicalNotes).toBe(
      'Âge indiqué dans le fichier importé le 03/12/2026 : 80 ans.',
    );
  });

  it('lists blank lines as ignored', async () => {
    const analysis = await analyse([
      HEADER,
      'Roy;Jean;01/01/1940;;;;;0344451234',
      ';;;;;;;',
      '',
      'Roy;Anne;01/01/1941;;;;;0344451234',
      ';;;;;;;',
    ]);
    expect(analysis.ignoredLines).toEqual([3, 4, 6]);
    expect(analysis.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('reads "02100 ST QUENTIN" written in the commune column', async () => {
    const analysis = await analyse([HEADER, 'Roy;Jean;01/01/1940;;1 rue;;02100 ST QUENTIN;']);
    expect(analysis.rows[0]!.data).toMatchObject({
      postalCode: '02100',
      communeName: 'Saint-Quentin',
    });
  });

  it('says a four-digit postal code lost its zero: read when the commune confirms it, else refused', async () => {
    const analysis = await analyse([
      HEADER,
      'Roy;Jean;01/01/1940;;1 rue;2100;ST QUENTIN;',
      'Roy;Anne;01/01/1941;;1 rue;2100;Beauvais;',
    ]);
    expect((analysis.rows[0]!.data as PersonCreateInput).postalCode).toBe('02100');
    expect(analysis.rows[0]!.warnings[0]!.message).toMatch(/« 2100 » n’a que 4 chiffres.*02100/);
    expect(analysis.rows[1]!.problems[0]!.message).toBe(
      'Ligne 3, colonne « CP » : « 2100 » n’a que 4 chiffres : le tableur a sans doute perdu le zéro du début. Écrivez 02100 si c’est bien le code postal de Beauvais.',
    );
  });

  it('flags who the eligibility rule would refuse, gives the local service, lists those outside', async () => {
    const analysis = await analyse([
      HEADER,
      'Blanc;Lucas;03/02/2010;;4 rue Haute;60200;COMPIEGNE;',
      'Roy;Jean;01/01/1940;;1 rue;60000;Beauvais;',
    ]);
    expect(analysis.notEligibleLines).toEqual([2]);
    expect(analysis.rows[0]!.warnings[0]!.detail).toMatch(/^non éligible.*16 ans/);
    expect((analysis.rows[0]!.data as PersonCreateInput).localServiceId).toBe('est');
    expect(analysis.outsideTerritoryLines).toEqual([3]);
  });

  it('asks which commune once per spelling, and applies the choice', async () => {
    const lines = [
      HEADER,
      'Roy;Jean;01/01/1940;;1 rue;62760;THIEVRES;',
      'Roy;Anne;01/01/1941;;1 rue;62760;Thièvres;',
    ];
    const open = await analyse(lines);
    expect(open.communeChoices).toHaveLength(1);
    expect(open.communeChoices[0]).toMatchObject({ lines: [2, 3], chosen: null });
    const key = open.communeChoices[0]!.key;
    const somme = open.communeChoices[0]!.candidates[1]!.value;
    const chosen = await analyse(lines, { [key]: somme });
    expect(chosen.communeChoices[0]!.chosen).toBe(somme);
    expect(chosen.communes.map((c) => [c.status, c.departmentCode])).toEqual([
      ['chosen', '80'],
      ['chosen', '80'],
    ]);
  });
});
