/**
 * "Déclarer une absence": the repair proposal first (only the visits the absence touches, with as
 * few changes as possible, and who must be told), then its acceptance.
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.js';
import { enumLabel, t, tPlural } from '../i18n/fr.js';
import { formatDate, formatPhone } from '../i18n/format.js';
import { ErrorMessage, InfoMessage } from '../ui/Alert.js';
import { Section } from '../ui/Page.js';
import { Table } from '../ui/Table.js';
import { errorText } from '../ui/data.js';
import { SelectField, SubmitButton, TextField } from '../ui/form.js';
import { ABSENCE_KINDS } from '../../domain/visitors/values.js';
import type { AbsenceAccepted, RepairProposal, Week } from '../../domain/planning/api.js';
import { tAgreed } from '../i18n/agreement.js';

type Proposal = RepairProposal;

export function AbsencePanel({ week, onDone }: { week: Week; onDone: (message: string) => void }) {
  const [visitorId, setVisitorId] = useState('');
  const [from, setFrom] = useState(week.weekStart);
  const [to, setTo] = useState(week.weekStart);
  const [kind, setKind] = useState('training');
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const absence = { visitorId, from, to, kind };

  async function preview(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setProposal(null);
    if (!visitorId) {
      setError(t('absence.chooseVisitor'));
      return;
    }
    setBusy(true);
    try {
      setProposal(await api.post<Proposal>('/api/planning/absences/preview', absence));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function accept() {
    if (!proposal || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<AbsenceAccepted>('/api/planning/absences', {
        ...absence,
        changes: proposal.changes.map((c) => ({
          visitId: c.visitId,
          after: c.after
            ? { date: c.after.date, startTime: c.after.startTime, visitorIds: c.after.visitorIds }
            : null,
        })),
      });
      setProposal(null);
      onDone(tPlural('absence.accepted', result.changes, { count: result.changes }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="absence" title={t('absence.title')}>
      <p>{t('absence.intro')}</p>
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      <form
        className="form inline-form"
        onSubmit={(e) => void preview(e)}
        aria-label={t('absence.title')}
      >
        <SelectField
          name="absence-visitor"
          label={t('absence.visitor')}
          required
          value={visitorId}
          onValue={setVisitorId}
          emptyLabel={t('common.choose')}
          options={week.visitors.map((v) => ({ value: v.id, label: v.name }))}
        />
        <TextField
          name="absence-from"
          label={t('absence.from')}
          type="date"
          required
          value={from}
          onValue={setFrom}
        />
        <TextField
          name="absence-to"
          label={t('absence.to')}
          type="date"
          required
          value={to}
          onValue={setTo}
        />
        <SelectField
          name="absence-kind"
          label={t('absence.kind')}
          required
          value={kind}
          onValue={setKind}
          options={ABSENCE_KINDS.map((k) => ({ value: k, label: enumLabel('absenceKind', k) }))}
        />
        <SubmitButton busy={busy}>{t('absence.preview')}</SubmitButton>
      </form>
      {proposal ? (
        <div className="repair" role="region" aria-label={t('absence.proposal')}>
          <h3>{t('absence.proposal')}</h3>
          {proposal.changes.length === 0 ? (
            <InfoMessage>{t('absence.nothingTouched')}</InfoMessage>
          ) : (
            <Table
              caption={tPlural('absence.changes', proposal.changes.length, {
                count: proposal.changes.length,
              })}
              rows={proposal.changes}
              rowKey={(c) => c.visitId}
              columns={[
                {
                  key: 'person',
                  header: t('absence.person'),
                  rowHeader: true,
                  render: (c) => c.person.name,
                },
                {
                  key: 'before',
                  header: t('absence.before'),
                  render: (c) =>
                    t('absence.slot', {
                      date: formatDate(c.before.date),
                      start: c.before.startTime,
                      visitors: c.before.visitors.map((v) => v.name).join(t('common.and')),
                    }),
                },
                {
                  key: 'after',
                  header: t('absence.after'),
                  render: (c) =>
                    c.after
                      ? t('absence.afterSlot', {
                          date: formatDate(c.after.date),
                          start: c.after.startTime,
                          visitors: c.after.visitors.map((v) => v.name).join(t('common.and')),
                          crew: enumLabel('crew', c.after.crew),
                        }) +
                        (c.makesRoomFor
                          ? ` ${t('absence.makesRoom', { name: c.makesRoomFor.name })}`
                          : '')
                      : t('absence.dropped', { reason: c.reason ?? '' }),
                },
              ]}
            />
          )}
          {proposal.toTell.people.length || proposal.toTell.visitors.length ? (
            <>
              <h4>{t('absence.toTell')}</h4>
              <ul className="plain-list">
                {proposal.toTell.people.map((p) => (
                  <li key={p.id}>
                    {t('absence.tellPerson', {
                      name: p.name,
                      phone: p.phone ? formatPhone(p.phone) : t('common.notGiven'),
                    })}
                  </li>
                ))}
                {proposal.toTell.visitors.map((v) => (
                  <li key={v.id}>
                    {tAgreed(
                      {
                        masculine: 'absence.tellVisitor',
                        feminine: 'absence.tellVisitorFeminine',
                        neutral: 'absence.tellVisitorNeutral',
                      },
                      v.formOfAddress,
                      {
                        name: v.name,
                        phone: v.phone ? formatPhone(v.phone) : t('common.notGiven'),
                      },
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <button
            type="button"
            className="button button-primary"
            onClick={() => void accept()}
            aria-disabled={busy || undefined}
          >
            {t('absence.accept')}
          </button>
        </div>
      ) : null}
    </Section>
  );
}
