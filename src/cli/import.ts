/**
 * `convivialite import <file> --org <id or name> --target people|visitors [--mode …]`: the same
 * import as the web page (runImport), for operators moving a service's spreadsheets in. The report
 * is printed in French, grouped by row, like the users see it; a progress bar shows while
 * addresses are located and records written.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import pino from 'pino';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { organisations, users } from '../db/schema.js';
import type { Role } from '../domain/permissions/policy.js';
import type { MappingOverride } from '../domain/import/mapping.js';
import { normalizePlaceName } from '../domain/geo/normalize.js';
import {
  systemContext,
  type AppServices,
  type AuthenticatedContext,
} from '../server/http/context.js';
import { HttpError } from '../server/http/errors.js';
import {
  IMPORT_MODES,
  IMPORT_TARGETS,
  refusalMessage,
  runImport,
  type ImportMode,
  type ImportProgress,
  type ImportReport,
} from '../server/imports/service.js';
import { executeImport, failImport, readImport } from '../server/imports/job.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/**
 * "--mapping lastName=NOM,phones=Tél+Portable,gender=" → { lastName: 'NOM', phones: ['Tél',
 * 'Portable'], gender: null }. A number is a column number counted from 1.
 */
function parseMappingOption(value: string): MappingOverride {
  const result: MappingOverride = {};
  for (const pair of value.split(/,(?=\s*[A-Za-z]+\s*=)/)) {
    const match = pair.match(/^\s*([A-Za-z]+)\s*=(.*)$/);
    if (!match) throw new Error(`--mapping: "${pair}" is not field=Column`);
    const [, field, columns] = match as unknown as [string, string, string];
    const references = columns
      .split('+')
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => (/^\d+$/.test(c) ? Number(c) - 1 : c));
    result[field] =
      references.length === 0 ? null : references.length === 1 ? references[0]! : references;
  }
  return result;
}

/** The report in French, problems grouped by row. */
function formatReport(report: ImportReport): string {
  const out: string[] = [];
  const source =
    report.format === 'csv'
      ? `CSV, encodage ${report.encodingLabel}, séparateur ${report.delimiterLabel}`
      : `classeur Excel, feuille « ${report.sheet} »${report.sheets.length > 1 ? ` (feuilles : ${report.sheets.join(', ')})` : ''}`;
  out.push(`Fichier : ${report.fileName} — ${source}`);
  out.push(
    `Import de ${report.target === 'people' ? 'personnes accompagnées' : 'visiteurs'} ; ligne d’en-tête : ${report.headerLine}`,
  );
  out.push('Correspondance des colonnes :');
  for (const field of report.mappedFields)
    out.push(`  ${field.label} ← ${field.columns.map((c) => `« ${c} »`).join(', ')}`);
  if (report.ignoredColumns.length)
    out.push(`Colonnes ignorées : ${report.ignoredColumns.map((c) => `« ${c} »`).join(', ')}`);
  out.push('');
  out.push(
    `Lignes lues : ${report.totalRows} · valides : ${report.validRows} · à créer : ${report.wouldCreate} · déjà présentes : ${report.alreadyPresent} · avec problèmes : ${report.rejectedRows}`,
  );
  if (report.alreadyPresentLines.length) {
    const lines = report.alreadyPresentLines;
    out.push(
      `Déjà présentes (non recréées) : ligne${lines.length > 1 ? 's' : ''} ${lines.slice(0, 50).join(', ')}${lines.length > 50 ? '…' : ''}`,
    );
  }
  if (report.problems.length) {
    const byLine = new Map<number, string[]>();
    for (const problem of report.problems) {
      const text = problem.column
        ? `colonne « ${problem.column} » : ${problem.detail}`
        : problem.detail;
      byLine.set(problem.line, [...(byLine.get(problem.line) ?? []), text]);
    }
    out.push('');
    out.push(
      `Problèmes (${plural(report.problemCount, 'problème', 'problèmes')} sur ${plural(report.rejectedRows, 'ligne', 'lignes')}) :`,
    );
    for (const [line, texts] of [...byLine].sort(([a], [b]) => a - b)) {
      out.push(`  Ligne ${line}`);
      for (const text of texts) out.push(`    – ${text}`);
    }
    if (report.problemCount > report.problems.length)
      out.push(`  … et ${report.problemCount - report.problems.length} autres problèmes.`);
  }
  if (report.ignoredLines.length)
    out.push(`Lignes vides ignorées : ${report.ignoredLines.join(', ')}`);
  const read = report.communes.filter((c) => c.name && c.name !== c.typed);
  if (read.length) {
    out.push('Communes reconnues :');
    for (const c of read)
      out.push(
        `  « ${[c.typedPostalCode, c.typed].filter(Boolean).join(' ')} » → ${c.postalCode ?? ''} ${c.name} (${c.departmentCode})${c.localServiceName ? `, ${c.localServiceName}` : ''}`,
      );
  }
  if (report.warnings.length) {
    out.push('');
    out.push(`Avertissements (${report.warningCount}) :`);
    for (const w of report.warnings)
      out.push(`  Ligne ${w.line}${w.column ? `, colonne « ${w.column} »` : ''} : ${w.detail}`);
  }
  const open = report.communeChoices.filter((c) => c.chosen === null);
  if (open.length) {
    out.push('');
    out.push('Communes à choisir avant d’importer (--commune "NOM=département") :');
    for (const c of open)
      out.push(
        `  « ${c.typed} » (lignes ${c.lines.join(', ')}) : ${c.candidates.map((x) => x.label).join(' ; ')}`,
      );
  }
  out.push('');
  if (report.outcome === 'dry_run') {
    out.push('Essai : rien n’a été enregistré.');
    if (report.wouldCreate > 0) {
      out.push(
        report.rejectedRows > 0
          ? 'Pour importer : corrigez le fichier puis --mode all, ou importez seulement les lignes valides avec --mode valid_only.'
          : 'Pour importer : relancez avec --mode all.',
      );
    }
  } else if (report.outcome === 'refused') {
    out.push(refusalMessage(report));
  } else {
    out.push(
      `Import terminé : ${plural(report.created, 'fiche créée', 'fiches créées')}, ${plural(report.alreadyPresent, 'déjà présente', 'déjà présentes')}, ${plural(report.rejectedRows, 'ligne ignorée pour problème', 'lignes ignorées pour problèmes')}.`,
    );
    if (report.toLocate > 0)
      out.push(
        `${plural(report.toLocate, 'adresse est à localiser', 'adresses sont à localiser')} à la main (liste « à localiser »).`,
      );
  }
  return out.join('\n');
}

/** "THIEVRES=80,ST AUBIN=02" → the candidate of that department for each such question. */
function communeChoicesOf(
  questions: ImportReport['communeChoices'],
  option: string,
): Record<string, string> {
  const choices: Record<string, string> = {};
  for (const pair of option.split(',')) {
    const match = pair.match(/^(.+)=\s*(\w{1,3})\s*$/);
    if (!match) throw new Error(`--commune: "${pair}" is not NAME=department`);
    const name = normalizePlaceName(match[1]!);
    const department = match[2]!.toUpperCase().padStart(2, '0');
    const found = questions.filter((q) => normalizePlaceName(q.typed) === name);
    if (found.length === 0) throw new Error(`--commune: no commune "${match[1]}" to choose`);
    for (const question of found) {
      const candidate = question.candidates.find((c) => c.departmentCode === department);
      if (!candidate)
        throw new Error(`--commune: no "${question.typed}" in department ${department}`);
      choices[question.key] = candidate.value;
    }
  }
  return choices;
}

async function findOrganisation(services: AppServices, reference: string) {
  const rows = UUID.test(reference)
    ? await services.db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, reference))
    : await services.db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(sql`lower(${organisations.name}) = lower(${reference.trim()})`);
  if (rows.length === 0)
    throw new Error(`No organisation "${reference}" (give its id or exact name).`);
  if (rows.length > 1)
    throw new Error(
      `Several organisations are named "${reference}": give the id (${rows.map((r) => r.id).join(', ')}).`,
    );
  return rows[0]!;
}

/** The account the import is recorded under: --as, or the organisation's first administrator. */
async function findActor(services: AppServices, organisationId: string, email: string | undefined) {
  const columns = {
    id: users.id,
    organisationId: users.organisationId,
    localServiceId: users.localServiceId,
    roles: users.roles,
    visitorId: users.visitorId,
    email: users.email,
  };
  const [user] = email
    ? await services.db
        .select(columns)
        .from(users)
        .where(and(sql`lower(${users.email}) = lower(${email.trim()})`, isNull(users.disabledAt)))
    : await services.db
        .select(columns)
        .from(users)
        .where(
          and(
            eq(users.organisationId, organisationId),
            isNull(users.disabledAt),
            sql`'admin' = any(${users.roles})`,
          ),
        )
        .orderBy(asc(users.createdAt))
        .limit(1);
  if (!user)
    throw new Error(
      email
        ? `No active account ${email}.`
        : 'The organisation has no active administrator: pass --as <email>.',
    );
  if (user.organisationId !== organisationId)
    throw new Error(`${user.email} does not belong to this organisation.`);
  return user;
}

function progressReporter() {
  let bar: cliProgress.SingleBar | null = null;
  let phase: ImportProgress['phase'] | null = null;
  const labels = { locate: 'Localisation des adresses', write: 'Enregistrement           ' };
  return {
    update(progress: ImportProgress) {
      if (progress.phase !== phase) {
        bar?.stop();
        phase = progress.phase;
        bar = new cliProgress.SingleBar(
          {
            format: `${labels[progress.phase]} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total, 0);
      }
      bar?.update(progress.done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

export function registerImportCommand(
  program: Command,
  open: () => Promise<{ services: AppServices; close: () => Promise<void> }>,
) {
  program
    .command('import')
    .description('Import people or visitors from a CSV or XLSX file (dry run by default)')
    .argument('<file>', 'CSV (any of ; , tab; UTF-8 or Windows-1252) or XLSX file')
    .requiredOption('--org <organisation>', 'organisation id or exact name')
    .requiredOption('--target <target>', 'people | visitors')
    .option(
      '--mode <mode>',
      'dry_run | all (nothing unless every row is valid) | valid_only',
      'dry_run',
    )
    .option(
      '--mapping <pairs>',
      'override the guessed columns: field=Column,field=Col A+Col B (a number is a column number from 1; field= drops it)',
    )
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first with data)')
    .option(
      '--as <email>',
      'account the import is recorded under (default: the first administrator)',
    )
    .option(
      '--commune <choices>',
      'which commune is meant when several match: NAME=department,… (e.g. THIEVRES=80), as the dry run lists them',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (
        file: string,
        options: {
          org: string;
          target: string;
          mode: string;
          mapping?: string;
          sheet?: string;
          as?: string;
          commune?: string;
          json?: boolean;
        },
      ) => {
        if (!(IMPORT_TARGETS as readonly string[]).includes(options.target))
          throw new Error(`--target must be one of ${IMPORT_TARGETS.join(', ')}`);
        if (!(IMPORT_MODES as readonly string[]).includes(options.mode))
          throw new Error(`--mode must be one of ${IMPORT_MODES.join(', ')}`);
        const mapping = options.mapping ? parseMappingOption(options.mapping) : null;
        const content = await readFile(file);
        const { services, close } = await open();
        const progress = progressReporter();
        try {
          const organisation = await findOrganisation(services, options.org);
          const user = await findActor(services, organisation.id, options.as);
          if (!options.json)
            console.error(`Organisation: ${organisation.name} — recorded as ${user.email}`);
          const ctx: AuthenticatedContext = {
            ...services,
            actor: {
              id: user.id,
              organisationId: user.organisationId,
              localServiceId: user.localServiceId,
              roles: user.roles as Role[],
              visitorId: user.visitorId,
            },
            ip: null,
            // The command acts as that user, under the same action as the import route.
            access: 'import.run',
            source: 'cli:import',
            log: pino({ level: 'silent' }),
          };
          const input = {
            target: options.target as 'people' | 'visitors',
            fileName: basename(file),
            content,
            mapping,
            sheet: options.sheet ?? null,
          };
          // The choices are keyed as the dry run lists them: read it first to find them.
          const communeChoices = options.commune
            ? communeChoicesOf(
                (await runImport(ctx, { ...input, mode: 'dry_run' })).communeChoices,
                options.commune,
              )
            : null;
          const report = await runImport(ctx, {
            ...input,
            mode: options.mode as ImportMode,
            communeChoices,
          });
          if (report.outcome === 'started') {
            // The same job the server runs in the background, here awaited.
            const importId = report.importId!;
            const job = systemContext(services, ctx.log, 'cli:import');
            try {
              await executeImport(
                job,
                importId,
                options.json ? undefined : (p) => progress.update(p),
              );
            } catch (error) {
              await failImport(job, importId, 'L’import a échoué en cours d’écriture.');
              throw error;
            }
            const run = await readImport(ctx, importId);
            report.outcome = 'imported';
            report.created = run.created;
            report.toLocate = run.toLocate;
            report.alreadyPresent = run.skipped;
            report.skipped = report.totalRows - run.created;
          }
          progress.stop();
          console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
          if (report.outcome === 'refused') process.exitCode = 1;
        } catch (error) {
          progress.stop();
          if (error instanceof HttpError) {
            console.error(error.userMessage);
            process.exitCode = 1;
          } else {
            throw error;
          }
        } finally {
          await close();
        }
      },
    );
}
