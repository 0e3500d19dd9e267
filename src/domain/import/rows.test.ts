import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { analyseImport, type AnalyseInput } from './analyse.js';
import { personImportKey, visitorImportKey } from './key.js';
import { ImportFileError } from './parse.js';
import type { PersonCreateInput } from '../people/schemas.js';
import type { VisitorCreateInput } from '../visitors/schemas.js';

const LS_BEAUVAIS = '11111111-1111-4111-8111-111111111111';
const LS_COMPIEGNE = '22222222-2222-4222-8222-222222222222';

const win1252 = (lines: string[]) => iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252');
const utf8 = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);

function analyse(bytes: Uint8Array, overrides: Partial<AnalyseInput> = {}) {
  return analyseImport({
    target: 'people',
    fileName: 'personnes.csv',
    bytes,
    today: '2025-06-01',
    localServices: [
      { id: LS_BEAUVAIS, name: 'Service Beauvais' },
      { id: LS_COMPIEGNE, name: 'Service Compiègne' },
    ],
    ...overrides,
  });
}

const person = (data: unknown) => data as PersonCreateInput;
const visitor = (data: unknown) => data as VisitorCreateInput;

describe('people: a messy semicolon Windows-1252 file', () => {
  const file = win1252([
    'NOM;Prénom;Né(e) le;Adresse;CP;Ville;Tél. domicile;Portable;Vit seul(e);APA;GIR;Téléassistance;Centres d’intérêt;Remarques;Chat ou chien',
    'LEFÈVRE;Hélène;12/03/1938;12 rue des Lilas;60000;Beauvais;03 44 45 12 34;06 12 34 56 78;oui;x;GIR 4;non;tricot, lecture / mots croisés;Sonner fort;chat',
    'Durand;Marcel;31/02/1940;;60000;Beauvais;06 12 34;;peut-être;;7;;;;',
    ';;;;;;;;;;;;;;',
    'Petit;Léon;5/11/32;1 rue Haute;2100;Château-Thierry;;;;;;;;;',
    'Martin',
    'Moreau;Odette;01/01/1936;2 rue Basse;60000;Beauvais;;;;;;;;;;en trop',
  ]);

  it('reads the file, guesses the mapping and lists unknown columns', async () => {
    const analysis = await analyse(file);
    expect(analysis.encoding).toBe('windows-1252');
    expect(analysis.delimiter).toBe(';');
    expect(analysis.ignoredColumns).toEqual(['Chat ou chien']);
    expect(analysis.mapping).toMatchObject({
      lastName: 0,
      firstName: 1,
      birthDate: 2,
      phones: [6, 7],
      gir: 10,
    });
    // The empty row 4 is skipped silently.
    expect(analysis.totalRows).toBe(5);
    expect(analysis.rows.map((row) => row.line)).toEqual([2, 3, 5, 6, 7]);
    expect(analysis.validRows).toBe(2);
  });

  it('converts a valid row into the API input', async () => {
    const analysis = await analyse(file);
    const row = analysis.rows[0]!;
    expect(row.problems).toEqual([]);
    expect(person(row.data)).toMatchObject({
      lastName: 'LEFÈVRE',
      firstName: 'Hélène',
      birthDate: '1938-03-12',
      street: '12 rue des Lilas',
      postalCode: '60000',
      communeName: 'Beauvais',
      phones: [
        { number: '+33344451234', label: 'Fixe' },
        { number: '+33612345678', label: 'Portable' },
      ],
      livesAlone: true,
      apa: true,
      gir: 4,
      teleAssistance: false,
      interests: ['tricot', 'lecture', 'mots croisés'],
      practicalNotes: 'Sonner fort',
    });
    expect(row.key).toBe(
      personImportKey({ lastName: 'Lefevre', firstName: 'helene', birthDate: '1938-03-12' }),
    );
  });

  it('reports every problem of a row with line, column as written, field, value and a precise French message', async () => {
    const analysis = await analyse(file);
    expect(analysis.rows[1]!.problems).toEqual([
      {
        line: 3,
        column: 'Né(e) le',
        field: 'birthDate',
        value: '31/02/1940',
        message: 'Ligne 3, colonne « Né(e) le » : « 31/02/1940 » n’est pas une date valide.',
        detail: '« 31/02/1940 » n’est pas une date valide.',
      },
      {
        line: 3,
        column: 'Tél. domicile',
        field: 'phones',
        value: '06 12 34',
        message:
          'Ligne 3, colonne « Tél. domicile » : « 06 12 34 » est trop court : un numéro français compte 10 chiffres, par exemple 06 12 34 56 78.',
        detail:
          '« 06 12 34 » est trop court : un numéro français compte 10 chiffres, par exemple 06 12 34 56 78.',
      },
      {
        line: 3,
        column: 'Vit seul(e)',
        field: 'livesAlone',
        value: 'peut-être',
        message:
          'Ligne 3, colonne « Vit seul(e) » : « peut-être » n’est pas compris : écrivez oui ou non.',
        detail: '« peut-être » n’est pas compris : écrivez oui ou non.',
      },
      {
        line: 3,
        column: 'GIR',
        field: 'gir',
        value: '7',
        message: 'Ligne 3, colonne « GIR » : « 7 » n’est pas accepté : le GIR va de 1 à 6.',
        detail: '« 7 » n’est pas accepté : le GIR va de 1 à 6.',
      },
    ]);
  });

  it('puts two-digit birth years in the 1900s and pads a 4-digit postal code', async () => {
    const analysis = await analyse(file);
    expect(person(analysis.rows[2]!.data)).toMatchObject({
      birthDate: '1932-11-05',
      postalCode: '02100',
    });
  });

  it('reports a short line (not fatal for the file) and the missing first name', async () => {
    const analysis = await analyse(file);
    const messages = analysis.rows[3]!.problems.map((p) => p.message);
    expect(messages[0]).toBe(
      'Ligne 6 : la ligne a 1 valeur au lieu de 15 (un retour à la ligne ou un séparateur en trop ou en moins dans une cellule ?). Vérifiez-la dans le tableur.',
    );
    expect(messages).toContain(
      'Ligne 6, colonne « Prénom » : valeur manquante : ce champ est obligatoire.',
    );
  });

  it('reports values beyond the last column', async () => {
    const analysis = await analyse(file);
    expect(analysis.rows[4]!.problems.map((p) => p.message)).toEqual([
      'Ligne 7 : la ligne a 16 valeurs pour 15 colonnes (un retour à la ligne ou un séparateur en trop ou en moins dans une cellule ?). Valeurs en trop : « en trop ».',
    ]);
  });

  it('gives all the problems in file order', async () => {
    const analysis = await analyse(file);
    // Line 6 has only a name: no first name, no birth date, no way to reach the person.
    expect(analysis.problems.map((p) => p.line)).toEqual([3, 3, 3, 3, 6, 6, 6, 6, 7]);
  });
});

describe('people: other shapes of files', () => {
  it('reads a comma file with a BOM, "Nom Prénom" in one column, "CP Ville" in one column', async () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...utf8([
        'Nom Prénom,CP Ville,Téléphone,Date de naissance',
        'DUPONT Marie,60000 Beauvais,06 12 34 56 78,1940-03-12',
        'Jean DE LA FONTAINE,Beauvais (60000),03 44 45 12 34,12/03/1941',
        'Dupont,,,',
      ]),
    ]);
    const analysis = await analyse(bytes, { fileName: 'export.csv' });
    expect(analysis.encoding).toBe('utf-8-bom');
    expect(analysis.delimiter).toBe(',');
    expect(person(analysis.rows[0]!.data)).toMatchObject({
      lastName: 'DUPONT',
      firstName: 'Marie',
      postalCode: '60000',
      communeName: 'Beauvais',
    });
    expect(person(analysis.rows[1]!.data)).toMatchObject({
      lastName: 'DE LA FONTAINE',
      firstName: 'Jean',
      postalCode: '60000',
      communeName: 'Beauvais',
    });
    expect(analysis.rows[2]!.problems.map((p) => p.message)).toContain(
      'Ligne 4, colonne « Nom Prénom » : « Dupont » : le nom et le prénom sont attendus dans cette colonne (exemple : DUPONT Marie).',
    );
  });

  it('finds postal code and commune at the end of the address when there is no other column', async () => {
    const analysis = await analyse(
      utf8(['Nom;Prénom;Adresse;Âge', 'Dupont;Marie;12 rue des Lilas, 60000 Beauvais;84']),
    );
    expect(person(analysis.rows[0]!.data)).toMatchObject({
      street: '12 rue des Lilas',
      postalCode: '60000',
      communeName: 'Beauvais',
    });
  });

  it('reports bad phones one by one, even two in the same cell, and bad e-mails and postal codes', async () => {
    const analysis = await analyse(
      utf8([
        'Nom;Prénom;Téléphones;E-mail;CP;Né le',
        'Dupont;Marie;03 44 12 34 56 / 12 34;marie@;600;12/03/1940',
      ]),
    );
    expect(analysis.rows[0]!.problems.map((p) => p.message)).toEqual([
      'Ligne 2, colonne « Téléphones » : « 12 34 » est trop court : un numéro français compte 10 chiffres, par exemple 06 12 34 56 78.',
      'Ligne 2, colonne « E-mail » : « marie@ » n’est pas accepté : adresse e-mail invalide.',
      'Ligne 2, colonne « CP » : « 600 » n’est pas accepté : code postal à 5 chiffres attendu.',
    ]);
  });

  it('reports a birth date in the future with the schema’s message', async () => {
    const analysis = await analyse(
      utf8(['Nom;Prénom;Date de naissance;Tél', 'Dupont;Marie;12/03/2030;0344451234']),
    );
    expect(analysis.problems[0]!.message).toBe(
      'Ligne 2, colonne « Date de naissance » : « 12/03/2030 » n’est pas accepté : la date de naissance doit être passée et postérieure à 1900.',
    );
  });

  it('reports cells holding an Excel error', async () => {
    const analysis = await analyse(
      utf8(['Nom;Prénom;Date de naissance;Tél', 'Dupont;Marie;#N/A;0344451234']),
    );
    expect(analysis.problems[0]!.message).toBe(
      'Ligne 2, colonne « Date de naissance » : la cellule contient une erreur de formule (#N/A) ; corrigez-la dans le tableur.',
    );
  });

  it('treats "NC", "-", "?" as empty', async () => {
    const analysis = await analyse(
      utf8([
        'Nom;Prénom;Date de naissance;Téléphone;GIR;Âge;Adresse;Ville',
        'Dupont;Marie;NC;-;?;84;1 rue Haute;Beauvais',
      ]),
    );
    expect(analysis.problems).toEqual([]);
    expect(person(analysis.rows[0]!.data)).toMatchObject({
      birthDate: null,
      phones: [],
      gir: null,
    });
  });

  it('reads the local service by name, and refuses an unknown one or one outside the user’s service', async () => {
    const bytes = utf8([
      'Nom;Prénom;Né le;Tél;Service local',
      'Dupont;Marie;01/02/1940;0344451234;Service Beauvais',
      'Durand;Paul;01/02/1940;0344451234;compiegne',
      'Petit;Léon;01/02/1940;0344451234;Senlis',
    ]);
    const analysis = await analyse(bytes);
    expect(person(analysis.rows[0]!.data).localServiceId).toBe(LS_BEAUVAIS);
    expect(person(analysis.rows[1]!.data).localServiceId).toBe(LS_COMPIEGNE);
    expect(analysis.rows[2]!.problems[0]!.message).toBe(
      'Ligne 4, colonne « Service local » : « Senlis » n’est pas un service local de l’organisation (services locaux : « Service Beauvais », « Service Compiègne »).',
    );
    const restricted = await analyse(bytes, { onlyLocalServiceId: LS_BEAUVAIS });
    expect(restricted.rows[1]!.problems[0]!.detail).toBe(
      'vous ne pouvez importer que dans votre propre service local, pas dans « Service Compiègne ».',
    );
  });

  it('reports the same person twice in the file', async () => {
    const analysis = await analyse(
      utf8([
        'Nom;Prénom;Date de naissance;Tél',
        'Lefèvre;Hélène;12/03/1938;0344451234',
        'LEFEVRE;helene;1938-03-12;0344451234',
        'Lefèvre;Hélène;13/03/1938;0344451234',
      ]),
    );
    expect(analysis.validRows).toBe(2);
    expect(analysis.problems.map((p) => p.message)).toEqual([
      'Ligne 3 : cette ligne est en double : même nom, même prénom et même date de naissance qu’à la ligne 2. Gardez une seule ligne par personne.',
    ]);
  });

  it('joins several note columns, each with its header', async () => {
    const analysis = await analyse(
      utf8([
        'Nom;Prénom;Né le;Tél;Remarques;Observations',
        'Dupont;Marie;01/02/1940;0344451234;Chien;Escalier raide',
      ]),
    );
    expect(person(analysis.rows[0]!.data).practicalNotes).toBe(
      'Remarques : Chien\nObservations : Escalier raide',
    );
  });

  it('refuses, as a whole, a file without a "Nom" column', async () => {
    await expect(analyse(utf8(['Prénom;Ville', 'Marie;Beauvais']))).rejects.toThrow(
      ImportFileError,
    );
    await expect(analyse(utf8(['Prénom;Ville', 'Marie;Beauvais']))).rejects.toThrow(
      /il manque la colonne « Nom »/,
    );
  });

  it('follows the user’s mapping', async () => {
    const bytes = utf8(['Col A;Col B;Col C;Col D', 'Dupont;Marie;12/03/1940;0344451234']);
    await expect(analyse(bytes)).rejects.toThrow(/il manque les colonnes « Nom », « Prénom »/);
    const analysis = await analyse(bytes, {
      mapping: { lastName: 'Col A', firstName: 1, birthDate: 'col c', phones: 'Col D' },
    });
    expect(person(analysis.rows[0]!.data)).toMatchObject({
      lastName: 'Dupont',
      firstName: 'Marie',
      birthDate: '1940-03-12',
    });
  });

  it('finds the header row under a title line', async () => {
    const analysis = await analyse(
      utf8(['Liste des bénéficiaires 2024;;', ';;', 'Nom;Prénom;Ville', 'Dupont;Marie;Beauvais']),
    );
    expect(analysis.headerLine).toBe(3);
    expect(analysis.rows).toHaveLength(1);
    expect(analysis.rows[0]!.line).toBe(4);
  });
});

describe('people: XLSX', () => {
  it('reads dates, numbers and leading zeros from cells and validates like the API', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bénéficiaires');
    sheet.addRow([
      'Nom',
      'Prénom',
      'Date de naissance',
      'CP',
      'Commune',
      'Portable',
      'GIR',
      'Vit seul',
    ]);
    sheet.addRow([
      'Lefèvre',
      'Hélène',
      new Date(Date.UTC(1938, 2, 12)),
      2100,
      'Château-Thierry',
      612345678,
      4,
      true,
    ]);
    sheet.addRow(['Durand', 'Marcel', 'pas de date', 60000, 'Beauvais', 'inconnu', 9, false]);
    sheet.getCell('D2').numFmt = '00000';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const analysis = await analyse(bytes, { fileName: 'personnes.xlsx' });
    expect(analysis.format).toBe('xlsx');
    expect(person(analysis.rows[0]!.data)).toMatchObject({
      birthDate: '1938-03-12',
      postalCode: '02100',
      phones: [{ number: '+33612345678', label: 'Portable' }],
      gir: 4,
      livesAlone: true,
    });
    expect(analysis.rows[1]!.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        'Ligne 3, colonne « Date de naissance » : « pas de date » n’est pas une date valide (format attendu : JJ/MM/AAAA).',
        'Ligne 3, colonne « GIR » : « 9 » n’est pas accepté : le GIR va de 1 à 6.',
      ]),
    );
  });
});

describe('visitors', () => {
  const file = utf8([
    'Nom;Prénom;Statut;Moyen de transport;Temps de trajet max;Tél portable;Email;Début de contrat;Fin de contrat;Charte signée le;Assurance;Adresse;CP;Ville;Langues',
    'Martin;Inès;Salariée;Voiture;45 min;06 12 34 56 78;ines.martin@exemple.fr;01/09/24;31/08/27;;;;60000;Beauvais;français, arabe',
    'Petit;Jeanne;Bénévole;à pied;;;;;;15/01/2023;MAIF;3 rue Verte;60000;Beauvais;',
    'Durand;Paul;Volontaire;bus;2 jours;;;01/09/2025;01/03/2025;;;;;;',
    'Bernard;Hugo;;;;;;;;;;;;;',
  ]);

  it('converts types, means of transport, durations and dates', async () => {
    const analysis = await analyse(file, { target: 'visitors' });
    expect(visitor(analysis.rows[0]!.data)).toMatchObject({
      kind: 'employed_young',
      mobility: 'car',
      maxTripMinutes: 45,
      phone: '+33612345678',
      email: 'ines.martin@exemple.fr',
      commitmentStart: '2024-09-01',
      commitmentEnd: '2027-08-31',
      languages: ['français', 'arabe'],
    });
    expect(analysis.rows[0]!.key).toBe(
      visitorImportKey({ lastName: 'MARTIN', firstName: 'Ines', email: 'ines.martin@exemple.fr' }),
    );
    expect(visitor(analysis.rows[1]!.data)).toMatchObject({
      kind: 'volunteer',
      mobility: 'foot',
      maxTripMinutes: 30,
      charterSignedOn: '2023-01-15',
      insuranceProvider: 'MAIF',
      street: '3 rue Verte',
    });
  });

  it('reports ambiguous types, bad durations, an end before the start, missing required values', async () => {
    const analysis = await analyse(file, { target: 'visitors' });
    expect(analysis.rows[2]!.problems.map((p) => p.message)).toEqual([
      'Ligne 4, colonne « Statut » : « Volontaire » est ambigu : écrivez « bénévole » ou « service civique ».',
      'Ligne 4, colonne « Temps de trajet max » : « 2 jours » n’est pas une durée : un nombre de minutes est attendu (exemples : 30, 45 min, 1h15).',
      'Ligne 4, colonne « Fin de contrat » : « 01/03/2025 » n’est pas accepté : la fin de l’engagement ne peut pas précéder son début.',
    ]);
    expect(analysis.rows[3]!.problems.map((p) => p.message)).toEqual([
      'Ligne 5, colonne « Statut » : valeur manquante : type de visiteur attendu : salarié, bénévole ou service civique.',
      'Ligne 5, colonne « Moyen de transport » : valeur manquante : mode de déplacement attendu : à pied, vélo, transports en commun ou voiture.',
    ]);
  });

  it('refuses a visitors file without type or mobility column', async () => {
    await expect(
      analyse(utf8(['Nom;Prénom;Téléphone', 'Martin;Inès;0612345678']), { target: 'visitors' }),
    ).rejects.toThrow(/il manque les colonnes « Type de visiteur », « Mobilité »/);
  });
});

describe('import keys', () => {
  it('do not depend on case, accents, hyphens or spaces', () => {
    const a = personImportKey({
      lastName: 'LEFÈVRE',
      firstName: 'Jean-Pierre',
      birthDate: '1938-03-12',
    });
    expect(
      personImportKey({ lastName: 'lefevre', firstName: 'jean pierre', birthDate: '1938-03-12' }),
    ).toBe(a);
    expect(
      personImportKey({ lastName: 'Lefèvre ', firstName: 'Jean Pierre', birthDate: '1938-03-12' }),
    ).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differ with the birth date or the name', () => {
    const a = personImportKey({
      lastName: 'Lefèvre',
      firstName: 'Hélène',
      birthDate: '1938-03-12',
    });
    expect(
      personImportKey({ lastName: 'Lefèvre', firstName: 'Hélène', birthDate: '1938-03-13' }),
    ).not.toBe(a);
    expect(personImportKey({ lastName: 'Lefèvre', firstName: 'Hélène', birthDate: null })).not.toBe(
      a,
    );
    expect(
      personImportKey({ lastName: 'Lefèvre', firstName: 'Helena', birthDate: '1938-03-12' }),
    ).not.toBe(a);
  });

  it('use the e-mail of visitors, or their phone', () => {
    const byMail = visitorImportKey({
      lastName: 'Martin',
      firstName: 'Inès',
      email: 'Ines@Exemple.fr',
      phone: '+33612345678',
    });
    expect(
      visitorImportKey({ lastName: 'MARTIN', firstName: 'Ines', email: 'ines@exemple.fr' }),
    ).toBe(byMail);
    const byPhone = visitorImportKey({
      lastName: 'Martin',
      firstName: 'Inès',
      email: null,
      phone: '+33612345678',
    });
    expect(byPhone).not.toBe(byMail);
    expect(visitorImportKey({ lastName: 'Martin', firstName: 'Inès', phone: '+33612345678' })).toBe(
      byPhone,
    );
  });
});

describe('people: the civility column (form of address)', () => {
  it('reads Mme, M., Madame and Monsieur as the form of address, and reports the rest', async () => {
    const analysis = await analyse(
      win1252([
        'Civilité;Nom;Prénom;Date de naissance;Téléphone',
        'Mme;Garnier;Claire;02/03/1940;03 44 91 07 60',
        'M.;Petit;Léon;05/11/1932;03 44 91 07 61',
        'Monsieur;Roux;Henri;01/01/1935;03 44 91 07 62',
        ';Blanc;Alix;01/01/1935;03 44 91 07 63',
        'Docteur;Noir;Jean;01/01/1935;03 44 91 07 64',
      ]),
    );
    expect(analysis.mapping).toMatchObject({ formOfAddress: 0 });
    const forms = analysis.rows.map((row) => person(row.data)?.formOfAddress);
    expect(forms.slice(0, 3)).toEqual(['madame', 'monsieur', 'monsieur']);
    expect(forms[3] ?? null).toBeNull();
    expect(analysis.rows[4]!.problems).toEqual([
      expect.objectContaining({
        field: 'formOfAddress',
        column: 'Civilité',
        detail: '« Docteur » n’est pas une civilité : écrivez Mme, M., Madame ou Monsieur.',
      }),
    ]);
  });
});
