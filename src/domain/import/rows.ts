/**
 * One spreadsheet row → the object the API would receive, validated by the very schema the API
 * uses (personCreateSchema, visitorCreateSchema): a value is accepted or refused the same way
 * whether it is typed in a form or imported. Every problem names the row, the column as written
 * in the file, the value and what is expected, in French. Pure.
 */
import type { z } from 'zod';
import { personCreateSchema, type PersonCreateInput } from '../people/schemas.js';
import {
  COMMITMENT_ORDER_MESSAGE,
  commitmentInOrder,
  visitorCreateSchema,
  type VisitorCreateInput,
} from '../visitors/schemas.js';
import { columnsOf, normalizeHeader, type ColumnMapping, type ImportTarget } from './mapping.js';
import type { TableRow } from './parse.js';
import {
  choiceKey,
  resolveCommune,
  territoryOf,
  type CommuneCandidate,
  type CommuneLookup,
  type TerritoryRef,
} from './communes.js';
import { evaluateEligibility, type EligibilityRule } from '../admission/eligibility.js';
import {
  fold,
  isEmptyValue,
  isExcelError,
  readAge,
  readBoolean,
  readDate,
  readCivility,
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
  type Read,
} from './values.js';

export interface ImportProblem {
  /** Row number in the spreadsheet. */
  line: number;
  /** The column's header, as written in the file; null for a problem of the whole row. */
  column: string | null;
  /** The API field concerned (lastName, birthDate, phones…). */
  field: string | null;
  /** The value as found in the cell. */
  value: string | null;
  /** "Ligne 12, colonne « Date de naissance » : « 31/02/1940 » n’est pas une date valide." */
  message: string;
  /** The same without the "Ligne 12, colonne « … » : " prefix, for reports grouped by row. */
  detail: string;
}

export interface LocalServiceRef {
  id: string;
  name: string;
}

export interface RowContext {
  target: ImportTarget;
  format: 'csv' | 'xlsx';
  headers: readonly string[];
  mapping: ColumnMapping;
  /** AAAA-MM-JJ: the century of two-digit years depends on it. */
  today: string;
  /** The organisation's local services, to read a "Service local" column by name. */
  localServices: readonly LocalServiceRef[];
  /** A user attached to a local service may only import into it. */
  onlyLocalServiceId?: string | null;
  /** The commune gazetteer: register spellings are resolved to official names. */
  gazetteer?: CommuneLookup | null;
  /** The organisation's territories: a resolved commune gives the person's local service. */
  territories?: readonly TerritoryRef[];
  /** The organisation's eligibility rule, checked on each person (warnings only). */
  eligibilityRule?: EligibilityRule | null;
  /** The user's answers to "which commune?": choice key → candidate value. */
  communeChoices?: Readonly<Record<string, string>> | null;
}

/** A commune as typed in the file and what it was read as ("ST QUENTIN" → Saint-Quentin, 02100). */
export interface CommuneReading {
  typed: string;
  typedPostalCode: string | null;
  status: 'resolved' | 'chosen' | 'ambiguous' | 'unknown';
  name: string | null;
  postalCode: string | null;
  departmentCode: string | null;
}

/** How a row's commune was read, for the report. */
interface RowCommune extends CommuneReading {
  /** Where the user's choice is stored, for an ambiguous commune. */
  choiceKey: string;
  /** Ambiguous or chosen: what the user chooses (or chose) from. */
  candidates: CommuneCandidate[];
  /** Set from the territories (null: none, or given by a column, or outside every territory). */
  localServiceId: string | null;
  outsideTerritory: boolean;
}

export type ImportInput = PersonCreateInput | VisitorCreateInput;

export interface RowResult {
  line: number;
  /** What was given to the schema. */
  input: Record<string, unknown>;
  /** The schema's output when the row is valid. */
  data: ImportInput | null;
  problems: ImportProblem[];
  /** What the user should know but does not stop the row (eligibility, corrected postal code…). */
  warnings: ImportProblem[];
  commune: RowCommune | null;
  notEligible: boolean;
}

interface Source {
  column: number | null;
  value: string;
}

const lowerFirst = (text: string) =>
  text.length > 1 && text[1] === text[1]!.toLowerCase()
    ? text[0]!.toLowerCase() + text.slice(1)
    : text;

export function makeProblem(
  line: number,
  column: string | null,
  field: string | null,
  value: string | null,
  detail: string,
): ImportProblem {
  const where = column ? `Ligne ${line}, colonne « ${column} »` : `Ligne ${line}`;
  return { line, column, field, value, detail, message: `${where} : ${detail}` };
}

const PHONE_LABELS: [RegExp, string][] = [
  [/\b(portable|mobile|gsm|cell|cellulaire)\b/, 'Portable'],
  [/\b(fixe|domicile|maison|home)\b/, 'Fixe'],
  [/\b(travail|bureau|pro|professionnel)\b/, 'Travail'],
];

function phoneLabel(header: string): string | null {
  const normalized = normalizeHeader(header);
  for (const [pattern, label] of PHONE_LABELS) if (pattern.test(normalized)) return label;
  return null;
}

function matchLocalService(
  value: string,
  services: readonly LocalServiceRef[],
): LocalServiceRef | null {
  const strip = (name: string) =>
    fold(name).replace(/^(service local|service|antenne|secteur|pole)\s+(de |d |du |des )?/, '');
  const wanted = fold(value);
  return (
    services.find((s) => fold(s.name) === wanted) ??
    services.find((s) => strip(s.name) === strip(value)) ??
    null
  );
}

class RowReader {
  readonly problems: ImportProblem[] = [];
  readonly warnings: ImportProblem[] = [];
  commune: RowCommune | null = null;
  age: number | null = null;
  notEligible = false;
  readonly input: Record<string, unknown> = {};
  /** Where each API field (or list item: "phones.1") came from. */
  readonly sources = new Map<string, Source>();
  /** API fields whose value could not be read: the schema's message would repeat ours. */
  readonly failed = new Set<string>();

  constructor(
    readonly ctx: RowContext,
    readonly row: TableRow,
  ) {}

  header(column: number | null) {
    if (column === null) return null;
    const header = this.ctx.headers[column];
    return header ? header : `colonne ${column + 1}`;
  }

  report(field: string | null, source: Source | null, detail: string) {
    this.problems.push(this.problemAt(field, source, detail));
    if (field) this.failed.add(field);
  }

  warn(field: string | null, source: Source | null, detail: string) {
    this.warnings.push(this.problemAt(field, source, detail));
  }

  private problemAt(field: string | null, source: Source | null, detail: string) {
    return makeProblem(
      this.row.line,
      this.header(source?.column ?? null),
      field,
      source?.value ?? null,
      detail,
    );
  }

  /** The source of an API field, or the column it would come from when the cell is empty. */
  sourceOf(field: string, importField: string = field): Source {
    return this.sources.get(field) ?? this.emptySource(importField);
  }

  /**
   * What a person's file needs: a name (the schema's), a birth date or an age, and a way to
   * reach them (a phone, or an address with its commune). Each missing one on its column.
   */
  requirePerson() {
    const has = (field: string) => field in this.input || this.failed.has(field);
    if (!has('birthDate') && this.age === null && !this.failed.has('age')) {
      const column = this.mapped('birthDate') ? 'birthDate' : 'age';
      this.report(
        'birthDate',
        this.emptySource(column),
        'valeur manquante : il faut la date de naissance ou, à défaut, l’âge de la personne.',
      );
    }
    const hasAddress =
      typeof this.input.street === 'string' &&
      (typeof this.input.postalCode === 'string' || typeof this.input.communeName === 'string');
    if (!has('phones') && !hasAddress) {
      this.report(
        'phones',
        this.emptySource(this.mapped('phones') ? 'phones' : 'street'),
        'valeur manquante : il faut un moyen de joindre la personne, un téléphone ou une adresse (rue et commune).',
      );
    }
  }

  /**
   * The commune as registers write it, resolved through the gazetteer; a four-digit postal code
   * (the spreadsheet ate its leading zero) and a postal code that is not the commune's reported.
   */
  resolveCommune() {
    const gazetteer = this.ctx.gazetteer;
    if (!gazetteer || this.failed.has('postalCode')) return;
    let typedName = typeof this.input.communeName === 'string' ? this.input.communeName : null;
    let rawCode = typeof this.input.postalCode === 'string' ? this.input.postalCode : null;
    // "02100 ST QUENTIN" in the commune column, and no postal code column filled.
    if (typedName && rawCode === null && /\d{2}\s?\d{3}/.test(typedName)) {
      const split = splitPostalCodeAndCommune(typedName);
      if (split.postalCode && split.communeName) {
        typedName = split.communeName;
        rawCode = split.postalCode;
        this.input.communeName = typedName;
        this.input.postalCode = rawCode;
        this.sources.set('postalCode', this.sourceOf('communeName'));
      }
    }
    const codeSource = this.sourceOf('postalCode');
    const nameSource = this.sourceOf('communeName');
    let code: string | null = null;
    let fourDigits = false;
    if (rawCode !== null) {
      if (/^\d{5}$/.test(rawCode)) code = rawCode;
      else if (/^\d{4}$/.test(rawCode)) {
        code = `0${rawCode}`;
        fourDigits = true;
      } else return; // The schema says what a postal code must be.
    }
    const lostZero = () =>
      this.report(
        'postalCode',
        codeSource,
        `« ${rawCode} » n’a que 4 chiffres : le tableur a sans doute perdu le zéro du début. Écrivez ${code}${typedName ? ` si c’est bien le code postal de ${typedName}` : ''}.`,
      );
    if (!typedName) {
      if (fourDigits) lostZero();
      return;
    }
    const resolution = resolveCommune(gazetteer, typedName, code);
    const key = choiceKey(typedName, code);
    const base = {
      typed: typedName,
      typedPostalCode: rawCode,
      choiceKey: key,
      candidates: [] as CommuneCandidate[],
      localServiceId: null,
      outsideTerritory: false,
    };
    if (fourDigits) {
      if (resolution.status !== 'resolved') {
        lostZero();
        return;
      }
      this.warn(
        'postalCode',
        codeSource,
        `« ${rawCode} » n’a que 4 chiffres : le tableur a perdu le zéro du début ; lu ${code}, le code postal de ${resolution.name}.`,
      );
    }
    switch (resolution.status) {
      case 'resolved': {
        this.input.communeName = resolution.name;
        if (resolution.postalCode && code === null) {
          this.input.postalCode = resolution.postalCode;
          this.sources.set('postalCode', nameSource);
        } else if (code !== null) this.input.postalCode = code;
        this.commune = {
          ...base,
          status: 'resolved',
          name: resolution.name,
          postalCode: resolution.postalCode,
          departmentCode: resolution.departmentCode,
        };
        return;
      }
      case 'ambiguous': {
        const chosen = resolution.candidates.find(
          (candidate) => candidate.value === this.ctx.communeChoices?.[key],
        );
        if (chosen) {
          this.input.communeName = chosen.name;
          this.input.postalCode = chosen.postalCode;
          this.commune = {
            ...base,
            status: 'chosen',
            name: chosen.name,
            postalCode: chosen.postalCode,
            departmentCode: chosen.departmentCode,
            candidates: resolution.candidates,
          };
          return;
        }
        this.commune = {
          ...base,
          status: 'ambiguous',
          name: null,
          postalCode: null,
          departmentCode: null,
          candidates: resolution.candidates,
        };
        this.warn(
          'communeName',
          nameSource,
          `plusieurs communes correspondent à « ${typedName} »${code ? ` (${code})` : ''} : ${resolution.candidates
            .slice(0, 5)
            .map((c) => c.label)
            .join(
              ', ',
            )}${resolution.candidates.length > 5 ? '…' : ''}. Choisissez la bonne avant d’importer.`,
        );
        return;
      }
      case 'postal_mismatch': {
        const codes = resolution.postalCodes.slice(0, 5).join(', ');
        this.report(
          'postalCode',
          codeSource,
          `« ${rawCode} » n’est pas un code postal de ${resolution.name} (${resolution.departmentCode}), qui a ${resolution.postalCodes.length > 1 ? `les codes ${codes}` : `le code ${codes}`} : corrigez le code postal ou la commune.`,
        );
        return;
      }
      case 'unknown': {
        this.commune = {
          ...base,
          status: 'unknown',
          name: null,
          postalCode: null,
          departmentCode: null,
        };
        this.warn(
          'communeName',
          nameSource,
          `commune « ${typedName} » inconnue${code ? ` avec le code postal ${code}` : ''} dans la liste des communes : gardée telle qu’écrite, la fiche sera à localiser.`,
        );
      }
    }
  }

  /** On a valid person: the local service from the territories, and the eligibility rule. */
  completePerson(data: PersonCreateInput) {
    const commune = this.commune;
    const territories = this.ctx.territories ?? [];
    if (
      commune &&
      territories.length > 0 &&
      (commune.status === 'resolved' || commune.status === 'chosen' || commune.status === 'unknown')
    ) {
      const territory = territoryOf(
        territories,
        data.communeName ?? commune.typed,
        data.postalCode ?? null,
      );
      if (!territory) {
        commune.outsideTerritory = true;
        this.warn(
          'communeName',
          this.sourceOf('communeName'),
          `${data.communeName ?? commune.typed} n’est dans aucun territoire de l’organisation : la fiche n’aura pas de service local attribué d’office.`,
        );
      } else if (
        territory.localServiceId &&
        !data.localServiceId &&
        (!this.ctx.onlyLocalServiceId || this.ctx.onlyLocalServiceId === territory.localServiceId)
      ) {
        data.localServiceId = territory.localServiceId;
        commune.localServiceId = territory.localServiceId;
      }
    }
    const rule = this.ctx.eligibilityRule;
    if (rule) {
      const failed: string[] = [];
      if (data.birthDate) {
        const result = evaluateEligibility(rule, {
          birthDate: data.birthDate,
          evaluationDate: this.ctx.today,
          lsns6Total: null,
          livesAlone: data.livesAlone,
          departmentCode: commune?.departmentCode ?? null,
        });
        for (const reason of result.reasons)
          if (reason.kind === 'criterion' && reason.met === false) failed.push(reason.message);
      } else if (this.age !== null && this.age < rule.minimumAge) {
        failed.push(
          `${this.age} an${this.age > 1 ? 's' : ''} (âge indiqué) : au moins ${rule.minimumAge} ans requis — critère non rempli`,
        );
      }
      if (failed.length > 0) {
        this.notEligible = true;
        this.warn(
          'birthDate',
          this.sourceOf('birthDate', this.mapped('birthDate') ? 'birthDate' : 'age'),
          `non éligible selon la règle de l’organisation : ${failed.join(' ; ')}. La ligne peut être importée, mais vérifiez l’admission.`,
        );
      }
    }
    // No field stores an age (it drifts): it stays readable on the file's practical notes.
    if (this.age !== null && !data.birthDate) {
      const [year, month, day] = this.ctx.today.split('-');
      const note = `Âge indiqué dans le fichier importé le ${day}/${month}/${year} : ${this.age} ans.`;
      data.practicalNotes = data.practicalNotes ? `${data.practicalNotes}\n${note}` : note;
    }
  }

  /** The non-empty values of the columns mapped to an import field, in column order. */
  values(importField: string, apiField: string = importField): Source[] {
    const result: Source[] = [];
    for (const column of columnsOf(this.ctx.mapping, importField)) {
      const raw = (this.row.cells[column] ?? '').trim();
      if (isExcelError(raw)) {
        this.report(
          apiField,
          { column, value: raw },
          `la cellule contient une erreur de formule (${raw}) ; corrigez-la dans le tableur.`,
        );
        continue;
      }
      if (!isEmptyValue(raw)) result.push({ column, value: raw });
    }
    return result;
  }

  first(importField: string, apiField: string = importField): Source | null {
    return this.values(importField, apiField)[0] ?? null;
  }

  mapped(importField: string) {
    return columnsOf(this.ctx.mapping, importField).length > 0;
  }

  /** The column a field comes from even when the cell is empty (for "valeur manquante"). */
  emptySource(importField: string): Source {
    return { column: columnsOf(this.ctx.mapping, importField)[0] ?? null, value: '' };
  }

  set(apiField: string, value: unknown, source: Source) {
    this.input[apiField] = value;
    this.sources.set(apiField, source);
  }

  text(
    field: string,
    { required = false, join = ' ' }: { required?: boolean; join?: string } = {},
  ) {
    const values = this.values(field);
    if (values.length === 0) {
      if (required) this.set(field, '', this.emptySource(field));
      return;
    }
    const text = values
      .map((v) =>
        v.value
          .replace(/[ \t\u00a0]+/g, ' ')
          .replace(/\s*\n\s*/g, join === '\n' ? '\n' : ' ')
          .trim(),
      )
      .join(join);
    this.set(field, text, values[0]!);
  }

  read<T>(field: string, reader: (value: string) => Read<T>, apiField: string = field) {
    const source = this.first(field, apiField);
    if (!source) return;
    const result = reader(source.value);
    if (result.ok) this.set(apiField, result.value, source);
    else this.report(apiField, source, result.message);
  }

  date(field: string, birth = false) {
    this.read(field, (value) => readDate(value, { birth, today: this.ctx.today }));
  }

  names() {
    this.text('lastName');
    this.text('firstName');
    if (this.mapped('fullName') && (!('lastName' in this.input) || !('firstName' in this.input))) {
      const source = this.first('fullName', 'lastName');
      if (source) {
        const header = normalizeHeader(this.ctx.headers[source.column!] ?? '');
        const split = splitFullName(
          source.value,
          header.startsWith('prenom') ? 'first-last' : 'last-first',
        );
        if (split.ok) {
          if (!('lastName' in this.input)) this.set('lastName', split.value.lastName, source);
          if (!('firstName' in this.input)) this.set('firstName', split.value.firstName, source);
        } else {
          this.report('lastName', source, split.message);
          this.failed.add('firstName');
        }
      }
    }
    for (const field of ['lastName', 'firstName']) {
      if (!(field in this.input))
        this.set(field, '', this.emptySource(this.mapped(field) ? field : 'fullName'));
    }
  }

  address() {
    this.text('street');
    this.text('addressComplement');
    this.read('postalCode', (value) => ({ ok: true, value: value.replace(/[\s.]/g, '') }));
    this.text('communeName');
    this.read('inseeCode', (value) => ({ ok: true, value: value.replace(/\s/g, '') }));
    const combined = this.first('postalCodeAndCommune', 'postalCode');
    if (combined) {
      const { postalCode, communeName } = splitPostalCodeAndCommune(combined.value);
      if (postalCode && !('postalCode' in this.input)) this.set('postalCode', postalCode, combined);
      if (communeName && !('communeName' in this.input))
        this.set('communeName', communeName, combined);
    }
    // "12 rue des Lilas, 60000 Beauvais" in the address column, no other address column filled.
    const street = this.input.street;
    if (
      typeof street === 'string' &&
      !('postalCode' in this.input) &&
      !('communeName' in this.input)
    ) {
      const split = splitFullAddress(street);
      if (split) {
        const source = this.sources.get('street')!;
        this.set('street', split.street, source);
        this.set('postalCode', split.postalCode, source);
        this.set('communeName', split.communeName, source);
      }
    }
  }

  email() {
    this.read('email', (value) => ({ ok: true, value: value.replace(/^mailto:/i, '').trim() }));
  }

  tags(field: 'interests' | 'languages') {
    const items: string[] = [];
    for (const source of this.values(field)) {
      for (const item of readList(source.value)) {
        this.sources.set(`${field}.${items.length}`, source);
        items.push(item);
      }
    }
    if (items.length > 0) this.set(field, items, this.sources.get(`${field}.0`)!);
  }

  localService() {
    const source = this.first('localService', 'localServiceId');
    if (!source) return;
    const service = matchLocalService(source.value, this.ctx.localServices);
    if (!service) {
      const known = this.ctx.localServices.map((s) => `« ${s.name} »`).join(', ');
      this.report(
        'localServiceId',
        source,
        `« ${source.value} » n’est pas un service local de l’organisation${known ? ` (services locaux : ${known})` : ' (aucun service local n’est défini)'}.`,
      );
      return;
    }
    if (this.ctx.onlyLocalServiceId && service.id !== this.ctx.onlyLocalServiceId) {
      this.report(
        'localServiceId',
        source,
        `vous ne pouvez importer que dans votre propre service local, pas dans « ${service.name} ».`,
      );
      return;
    }
    this.set('localServiceId', service.id, source);
  }

  /** A CSV line with fewer values than columns was probably cut, or lost separators. */
  shape() {
    if (this.ctx.format !== 'csv') return;
    const { cells } = this.row;
    const width = this.ctx.headers.length;
    const delimiterHint =
      'un retour à la ligne ou un séparateur en trop ou en moins dans une cellule ?';
    if (cells.length < width) {
      this.problems.push(
        makeProblem(
          this.row.line,
          null,
          null,
          null,
          `la ligne a ${cells.length} valeur${cells.length > 1 ? 's' : ''} au lieu de ${width} (${delimiterHint}). Vérifiez-la dans le tableur.`,
        ),
      );
    } else {
      const extra = cells.slice(width).filter((cell) => cell.trim() !== '');
      if (extra.length > 0) {
        this.problems.push(
          makeProblem(
            this.row.line,
            null,
            null,
            extra.join(' | '),
            `la ligne a ${cells.length} valeurs pour ${width} colonnes (${delimiterHint}). Valeurs en trop : ${extra.map((v) => `« ${v} »`).join(', ')}.`,
          ),
        );
      }
    }
  }

  /** Validates with the API's schema and turns its issues into problems on the right columns. */
  validate<S extends z.ZodType>(schema: S): z.output<S> | null {
    const result = schema.safeParse(this.input);
    if (result.success) return this.problems.length === 0 ? result.data : null;
    for (const issue of result.error.issues) {
      const [field, index] = issue.path;
      const fieldName = typeof field === 'string' ? field : null;
      if (fieldName && this.failed.has(fieldName)) continue;
      const source =
        (fieldName && typeof index === 'number'
          ? this.sources.get(`${fieldName}.${index}`)
          : undefined) ??
        (fieldName ? this.sources.get(fieldName) : undefined) ??
        null;
      const message = lowerFirst(issue.message.trim().replace(/\.?$/, '.'));
      let detail: string;
      if (!source || source.value === '') detail = `valeur manquante : ${message}`;
      else if (issue.message.trim().startsWith('«')) detail = issue.message.trim();
      else detail = `« ${source.value} » n’est pas accepté : ${message}`;
      this.problems.push(
        makeProblem(
          this.row.line,
          this.header(source?.column ?? null),
          fieldName,
          source?.value ?? null,
          detail,
        ),
      );
    }
    return null;
  }
}

function readPerson(reader: RowReader): PersonCreateInput | null {
  reader.names();
  reader.text('birthName');
  reader.date('birthDate', true);
  reader.read('gender', readGender);
  reader.read('formOfAddress', readCivility);
  reader.address();
  const phones: { number: string; label: string | null }[] = [];
  for (const source of reader.values('phones')) {
    const label = phoneLabel(reader.ctx.headers[source.column!] ?? '');
    for (const number of readPhoneList(source.value)) {
      reader.sources.set(`phones.${phones.length}`, { column: source.column, value: number });
      phones.push({ number, label });
    }
  }
  if (phones.length > 0) reader.set('phones', phones, reader.sources.get('phones.0')!);
  reader.email();
  reader.read('livesAlone', readBoolean);
  reader.read('apa', readBoolean);
  reader.read('gir', readGir);
  reader.read('teleAssistance', readBoolean);
  reader.tags('interests');
  reader.tags('languages');
  const notes = reader.values('practicalNotes');
  if (notes.length === 1) reader.set('practicalNotes', notes[0]!.value, notes[0]!);
  else if (notes.length > 1) {
    // Several note columns: each keeps its header so nothing loses its meaning.
    reader.set(
      'practicalNotes',
      notes.map((n) => `${reader.header(n.column)} : ${n.value}`).join('\n'),
      notes[0]!,
    );
  }
  reader.text('referralSource');
  reader.localService();
  const age = reader.first('age');
  if (age) {
    const result = readAge(age.value);
    if (result.ok) reader.age = result.value;
    else reader.report('age', age, result.message);
  }
  reader.requirePerson();
  reader.resolveCommune();
  const data = reader.validate(personCreateSchema);
  if (data) reader.completePerson(data);
  return data;
}

function readVisitor(reader: RowReader): VisitorCreateInput | null {
  const kind = reader.first('kind');
  if (kind) {
    const result = readVisitorKind(kind.value);
    if (result.ok) reader.set('kind', result.value, kind);
    else reader.report('kind', kind, result.message);
  } else {
    reader.sources.set('kind', reader.emptySource('kind'));
  }
  reader.names();
  reader.read('gender', readGender);
  reader.email();
  const phone = reader.first('phone');
  if (phone) reader.set('phone', readPhoneList(phone.value)[0] ?? phone.value, phone);
  reader.date('commitmentStart');
  reader.date('commitmentEnd');
  reader.date('charterSignedOn');
  reader.text('insuranceProvider');
  reader.date('insuranceValidUntil');
  reader.address();
  const mobility = reader.first('mobility');
  if (mobility) {
    const result = readMobility(mobility.value);
    if (result.ok) reader.set('mobility', result.value, mobility);
    else reader.report('mobility', mobility, result.message);
  } else {
    reader.sources.set('mobility', reader.emptySource('mobility'));
  }
  reader.read('maxTripMinutes', readMinutes);
  reader.tags('interests');
  reader.tags('languages');
  reader.localService();
  reader.resolveCommune();
  const data = reader.validate(visitorCreateSchema);
  // The schema checks the order of the dates only once every field is valid: say it now too.
  const dates = reader.input as { commitmentStart?: string; commitmentEnd?: string };
  if (
    !data &&
    !commitmentInOrder(dates) &&
    !reader.problems.some((p) => p.field === 'commitmentEnd')
  ) {
    const source = reader.sources.get('commitmentEnd')!;
    reader.problems.push(
      makeProblem(
        reader.row.line,
        reader.header(source.column),
        'commitmentEnd',
        source.value,
        `« ${source.value} » n’est pas accepté : ${lowerFirst(COMMITMENT_ORDER_MESSAGE)}`,
      ),
    );
  }
  return data;
}

export function convertRow(ctx: RowContext, row: TableRow): RowResult {
  const reader = new RowReader(ctx, row);
  reader.shape();
  const data = ctx.target === 'people' ? readPerson(reader) : readVisitor(reader);
  // In the order of the columns, as the user reads the row; problems of the whole row first.
  const position = (problem: ImportProblem) =>
    problem.column === null ? -1 : ctx.headers.indexOf(problem.column);
  const problems = reader.problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => position(a.problem) - position(b.problem) || a.index - b.index)
    .map(({ problem }) => problem);
  return {
    line: row.line,
    input: reader.input,
    data,
    problems,
    warnings: reader.warnings,
    commune: reader.commune,
    notEligible: reader.notEligible,
  };
}
