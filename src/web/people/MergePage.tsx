/**
 * Merging a duplicate into this file: find the other file, check it, confirm. The other file's
 * history moves here and it disappears from the lists.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, asPage, query } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Page } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { ErrorSummary, RadioGroup, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { personName } from './PersonFilePage.js';
import { statusLabel } from './StatusBadge.js';
import type { PersonFile, PersonListItem } from '../../domain/people/api.js';

export function MergePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const file = useLoad<PersonFile>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }),
    id,
  );
  const [q, setQ] = useState('');
  const [results, setResults] = useState<PersonListItem[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [duplicateId, setDuplicateId] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const person = file.data?.person;
  const title = person ? t('merge.titleFor', { name: personName(person) }) : t('merge.title');

  async function onSearch(event: FormEvent) {
    event.preventDefault();
    if (!q.trim()) return;
    setSearching(true);
    try {
      const page = asPage<PersonListItem>(
        await api.get(`/api/people${query({ q: q.trim(), pageSize: 20 })}`),
      );
      setResults(page.items.filter((item) => item.id !== id));
      setDuplicateId('');
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setSearching(false);
    }
  }

  async function onMerge(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!duplicateId) found.duplicateId = t('merge.chooseOne');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    if (!confirmed) {
      setConfirmed(true);
      return;
    }
    setBusy(true);
    try {
      await api.post(`/api/people/${id}/merge`, { duplicateId });
      navigate(`/personnes/${id}`, { state: { notice: t('merge.done') } });
    } catch (error) {
      setBusy(false);
      setConfirmed(false);
      setMessage(errorText(error));
    }
  }

  if (file.loading && !file.data) {
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  }
  if (!person) {
    return (
      <Page title={title}>
        <ErrorMessage>{file.error}</ErrorMessage>
      </Page>
    );
  }
  const chosen = results?.find((r) => r.id === duplicateId);

  return (
    <Page title={title} lead={<p>{t('merge.intro', { name: personName(person) })}</p>}>
      <p>
        <Link to={`/personnes/${id}`}>
          {t('evaluation.backToFile', { name: personName(person) })}
        </Link>
      </p>
      <form
        role="search"
        aria-label={t('merge.searchLabel')}
        onSubmit={onSearch}
        noValidate
        className="form search-form card"
      >
        <TextField
          name="q"
          plain
          type="search"
          label={t('merge.search')}
          value={q}
          onValue={setQ}
          autoComplete="off"
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {searching ? t('common.searching') : t('people.searchSubmit')}
          </button>
        </div>
      </form>
      <div role="status" className="result-count">
        {results ? t('merge.resultCount', { count: results.length }) : ''}
      </div>
      <ErrorSummary errors={errors} message={message} labels={{ duplicateId: t('merge.choice') }} />
      {results && results.length ? (
        <form onSubmit={onMerge} noValidate className="form">
          <RadioGroup
            name="duplicateId"
            legend={t('merge.choice')}
            value={duplicateId}
            onValue={(value) => {
              setDuplicateId(value);
              setConfirmed(false);
            }}
            error={errors.duplicateId}
            options={results.map((r) => ({
              value: r.id,
              label: `${r.lastName.toUpperCase()} ${r.firstName}`,
              hint: [
                r.birthDate ? formatDate(r.birthDate) : null,
                r.communeName,
                statusLabel(r.status),
              ]
                .filter(Boolean)
                .join(' — '),
            }))}
          />
          {confirmed && chosen ? (
            <div className="alert alert-warning" role="alert">
              {t('merge.confirmText', {
                other: `${chosen.firstName} ${chosen.lastName}`,
                name: personName(person),
              })}
            </div>
          ) : null}
          <div className="form-actions">
            <SubmitButton busy={busy}>
              {confirmed ? t('merge.confirm') : t('merge.submit')}
            </SubmitButton>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
