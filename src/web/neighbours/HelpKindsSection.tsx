/**
 * The organisation's kinds of help (settings, administrator): the defaults of issue 13 and those
 * added; each can be renamed, deactivated (no longer offered nor asked for) or reactivated. A kind
 * is never deleted: neighbours' offers and requests keep naming it.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage } from '../ui/Alert.js';
import { Badge } from '../ui/Badge.js';
import { ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { Table } from '../ui/Table.js';
import type { HelpKindItem } from '../../domain/neighbours/api.js';

export function HelpKindsSection({ onDone }: { onDone: (message: string) => void }) {
  const kinds = useLoad<{ items: HelpKindItem[] }>(
    (signal) => api.get('/api/help-kinds', { signal }),
    'help-kinds-settings',
  );
  const [label, setLabel] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; label: string } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(run: () => Promise<unknown>, done: string) {
    if (busy) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      await run();
      onDone(done);
      kinds.reload();
      return true;
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    const text = label.trim();
    if (
      await send(
        () => api.post('/api/help-kinds', { label: text }),
        t('helpKinds.added', { label: text }),
      )
    )
      setLabel('');
  }
  async function onRename(event: FormEvent) {
    event.preventDefault();
    if (!renaming) return;
    const text = renaming.label.trim();
    if (
      await send(
        () => api.patch(`/api/help-kinds/${renaming.id}`, { label: text }),
        t('helpKinds.renamed', { label: text }),
      )
    )
      setRenaming(null);
  }
  const toggle = (kind: HelpKindItem) =>
    send(
      () => api.patch(`/api/help-kinds/${kind.id}`, { active: !kind.active }),
      t(kind.active ? 'helpKinds.deactivated' : 'helpKinds.reactivated', { label: kind.label }),
    );

  return (
    <Section id="types-aide" title={t('helpKinds.title')}>
      <p className="hint">{t('helpKinds.hint')}</p>
      {kinds.loading && !kinds.data ? <Loading /> : null}
      {kinds.error ? <ErrorMessage>{kinds.error}</ErrorMessage> : null}
      <ErrorSummary errors={errors} message={message} labels={{ label: t('helpKinds.label') }} />
      {kinds.data ? (
        <Table
          caption={t('helpKinds.title')}
          captionHidden
          rows={kinds.data.items}
          rowKey={(k) => k.id}
          columns={[
            {
              key: 'label',
              header: t('helpKinds.label'),
              rowHeader: true,
              render: (k) =>
                renaming?.id === k.id ? (
                  <form onSubmit={onRename} noValidate className="inline-form">
                    <TextField
                      name="helpKindRename"
                      label={t('helpKinds.newLabel', { label: k.label })}
                      value={renaming.label}
                      onValue={(v) => setRenaming({ id: k.id, label: v })}
                      maxLength={80}
                      required
                    />
                    <SubmitButton busy={busy}>{t('helpKinds.rename')}</SubmitButton>
                    <button
                      type="button"
                      className="button button-secondary"
                      onClick={() => setRenaming(null)}
                    >
                      {t('common.cancel')}
                    </button>
                  </form>
                ) : (
                  k.label
                ),
            },
            {
              key: 'state',
              header: t('helpKinds.state'),
              render: (k) =>
                k.active ? (
                  <Badge tone="success">{t('helpKinds.active')}</Badge>
                ) : (
                  <Badge>{t('helpKinds.inactive')}</Badge>
                ),
            },
            {
              key: 'actions',
              header: t('common.actions'),
              render: (k) => (
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setRenaming({ id: k.id, label: k.label })}
                    aria-label={t('helpKinds.renameOf', { label: k.label })}
                  >
                    {t('helpKinds.rename')}
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => void toggle(k)}
                    aria-label={t(k.active ? 'helpKinds.deactivateOf' : 'helpKinds.reactivateOf', {
                      label: k.label,
                    })}
                  >
                    {k.active ? t('helpKinds.deactivate') : t('helpKinds.reactivate')}
                  </button>
                </div>
              ),
            },
          ]}
        />
      ) : null}
      <form onSubmit={onAdd} noValidate className="form">
        <TextField
          name="label"
          label={t('helpKinds.addLabel')}
          value={label}
          onValue={setLabel}
          error={errors.label}
          maxLength={80}
          required
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('helpKinds.add')}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
