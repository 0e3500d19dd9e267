/**
 * The social evaluation: the six LSNS-6 questions (0-5 each, as radio groups), then the total,
 * "isolée / non isolée" and the eligibility decision with every reason, announced politely.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import {
  ErrorSummary,
  RadioGroup,
  SubmitButton,
  TextArea,
  TextField,
  type FieldErrors,
} from '../ui/form.js';
import { DecisionBadge, ReasonList, ScoreSummary } from './Decision.js';
import { personName } from './PersonFilePage.js';
import { statusLabel } from './StatusBadge.js';
import { LSNS6_ITEM_IDS, type Lsns6ItemId } from '../../domain/admission/values.js';
import type { EvaluationResult, PersonFile } from '../../domain/people/api.js';

const ANSWERS = [0, 1, 2, 3, 4, 5] as const;
const FAMILY: Lsns6ItemId[] = ['family_seen', 'family_talk_private', 'family_help'];
const FRIENDS: Lsns6ItemId[] = ['friends_seen', 'friends_talk_private', 'friends_help'];

type Answers = Partial<Record<Lsns6ItemId, number>>;

export function EvaluationPage() {
  const { id = '' } = useParams();
  const file = useLoad<PersonFile>(
    (signal) => api.get<PersonFile>(`/api/people/${id}`, { signal }),
    id,
  );
  const [evaluatedOn, setEvaluatedOn] = useState(todayIso());
  const [evaluatorName, setEvaluatorName] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [livesAlone, setLivesAlone] = useState('');
  const [opinion, setOpinion] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<EvaluationResult | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  // Move to the result once it is on screen, so it is read out and visible on a small screen.
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  const person = file.data?.person;
  const title = person
    ? t('evaluation.titleFor', { name: personName(person) })
    : t('evaluation.title');
  const partial = LSNS6_ITEM_IDS.reduce((sum, item) => sum + (answers[item] ?? 0), 0);
  const answered = LSNS6_ITEM_IDS.filter((item) => answers[item] !== undefined).length;

  const labels: Record<string, string> = {
    evaluatedOn: t('evaluation.date'),
    evaluatorName: t('evaluation.evaluator'),
    ...Object.fromEntries(
      LSNS6_ITEM_IDS.map((item) => [`answers.${item}`, t(`lsns.short.${item}`)]),
    ),
  };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!evaluatedOn) found.evaluatedOn = t('form.dateMissing');
    else if (evaluatedOn > todayIso()) found.evaluatedOn = t('evaluation.dateFuture');
    for (const item of LSNS6_ITEM_IDS) {
      if (answers[item] === undefined) found[`answers.${item}`] = t('evaluation.answerMissing');
    }
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const answer = await api.post<EvaluationResult>(`/api/people/${id}/evaluations`, {
        evaluatedOn,
        evaluatorName: evaluatorName.trim() || null,
        answers,
        livesAlone: livesAlone === 'yes' ? true : livesAlone === 'no' ? false : null,
        evaluatorOpinion: opinion === 'favorable' || opinion === 'defavorable' ? opinion : null,
        notes: notes.trim() || null,
      });
      setResult(answer);
      setBusy(false);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
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

  const questionGroup = (items: Lsns6ItemId[]) =>
    items.map((item) => (
      <RadioGroup
        key={item}
        name={`answers.${item}`}
        legend={t(`lsns.question.${item}`)}
        legendClassName="question"
        required
        value={answers[item] === undefined ? '' : String(answers[item])}
        onValue={(value) => setAnswers({ ...answers, [item]: Number(value) })}
        error={errors[`answers.${item}`]}
        options={ANSWERS.map((value) => ({
          value: String(value),
          label: t('lsns.answerWithPoints', { label: t(`lsns.answer.${value}`), points: value }),
        }))}
      />
    ));

  return (
    <Page title={title} lead={<p>{t('evaluation.intro')}</p>}>
      <p>
        <Link to={`/personnes/${id}`}>
          {t('evaluation.backToFile', { name: personName(person) })}
        </Link>
      </p>
      <div aria-live="polite" aria-atomic="false">
        {result ? (
          <section className="card result" aria-labelledby="resultat-titre">
            <h2 id="resultat-titre" tabIndex={-1} ref={resultHeading}>
              {t('evaluation.resultTitle')}
            </h2>
            <ScoreSummary score={result.score} />
            <p className="decision-line">
              {t('evaluation.decision')} <DecisionBadge decision={result.decision.decision} />
            </p>
            {result.decision.summary ? <p>{result.decision.summary}</p> : null}
            <h3>{t('evaluation.reasonsTitle')}</h3>
            <ReasonList reasons={result.decision.reasons ?? []} />
            {result.statusChanged ? (
              <p>{t('evaluation.statusChanged', { status: statusLabel(result.statusChanged) })}</p>
            ) : null}
            <p className="form-actions">
              <Link className="button button-primary" to={`/personnes/${id}`}>
                {t('evaluation.backToFile', { name: personName(person) })}
              </Link>
            </p>
          </section>
        ) : null}
      </div>
      {!result ? (
        <>
          <ErrorSummary errors={errors} message={message} labels={labels} />
          <form onSubmit={onSubmit} noValidate className="form">
            <Section id="evaluation-general" title={t('evaluation.general')}>
              <TextField
                name="evaluatedOn"
                type="date"
                label={t('evaluation.date')}
                required
                value={evaluatedOn}
                onValue={setEvaluatedOn}
                error={errors.evaluatedOn}
                max={todayIso()}
              />
              <TextField
                name="evaluatorName"
                label={t('evaluation.evaluator')}
                hint={t('evaluation.evaluatorHint')}
                value={evaluatorName}
                onValue={setEvaluatorName}
                error={errors.evaluatorName}
                autoComplete="name"
              />
            </Section>
            <Section id="lsns-famille" title={t('lsns.group.family')}>
              <p className="hint">{t('lsns.intro.family')}</p>
              {questionGroup(FAMILY)}
            </Section>
            <Section id="lsns-amis" title={t('lsns.group.friends')}>
              <p className="hint">{t('lsns.intro.friends')}</p>
              {questionGroup(FRIENDS)}
            </Section>
            <p className="running-total" aria-live="polite">
              {t('evaluation.runningTotal', {
                total: partial,
                answered,
                count: LSNS6_ITEM_IDS.length,
              })}
            </p>
            <Section id="evaluation-contexte" title={t('evaluation.context')}>
              <RadioGroup
                name="livesAlone"
                legend={t('evaluation.livesAlone')}
                inline
                value={livesAlone}
                onValue={setLivesAlone}
                error={errors.livesAlone}
                options={[
                  { value: 'yes', label: t('common.yes') },
                  { value: 'no', label: t('common.no') },
                  { value: '', label: t('common.unknown') },
                ]}
              />
              <RadioGroup
                name="evaluatorOpinion"
                legend={t('evaluation.opinion')}
                value={opinion}
                onValue={setOpinion}
                error={errors.evaluatorOpinion}
                options={[
                  { value: 'favorable', label: t('evaluation.opinionFavorable') },
                  { value: 'defavorable', label: t('evaluation.opinionDefavorable') },
                  { value: '', label: t('evaluation.opinionNone') },
                ]}
              />
              <TextArea
                name="notes"
                label={t('evaluation.notes')}
                value={notes}
                onValue={setNotes}
                error={errors.notes}
                maxLength={5000}
              />
            </Section>
            <div className="form-actions">
              <SubmitButton busy={busy}>{t('evaluation.submit')}</SubmitButton>
              <Link to={`/personnes/${id}`}>{t('common.cancel')}</Link>
            </div>
          </form>
        </>
      ) : null}
    </Page>
  );
}
