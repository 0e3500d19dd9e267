import { describe, expect, it } from 'vitest';
import { loadGazetteer } from '../../geo/load-gazetteer.js';
import { haversineKm } from './distance.js';
import { Gazetteer, normalizePostalCode, type GazetteerResult } from './gazetteer.js';
import { normalizePlaceName } from './normalize.js';

// The real asset: these tests also check that the build kept what the application relies on.
const gazetteer = await loadGazetteer();

const located = (result: GazetteerResult) => {
  if (result.status !== 'located') throw new Error(`not located: ${JSON.stringify(result)}`);
  return result;
};

describe('normalizePlaceName', () => {
  it('ignores case, accents, ligatures, hyphens, apostrophes and extra spaces', () => {
    expect(normalizePlaceName("  L'Abergement-Clémenciat ")).toBe('l abergement clemenciat');
    expect(normalizePlaceName('Saint-Martin-le-Nœud')).toBe('saint martin le noeud');
    expect(normalizePlaceName('COMPIÈGNE')).toBe(normalizePlaceName('compiegne'));
  });

  it('spells out "St" and "Ste", whatever the separators', () => {
    const key = normalizePlaceName('Saint-Just-en-Chaussée');
    for (const typed of [
      'St-Just-en-Chaussée',
      'ST JUST EN CHAUSSEE',
      'st. just  en chaussée',
      'Saint Just en Chaussee',
    ]) {
      expect(normalizePlaceName(typed)).toBe(key);
    }
    expect(normalizePlaceName('Ste-Geneviève')).toBe('sainte genevieve');
    // Only whole words: "Stenay" is not "Saintnay".
    expect(normalizePlaceName('Stenay')).toBe('stenay');
  });
});

describe('normalizePostalCode', () => {
  it('restores a lost leading zero and refuses what is not a postal code', () => {
    expect(normalizePostalCode('1400')).toBe('01400');
    expect(normalizePostalCode('60 000')).toBe('60000');
    expect(normalizePostalCode('6O200')).toBeNull();
    expect(normalizePostalCode('600000')).toBeNull();
  });
});

describe('the offline gazetteer (real asset)', () => {
  it('holds every French commune, departments padded', () => {
    expect(gazetteer.size).toBeGreaterThan(36_000);
    expect(gazetteer.communesOfDepartment('60').length).toBeGreaterThan(600);
    expect(gazetteer.communesOfDepartment('1')).toEqual(gazetteer.communesOfDepartment('01'));
    expect(gazetteer.communesOfDepartment('01').length).toBeGreaterThan(300);
    expect(gazetteer.communesOfDepartment('2a').length).toBeGreaterThan(100);
    expect(gazetteer.communesOfDepartment('971').length).toBeGreaterThan(30);
  });

  it('locates Beauvais (60000) and Compiègne (60200)', () => {
    const beauvais = located(gazetteer.locate({ postalCode: '60000', commune: 'Beauvais' }));
    expect(beauvais).toMatchObject({
      communeName: 'Beauvais',
      postalCode: '60000',
      departmentCode: '60',
      precision: 'commune',
    });
    expect(beauvais.lat).toBeCloseTo(49.4366, 3);
    expect(beauvais.lon).toBeCloseTo(2.0862, 3);
    const compiegne = located(gazetteer.locate({ postalCode: '60200', commune: 'Compiègne' }));
    expect(compiegne).toMatchObject({ communeName: 'Compiègne', postalCode: '60200' });
    expect(haversineKm(beauvais, compiegne)).toBeCloseTo(55.6, 0);
  });

  it('ignores accents and case: "compiegne", "COMPIEGNE"', () => {
    for (const commune of ['compiegne', 'COMPIEGNE', ' Compiegne ']) {
      expect(located(gazetteer.locate({ postalCode: '60200', commune })).communeName).toBe(
        'Compiègne',
      );
    }
  });

  it('reads "St-Just-en-Chaussée" and "Saint-Just-en-Chaussée" alike (60130)', () => {
    const a = located(gazetteer.locate({ postalCode: '60130', commune: 'St-Just-en-Chaussée' }));
    const b = located(gazetteer.locate({ postalCode: '60130', commune: 'Saint-Just-en-Chaussée' }));
    const c = located(gazetteer.locate({ postalCode: '60130', commune: 'ST JUST EN CHAUSSEE' }));
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    expect(b.communeName).toBe('Saint-Just-en-Chaussée');
  });

  it('restores the leading zero of postal codes typed in a spreadsheet', () => {
    expect(
      located(gazetteer.locate({ postalCode: '1400', commune: "L'Abergement-Clémenciat" }))
        .postalCode,
    ).toBe('01400');
  });

  it('locates a postal code served by a single commune', () => {
    expect(located(gazetteer.locate({ postalCode: '60200' })).communeName).toBe('Compiègne');
  });

  it('says which communes share a postal code rather than picking one', () => {
    const result = gazetteer.locate({ postalCode: '60130' });
    expect(result.status).toBe('ambiguous');
    if (result.status !== 'ambiguous') return;
    const names = result.candidates.map((c) => c.name);
    expect(names).toContain('Saint-Just-en-Chaussée');
    expect(names).toContain('Wavignies');
    expect(result.candidates.every((c) => c.postalCode === '60130')).toBe(true);
    expect(result.reason).toMatch(/précisez la commune/);
  });

  it('locates a name unique in France without postal code, even when it has several postal codes', () => {
    expect(located(gazetteer.locate({ commune: 'Compiègne' })).postalCode).toBe('60200');
    // Ajaccio: one commune, three postal codes; the postal code is then not invented.
    const ajaccio = located(gazetteer.locate({ commune: 'Ajaccio' }));
    expect(ajaccio).toMatchObject({
      communeName: 'Ajaccio',
      departmentCode: '2A',
      postalCode: null,
    });
  });

  it('says when a name alone is shared by several communes', () => {
    const result = gazetteer.locate({ commune: 'Sainte-Colombe' });
    expect(result.status).toBe('ambiguous');
    if (result.status !== 'ambiguous') return;
    expect(new Set(result.candidates.map((c) => c.departmentCode)).size).toBeGreaterThan(5);
    expect(result.reason).toMatch(/précisez le code postal/);
  });

  it('keeps homonyms apart across a department border (Thièvres, 62760, in 62 and 80)', () => {
    const result = gazetteer.locate({ postalCode: '62760', commune: 'Thièvres' });
    expect(result.status).toBe('ambiguous');
    if (result.status !== 'ambiguous') return;
    expect(result.candidates.map((c) => c.departmentCode)).toEqual(['62', '80']);
  });

  it('finds the commune in the department when the postal code is a neighbour’s', () => {
    // Bulles is 60130; 60000 is Beauvais', the town mail often goes through.
    expect(located(gazetteer.locate({ postalCode: '60000', commune: 'Bulles' }))).toMatchObject({
      communeName: 'Bulles',
      postalCode: '60130',
    });
  });

  it('reports an unknown commune with its department, and an unknown postal code', () => {
    const unknown = gazetteer.locate({ postalCode: '60000', commune: 'Atlantide' });
    expect(unknown).toMatchObject({ status: 'not_found', code: 'unknown_commune' });
    expect(unknown.status === 'not_found' && unknown.reason).toMatch(/Atlantide.*département 60/);
    expect(gazetteer.locate({ postalCode: '99999' })).toMatchObject({
      status: 'not_found',
      code: 'unknown_postal_code',
    });
    expect(gazetteer.locate({ commune: 'Atlantide' })).toMatchObject({
      status: 'not_found',
      code: 'unknown_commune',
    });
    expect(gazetteer.locate({ postalCode: 'abc', commune: 'Beauvais' })).toMatchObject({
      status: 'not_found',
      code: 'invalid_postal_code',
    });
    expect(gazetteer.locate({ postalCode: ' ', commune: null })).toMatchObject({
      status: 'not_found',
      code: 'missing_input',
    });
  });

  it('knows a commune without coordinates but does not place it (Culey, 55000)', () => {
    const culey = gazetteer.locate({ postalCode: '55000', commune: 'Culey' });
    expect(culey).toMatchObject({ status: 'not_found', code: 'no_coordinates' });
    expect(culey.status === 'not_found' && culey.reason).toMatch(/Culey.*sans coordonnées/);
    expect(gazetteer.communesOfDepartment('55').find((c) => c.name === 'Culey')).toMatchObject({
      lat: null,
      lon: null,
    });
  });

  it('understands Paris, Lyon and Marseille arrondissements', () => {
    expect(located(gazetteer.locate({ postalCode: '75011', commune: 'Paris' })).communeName).toBe(
      'Paris 11',
    );
    expect(
      located(gazetteer.locate({ postalCode: '75001', commune: 'PARIS 1ER' })).communeName,
    ).toBe('Paris 01');
    expect(gazetteer.locate({ commune: 'Paris' }).status).toBe('ambiguous');
    expect(gazetteer.locate({ postalCode: '75011', commune: 'Paris 21' }).status).toBe('not_found');
  });

  it('accepts a missing article and a "CEDEX" suffix', () => {
    expect(
      located(gazetteer.locate({ postalCode: '60130', commune: 'Mesnil-sur-Bulles' })).communeName,
    ).toBe('Le Mesnil-sur-Bulles');
    expect(
      located(gazetteer.locate({ postalCode: '60000', commune: 'BEAUVAIS CEDEX' })).communeName,
    ).toBe('Beauvais');
  });

  it('completes commune names and postal codes, best match first', () => {
    expect(gazetteer.searchCommunes('compie', 5).map((c) => c.name)).toContain('Compiègne');
    const beauvais = gazetteer.searchCommunes('beauvais', 5);
    expect(beauvais[0]?.name).toBe('Beauvais');
    expect(gazetteer.searchCommunes('st just en ch', 5).map((c) => c.name)).toContain(
      'Saint-Just-en-Chaussée',
    );
    expect(gazetteer.searchCommunes('sten', 50).map((c) => c.name)).toContain('Stenay');
    const byCode = gazetteer.searchCommunes('6020', 50);
    expect(byCode.length).toBeGreaterThan(0);
    expect(byCode.every((c) => c.postalCode.startsWith('6020'))).toBe(true);
    expect(gazetteer.searchCommunes('beauvais', 0)).toEqual([]);
    expect(gazetteer.searchCommunes('   ')).toEqual([]);
  });
});

describe('Gazetteer (hand-made rows)', () => {
  const rows = [
    { postalCode: '12345', departmentCode: '12', name: 'Sans-Coordonnées', lat: null, lon: null },
    { postalCode: '12000', departmentCode: '12', name: 'Rodez', lat: 44.35, lon: 2.57 },
  ];
  const g = new Gazetteer(rows);

  it('keeps unplaced communes known but not locatable', () => {
    expect(g.size).toBe(2);
    expect(g.locate({ postalCode: '12345' })).toMatchObject({
      status: 'not_found',
      code: 'no_coordinates',
    });
    expect(g.locate({ commune: 'sans coordonnees' })).toMatchObject({
      status: 'not_found',
      code: 'no_coordinates',
    });
    expect(g.communesOfDepartment('12')).toEqual(rows);
  });
});

describe('departmentOf', () => {
  it('takes the département from the commune, not from the postal code’s first digits', () => {
    expect(gazetteer.departmentOf({ postalCode: '01200', commune: 'Éloise' })).toBe('74');
    expect(gazetteer.departmentOf({ postalCode: '05110', commune: 'Claret' })).toBe('04');
    expect(gazetteer.departmentOf({ postalCode: '20000', commune: 'Ajaccio' })).toBe('2A');
    expect(gazetteer.departmentOf({ postalCode: '20200', commune: 'Bastia' })).toBe('2B');
    expect(gazetteer.departmentOf({ postalCode: '97110', commune: 'Pointe-à-Pitre' })).toBe('971');
    expect(gazetteer.departmentOf({ postalCode: '60000', commune: 'Beauvais' })).toBe('60');
  });
  it('uses the postal code alone when all its communes are in one département, else says nothing', () => {
    expect(gazetteer.departmentOf({ postalCode: '60000', commune: 'Nulle-Part' })).toBe('60');
    expect(gazetteer.departmentOf({ postalCode: '01590', commune: 'Nulle-Part' })).toBeNull();
    expect(gazetteer.departmentOf({ postalCode: '00000' })).toBeNull();
    expect(gazetteer.departmentOf({})).toBeNull();
  });
});
