/** Asks for a reset link; the answer is the same whether or not the account exists. */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { ErrorSummary, SubmitButton, TextField, type FieldErrors } from '../ui/form.js';
import { errorText } from '../ui/data.js';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setMessage(null);
    if (!email.trim()) {
      setErrors({ email: t('login.emailMissing') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const answer = await api.post<{ message?: string }>('/api/auth/password-reset', {
        email: email.trim(),
      });
      setDone(answer?.message ?? t('forgot.sent'));
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('forgot.title')} narrow lead={<p>{t('forgot.intro')}</p>}>
      <div role="status" className={done ? 'alert alert-success' : undefined}>
        {done}
      </div>
      <ErrorSummary errors={errors} message={message} labels={{ email: t('login.email') }} />
      <form onSubmit={onSubmit} noValidate className="form">
        <TextField
          name="email"
          label={t('login.email')}
          type="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          required
          value={email}
          onValue={setEmail}
          error={errors.email}
        />
        <div className="form-actions">
          <SubmitButton busy={busy}>{t('forgot.submit')}</SubmitButton>
          <Link to="/connexion">{t('forgot.back')}</Link>
        </div>
      </form>
    </Page>
  );
}
