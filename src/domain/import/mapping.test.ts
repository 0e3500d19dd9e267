import { describe, expect, it } from 'vitest';
import {
  applyMappingOverride,
  checkRequiredColumns,
  guessMapping,
  locateHeaderRow,
  normalizeHeader,
  recogniseHeader,
} from './mapping.js';
import { ImportFileError, type ParsedTable } from './parse.js';

const fieldOf = (header: string, target: 'people' | 'visitors' = 'people') =>
  recogniseHeader(target, header)?.field ?? null;

describe('normalizeHeader', () => {
  it('ignores case, accents and punctuation', () => {
    expect(normalizeHeader('Né(e) le')).toBe('ne e le');
    expect(normalizeHeader('  PRÉNOM ')).toBe('prenom');
    expect(normalizeHeader('N° de tél.')).toBe('numero de tel');
    expect(normalizeHeader('Centres d’intérêt')).toBe('centres d interet');
    expect(normalizeHeader('E-mail')).toBe('e mail');
  });
});

describe('recogniseHeader (people)', () => {
  it.each([
    ['Nom', 'lastName'],
    ['NOM', 'lastName'],
    ['NOM DE FAMILLE', 'lastName'],
    ['Nom d’usage', 'lastName'],
    ['Nom (en majuscules)', 'lastName'],
    ['Last name', 'lastName'],
    ['Nom de naissance', 'birthName'],
    ['Nom de jeune fille', 'birthName'],
    ['Prénom', 'firstName'],
    ['PRENOMS', 'firstName'],
    ['First name', 'firstName'],
    ['Nom Prénom', 'fullName'],
    ['Nom et prénom', 'fullName'],
    ['Date de naissance', 'birthDate'],
    ['Date de naissance (JJ/MM/AAAA)', 'birthDate'],
    ['Né(e) le', 'birthDate'],
    ['Née le', 'birthDate'],
    ['DDN', 'birthDate'],
    ['Date of birth', 'birthDate'],
    ['Sexe', 'gender'],
    ['Civilité', 'formOfAddress'],
    ['CIVILITE', 'formOfAddress'],
    ['Adresse', 'street'],
    ['Rue', 'street'],
    ['Adresse postale', 'street'],
    ['N° de voie', 'street'],
    ['Complément', 'addressComplement'],
    ["Complément d'adresse", 'addressComplement'],
    ['CP', 'postalCode'],
    ['Code postal', 'postalCode'],
    ['Ville', 'communeName'],
    ['Commune', 'communeName'],
    ['CP / Ville', 'postalCodeAndCommune'],
    ['Code INSEE', 'inseeCode'],
    ['Téléphone', 'phones'],
    ['Tél.', 'phones'],
    ['Tél 2', 'phones'],
    ['Tel. portable', 'phones'],
    ['Portable', 'phones'],
    ['Fixe', 'phones'],
    ['N° de téléphone', 'phones'],
    ['E-mail', 'email'],
    ['Courriel', 'email'],
    ['Adresse mail', 'email'],
    ['Adresse e-mail', 'email'],
    ['Vit seul(e)', 'livesAlone'],
    ['Vit seule ?', 'livesAlone'],
    ['APA', 'apa'],
    ['Bénéficiaire APA', 'apa'],
    ['GIR', 'gir'],
    ['Téléassistance', 'teleAssistance'],
    ['Télé-assistance', 'teleAssistance'],
    ["Centres d'intérêt", 'interests'],
    ['Loisirs', 'interests'],
    ['Langues', 'languages'],
    ['Langues parlées', 'languages'],
    // Registers give an age when they have no birth date (issue 11).
    ['Âge', 'age'],
    ['AGE', 'age'],
    ['Remarques', 'practicalNotes'],
    ['Notes', 'practicalNotes'],
    ['Observations', 'practicalNotes'],
    ['Origine', 'referralSource'],
    ['Signalé par', 'referralSource'],
    ['Orienté par', 'referralSource'],
    ['Service local', 'localService'],
    ['Antenne', 'localService'],
  ])('%s → %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it.each([
    'Tél. de la fille',
    'Nom du médecin',
    'Téléphone personne à prévenir',
    'Ville de naissance',
    'Lieu de naissance',
    'Âge du conjoint',
    'Animal',
    '',
    'Portable aidant',
  ])('%s is not recognised', (header) => {
    expect(fieldOf(header)).toBeNull();
  });
});

describe('recogniseHeader (visitors)', () => {
  it.each([
    ['Type', 'kind'],
    ['Statut', 'kind'],
    ['Type de contrat', 'kind'],
    ['Mobilité', 'mobility'],
    ['Moyen de transport', 'mobility'],
    ['Véhiculé(e)', 'mobility'],
    ['Temps de trajet max', 'maxTripMinutes'],
    ['Temps de trajet max (min)', 'maxTripMinutes'],
    ['Charte signée le', 'charterSignedOn'],
    ['Assurance', 'insuranceProvider'],
    ['Assurance valable jusqu’au', 'insuranceValidUntil'],
    ['Fin assurance', 'insuranceValidUntil'],
    ['Début de contrat', 'commitmentStart'],
    ['Date d’entrée', 'commitmentStart'],
    ['Fin de contrat', 'commitmentEnd'],
    ['Date de fin de contrat', 'commitmentEnd'],
    ['Fin', 'commitmentEnd'],
    ['Téléphone', 'phone'],
    ['Portable', 'phone'],
  ])('%s → %s', (header, field) => {
    expect(fieldOf(header, 'visitors')).toBe(field);
  });

  it('does not know people-only fields', () => {
    expect(fieldOf('GIR', 'visitors')).toBeNull();
    expect(fieldOf('Complément', 'visitors')).toBeNull();
  });
});

describe('guessMapping', () => {
  it('maps each column once; phones may come from several columns; unknown columns stay out', () => {
    const headers = [
      'NOM',
      'Prénom',
      'Né(e) le',
      'Tél. domicile',
      'Portable',
      'Tél. fille',
      'Chat ou chien',
      'Remarques',
      'Observations',
    ];
    expect(guessMapping('people', headers)).toEqual({
      lastName: 0,
      firstName: 1,
      birthDate: 2,
      phones: [3, 4],
      practicalNotes: [7, 8],
    });
  });

  it('keeps the best match when two columns claim one field', () => {
    expect(guessMapping('people', ['Nom', 'Nom (suite)', 'Prénom'])).toMatchObject({
      lastName: 0,
      firstName: 2,
    });
  });
});

describe('applyMappingOverride', () => {
  const headers = ['Nom', 'Prénom', 'Date', 'Tél', 'Commentaire libre'];
  const guessed = guessMapping('people', headers);

  it('assigns columns by header name (any case) or index, moves a column out of its guessed field, drops with null', () => {
    const mapping = applyMappingOverride('people', headers, guessed, {
      birthDate: 'date',
      practicalNotes: [4],
      phones: null,
    });
    expect(mapping).toEqual({ lastName: 0, firstName: 1, birthDate: 2, practicalNotes: [4] });
    const moved = applyMappingOverride('people', headers, mapping, {
      birthName: 0,
      lastName: 'Commentaire libre',
    });
    expect(moved).toEqual({ birthName: 0, lastName: 4, firstName: 1, birthDate: 2 });
  });

  it('refuses unknown fields, unknown columns, several columns for a single field', () => {
    expect(() => applyMappingOverride('people', headers, guessed, { shoeSize: 2 })).toThrow(
      /le champ « shoeSize » n’existe pas/,
    );
    expect(() =>
      applyMappingOverride('people', headers, guessed, { birthDate: 'Naissance' }),
    ).toThrow(
      'Correspondance des colonnes : le fichier n’a pas de colonne « Naissance » (indiquée pour « Date de naissance »). Colonnes du fichier : « Nom », « Prénom », « Date », « Tél », « Commentaire libre ».',
    );
    expect(() => applyMappingOverride('people', headers, guessed, { birthDate: 9 })).toThrow(
      /n’existe pas \(le fichier a 5 colonnes\)/,
    );
    expect(() => applyMappingOverride('people', headers, guessed, { birthDate: [2, 3] })).toThrow(
      /une seule colonne/,
    );
  });
});

describe('checkRequiredColumns', () => {
  it('refuses a file without a "Nom" column, as a whole, with a clear message', () => {
    const headers = ['Prénom', 'Date de naissance', 'Ville'];
    let error: unknown;
    try {
      checkRequiredColumns('people', headers, guessMapping('people', headers));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).code).toBe('missing_columns');
    expect((error as ImportFileError).message).toBe(
      'Le fichier ne peut pas être importé : il manque la colonne « Nom ». Colonnes trouvées : « Prénom », « Date de naissance », « Ville ». Renommez la colonne dans le fichier ou indiquez la correspondance des colonnes.',
    );
  });

  it('accepts a "Nom Prénom" column for both', () => {
    const headers = ['Nom Prénom', 'Ville'];
    expect(() =>
      checkRequiredColumns('people', headers, guessMapping('people', headers)),
    ).not.toThrow();
  });

  it('requires type and mobility for visitors, with the values to use', () => {
    const headers = ['Nom', 'Prénom', 'Téléphone'];
    expect(() =>
      checkRequiredColumns('visitors', headers, guessMapping('visitors', headers)),
    ).toThrow(
      /il manque les colonnes « Type de visiteur », « Mobilité ».*salarié, bénévole ou service civique.*à pied, vélo, transports en commun ou voiture/,
    );
  });
});

describe('locateHeaderRow', () => {
  it('finds the header row under a title', () => {
    const table: ParsedTable = {
      ignoredLines: [],
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      sheet: null,
      sheets: [],
      headerLine: 1,
      headers: ['Liste des bénéficiaires 2024'],
      rows: [
        { line: 2, cells: ['Service de Beauvais', ''] },
        { line: 3, cells: ['Nom', 'Prénom', 'Ville'] },
        { line: 4, cells: ['Dupont', 'Marie', 'Beauvais'] },
      ],
    };
    const located = locateHeaderRow('people', table);
    expect(located.headerLine).toBe(3);
    expect(located.headers).toEqual(['Nom', 'Prénom', 'Ville']);
    expect(located.rows).toEqual([{ line: 4, cells: ['Dupont', 'Marie', 'Beauvais'] }]);
  });

  it('leaves a table whose first row is the header alone', () => {
    const table: ParsedTable = {
      ignoredLines: [],
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      sheet: null,
      sheets: [],
      headerLine: 1,
      headers: ['Nom', 'Prénom'],
      rows: [{ line: 2, cells: ['Nom', 'Prénom'] }],
    };
    expect(locateHeaderRow('people', table)).toBe(table);
  });
});
