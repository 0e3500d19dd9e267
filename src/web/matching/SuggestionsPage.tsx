/**
 * "Trouver un binôme ou un bénévole" from a waiting person's file (issue 11): the best units with
 * their explanation, one on the map, and accepting one (the matching acceptance: the person gets
 * the unit and her visits can start).
 */
import { MatchingLeftOut } from '../journey/LeftOut.js';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { t, tPlural } from '../i18n/fr.js';
import { formatNumber } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, InfoMessage } from '../ui/Alert.js';
import { ProposalMap } from './ProposalMap.js';
import type { Accepted, SuggestionsAnswer } from '../../domain/matching/api.js';

const nameOf = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

export function SuggestionsPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const answer = useLoad<SuggestionsAnswer>(
    (signal) => api.get<SuggestionsAnswer>(`/api/matching/people/${id}/suggestions`, { signal }),
    id,
  );
  const [onMap, setOnMap] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const data = answer.data;
  const name = data ? nameOf(data.person) : '';
  const title = data ? t('suggest.titleFor', { name }) : t('suggest.action');
  if (answer.loading && !data) {
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  }
  if (!data) {
    return (
      <Page title={title}>
        <ErrorMessage>{answer.error}</ErrorMessage>
        <p>
          <Link to={`/personnes/${id}`}>{t('common.back')}</Link>
        </p>
      </Page>
    );
  }

  async function accept(unitId: string, unitLabel: string) {
    if (busy) return;
    setBusy(unitId);
    setMessage(null);
    try {
      await api.post<Accepted>('/api/matching/accept', { items: [{ personId: id, unitId }] });
      navigate(`/personnes/${id}`, {
        state: { notice: t('suggest.accepted', { name, unit: unitLabel }) },
      });
    } catch (error) {
      setBusy(null);
      setMessage(errorText(error));
    }
  }

  const shown = data.suggestions[onMap];
  return (
    <Page title={title} lead={<p>{t('suggest.intro')}</p>}>
      <p>
        <Link to={`/personnes/${id}`}>{t('suggest.backToFile', { name })}</Link>
      </p>
      {message ? <ErrorMessage>{message}</ErrorMessage> : null}
      {data.suggestions.length === 0 ? (
        <InfoMessage>{data.noneReason ?? t('suggest.none')}</InfoMessage>
      ) : (
        <>
          <p>
            {tPlural('suggest.count', data.suggestions.length, {
              count: data.suggestions.length,
              units: formatNumber(data.units),
            })}{' '}
            {data.travelTimes === 'osrm' ? t('suggest.osrm') : t('suggest.estimate')}
          </p>
          {shown && data.person.location ? (
            <ProposalMap
              person={data.person.location}
              personLabel={name}
              homes={shown.homes}
              unitLabel={shown.unitLabel}
            />
          ) : null}
          <ol className="suggestions">
            {data.suggestions.map((option, index) => (
              <li key={option.unitId}>
                <Section
                  id={`proposition-${index + 1}`}
                  title={`${t('suggest.rank', { n: index + 1 })} : ${option.unitLabel}`}
                >
                  <p className="muted">
                    {option.unitKind === 'pair'
                      ? t('suggest.kindPair')
                      : t('suggest.kindVolunteer')}
                  </p>
                  <p>{option.explanation}</p>
                  <div className="form-actions">
                    {index === onMap ? (
                      <span className="muted">{t('suggest.onMap')}</span>
                    ) : (
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => setOnMap(index)}
                      >
                        {t('suggest.showOnMap')}
                      </button>
                    )}
                    {can('matching.accept') ? (
                      <button
                        type="button"
                        className="button button-primary"
                        aria-disabled={!!busy || undefined}
                        onClick={() => void accept(option.unitId, option.unitLabel)}
                      >
                        {t('suggest.accept', { name, unit: option.unitLabel })}
                      </button>
                    ) : null}
                  </div>
                </Section>
              </li>
            ))}
          </ol>
        </>
      )}
      <MatchingLeftOut leftOut={data.leftOut} />
    </Page>
  );
}
