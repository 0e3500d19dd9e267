/**
 * The review of a match (ADR 0028): both sides' satisfaction, the LSNS-6 again, the decision
 * (continue, change the rhythm, end with a reason), a comment with the CNIL reminder.
 */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Loading } from '../ui/Loading.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { RadioGroup, SelectField, SubmitButton, TextArea, TextField } from '../ui/form.js';
import { LSNS6_ITEM_IDS, type Lsns6ItemId } from '../../domain/admission/values.js';
import type { MatchView } from '../../domain/matching/match-api.js';
import { MATCH_END_REASONS, REVIEW_DECISIONS } from '../../domain/matching/match-life.js';

const ANSWERS = [0, 1, 2, 3, 4, 5] as const;
const SCORES = ['1', '2', '3', '4', '5'] as const;

export function MatchReviewPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const url = `/api/matches/${id}`;
  const view = useLoad((signal) => api.get<MatchView>(url, { signal }), url);
  const [personSatisfaction, setPersonSatisfaction] = useState('');
  const [visitorSatisfaction, setVisitorSatisfaction] = useState('');
  const [answers, setAnswers] = useState<Partial<Record<Lsns6ItemId, number>>>({});
  const [decision, setDecision] = useState('continue');
  const [visitsPerWeek, setVisitsPerWeek] = useState('2');
  const [endReason, setEndReason] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const title = t('matchLife.reviewPage');
  if (view.error)
    return (
      <Page title={title}>
        <ErrorMessage>{view.error}</ErrorMessage>
      </Page>
    );
  if (!view.data)
    return (
      <Page title={title}>
        <Loading />
      </Page>
    );
  const { match, unit } = view.data;
  const name = `${match.person.firstName} ${match.person.lastName}`;
  const active = match.stage === 'trial' || match.stage === 'confirmed';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/matches/${id}/reviews`, {
        personSatisfaction: Number(personSatisfaction) || null,
        visitorSatisfaction: Number(visitorSatisfaction) || null,
        lsns6: answers,
        decision,
        newVisitsPerWeek: decision === 'change_rhythm' ? Number(visitsPerWeek) : null,
        endReason: decision === 'end' ? endReason || null : null,
        comment: comment || null,
      });
      navigate(`/personnes/${match.person.id}#suivi-appariement`, {
        state: { notice: t('matchLife.reviewSaved') },
      });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };

  return (
    <Page title={title} lead={<p>{t('matchLife.reviewIntro')}</p>}>
      <p>
        <Link to={`/personnes/${match.person.id}`}>{t('matchLife.backToFile', { name })}</Link>
      </p>
      <p>{t('matchLife.with', { unit: unit.label })}</p>
      {!active ? <ErrorMessage>{t('matchLife.notActive')}</ErrorMessage> : null}
      {active ? (
        <form onSubmit={submit} noValidate className="match-review">
          {error ? <ErrorMessage>{error}</ErrorMessage> : null}
          <RadioGroup
            name="satisfaction-personne"
            legend={t('matchLife.personSatisfaction')}
            required
            value={personSatisfaction}
            onValue={setPersonSatisfaction}
            options={SCORES.map((s) => ({ value: s, label: t(`matchLife.satisfaction.${s}`) }))}
          />
          <RadioGroup
            name="satisfaction-visiteur"
            legend={t('matchLife.visitorSatisfaction')}
            required
            value={visitorSatisfaction}
            onValue={setVisitorSatisfaction}
            options={SCORES.map((s) => ({ value: s, label: t(`matchLife.satisfaction.${s}`) }))}
          />
          {(['family', 'friends'] as const).map((group) => (
            <Section
              key={group}
              id={`bilan-lsns-${group}`}
              title={t(group === 'family' ? 'lsns.group.family' : 'lsns.group.friends')}
            >
              <p className="hint">
                {t(group === 'family' ? 'lsns.intro.family' : 'lsns.intro.friends')}
              </p>
              {LSNS6_ITEM_IDS.filter((item) =>
                item.startsWith(group === 'family' ? 'family' : 'friends'),
              ).map((item) => (
                <RadioGroup
                  key={item}
                  name={`lsns6.${item}`}
                  legend={t(`lsns.question.${item}`)}
                  legendClassName="question"
                  required
                  value={answers[item] === undefined ? '' : String(answers[item])}
                  onValue={(value) => setAnswers({ ...answers, [item]: Number(value) })}
                  options={ANSWERS.map((value) => ({
                    value: String(value),
                    label: t('lsns.answerWithPoints', {
                      label: t(`lsns.answer.${value}`),
                      points: value,
                    }),
                  }))}
                />
              ))}
            </Section>
          ))}
          <RadioGroup
            name="decision"
            legend={t('matchLife.decision')}
            required
            value={decision}
            onValue={setDecision}
            options={REVIEW_DECISIONS.map((d) => ({
              value: d,
              label: t(`matchLife.decision.${d}`),
            }))}
          />
          {decision === 'change_rhythm' ? (
            <TextField
              name="nouveau-rythme"
              type="number"
              min={1}
              max={7}
              label={t('matchLife.newVisitsPerWeek')}
              required
              value={visitsPerWeek}
              onValue={setVisitsPerWeek}
            />
          ) : null}
          {decision === 'end' ? (
            <SelectField
              name="motif-fin"
              label={t('matchLife.endReason')}
              required
              value={endReason}
              onValue={setEndReason}
              emptyLabel="—"
              options={MATCH_END_REASONS.map((r) => ({
                value: r,
                label: t(`matchLife.endReason.${r}`),
              }))}
            />
          ) : null}
          <TextArea
            name="commentaire"
            label={t('matchLife.comment')}
            hint={t('matchLife.cnil')}
            value={comment}
            onValue={setComment}
            maxLength={1000}
          />
          <SubmitButton busy={busy}>{t('matchLife.saveReview')}</SubmitButton>
        </form>
      ) : null}
    </Page>
  );
}
