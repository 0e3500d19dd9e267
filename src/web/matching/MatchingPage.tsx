/**
 * Matching: propose a unit for each person waiting, read why, accept one by one or all at once.
 * Nothing is written until "Accepter" (the proposals are computed again on each request).
 */
import { MatchingLeftOut } from '../journey/LeftOut.js';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { useCan, useUser } from '../auth/session.js';
import { t, tPlural } from '../i18n/fr.js';
import { formatInteger, formatNumber } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText } from '../ui/data.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Checkbox } from '../ui/form.js';
import { Table } from '../ui/Table.js';
import { useOrganisation } from '../settings/organisation.js';
import { LocalServiceSelect } from '../settings/LocalServiceSelect.js';
import { ProposalMap } from './ProposalMap.js';
import type { Accepted, ProposalsAnswer } from '../../domain/matching/api.js';

type PersonRef = ProposalRow['person'];

type ProposalRow = ProposalAnswer['proposals'][number];

type ProposalAnswer = ProposalsAnswer;

const personName = (p: PersonRef) => `${p.firstName} ${p.lastName}`;

export function MatchingPage() {
  const can = useCan();
  const user = useUser();
  const org = useOrganisation();
  const mayAccept = can('matching.accept');
  const [localServiceId, setLocalServiceId] = useState('');
  const [reoptimise, setReoptimise] = useState(false);
  const [answer, setAnswer] = useState<ProposalAnswer | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mapped, setMapped] = useState<string | null>(null);

  async function propose(message: string | null = null) {
    setBusy(true);
    setError(null);
    setNotice(message);
    try {
      const result = await api.post<ProposalAnswer>('/api/matching/proposals', {
        localServiceId: localServiceId || null,
        mode: reoptimise ? 'reoptimise' : 'keep',
      });
      setAnswer(result);
      setSelected(new Set());
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function accept(rows: ProposalRow[]) {
    const items = rows
      .filter((row) => row.choice)
      .map((row) => ({ personId: row.person.id, unitId: row.choice!.unitId }));
    if (!items.length) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<Accepted>('/api/matching/accept', { items });
      setBusy(false);
      await propose(tPlural('matching.accepted', result.accepted, { count: result.accepted }));
    } catch (err) {
      setBusy(false);
      setError(err instanceof ApiError ? err.message : errorText(err));
    }
  }

  const proposed = answer?.proposals.filter((p) => p.choice && !p.unchanged) ?? [];
  const kept = answer?.proposals.filter((p) => p.unchanged).length ?? 0;
  const onMap = proposed.find((p) => p.person.id === mapped && p.person.location);
  // A person visited now and left without a proposal keeps their unit: only the waiting count.
  const unplaced = answer?.proposals.filter((p) => !p.choice && !p.current) ?? [];
  const chosen = proposed.filter((p) => selected.has(p.person.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Page title={t('matching.title')} lead={<p>{t('matching.intro')}</p>}>
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <form
        className="card form inline-form"
        aria-label={t('matching.formLabel')}
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void propose();
        }}
      >
        {user.localServiceId ? null : (
          <LocalServiceSelect
            org={org.data}
            name="localServiceId"
            value={localServiceId}
            onValue={setLocalServiceId}
            emptyLabel={t('users.allServices')}
          />
        )}
        <Checkbox
          name="reoptimise"
          label={t('matching.reoptimise')}
          hint={t('matching.reoptimiseHint')}
          checked={reoptimise}
          onChecked={setReoptimise}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy}>
            {busy ? t('matching.working') : t('matching.propose')}
          </button>
        </div>
      </form>

      {answer ? (
        <>
          <p role="status">
            {t('matching.summary', {
              people: formatNumber(answer.people),
              matched: formatNumber(answer.matched),
              unmatched: formatNumber(answer.unmatched),
              units: formatNumber(answer.units),
            })}
          </p>
          {kept ? <p>{tPlural('matching.kept', kept, { count: kept })}</p> : null}
          {answer.notLocated.length ? (
            <p>
              {tPlural('matching.notLocated', answer.notLocated.length, {
                count: answer.notLocated.length,
              })}{' '}
              <Link to="/personnes?localiser=1">{t('matching.notLocatedLink')}</Link>
            </p>
          ) : null}
          <MatchingLeftOut leftOut={answer.leftOut} />

          <Section
            id="propositions"
            title={t('matching.proposals')}
            actions={
              mayAccept && proposed.length ? (
                <>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={busy}
                    onClick={() =>
                      setSelected(
                        chosen.length === proposed.length
                          ? new Set()
                          : new Set(proposed.map((p) => p.person.id)),
                      )
                    }
                  >
                    {chosen.length === proposed.length
                      ? t('matching.selectNone')
                      : t('matching.selectAll')}
                  </button>
                  <button
                    type="button"
                    className="button button-primary button-small"
                    disabled={busy || !chosen.length}
                    onClick={() => void accept(chosen)}
                  >
                    {t('matching.acceptSelected', { count: chosen.length })}
                  </button>
                </>
              ) : null
            }
          >
            {onMap ? (
              <ProposalMap
                person={onMap.person.location!}
                personLabel={personName(onMap.person)}
                homes={onMap.choice!.homes}
                unitLabel={onMap.choice!.unitLabel}
              />
            ) : null}
            {proposed.length ? <p className="muted small">{t('matching.scoreHelp')}</p> : null}
            {proposed.length ? (
              <Table
                caption={t('matching.proposals')}
                captionHidden
                rows={proposed}
                rowKey={(p) => p.person.id}
                columns={[
                  ...(mayAccept
                    ? [
                        {
                          key: 'select',
                          header: t('matching.select'),
                          render: (p: ProposalRow) => (
                            <input
                              type="checkbox"
                              checked={selected.has(p.person.id)}
                              onChange={() => toggle(p.person.id)}
                              aria-label={t('matching.selectPerson', {
                                name: personName(p.person),
                              })}
                            />
                          ),
                        },
                      ]
                    : []),
                  {
                    key: 'person',
                    header: t('matching.person'),
                    rowHeader: true,
                    render: (p: ProposalRow) => (
                      <>
                        <Link to={`/personnes/${p.person.id}`}>{personName(p.person)}</Link>
                        {p.person.communeName ? (
                          <span className="muted"> — {p.person.communeName}</span>
                        ) : null}
                      </>
                    ),
                  },
                  {
                    key: 'unit',
                    header: t('matching.unit'),
                    render: (p: ProposalRow) =>
                      p.current
                        ? t('matching.instead', {
                            unit: p.choice!.unitLabel,
                            current: p.current.unitLabel,
                          })
                        : p.choice!.unitLabel,
                  },
                  {
                    key: 'why',
                    header: t('matching.why'),
                    render: (p: ProposalRow) => p.choice!.explanation,
                  },
                  {
                    key: 'cost',
                    header: t('matching.cost'),
                    render: (p: ProposalRow) =>
                      t('matching.scoreValue', { points: formatInteger(p.choice!.cost) }),
                  },
                  {
                    key: 'alternatives',
                    header: t('matching.alternatives'),
                    render: (p: ProposalRow) =>
                      p.alternatives.length ? (
                        <details>
                          <summary>
                            {tPlural('matching.alternativeCount', p.alternatives.length, {
                              count: p.alternatives.length,
                            })}
                          </summary>
                          <ul>
                            {p.alternatives.map((a) => (
                              <li key={a.unitId}>
                                {t('matching.alternative', {
                                  unit: a.unitLabel,
                                  why: a.explanation,
                                  cost: t('matching.scoreValue', {
                                    points: formatInteger(a.cost),
                                  }),
                                })}
                                {a.hasFreePlace ? null : ` ${t('matching.full')}`}
                              </li>
                            ))}
                          </ul>
                        </details>
                      ) : (
                        t('matching.noAlternative')
                      ),
                  },
                  {
                    key: 'map',
                    header: t('matching.map'),
                    render: (p: ProposalRow) =>
                      p.person.location ? (
                        <button
                          type="button"
                          className="button button-small"
                          aria-pressed={mapped === p.person.id}
                          onClick={() => setMapped(mapped === p.person.id ? null : p.person.id)}
                          aria-label={t('matching.showOnMap', { name: personName(p.person) })}
                        >
                          {t('matching.map')}
                        </button>
                      ) : null,
                  },
                  ...(mayAccept
                    ? [
                        {
                          key: 'accept',
                          header: t('matching.action'),
                          render: (p: ProposalRow) => (
                            <button
                              type="button"
                              className="button button-small"
                              disabled={busy}
                              onClick={() => void accept([p])}
                              aria-label={t('matching.acceptOne', { name: personName(p.person) })}
                            >
                              {t('matching.accept')}
                            </button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            ) : (
              <p className="empty">{t('matching.noProposal')}</p>
            )}
          </Section>

          {unplaced.length ? (
            <Section id="sans-proposition" title={t('matching.unplaced')}>
              <Table
                caption={t('matching.unplaced')}
                captionHidden
                rows={unplaced}
                rowKey={(p) => p.person.id}
                columns={[
                  {
                    key: 'person',
                    header: t('matching.person'),
                    rowHeader: true,
                    render: (p) => (
                      <Link to={`/personnes/${p.person.id}`}>{personName(p.person)}</Link>
                    ),
                  },
                  {
                    key: 'reason',
                    header: t('matching.reason'),
                    render: (p) => p.unmatchedReason ?? '',
                  },
                ]}
              />
            </Section>
          ) : null}
        </>
      ) : (
        <p className="empty">{t('matching.empty')}</p>
      )}
    </Page>
  );
}
