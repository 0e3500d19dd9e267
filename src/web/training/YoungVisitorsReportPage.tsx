/**
 * « Insertion des jeunes visiteurs » (issue 12, ADR 0030): per year of contract end, the employed
 * young visitors' contracts ended, their types, their outcomes, the training days attended
 * during the contract and the tutoring meetings. Figures only, as the funders ask.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, query } from '../api/client.js';
import { enumLabel, t } from '../i18n/fr.js';
import { formatInteger, todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { SelectField } from '../ui/form.js';
import { useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Table } from '../ui/Table.js';
import { CONTRACT_TYPES, EXIT_OUTCOMES } from '../../domain/training/values.js';
import type { YoungVisitorsReport } from '../../domain/training/api.js';

interface Row {
  key: string;
  label: string;
  value: number;
}

const share = (count: number, total: number) =>
  total
    ? t('youngReport.share', {
        count: formatInteger(count),
        percent: formatInteger(Math.round((count / total) * 100)),
      })
    : formatInteger(count);

function FigureTable({ caption, rows, total }: { caption: string; rows: Row[]; total?: number }) {
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(r) => r.key}
      columns={[
        { key: 'label', header: t('youngReport.figure'), rowHeader: true, render: (r) => r.label },
        {
          key: 'value',
          header: t('youngReport.count'),
          render: (r) => (total === undefined ? formatInteger(r.value) : share(r.value, total)),
        },
      ]}
    />
  );
}

export function YoungVisitorsReportPage() {
  const [params, setParams] = useSearchParams();
  const year = params.get('annee') ?? todayIso().slice(0, 4);
  const [draft, setDraft] = useState(year);
  useEffect(() => setDraft(year), [year]);
  const url = `/api/reports/young-visitors${query({ year })}`;
  const report = useLoad<YoungVisitorsReport>(
    (signal) => api.get<YoungVisitorsReport>(url, { signal }),
    url,
  );
  const data = report.data;
  const years = [
    ...new Set([Number(todayIso().slice(0, 4)), Number(year), ...(data?.years ?? [])]),
  ].sort((a, b) => b - a);

  function onShow(event: FormEvent) {
    event.preventDefault();
    setParams(new URLSearchParams({ annee: draft }));
  }

  const f = data?.figures;
  return (
    <Page title={t('youngReport.title')} lead={<p>{t('youngReport.intro')}</p>}>
      <form
        className="search-form card"
        onSubmit={onShow}
        noValidate
        aria-label={t('youngReport.year')}
      >
        <div className="filters">
          <SelectField
            name="annee"
            plain
            label={t('youngReport.year')}
            value={draft}
            onValue={setDraft}
            options={years.map((y) => ({ value: String(y), label: String(y) }))}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            {t('youngReport.show')}
          </button>
        </div>
      </form>
      {report.loading && !data ? <Loading /> : null}
      {report.error ? <ErrorMessage>{report.error}</ErrorMessage> : null}
      {f && f.endedContracts === 0 ? (
        <p className="empty">{t('youngReport.none', { year: String(f.year) })}</p>
      ) : null}
      {f && f.endedContracts > 0 ? (
        <>
          <div className="export-links" role="group" aria-label={t('exports.group')}>
            {(['csv', 'xlsx'] as const).map((format) => (
              <a
                key={format}
                className="button button-secondary"
                href={`/api/reports/young-visitors/export${query({ year: f.year, format })}`}
                download
              >
                {t(format === 'csv' ? 'exports.csv' : 'exports.xlsx')}
              </a>
            ))}
          </div>
          <Section
            id="rapport-contrats"
            title={`${t('youngReport.ended')} : ${formatInteger(f.endedContracts)}`}
          >
            <FigureTable
              caption={t('youngReport.byType')}
              total={f.endedContracts}
              rows={[
                ...CONTRACT_TYPES.map((c) => ({
                  key: c,
                  label: enumLabel('contractType', c),
                  value: f.byContractType[c],
                })),
                {
                  key: 'unknown',
                  label: t('youngReport.unknownType'),
                  value: f.byContractType.unknown,
                },
              ].filter((r) => r.value > 0)}
            />
            <FigureTable
              caption={t('youngReport.outcomes')}
              total={f.endedContracts}
              rows={[
                ...EXIT_OUTCOMES.map((o) => ({
                  key: o,
                  label: enumLabel('exitOutcome', o),
                  value: f.outcomes[o],
                })),
                {
                  key: 'unknown',
                  label: t('youngReport.unknownOutcome'),
                  value: f.outcomes.unknown,
                },
              ]}
            />
          </Section>
          <Section id="rapport-formation" title={t('youngReport.training')}>
            <FigureTable
              caption={t('youngReport.training')}
              rows={[
                {
                  key: 'days',
                  label: t('youngReport.trainingDays'),
                  value: f.trainingDaysAttended,
                },
                {
                  key: 'qualifying',
                  label: t('youngReport.qualifyingDays'),
                  value: f.qualifyingTrainingDaysAttended,
                },
                {
                  key: 'tutoring',
                  label: t('youngReport.tutoring'),
                  value: f.tutoringMeetingsHeld,
                },
              ]}
            />
          </Section>
        </>
      ) : null}
    </Page>
  );
}
