/**
 * Importing a spreadsheet (CSV or XLSX): choose the file, a dry run shows what was detected
 * (encoding, separator, header line, columns — editable) and every problem by line and column;
 * then import all the lines (refused if any has a problem) or only the valid ones.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, asPage } from '../api/client.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatDateTime, formatNumber } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { ErrorMessage } from '../ui/Alert.js';
import { ErrorSummary, RadioGroup, SelectField, type FieldErrors } from '../ui/form.js';
import { Table } from '../ui/Table.js';
import { Badge } from '../ui/Badge.js';
import type { ImportTarget } from '../../domain/import/modes.js';
import { fieldsByColumn, IMPORT_FIELDS, overrideFrom } from './fields.js';
import type { ImportHistoryItem, ImportRun } from '../../domain/import/api.js';
import { normaliseRegister, RegisterChecks, type RegisterReport } from './RegisterChecks.js';

/** Where an accepted import stands (GET /api/imports/:id): a job writes it in slices. */
type ImportRunView = ImportRun;

/** How often the screen asks how far an import is. */
const POLL_MS = 1000;

/** The server accepts files up to 10 MB. */
const MAX_BYTES = 10 * 1024 * 1024;

export interface ImportProblem {
  line: number | null;
  column: string | null;
  field: string | null;
  value: string | null;
  /** The message without the "Ligne 12, colonne … :" prefix. */
  detail: string;
}

export interface ImportReport {
  outcome: string | null;
  mode: string | null;
  format: string | null;
  encoding: string | null;
  encodingLabel: string | null;
  delimiter: string | null;
  delimiterLabel: string | null;
  sheet: string | null;
  sheets: string[];
  headerLine: number | null;
  headers: string[];
  mapping: Record<string, number | number[]>;
  totalRows: number | null;
  validRows: number | null;
  rejectedRows: number | null;
  problems: ImportProblem[];
  problemCount: number;
  wouldCreate: number | null;
  alreadyPresent: number | null;
  created: number | null;
  skipped: number | null;
  toLocate: number | null;
  register: RegisterReport;
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/** The report as the server sends it (a refused import carries the same report in its error). */
function normaliseReport(raw: unknown): ImportReport {
  const r = (raw ?? {}) as Record<string, unknown>;
  const problems = (Array.isArray(r.problems) ? r.problems : []).map((p) => {
    const o = (p ?? {}) as Record<string, unknown>;
    return {
      line: num(o.line),
      column: str(o.column),
      field: str(o.field),
      value: typeof o.value === 'string' ? o.value : null,
      detail: String(o.detail ?? o.message ?? ''),
    };
  });
  return {
    outcome: str(r.outcome),
    mode: str(r.mode),
    format: str(r.format),
    encoding: str(r.encoding),
    encodingLabel: str(r.encodingLabel) ?? str(r.encoding),
    delimiter: str(r.delimiter),
    delimiterLabel: str(r.delimiterLabel),
    sheet: str(r.sheet),
    sheets: Array.isArray(r.sheets) ? (r.sheets as string[]) : [],
    headerLine: num(r.headerLine),
    headers: Array.isArray(r.headers) ? (r.headers as unknown[]).map((h) => String(h ?? '')) : [],
    mapping:
      r.mapping && typeof r.mapping === 'object'
        ? (r.mapping as Record<string, number | number[]>)
        : {},
    totalRows: num(r.totalRows),
    validRows: num(r.validRows),
    rejectedRows: num(r.rejectedRows),
    problems,
    problemCount: num(r.problemCount) ?? problems.length,
    wouldCreate: num(r.wouldCreate),
    alreadyPresent: num(r.alreadyPresent),
    created: num(r.created),
    skipped: num(r.skipped),
    toLocate: num(r.toLocate),
    register: normaliseRegister(r),
  };
}

function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error);
    reader.onload = () => {
      const value = String(reader.result ?? '');
      resolve(value.slice(value.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

type HistoryItem = ImportHistoryItem;

type Mode = 'dry_run' | 'all' | 'valid_only';

function Fact({ label, value }: { label: string; value: string | number | null }) {
  if (value === null || value === '') return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{typeof value === 'number' ? formatNumber(value) : value}</dd>
    </div>
  );
}

export function ImportPage() {
  const [target, setTarget] = useState<ImportTarget>('people');
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [columns, setColumns] = useState<string[]>([]);
  const [sheet, setSheet] = useState('');
  /** Answers to "which commune?", sent with every run (stored with the accepted import). */
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<Mode | null>(null);
  /** The import being written, followed until it ends. */
  const [running, setRunning] = useState<{ id: string; view: ImportRunView | null } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const history = useLoad(
    async (signal) => asPage<HistoryItem>(await api.get('/api/imports', { signal })),
    'imports-history',
  );

  const checkedMapping = report ? fieldsByColumn(report.mapping, report.headers.length) : [];
  const mappingChanged = report
    ? columns.some((field, index) => field !== (checkedMapping[index] ?? ''))
    : false;
  const openChoices = report
    ? report.register.communeChoices.filter((c) => (choices[c.key] ?? null) !== c.chosen)
    : [];
  const choicesChanged = openChoices.some((c) => choices[c.key]);
  const choicesMissing = report
    ? report.register.communeChoices.some((c) => c.chosen === null)
    : false;

  async function run(mode: Mode, current = file, useMapping = !!report, currentSheet = sheet) {
    if (!current || busy) return;
    let mapping: Record<string, number | number[] | null> | null = null;
    if (useMapping && columns.length) {
      const { override, conflicts } = overrideFrom(target, columns);
      if (conflicts.length) {
        setMessage(
          t('imports.mappingConflict', {
            fields: conflicts.map((f) => enumLabel('importField', f)).join(', '),
          }),
        );
        return;
      }
      mapping = override;
    }
    setBusy(mode);
    setMessage(null);
    setErrors({});
    try {
      const answer = await api.post('/api/imports', {
        target,
        fileName: current.name,
        contentBase64: current.base64,
        mode,
        mapping,
        sheet: currentSheet || null,
        communeChoices: Object.keys(choices).length ? choices : null,
      });
      const normalised = normaliseReport(answer);
      if (mode === 'dry_run') {
        setReport(normalised);
        setResult(null);
        setColumns(fieldsByColumn(normalised.mapping, normalised.headers.length));
        if (normalised.sheet) setSheet(normalised.sheet);
      } else if (
        normalised.outcome === 'started' &&
        str((answer as { importId?: unknown }).importId)
      ) {
        setRunning({ id: String((answer as { importId: string }).importId), view: null });
        setResult(null);
      } else {
        setResult(normalised);
        history.reload();
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'import_has_problems') {
        // "All the lines" refused: the report says why; nothing was written.
        setReport(normaliseReport(error.body));
      } else if (error instanceof ApiError) {
        const fields: FieldErrors = error.fieldErrors();
        if (fields.contentBase64 || fields.fileName)
          fields.file = fields.contentBase64 ?? fields.fileName;
        setErrors(fields);
      }
      setMessage(errorText(error));
    } finally {
      setBusy(null);
    }
  }

  // Follows the import being written until it ends; the result then shows what it did.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      void (async () => {
        try {
          const view = (await api.get(`/api/imports/${running.id}`, {
            signal: controller.signal,
          })) as ImportRunView;
          if (view.status === 'done') {
            setRunning(null);
            setResult({
              ...(report ?? normaliseReport({})),
              outcome: 'imported',
              created: view.created,
              alreadyPresent: view.skipped,
              toLocate: view.toLocate,
            });
            history.reload();
          } else if (view.status === 'failed') {
            setRunning(null);
            setMessage(t('imports.failed', { error: view.error ?? '' }));
            history.reload();
          } else {
            setRunning({ id: running.id, view });
          }
        } catch (error) {
          if (!controller.signal.aborted) setMessage(errorText(error));
        }
      })();
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
    // Polls per import, not per progress reading.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running?.id]);

  async function onChooseFile(event: FormEvent) {
    event.preventDefault();
    const chosen = fileInput.current?.files?.[0];
    const found: FieldErrors = {};
    if (!chosen) found.file = t('imports.fileMissing');
    else if (chosen.size === 0) found.file = t('imports.fileEmpty');
    else if (chosen.size > MAX_BYTES) found.file = t('imports.fileTooLarge');
    setErrors(found);
    setMessage(null);
    if (!chosen || Object.keys(found).length) return;
    const loaded = { name: chosen.name, base64: await readAsBase64(chosen) };
    setFile(loaded);
    setColumns([]);
    setSheet('');
    setChoices({});
    setReport(null);
    setResult(null);
    await run('dry_run', loaded, false, '');
  }

  const grouped = new Map<string, ImportProblem[]>();
  for (const problem of report?.problems ?? []) {
    const key = problem.line === null ? '' : String(problem.line);
    grouped.set(key, [...(grouped.get(key) ?? []), problem]);
  }
  const problemLines = [...grouped.entries()];
  const fieldOptions = IMPORT_FIELDS[target].map((f) => ({
    value: f.key,
    label: enumLabel('importField', f.key),
  }));
  const refused = report?.outcome === 'refused';

  return (
    <Page title={t('imports.title')} lead={<p>{t('imports.intro')}</p>}>
      <ErrorSummary errors={errors} message={message} labels={{ file: t('imports.file') }} />
      <Section id="import-fichier" title={t('imports.step1')}>
        <form onSubmit={onChooseFile} noValidate className="form">
          <RadioGroup
            name="target"
            legend={t('imports.target')}
            inline
            value={target}
            onValue={(v) => {
              setTarget(v as ImportTarget);
              setReport(null);
              setResult(null);
              setColumns([]);
            }}
            options={[
              { value: 'people', label: t('imports.targetPeople') },
              { value: 'visitors', label: t('imports.targetVisitors') },
            ]}
          />
          <div className={`field${errors.file ? ' field-invalid' : ''}`}>
            <label htmlFor="champ-file">
              {t('imports.file')} <span className="required">{t('form.required')}</span>
            </label>
            <div className="hint" id="champ-file-aide">
              {t('imports.fileHint')}
            </div>
            {errors.file ? (
              <p className="field-error" id="champ-file-erreur">
                <span className="visually-hidden">{t('form.errorPrefix')}</span>
                {errors.file}
              </p>
            ) : null}
            <input
              type="file"
              id="champ-file"
              name="file"
              ref={fileInput}
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={`champ-file-aide${errors.file ? ' champ-file-erreur' : ''}`}
              aria-invalid={errors.file ? true : undefined}
            />
          </div>
          <div className="form-actions">
            <button
              type="submit"
              className="button button-primary"
              aria-disabled={!!busy || undefined}
            >
              {busy === 'dry_run' ? t('imports.checking') : t('imports.check')}
            </button>
          </div>
        </form>
      </Section>

      <div aria-live="polite" role="status" className="visually-hidden">
        {busy || running
          ? t('imports.working')
          : result
            ? t('imports.done')
            : report
              ? t('imports.reportReady')
              : ''}
      </div>

      {report ? (
        <Section id="import-rapport" title={t('imports.step2', { file: file?.name ?? '' })}>
          {refused ? <ErrorMessage>{t('imports.refused')}</ErrorMessage> : null}
          <dl className="facts facts-inline">
            <Fact
              label={t('imports.format')}
              value={report.format ? enumLabel('importFormat', report.format) : null}
            />
            <Fact label={t('imports.encoding')} value={report.encodingLabel} />
            <Fact
              label={t('imports.separator')}
              value={report.delimiterLabel ?? report.delimiter}
            />
            <Fact label={t('imports.headerLine')} value={report.headerLine} />
            <Fact label={t('imports.rows')} value={report.totalRows} />
            <Fact label={t('imports.validRows')} value={report.validRows} />
            <Fact label={t('imports.invalidRows')} value={report.rejectedRows} />
            <Fact label={t('imports.wouldCreate')} value={report.wouldCreate} />
            <Fact label={t('imports.alreadyPresent')} value={report.alreadyPresent} />
          </dl>

          {report.sheets.length > 1 ? (
            <div className="field-row">
              <SelectField
                name="sheet"
                label={t('imports.sheet')}
                value={sheet}
                onValue={setSheet}
                options={report.sheets.map((s) => ({ value: s, label: s }))}
              />
              {sheet !== report.sheet ? (
                <p>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => void run('dry_run', file, false, sheet)}
                  >
                    {t('imports.readSheet')}
                  </button>
                </p>
              ) : null}
            </div>
          ) : null}

          {report.headers.length ? (
            <>
              <h3>{t('imports.mapping')}</h3>
              <p className="hint">{t('imports.mappingHint')}</p>
              <div className="mapping">
                {report.headers.map((header, index) => (
                  <SelectField
                    key={`${header}-${index}`}
                    name={`mapping-${index}`}
                    plain
                    label={t('imports.columnLabel', {
                      header: header || t('imports.noHeader', { n: index + 1 }),
                    })}
                    value={columns[index] ?? ''}
                    onValue={(v) =>
                      setColumns(columns.map((field, i) => (i === index ? v : field)))
                    }
                    emptyLabel={t('imports.ignoreColumn')}
                    options={fieldOptions}
                  />
                ))}
              </div>
              {mappingChanged ? (
                <p>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => void run('dry_run')}
                  >
                    {t('imports.recheck')}
                  </button>
                </p>
              ) : null}
            </>
          ) : null}

          <RegisterChecks
            report={report.register}
            choices={choices}
            onChoose={(key, value) => setChoices({ ...choices, [key]: value })}
            onApply={() => void run('dry_run')}
            choicesChanged={choicesChanged}
          />

          <h3>{t('imports.problems')}</h3>
          {problemLines.length === 0 ? (
            <p>
              <Badge tone="success">{t('imports.noProblem')}</Badge>
            </p>
          ) : (
            <>
              <p>
                {tPlural('imports.problemCount', report.problemCount, {
                  count: report.problemCount,
                  lines: report.rejectedRows ?? problemLines.length,
                })}
              </p>
              {report.problemCount > report.problems.length ? (
                <p className="hint">
                  {t('imports.problemsCut', { shown: report.problems.length })}
                </p>
              ) : null}
              <ul className="problems">
                {problemLines.map(([line, problems]) => (
                  <li key={line || 'general'}>
                    <h4>{line ? t('imports.line', { line }) : t('imports.general')}</h4>
                    <ul>
                      {problems.map((p, i) => (
                        <li key={i}>
                          {p.column || p.field ? (
                            <strong>
                              {t('imports.columnName', {
                                column: p.column ?? enumLabel('importField', p.field ?? ''),
                              })}
                            </strong>
                          ) : null}{' '}
                          {p.detail}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </>
          )}

          {!result && !running ? (
            <>
              <p className="hint">{t('imports.modesHint')}</p>
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => void run('all')}
                  aria-disabled={!!busy || mappingChanged || choicesMissing || undefined}
                >
                  {busy === 'all' ? t('imports.importing') : t('imports.importAll')}
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void run('valid_only')}
                  aria-disabled={!!busy || mappingChanged || choicesMissing || undefined}
                >
                  {busy === 'valid_only' ? t('imports.importing') : t('imports.importValid')}
                </button>
              </div>
              {mappingChanged ? <p className="hint">{t('imports.recheckFirst')}</p> : null}
              {choicesMissing ? <p className="hint">{t('imports.choicesFirst')}</p> : null}
            </>
          ) : null}
        </Section>
      ) : null}

      {running ? (
        <Section id="import-en-cours" title={t('imports.runningTitle')}>
          {running.view && running.view.status === 'running' ? (
            <>
              <p>
                {t('imports.progress', {
                  processed: formatNumber(running.view.processed),
                  total: formatNumber(running.view.total),
                })}
              </p>
              <progress
                max={Math.max(1, running.view.total)}
                value={running.view.processed}
                aria-label={t('imports.progressLabel')}
              />
            </>
          ) : (
            <p>{t('imports.pending')}</p>
          )}
        </Section>
      ) : null}

      {result ? (
        <Section id="import-resultat" title={t('imports.resultTitle')}>
          <ul className="plain-list">
            {result.created !== null ? (
              <li>{tPlural('imports.created', result.created, { count: result.created })}</li>
            ) : null}
            {result.alreadyPresent ? (
              <li>
                {tPlural('imports.alreadyPresentCount', result.alreadyPresent, {
                  count: result.alreadyPresent,
                })}
              </li>
            ) : null}
            {result.rejectedRows ? (
              <li>
                {tPlural('imports.rejected', result.rejectedRows, { count: result.rejectedRows })}
              </li>
            ) : null}
            {result.toLocate ? (
              <li>{tPlural('imports.toLocate', result.toLocate, { count: result.toLocate })}</li>
            ) : null}
          </ul>
          <p>
            <Link to={target === 'visitors' ? '/visiteurs' : '/personnes'}>
              {target === 'visitors' ? t('imports.seeVisitors') : t('imports.seePeople')}
            </Link>
          </p>
        </Section>
      ) : null}

      {history.data && history.data.items.length ? (
        <Section id="import-historique" title={t('imports.history')}>
          <Table
            caption={t('imports.history')}
            captionHidden
            rows={history.data.items}
            rowKey={(h) => h.id}
            columns={[
              { key: 'at', header: t('imports.when'), render: (h) => formatDateTime(h.createdAt) },
              {
                key: 'file',
                header: t('imports.file'),
                rowHeader: true,
                render: (h) => h.fileName,
              },
              {
                key: 'target',
                header: t('imports.target'),
                render: (h) =>
                  h.target === 'visitors' ? t('imports.targetVisitors') : t('imports.targetPeople'),
              },
              {
                key: 'mode',
                header: t('imports.mode'),
                render: (h) => enumLabel('importMode', h.mode),
              },
              { key: 'by', header: t('imports.by'), render: (h) => h.userName ?? '—' },
              {
                key: 'counts',
                header: t('imports.counts'),
                render: (h) =>
                  h.status === 'pending' || h.status === 'running'
                    ? t('imports.statusRunning', {
                        processed: formatNumber(h.processed),
                        total: formatNumber(h.total),
                      })
                    : h.status === 'failed'
                      ? t('imports.statusFailed')
                      : t('imports.countsValue', {
                          created: h.created,
                          skipped: h.skipped,
                          rejected: h.rejected,
                        }),
              },
            ]}
          />
        </Section>
      ) : null}
      {history.error ? <ErrorMessage>{history.error}</ErrorMessage> : null}
    </Page>
  );
}
