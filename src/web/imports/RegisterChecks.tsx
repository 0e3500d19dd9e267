/**
 * What the dry run says beyond the problems (issue 11): blank lines ignored, warnings (the row is
 * still imported), what each commune was read as and its local service, those outside every
 * territory or not eligible, and the "which commune?" questions answered before importing.
 */
import { t, tPlural } from '../i18n/fr.js';
import { SelectField } from '../ui/form.js';
import { Table } from '../ui/Table.js';
import type { CommuneReading } from '../../domain/import/rows.js';

/** A warning as the report gives it (the same shape as a problem). */
interface ImportProblem {
  line: number | null;
  column: string | null;
  field: string | null;
  value: string | null;
  detail: string;
}

interface CommuneRead extends CommuneReading {
  localServiceName: string | null;
  outsideTerritory: boolean;
  lines: number[];
}

interface CommuneChoice {
  key: string;
  typed: string;
  typedPostalCode: string | null;
  candidates: { value: string; label: string }[];
  lines: number[];
  chosen: string | null;
}

export interface RegisterReport {
  warnings: ImportProblem[];
  warningCount: number;
  ignoredLines: number[];
  communes: CommuneRead[];
  communeChoices: CommuneChoice[];
  outsideTerritoryLines: number[];
  notEligibleLines: number[];
}

const list = (v: unknown) => (Array.isArray(v) ? v : []);

/** The register part of a report as the server sends it (absent on old answers: empty). */
export function normaliseRegister(r: Record<string, unknown>): RegisterReport {
  const warnings = list(r.warnings).map((p) => {
    const o = (p ?? {}) as Record<string, unknown>;
    return {
      line: typeof o.line === 'number' ? o.line : null,
      column: typeof o.column === 'string' ? o.column : null,
      field: typeof o.field === 'string' ? o.field : null,
      value: typeof o.value === 'string' ? o.value : null,
      detail: String(o.detail ?? o.message ?? ''),
    };
  });
  return {
    warnings,
    warningCount: typeof r.warningCount === 'number' ? r.warningCount : warnings.length,
    ignoredLines: list(r.ignoredLines) as number[],
    communes: list(r.communes) as CommuneRead[],
    communeChoices: list(r.communeChoices) as CommuneChoice[],
    outsideTerritoryLines: list(r.outsideTerritoryLines) as number[],
    notEligibleLines: list(r.notEligibleLines) as number[],
  };
}

/** Lines as the user reads them: "4, 5 et 11". */
const lines = (values: readonly number[]) =>
  values.length > 1
    ? `${values.slice(0, -1).join(', ')} et ${values[values.length - 1]}`
    : values.join('');

export function RegisterChecks({
  report,
  choices,
  onChoose,
  onApply,
  choicesChanged,
}: {
  report: RegisterReport;
  choices: Record<string, string>;
  onChoose: (key: string, value: string) => void;
  onApply: () => void;
  choicesChanged: boolean;
}) {
  const byLine = new Map<string, ImportProblem[]>();
  for (const warning of report.warnings) {
    const key = warning.line === null ? '' : String(warning.line);
    byLine.set(key, [...(byLine.get(key) ?? []), warning]);
  }
  return (
    <>
      {report.ignoredLines.length ? (
        <p>{t('imports.ignoredLines', { lines: lines(report.ignoredLines) })}</p>
      ) : null}
      {report.communeChoices.length ? (
        <div className="import-choices">
          <h3>{t('imports.choices')}</h3>
          <p className="hint">{t('imports.choicesHint')}</p>
          {report.communeChoices.map((choice) => (
            <SelectField
              key={choice.key}
              name={`commune-${choice.key}`}
              label={t('imports.choiceLabel', {
                typed: [choice.typedPostalCode, choice.typed].filter(Boolean).join(' '),
                lines: lines(choice.lines),
              })}
              value={choices[choice.key] ?? ''}
              onValue={(value) => onChoose(choice.key, value)}
              emptyLabel={t('imports.choiceEmpty')}
              options={choice.candidates.map((c) => ({ value: c.value, label: c.label }))}
            />
          ))}
          {choicesChanged ? (
            <p>
              <button type="button" className="button button-secondary" onClick={onApply}>
                {t('imports.choicesApply')}
              </button>
            </p>
          ) : null}
        </div>
      ) : null}
      {report.communes.length ? (
        <>
          <h3>{t('imports.communes')}</h3>
          <p className="hint">{t('imports.communesHint')}</p>
          <Table
            caption={t('imports.communes')}
            captionHidden
            rows={report.communes}
            rowKey={(c) => `${c.typedPostalCode ?? ''}|${c.typed}`}
            columns={[
              {
                key: 'typed',
                header: t('imports.communeTyped'),
                rowHeader: true,
                render: (c) => [c.typedPostalCode, c.typed].filter(Boolean).join(' '),
              },
              {
                key: 'resolved',
                header: t('imports.communeResolved'),
                render: (c) =>
                  c.status === 'unknown'
                    ? t('imports.communeUnknown')
                    : c.status === 'ambiguous'
                      ? t('imports.communeAmbiguous')
                      : [c.postalCode, c.name, c.departmentCode ? `(${c.departmentCode})` : null]
                          .filter(Boolean)
                          .join(' '),
              },
              {
                key: 'service',
                header: t('imports.communeService'),
                render: (c) =>
                  c.outsideTerritory
                    ? t('imports.communeOutside')
                    : (c.localServiceName ?? t('imports.communeNoService')),
              },
              { key: 'lines', header: t('imports.communeLines'), render: (c) => lines(c.lines) },
            ]}
          />
        </>
      ) : null}
      {report.outsideTerritoryLines.length ? (
        <p>{t('imports.outsideTerritory', { lines: lines(report.outsideTerritoryLines) })}</p>
      ) : null}
      {report.notEligibleLines.length ? (
        <p>{t('imports.notEligible', { lines: lines(report.notEligibleLines) })}</p>
      ) : null}
      {report.warnings.length ? (
        <>
          <h3>{t('imports.warnings')}</h3>
          <p className="hint">{t('imports.warningsHint')}</p>
          <p>
            {tPlural('imports.warningCount', report.warningCount, { count: report.warningCount })}
          </p>
          <ul className="problems">
            {[...byLine.entries()].map(([line, warnings]) => (
              <li key={line || 'general'}>
                <h4>{line ? t('imports.line', { line }) : t('imports.general')}</h4>
                <ul>
                  {warnings.map((w, i) => (
                    <li key={i}>
                      {w.column ? (
                        <strong>{t('imports.columnName', { column: w.column })}</strong>
                      ) : null}{' '}
                      {w.detail}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
