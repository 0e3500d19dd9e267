/** Choosing a password from an e-mailed link: an invitation or a password reset. */
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { errorText } from '../ui/data.js';
import { ErrorMessage } from '../ui/Alert.js';
import { PASSWORD_MIN_LENGTH as MIN_LENGTH } from '../../domain/accounts/password-rules.js';

export function SetPasswordPage({ purpose }: { purpose: 'reset' | 'invitation' }) {
  const [params] = useSearchParams();
  const token = params.get('jeton') ?? '';
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title =
    purpose === 'invitation' ? t('setPassword.invitationTitle') : t('setPassword.resetTitle');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (password.length < MIN_LENGTH)
      found.password = t('setPassword.tooShort', { min: MIN_LENGTH });
    if (confirmation !== password) found.confirmation = t('setPassword.mismatch');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await api.post('/api/auth/set-password', { token, password });
      await refresh();
      navigate('/', { replace: true });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  if (!token) {
    return (
      <Page title={title} narrow>
        <ErrorMessage>{t('setPassword.noToken')}</ErrorMessage>
        <p>
          <Link to="/mot-de-passe-oublie">{t('setPassword.askAgain')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page
      title={title}
      narrow
      lead={
        <p>
          {purpose === 'invitation'
            ? t('setPassword.invitationIntro')
            : t('setPassword.resetIntro')}
        </p>
      }
    >
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{
          password: t('setPassword.password'),
          confirmation: t('setPassword.confirmation'),
        }}
      />
      <form onSubmit={onSubmit} noValidate className="form">
        <TextField
          name="password"
          label={t('setPassword.password')}
          hint={t('setPassword.hint', { min: MIN_LENGTH })}
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <TextField
          name="confirmation"
          label={t('setPassword.confirmation')}
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onValue={setConfirmation}
          error={errors.confirmation}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('setPassword.submit')}</SubmitButton>
        </div>
      </form>
      {message ? (
        <p>
          <Link to="/mot-de-passe-oublie">{t('setPassword.askAgain')}</Link>
        </p>
      ) : null}
    </Page>
  );
}
