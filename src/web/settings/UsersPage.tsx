/** Accounts (admin): invite someone, change their roles or local service, disable an account. */
import { useState, type FormEvent } from 'react';
import { api, ApiError, asPage } from '../api/client.js';
import { useUser, type Role } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { formatDate } from '../i18n/format.js';
import { Page, Section } from '../ui/Page.js';
import { errorText, useLoad } from '../ui/data.js';
import { Loading } from '../ui/Loading.js';
import { ErrorMessage, SuccessMessage } from '../ui/Alert.js';
import { Checkbox, ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { LocalServiceSelect } from './LocalServiceSelect.js';
import { Table } from '../ui/Table.js';
import { Badge } from '../ui/Badge.js';
import { localServiceName, useOrganisation, type OrganisationData } from './organisation.js';
import type { Invitation, User } from '../../domain/users/api.js';
import { roleNames } from '../i18n/agreement.js';
import { FormOfAddressField } from '../ui/FormOfAddressField.js';

const ROLES: Role[] = [
  'admin',
  'coordinator',
  'planner',
  'visitor',
  'operator',
  'partner',
  'viewer',
];

type UserRow = User;

const isDisabled = (u: UserRow) => !!u.disabledAt;

export function UsersPage() {
  const me = useUser();
  const org = useOrganisation();
  const users = useLoad(
    async (signal) => asPage<UserRow>(await api.get('/api/users?pageSize=200', { signal }), 200),
    'users',
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const done = (message: string) => {
    setNotice(message);
    setEditing(null);
    users.reload();
  };
  const rows = users.data?.items ?? [];
  const editedUser = rows.find((u) => u.id === editing) ?? null;

  return (
    <Page title={t('users.title')}>
      <div role="status">{notice ? <SuccessMessage>{notice}</SuccessMessage> : null}</div>
      <InviteForm org={org.data} onDone={done} />
      {editedUser ? (
        <EditUserForm
          user={editedUser}
          org={org.data}
          self={editedUser.id === me.id}
          onDone={done}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      <Section id="comptes" title={t('users.listTitle')}>
        {users.loading && !users.data ? <Loading /> : null}
        {users.error ? <ErrorMessage>{users.error}</ErrorMessage> : null}
        {rows.length ? (
          <Table
            caption={t('users.listTitle')}
            captionHidden
            rows={rows}
            rowKey={(u) => u.id}
            columns={[
              {
                key: 'name',
                header: t('users.name'),
                rowHeader: true,
                render: (u) => (
                  <>
                    {u.displayName}
                    <div className="muted small">{u.email}</div>
                  </>
                ),
              },
              {
                key: 'roles',
                header: t('users.roles'),
                render: (u) => roleNames(u.roles, u.formOfAddress),
              },
              {
                key: 'service',
                header: t('person.localService'),
                render: (u) =>
                  localServiceName(org.data, u.localServiceId) || t('users.allServices'),
              },
              {
                key: 'state',
                header: t('users.state'),
                render: (u) =>
                  isDisabled(u) ? (
                    <Badge tone="neutral">
                      {u.disabledAt
                        ? t('users.disabledOn', { date: formatDate(u.disabledAt) })
                        : t('users.disabled')}
                    </Badge>
                  ) : u.invitationPending ? (
                    <Badge tone="warning">{t('users.invited')}</Badge>
                  ) : (
                    <Badge tone="success">{t('users.active')}</Badge>
                  ),
              },
              {
                key: 'actions',
                header: t('common.actions'),
                render: (u) => (
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    onClick={() => setEditing(u.id)}
                    aria-label={t('users.editNamed', { name: u.displayName })}
                  >
                    {t('users.edit')}
                  </button>
                ),
              },
            ]}
          />
        ) : null}
      </Section>
    </Page>
  );
}

function RoleCheckboxes({
  prefix,
  roles,
  onChange,
  error,
}: {
  prefix: string;
  roles: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
}) {
  return (
    <fieldset
      className={`checkboxes${error ? ' field-invalid' : ''}`}
      aria-describedby={error ? `${prefix}-roles-erreur` : undefined}
    >
      <legend>
        {t('users.roles')} <span className="required">{t('form.required')}</span>
      </legend>
      {error ? (
        <p className="field-error" id={`${prefix}-roles-erreur`}>
          <span className="visually-hidden">{t('form.errorPrefix')}</span>
          {error}
        </p>
      ) : null}
      {ROLES.map((role) => (
        <Checkbox
          key={role}
          name={`${prefix}.roles.${role}`}
          label={t(`role.${role}`)}
          hint={t(`roleHint.${role}`)}
          checked={roles.includes(role)}
          onChecked={(checked) =>
            onChange(checked ? [...roles, role] : roles.filter((r) => r !== role))
          }
        />
      ))}
    </fieldset>
  );
}

function InviteForm({
  org,
  onDone,
}: {
  org: OrganisationData | null;
  onDone: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [formOfAddress, setFormOfAddress] = useState('');
  const [roles, setRoles] = useState<Role[]>(['coordinator']);
  const [localServiceId, setLocalServiceId] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!email.trim()) found.email = t('login.emailMissing');
    if (!displayName.trim()) found.displayName = t('form.fieldMissing');
    if (!roles.length) found['invite.roles.admin'] = t('users.rolesMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const answer = await api.post<Invitation>('/api/users', {
        email: email.trim(),
        displayName: displayName.trim(),
        formOfAddress: formOfAddress || null,
        roles,
        localServiceId: localServiceId || null,
      });
      setLink(answer.invitationLink);
      setEmail('');
      setDisplayName('');
      onDone(t('users.invitedMessage'));
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        if (fields.roles) fields['invite.roles.admin'] = fields.roles;
        setErrors(fields);
      }
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section
      id="inviter"
      title={t('users.inviteTitle')}
      actions={
        !open ? (
          <button
            type="button"
            className="button button-primary button-small"
            onClick={() => setOpen(true)}
          >
            {t('users.invite')}
          </button>
        ) : null
      }
    >
      {link ? (
        <p>
          {t('users.invitationLink')} <code className="break">{link}</code>
        </p>
      ) : null}
      {open ? (
        <form onSubmit={onSubmit} noValidate className="form">
          <p className="hint">{t('users.inviteIntro')}</p>
          <ErrorSummary
            errors={errors}
            message={message}
            labels={{
              email: t('login.email'),
              displayName: t('users.name'),
              'invite.roles.admin': t('users.roles'),
            }}
          />
          <TextField
            name="email"
            type="email"
            label={t('login.email')}
            required
            value={email}
            onValue={setEmail}
            error={errors.email}
            autoComplete="off"
          />
          <TextField
            name="displayName"
            label={t('users.name')}
            required
            value={displayName}
            onValue={setDisplayName}
            error={errors.displayName}
            autoComplete="off"
          />
          <FormOfAddressField
            name="formOfAddress"
            value={formOfAddress}
            onValue={setFormOfAddress}
            error={errors.formOfAddress}
          />
          <RoleCheckboxes
            prefix="invite"
            roles={roles}
            onChange={setRoles}
            error={errors['invite.roles.admin']}
          />
          <LocalServiceSelect
            org={org}
            name="localServiceId"
            hint={t('users.serviceHint')}
            value={localServiceId}
            onValue={setLocalServiceId}
            emptyLabel={t('users.allServices')}
          />
          <div className="form-actions">
            <SubmitButton busy={busy}>{t('users.sendInvitation')}</SubmitButton>
            <button type="button" className="button button-link" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}

function EditUserForm({
  user,
  org,
  self,
  onDone,
  onCancel,
}: {
  user: UserRow;
  org: OrganisationData | null;
  self: boolean;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  // The server stores only the roles its schema accepts (ROLES).
  const [roles, setRoles] = useState<Role[]>(user.roles as Role[]);
  const [formOfAddress, setFormOfAddress] = useState(user.formOfAddress ?? '');
  const [localServiceId, setLocalServiceId] = useState(user.localServiceId ?? '');
  const [disabled, setDisabled] = useState(isDisabled(user));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!roles.length) found['edit.roles.admin'] = t('users.rolesMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.patch(`/api/users/${user.id}`, {
        formOfAddress: formOfAddress || null,
        roles,
        localServiceId: localServiceId || null,
        disabled,
      });
      onDone(t('users.saved', { name: user.displayName }));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="modifier-compte" title={t('users.editTitle', { name: user.displayName })}>
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{ 'edit.roles.admin': t('users.roles') }}
      />
      <form onSubmit={onSubmit} noValidate className="form">
        <FormOfAddressField
          name="editFormOfAddress"
          value={formOfAddress}
          onValue={setFormOfAddress}
          error={errors.formOfAddress}
        />
        <RoleCheckboxes
          prefix="edit"
          roles={roles}
          onChange={setRoles}
          error={errors['edit.roles.admin']}
        />
        <LocalServiceSelect
          org={org}
          name="editLocalServiceId"
          value={localServiceId}
          onValue={setLocalServiceId}
          emptyLabel={t('users.allServices')}
        />
        <Checkbox
          name="disabled"
          label={t('users.disableAccount')}
          hint={self ? t('users.disableSelf') : t('users.disableHint')}
          checked={disabled}
          onChecked={setDisabled}
          disabled={self}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('personForm.save')}</SubmitButton>
          <button type="button" className="button button-link" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Section>
  );
}
