/**
 * Which column of the file holds which field: guessed from the header names (French or English,
 * case, accents and punctuation ignored, with the synonyms services actually use), and
 * overridable by the user. A mapping is `{ field: columnIndex }`, or `{ field: [indexes] }` for
 * fields that may come from several columns (phones, notes, street number + street). Pure.
 */
import { ImportFileError, type ParsedTable } from './parse.js';

export type ImportTarget = 'people' | 'visitors';

export interface FieldDefinition {
  /** French, shown to users ("Nom", "Date de naissance"). */
  label: string;
  /** Header names recognised, in any case and with or without accents. */
  synonyms: readonly string[];
  /** Synonyms too generic to be recognised inside a longer header ("Type", "Fin"). */
  exactOnly?: readonly string[];
  /** Several columns may feed this field. */
  multiple?: boolean;
  /** The file must have a column for it (unless `satisfiedBy` has one). */
  required?: boolean;
  satisfiedBy?: readonly string[];
}

const nameFields = {
  lastName: {
    label: 'Nom',
    synonyms: [
      'nom',
      'nom de famille',
      'nom d usage',
      'nom usuel',
      'nom marital',
      'nom d epouse',
      'patronyme',
      'last name',
      'lastname',
      'surname',
      'family name',
      'nom beneficiaire',
      'nom du beneficiaire',
      'nom de la personne',
    ],
    required: true,
    satisfiedBy: ['fullName'],
  },
  firstName: {
    label: 'Prénom',
    synonyms: [
      'prenom',
      'prenoms',
      'prenom usuel',
      'first name',
      'firstname',
      'given name',
      'prenom du beneficiaire',
      'prenom beneficiaire',
    ],
    required: true,
    satisfiedBy: ['fullName'],
  },
  fullName: {
    label: 'Nom et prénom (dans la même colonne)',
    synonyms: [
      'nom prenom',
      'nom et prenom',
      'nom prenoms',
      'nom et prenoms',
      'prenom nom',
      'prenom et nom',
      'nom complet',
      'identite',
      'full name',
      'name',
      'beneficiaire',
      'personne',
      'visiteur',
      'benevole',
    ],
    exactOnly: ['beneficiaire', 'personne', 'visiteur', 'benevole', 'name', 'identite'],
  },
} as const satisfies Record<string, FieldDefinition>;

const addressFields = {
  street: {
    label: 'Adresse',
    synonyms: [
      'adresse',
      'adresse postale',
      'adresse domicile',
      'adresse du domicile',
      'rue',
      'voie',
      'numero et rue',
      'numero et voie',
      'numero de rue',
      'numero de voie',
      'numero voie',
      'nom de la rue',
      'nom de rue',
      'libelle voie',
      'adresse ligne 1',
      'adresse 1',
      'address',
      'street',
      'address line 1',
    ],
    multiple: true,
  },
  addressComplement: {
    label: 'Complément d’adresse',
    synonyms: [
      'complement',
      'complement d adresse',
      'complement adresse',
      'adresse complement',
      'adresse ligne 2',
      'adresse 2',
      'batiment',
      'residence',
      'appartement',
      'etage',
      'lieu dit',
      'address line 2',
    ],
  },
  postalCode: {
    label: 'Code postal',
    synonyms: ['cp', 'code postal', 'code post', 'postal code', 'postcode', 'zip', 'zip code'],
  },
  communeName: {
    label: 'Commune',
    synonyms: [
      'ville',
      'commune',
      'localite',
      'commune de residence',
      'ville de residence',
      'city',
      'town',
      'municipality',
    ],
  },
  postalCodeAndCommune: {
    label: 'Code postal et commune (dans la même colonne)',
    synonyms: [
      'cp ville',
      'cp et ville',
      'cp commune',
      'code postal ville',
      'code postal et ville',
      'code postal commune',
      'code postal et commune',
      'ville cp',
      'commune cp',
      'ville code postal',
      'commune code postal',
    ],
  },
  inseeCode: {
    label: 'Code INSEE',
    synonyms: ['code insee', 'insee', 'code commune', 'code insee commune', 'cog'],
  },
} as const satisfies Record<string, FieldDefinition>;

const localService = {
  label: 'Service local',
  synonyms: [
    'service local',
    'service',
    'antenne',
    'secteur',
    'service de rattachement',
    'territoire',
    'pole',
    'local service',
  ],
  exactOnly: ['service', 'secteur', 'territoire', 'pole'],
} as const satisfies FieldDefinition;

const genderField = {
  label: 'Sexe / civilité',
  synonyms: ['sexe', 'genre', 'civilite', 'titre', 'gender', 'sex', 'title', 'mme m', 'm mme'],
  exactOnly: ['titre', 'title'],
} as const satisfies FieldDefinition;

/** People: the civility (Mme, M.) is the form of address; the sex column stays the gender. */
const personGenderField = {
  label: 'Sexe',
  synonyms: ['sexe', 'genre', 'gender', 'sex'],
} as const satisfies FieldDefinition;

const civilityField = {
  label: 'Civilité',
  synonyms: ['civilite', 'civ', 'titre', 'title', 'mme m', 'm mme', 'madame monsieur'],
  exactOnly: ['titre', 'title', 'civ'],
} as const satisfies FieldDefinition;

const emailField = {
  label: 'E-mail',
  synonyms: [
    'e mail',
    'email',
    'mail',
    'courriel',
    'adresse mail',
    'adresse e mail',
    'adresse email',
    'adresse electronique',
    'adresse courriel',
    'mel',
  ],
  exactOnly: ['mel'],
} as const satisfies FieldDefinition;

const tagFields = {
  interests: {
    label: 'Centres d’intérêt',
    synonyms: [
      'centres d interet',
      'centre d interet',
      'centres d interets',
      'interets',
      'interet',
      'loisirs',
      'passions',
      'hobbies',
      'gouts',
      'activites appreciees',
      'interests',
      'hobby',
      'loisir',
      'passion',
    ],
    multiple: true,
  },
  languages: {
    label: 'Langues',
    synonyms: ['langues', 'langue', 'langues parlees', 'langue parlee', 'languages', 'language'],
    multiple: true,
  },
} as const satisfies Record<string, FieldDefinition>;

const PEOPLE_FIELDS = {
  ...nameFields,
  birthName: {
    label: 'Nom de naissance',
    synonyms: [
      'nom de naissance',
      'nom de jeune fille',
      'nom jeune fille',
      'nom jf',
      'jeune fille',
      'nee',
      'birth name',
      'maiden name',
    ],
    exactOnly: ['nee'],
  },
  birthDate: {
    label: 'Date de naissance',
    synonyms: [
      'date de naissance',
      'date naissance',
      'date de naiss',
      'date naiss',
      'naissance',
      'ne e le',
      'ne le',
      'nee le',
      'ne e',
      'ddn',
      'dn',
      'date of birth',
      'birth date',
      'birthdate',
      'dob',
    ],
    exactOnly: ['dn', 'naissance'],
  },
  // Registers often give an age instead of a birth date: it satisfies the "birth date or age" rule.
  age: {
    label: 'Âge',
    synonyms: ['age', 'age en annees', 'age ans', 'age actuel', 'ans'],
    exactOnly: ['age', 'ans'],
  },
  gender: personGenderField,
  formOfAddress: civilityField,
  ...addressFields,
  phones: {
    label: 'Téléphone',
    synonyms: [
      'telephone',
      'telephones',
      'tel',
      'tels',
      'numeros de telephone',
      'tel fixe',
      'tel portable',
      'portable',
      'mobile',
      'fixe',
      'gsm',
      'numero de telephone',
      'telephone fixe',
      'telephone portable',
      'telephone mobile',
      'telephone domicile',
      'tel domicile',
      'domicile',
      'phone',
      'phone number',
      'cell',
      'cellulaire',
    ],
    exactOnly: ['domicile', 'cell'],
    multiple: true,
  },
  email: emailField,
  livesAlone: {
    label: 'Vit seul(e)',
    synonyms: [
      'vit seul',
      'vit seule',
      'vit seul e',
      'vit seul ou seule',
      'seul',
      'seule',
      'seul e',
      'personne seule',
      'vivant seul',
      'isole',
      'lives alone',
    ],
    exactOnly: ['seul', 'seule', 'seul e', 'isole'],
  },
  apa: {
    label: 'APA',
    synonyms: [
      'apa',
      'beneficiaire apa',
      'beneficiaire de l apa',
      'allocation personnalisee d autonomie',
    ],
  },
  gir: {
    label: 'GIR',
    synonyms: ['gir', 'niveau gir', 'groupe gir', 'groupe iso ressources', 'gir evalue'],
  },
  teleAssistance: {
    label: 'Téléassistance',
    synonyms: [
      'teleassistance',
      'tele assistance',
      'telealarme',
      'tele alarme',
      'telesurveillance',
      'tele surveillance',
      'teleassistance oui non',
    ],
  },
  ...tagFields,
  practicalNotes: {
    label: 'Remarques',
    synonyms: [
      'remarques',
      'remarque',
      'notes',
      'note',
      'observations',
      'observation',
      'commentaires',
      'commentaire',
      'informations pratiques',
      'infos pratiques',
      'infos',
      'informations',
      'divers',
      'comments',
      'notes pratiques',
      'a savoir',
    ],
    exactOnly: ['infos', 'informations', 'divers'],
    multiple: true,
  },
  referralSource: {
    label: 'Origine du signalement',
    synonyms: [
      'origine',
      'origine du signalement',
      'origine de la demande',
      'signale par',
      'signalement',
      'oriente par',
      'orientation',
      'orienteur',
      'prescripteur',
      'source',
      'provenance',
      'referral source',
      'repere par',
      'reperage',
    ],
    exactOnly: ['source', 'orientation', 'provenance'],
  },
  localService,
} as const satisfies Record<string, FieldDefinition>;

const VISITOR_FIELDS = {
  kind: {
    label: 'Type de visiteur',
    synonyms: [
      'type',
      'statut',
      'type de visiteur',
      'statut du visiteur',
      'type de contrat',
      'categorie',
      'type d intervenant',
      'type d engagement',
      'salarie ou benevole',
      'salarie benevole',
      'kind',
      'status',
    ],
    exactOnly: ['type', 'statut', 'categorie', 'kind', 'status'],
    required: true,
  },
  ...nameFields,
  gender: genderField,
  email: emailField,
  phone: {
    label: 'Téléphone',
    synonyms: [
      'telephone',
      'telephones',
      'tel',
      'portable',
      'mobile',
      'fixe',
      'gsm',
      'numero de telephone',
      'telephone portable',
      'telephone fixe',
      'tel portable',
      'phone',
      'phone number',
    ],
    multiple: true,
  },
  commitmentStart: {
    label: 'Début de contrat ou d’engagement',
    synonyms: [
      'debut',
      'debut de contrat',
      'debut contrat',
      'date de debut',
      'date debut',
      'debut d engagement',
      'debut engagement',
      'date d entree',
      'date entree',
      'entree',
      'date d arrivee',
      'arrivee',
      'date d embauche',
      'embauche',
      'start date',
      'start',
    ],
    exactOnly: ['debut', 'entree', 'arrivee', 'start'],
  },
  commitmentEnd: {
    label: 'Fin de contrat ou d’engagement',
    synonyms: [
      'fin',
      'fin de contrat',
      'fin contrat',
      'date de fin',
      'date fin',
      'fin d engagement',
      'fin engagement',
      'date de sortie',
      'date sortie',
      'sortie',
      'date de depart',
      'depart',
      'end date',
      'end',
    ],
    exactOnly: ['fin', 'sortie', 'depart', 'end'],
  },
  charterSignedOn: {
    label: 'Charte signée le',
    synonyms: [
      'charte signee le',
      'charte signee',
      'charte',
      'date charte',
      'date de signature de la charte',
      'signature charte',
      'signature de la charte',
      'charte du benevole',
      'charter signed',
    ],
  },
  insuranceProvider: {
    label: 'Assurance',
    synonyms: [
      'assurance',
      'assureur',
      'assurance rc',
      'responsabilite civile',
      'assurance responsabilite civile',
      'rc',
      'compagnie d assurance',
      'insurance',
    ],
    exactOnly: ['rc'],
  },
  insuranceValidUntil: {
    label: 'Assurance valable jusqu’au',
    synonyms: [
      'assurance valable jusqu au',
      'assurance jusqu au',
      'validite assurance',
      'fin assurance',
      'fin de l assurance',
      'echeance assurance',
      'assurance valide jusqu au',
      'date de validite assurance',
      'attestation assurance valable jusqu au',
      'insurance valid until',
    ],
  },
  // The visitors table has no address complement.
  street: addressFields.street,
  postalCode: addressFields.postalCode,
  communeName: addressFields.communeName,
  postalCodeAndCommune: addressFields.postalCodeAndCommune,
  inseeCode: addressFields.inseeCode,
  mobility: {
    label: 'Mobilité',
    synonyms: [
      'mobilite',
      'moyen de transport',
      'moyen de locomotion',
      'mode de transport',
      'mode de deplacement',
      'deplacement',
      'transport',
      'vehicule',
      'vehicule oui non',
      'vehicule e',
      'locomotion',
      'mobility',
    ],
    exactOnly: ['transport', 'deplacement', 'vehicule'],
    required: true,
  },
  maxTripMinutes: {
    label: 'Temps de trajet maximal (minutes)',
    synonyms: [
      'temps de trajet max',
      'temps de trajet maximum',
      'temps de trajet maximal',
      'trajet max',
      'trajet maximum',
      'temps de trajet',
      'duree de trajet',
      'duree trajet max',
      'duree de trajet max',
      'temps trajet',
      'temps de deplacement max',
      'max trip minutes',
    ],
  },
  ...tagFields,
  localService,
} as const satisfies Record<string, FieldDefinition>;

function fieldsOf(target: ImportTarget): Readonly<Record<string, FieldDefinition>> {
  return target === 'people' ? PEOPLE_FIELDS : VISITOR_FIELDS;
}

/** `{ field: column index }`, or `{ field: [column indexes] }` for multi-column fields. */
export type ColumnMapping = Record<string, number | number[]>;

/** What the user may send: indexes or header names; null removes a guessed field. */
export type MappingOverride = Record<string, number | string | (number | string)[] | null>;

/** Lower case, no accents, no punctuation: "Né(e) le" → "ne e le", "N° de tél." → "numero de tel". */
export function normalizeHeader(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\bn\s*[°º]/g, 'numero ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Words that, inside a longer header, show the column is about someone else or something else:
 * "Tél. de la fille", "Nom du médecin", "Ville de naissance".
 */
const FOREIGN_WORDS = new Set([
  'contact',
  'contacts',
  'prevenir',
  'urgence',
  'aidant',
  'aidante',
  'referent',
  'referente',
  'medecin',
  'docteur',
  'enfant',
  'enfants',
  'fils',
  'fille',
  'tuteur',
  'tutrice',
  'curateur',
  'famille',
  'voisin',
  'voisine',
  'proche',
  'proches',
  'conjoint',
  'conjointe',
  'epoux',
  'epouse',
  'mari',
  'lieu',
  'naissance',
  'mandataire',
  'employeur',
  'structure',
  'partenaire',
  'infirmier',
  'infirmiere',
  'pharmacie',
  'kine',
  'auxiliaire',
  'sad',
  'ssiad',
]);

/** How well a header matches a field: 0 (not at all), or higher for an exact or a longer match. */
function matchScore(header: string, definition: FieldDefinition): number {
  if (!header) return 0;
  let best = 0;
  const headerWords = header.split(' ');
  for (const synonym of definition.synonyms) {
    if (header === synonym) return 1000 + synonym.length;
    if (definition.exactOnly?.includes(synonym)) continue;
    if (!` ${header} `.includes(` ${synonym} `)) continue;
    const synonymWords = new Set(synonym.split(' '));
    if (headerWords.some((word) => FOREIGN_WORDS.has(word) && !synonymWords.has(word))) continue;
    best = Math.max(best, synonym.length);
  }
  return best;
}

/** The field a header names, if any, and how sure we are. */
export function recogniseHeader(
  target: ImportTarget,
  header: string,
): { field: string; score: number } | null {
  const normalized = normalizeHeader(header);
  let result: { field: string; score: number } | null = null;
  for (const [field, definition] of Object.entries(fieldsOf(target))) {
    const score = matchScore(normalized, definition);
    if (score > 0 && (!result || score > result.score)) result = { field, score };
  }
  return result;
}

/** The mapping guessed from the headers; each column feeds at most one field. */
export function guessMapping(target: ImportTarget, headers: readonly string[]): ColumnMapping {
  const definitions = fieldsOf(target);
  const candidates = new Map<string, { column: number; score: number }[]>();
  headers.forEach((header, column) => {
    const match = recogniseHeader(target, header);
    if (!match) return;
    const list = candidates.get(match.field) ?? [];
    list.push({ column, score: match.score });
    candidates.set(match.field, list);
  });
  const mapping: ColumnMapping = {};
  for (const [field, list] of candidates) {
    if (definitions[field]?.multiple) {
      mapping[field] = list.map((c) => c.column);
    } else {
      // The best match wins; on a tie, the leftmost column.
      const best = list.reduce((a, b) => (b.score > a.score ? b : a));
      mapping[field] = best.column;
    }
  }
  return mapping;
}

/** How many headers of a row are recognised: used to find the header row under a title. */
function recognisedCount(target: ImportTarget, cells: readonly string[]): number {
  return cells.filter((cell) => recogniseHeader(target, cell) !== null).length;
}

/**
 * Files often start with a title ("Liste des bénéficiaires 2024") above the real header row.
 * Among the first rows, the one with the most recognised headers becomes the header row.
 */
export function locateHeaderRow(target: ImportTarget, table: ParsedTable): ParsedTable {
  const candidates = [{ line: table.headerLine, cells: table.headers }, ...table.rows.slice(0, 9)];
  let bestIndex = 0;
  let bestCount = recognisedCount(target, table.headers);
  candidates.forEach((row, index) => {
    const count = recognisedCount(target, row.cells);
    if (count > bestCount) {
      bestIndex = index;
      bestCount = count;
    }
  });
  if (bestIndex === 0 || bestCount < 2) return table;
  const header = candidates[bestIndex]!;
  const headers = [...header.cells];
  while (headers.length > 0 && headers[headers.length - 1]!.trim() === '') headers.pop();
  return {
    ...table,
    headerLine: header.line,
    headers: headers.map((h) => h.replace(/\s+/g, ' ').trim()),
    rows: table.rows.slice(bestIndex),
    ignoredLines: table.ignoredLines.filter((line) => line > header.line),
  };
}

export const columnsOf = (mapping: ColumnMapping, field: string): number[] => {
  const value = mapping[field];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

const quoted = (values: readonly string[]) => values.map((v) => `« ${v} »`).join(', ');

/** Applies the user's corrections to the guessed mapping. Throws for an unknown field or column. */
export function applyMappingOverride(
  target: ImportTarget,
  headers: readonly string[],
  guessed: ColumnMapping,
  override: MappingOverride | null | undefined,
): ColumnMapping {
  if (!override) return guessed;
  const definitions = fieldsOf(target);
  const mapping: ColumnMapping = { ...guessed };
  const normalizedHeaders = headers.map(normalizeHeader);
  const resolveColumn = (field: string, reference: number | string): number => {
    if (typeof reference === 'number') {
      if (Number.isInteger(reference) && reference >= 0 && reference < headers.length)
        return reference;
      throw new ImportFileError(
        `Correspondance des colonnes : la colonne n° ${reference + 1} indiquée pour « ${definitions[field]!.label} » n’existe pas (le fichier a ${headers.length} colonnes).`,
        'invalid_mapping',
      );
    }
    const exact = headers.findIndex((h) => h === reference.trim());
    const index = exact >= 0 ? exact : normalizedHeaders.indexOf(normalizeHeader(reference));
    if (index < 0) {
      throw new ImportFileError(
        `Correspondance des colonnes : le fichier n’a pas de colonne « ${reference} » (indiquée pour « ${definitions[field]!.label} »). Colonnes du fichier : ${quoted(headers)}.`,
        'invalid_mapping',
      );
    }
    return index;
  };
  for (const [field, value] of Object.entries(override)) {
    const definition = definitions[field];
    if (!definition) {
      throw new ImportFileError(
        `Correspondance des colonnes : le champ « ${field} » n’existe pas. Champs possibles : ${Object.keys(definitions).join(', ')}.`,
        'invalid_mapping',
      );
    }
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      delete mapping[field];
      continue;
    }
    const columns = (Array.isArray(value) ? value : [value]).map((reference) =>
      resolveColumn(field, reference),
    );
    if (!definition.multiple && columns.length > 1) {
      throw new ImportFileError(
        `Correspondance des colonnes : « ${definition.label} » ne peut venir que d’une seule colonne.`,
        'invalid_mapping',
      );
    }
    // A column the user assigns leaves the field it had been guessed for.
    for (const [other, otherValue] of Object.entries(mapping)) {
      if (other === field) continue;
      const remaining = columnsOf(mapping, other).filter((column) => !columns.includes(column));
      if (remaining.length === 0) delete mapping[other];
      else if (Array.isArray(otherValue)) mapping[other] = remaining;
    }
    mapping[field] = definition.multiple ? columns : columns[0]!;
  }
  return mapping;
}

/** The whole file is refused when a required field has no column: every row would fail. */
export function checkRequiredColumns(
  target: ImportTarget,
  headers: readonly string[],
  mapping: ColumnMapping,
  /** The user corrected the mapping: say the field has no column, not that the file lacks it. */
  overridden = false,
) {
  const definitions = fieldsOf(target);
  const missing = Object.entries(definitions).filter(
    ([field, definition]) =>
      definition.required &&
      mapping[field] === undefined &&
      !(definition.satisfiedBy ?? []).some((other) => mapping[other] !== undefined),
  );
  if (missing.length === 0) return;
  const labels = missing.map(([, definition]) => definition.label);
  const hints: string[] = [];
  if (missing.some(([field]) => field === 'kind'))
    hints.push(
      'la colonne « Type » indique pour chaque visiteur : salarié, bénévole ou service civique',
    );
  if (missing.some(([field]) => field === 'mobility'))
    hints.push('la colonne « Mobilité » indique : à pied, vélo, transports en commun ou voiture');
  const what = overridden
    ? `${labels.length > 1 ? 'aucune colonne du fichier n’est associée aux champs' : 'aucune colonne du fichier n’est associée au champ'} ${quoted(labels)}`
    : `${labels.length > 1 ? 'il manque les colonnes' : 'il manque la colonne'} ${quoted(labels)}`;
  throw new ImportFileError(
    `Le fichier ne peut pas être importé : ${what}. ` +
      `Colonnes trouvées : ${headers.length ? quoted(headers) : 'aucune'}. ` +
      `Renommez la colonne dans le fichier ou indiquez la correspondance des colonnes${hints.length ? ` (${hints.join(' ; ')})` : ''}.`,
    'missing_columns',
    { missing: missing.map(([field]) => field) },
  );
}

/** The mapping described for people: "Nom ← « NOM »". */
export function describeMapping(
  target: ImportTarget,
  headers: readonly string[],
  mapping: ColumnMapping,
) {
  const definitions = fieldsOf(target);
  const mapped = new Set<number>();
  const fields = Object.entries(mapping).map(([field]) => {
    const columns = columnsOf(mapping, field);
    columns.forEach((c) => mapped.add(c));
    return {
      field,
      label: definitions[field]?.label ?? field,
      columns: columns.map((c) => headers[c] ?? `colonne ${c + 1}`),
    };
  });
  const ignoredColumns = headers.filter((header, index) => header !== '' && !mapped.has(index));
  return { fields, ignoredColumns };
}
