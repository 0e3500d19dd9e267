/** Pairs (binômes): the current ones with a dissolve action, the history, and the form to form one. */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError, asPage } from '../api/client.js';
import { useCan } from '../auth/session.js';
import { t, tPlural } from '../i18n/fr.js';
import { formatDate, todayIso } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import {
  ErrorSummary,
  RadioGroup,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
  type Option,
} from '../ui/form.js';
import { Table } from '../ui/Table.js';
import type {
  PairListItem as Pair,
  VisitorListItem as Visitor,
} from '../../domain/visitors/api.js';
import { fullName, pairMembers, pairName } from './names.js';
import { ExportLinks } from '../ui/ExportLinks.js';

export function PairsPage() {
  const can = useCan();
  const manage = can('pair.manage');
  const data = useLoad(async (signal) => {
    const [pairs, visitors] = await Promise.all([
      api.get('/api/pairs', { signal }).then((d) => asPage<Pair>(d, 200).items),
      can('visitor.list')
        ? api
            .get('/api/visitors?pageSize=200', { signal })
            .then((d) => asPage<Visitor>(d, 200).items)
            .catch(() => [] as Visitor[])
        : Promise.resolve([] as Visitor[]),
    ]);
    return { pairs, visitors };
  }, 'pairs');
  const [notice, setNotice] = useState<string | null>(null);

  const pairs = data.data?.pairs ?? [];
  const visitors = data.data?.visitors ?? [];
  const current = pairs.filter((p) => !p.dissolvedOn);
  const past = pairs.filter((p) => !!p.dissolvedOn);
  const paired = new Set(current.flatMap((p) => pairMembers(p).map((m) => m.id)));
  const free = visitors.filter((v) => !v.endedOn && !paired.has(v.id));

  const memberCell = (p: Pair) => (
    <>
      {pairMembers(p).map((m, i) => (
        <span key={m.id}>
          {i > 0 ? t('common.and') : null}
          {can('visitor.read') ? <Link to={`/visiteurs/${m.id}`}>{fullName(m)}</Link> : fullName(m)}
        </span>
      ))}
    </>
  );

  return (
    <Page
      title={t('pairs.title')}
      lead={<p>{t('pairs.intro')}</p>}
      actions={<ExportLinks list="pairs" filters={{}} />}
    >
      {notice ? <SuccessMessage>{notice}</SuccessMessage> : null}
      {data.loading && !data.data ? <Loading /> : null}
      {data.error ? <ErrorMessage>{data.error}</ErrorMessage> : null}
      {manage && data.data ? (
        <NewPairForm
          free={free}
          onDone={(message) => {
            setNotice(message);
            data.reload();
          }}
        />
      ) : null}
      {data.data ? (
        <Section id="binomes-actuels" title={t('pairs.current')}>
          {current.length ? (
            <Table
              caption={t('pairs.current')}
              captionHidden
              rows={current}
              rowKey={(p) => p.id}
              columns={[
                { key: 'members', header: t('pairs.members'), rowHeader: true, render: memberCell },
                {
                  key: 'since',
                  header: t('pairs.formedOn'),
                  render: (p) => formatDate(p.formedOn),
                },
                ...(current.some((p) => p.peopleCount !== undefined)
                  ? [
                      {
                        key: 'people',
                        header: t('pairs.peopleCount'),
                        render: (p: Pair) => String(p.peopleCount ?? 0),
                      },
                    ]
                  : []),
                ...(manage
                  ? [
                      {
                        key: 'actions',
                        header: t('common.actions'),
                        render: (p: Pair) => (
                          <DissolveForm
                            pair={p}
                            name={pairName(p)}
                            otherPairs={current
                              .filter((o) => o.id !== p.id)
                              .map((o) => ({ value: o.id, label: pairName(o) }))}
                            visitors={visitors
                              .filter(
                                (v) => !v.endedOn && !pairMembers(p).some((m) => m.id === v.id),
                              )
                              .map((v) => ({ value: v.id, label: fullName(v) }))}
                            onDone={(message) => {
                              setNotice(message);
                              data.reload();
                            }}
                          />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          ) : (
            <p className="muted">{t('pairs.noneCurrent')}</p>
          )}
        </Section>
      ) : null}
      {past.length ? (
        <Section id="binomes-historique" title={t('pairs.history')}>
          <Table
            caption={t('pairs.history')}
            captionHidden
            rows={past}
            rowKey={(p) => p.id}
            columns={[
              { key: 'members', header: t('pairs.members'), rowHeader: true, render: memberCell },
              { key: 'from', header: t('pairs.formedOn'), render: (p) => formatDate(p.formedOn) },
              {
                key: 'to',
                header: t('pairs.dissolvedOn'),
                render: (p) => formatDate(p.dissolvedOn),
              },
              { key: 'why', header: t('pairs.reason'), render: (p) => p.dissolutionReason ?? '—' },
            ]}
          />
        </Section>
      ) : null}
    </Page>
  );
}

function NewPairForm({ free, onDone }: { free: Visitor[]; onDone: (message: string) => void }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [formedOn, setFormedOn] = useState(todayIso());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = free.map((v) => ({ value: v.id, label: fullName(v) }));
  // A pair unites two visitors of the same local service: offer only those as the second one.
  const first = free.find((v) => v.id === a);
  const secondOptions = free
    .filter(
      (v) =>
        v.id !== a && (!first || (v.localServiceId ?? null) === (first.localServiceId ?? null)),
    )
    .map((v) => ({ value: v.id, label: fullName(v) }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!a) found.visitorAId = t('pairs.chooseVisitor');
    if (!b) found.visitorBId = t('pairs.chooseVisitor');
    if (a && b && a === b) found.visitorBId = t('pairs.sameVisitor');
    if (!formedOn) found.formedOn = t('form.dateMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post('/api/pairs', { visitorAId: a, visitorBId: b, formedOn });
      setA('');
      setB('');
      onDone(t('pairs.created'));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="nouveau-binome" title={t('pairs.new')}>
      {free.length < 2 ? (
        <p className="muted">{t('pairs.notEnoughFree')}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="form">
          <ErrorSummary
            errors={errors}
            message={message}
            labels={{
              visitorAId: t('pairs.visitorA'),
              visitorBId: t('pairs.visitorB'),
              formedOn: t('pairs.formedOn'),
            }}
          />
          <div className="field-row">
            <SelectField
              name="visitorAId"
              label={t('pairs.visitorA')}
              required
              value={a}
              onValue={(v) => {
                setA(v);
                setB('');
              }}
              emptyLabel={t('common.choose')}
              options={options}
              error={errors.visitorAId}
            />
            <SelectField
              name="visitorBId"
              label={t('pairs.visitorB')}
              required
              value={b}
              onValue={setB}
              emptyLabel={t('common.choose')}
              options={secondOptions}
              hint={first ? t('pairs.sameServiceHint') : undefined}
              error={errors.visitorBId}
            />
          </div>
          <TextField
            name="formedOn"
            type="date"
            label={t('pairs.formedOn')}
            required
            value={formedOn}
            onValue={setFormedOn}
            error={errors.formedOn}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('pairs.create')}</SubmitButton>
          </div>
        </form>
      )}
    </Section>
  );
}

function DissolveForm({
  pair,
  name,
  otherPairs,
  visitors,
  onDone,
}: {
  pair: Pair;
  name: string;
  otherPairs: Option[];
  visitors: Option[];
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(todayIso());
  const [reason, setReason] = useState('');
  const [next, setNext] = useState('');
  const [target, setTarget] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const people = pair.peopleCount ?? 0;
  const f = (field: string) => `${field}-${pair.id}`;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!date) found[f('dissolvedOn')] = t('form.dateMissing');
    if (!reason.trim()) found[f('reason')] = t('pairs.reasonMissing');
    if (people > 0 && !next) found[f('next')] = t('pairs.nextMissing');
    if ((next === 'pair' || next === 'visitor') && !target)
      found[f('target')] = t('pairs.targetMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post(`/api/pairs/${pair.id}/dissolve`, {
        dissolvedOn: date,
        reason: reason.trim(),
        reassignTo:
          next === 'pair'
            ? { pairId: target, visitorId: null }
            : next === 'visitor'
              ? { pairId: null, visitorId: target }
              : null,
        endAssignments: next === 'end',
      });
      onDone(t('pairs.dissolved', { name }));
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        setErrors(
          Object.fromEntries(Object.entries(fields).map(([k, v]) => [f(k.split('.')[0] ?? k), v])),
        );
      }
      setMessage(errorText(error));
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => setOpen(true)}
        aria-label={t('pairs.dissolveNamed', { name })}
      >
        {t('pairs.dissolve')}
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="inline-form">
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          [f('dissolvedOn')]: t('pairs.dissolvedOn'),
          [f('reason')]: t('pairs.reason'),
          [f('next')]: t('pairs.next'),
          [f('target')]: t('pairs.target'),
        }}
      />
      <TextField
        name={f('dissolvedOn')}
        type="date"
        label={t('pairs.dissolvedOn')}
        required
        value={date}
        onValue={setDate}
        error={errors[f('dissolvedOn')]}
      />
      <TextField
        name={f('reason')}
        label={t('pairs.reason')}
        hint={t('pairs.reasonHint')}
        required
        value={reason}
        onValue={setReason}
        error={errors[f('reason')]}
      />
      {people > 0 ? (
        <>
          <RadioGroup
            name={f('next')}
            legend={tPlural('pairs.nextLegend', people, { count: people })}
            required
            value={next}
            onValue={(v) => {
              setNext(v);
              setTarget('');
            }}
            error={errors[f('next')]}
            options={[
              ...(otherPairs.length ? [{ value: 'pair', label: t('pairs.nextPair') }] : []),
              ...(visitors.length ? [{ value: 'visitor', label: t('pairs.nextVisitor') }] : []),
              { value: 'end', label: t('pairs.nextEnd') },
            ]}
          />
          {next === 'pair' || next === 'visitor' ? (
            <SelectField
              name={f('target')}
              label={next === 'pair' ? t('assign.pair') : t('assign.visitor')}
              required
              value={target}
              onValue={setTarget}
              emptyLabel={t('common.choose')}
              options={next === 'pair' ? otherPairs : visitors}
              error={errors[f('target')]}
            />
          ) : null}
        </>
      ) : null}
      <div className="form-actions">
        <SubmitButton busy={busy}>{t('pairs.dissolveConfirm')}</SubmitButton>
        <button type="button" className="button button-link" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
