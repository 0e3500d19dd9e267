/** Sign-in. In demo mode, the demo accounts are listed with a button each that fills the form. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { t } from '../i18n/fr.js';
import { Page } from '../ui/Page.js';
import { Checkbox, ErrorSummary, TextField, type FieldErrors } from '../ui/form.js';
import { errorText } from '../ui/data.js';
import { InfoMessage } from '../ui/Alert.js';
import type { DemoAccounts as Accounts, SignedSession } from '../../domain/auth/api.js';
import { roleNames } from '../i18n/agreement.js';

type DemoAccounts = Accounts;

/** Only paths of this app: never an outside address passed in the link. */
function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

export function LoginPage() {
  const { session, signedIn, expired } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoAccounts | null>(null);
  const [filled, setFilled] = useState<string | null>(null);
  const submit = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    api
      .get<DemoAccounts>('/api/auth/demo-accounts', { signal: controller.signal })
      .then((data) => {
        if (data && Array.isArray(data.accounts) && data.accounts.length) setDemo(data);
      })
      .catch(() => setDemo(null));
    return () => controller.abort();
  }, []);

  if (session?.user) return <Navigate to={safeReturn(params.get('retour'))} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!email.trim()) found.email = t('login.emailMissing');
    if (!password) found.password = t('login.passwordMissing');
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const data = await api.post<SignedSession>('/api/auth/login', {
        email: email.trim(),
        password,
      });
      signedIn(data);
      navigate(safeReturn(params.get('retour')), { replace: true });
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.issues.length) setErrors(error.fieldErrors());
      setMessage(errorText(error));
    }
  }

  function fillWith(account: DemoAccounts['accounts'][number]) {
    setEmail(account.email);
    setPassword(demo?.password ?? '');
    setErrors({});
    setMessage(null);
    setFilled(account.displayName);
    submit.current?.focus();
  }

  return (
    <Page title={t('login.title')} narrow>
      {expired ? <InfoMessage>{t('login.expired')}</InfoMessage> : null}
      <ErrorSummary
        errors={errors}
        message={message}
        labels={{ email: t('login.email'), password: t('login.password') }}
      />
      <form onSubmit={onSubmit} noValidate className="form">
        <TextField
          name="email"
          label={t('login.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          required
          value={email}
          onValue={setEmail}
          error={errors.email}
        />
        <TextField
          name="password"
          label={t('login.password')}
          type={showPassword ? 'text' : 'password'}
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={errors.password}
        />
        <Checkbox
          name="showPassword"
          label={t('login.showPassword')}
          checked={showPassword}
          onChecked={setShowPassword}
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            ref={submit}
            aria-disabled={busy || undefined}
          >
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
          <Link to="/mot-de-passe-oublie">{t('login.forgot')}</Link>
        </div>
      </form>
      <p className="visually-hidden" role="status">
        {filled ? t('login.demoFilled', { name: filled }) : ''}
      </p>
      {demo ? (
        <section className="card demo" aria-labelledby="demo-titre">
          <h2 id="demo-titre">{t('login.demoTitle')}</h2>
          <p>{t('login.demoIntro')}</p>
          <p>
            {t('login.demoPassword')} <code>{demo.password}</code>
          </p>
          <ul className="demo-accounts">
            {demo.accounts.map((account) => (
              <li key={account.email}>
                <div>
                  <strong>{account.displayName}</strong>
                  <span className="muted">
                    {' '}
                    — {roleNames(account.roles, account.formOfAddress)}
                  </span>
                  <div className="muted small">{account.email}</div>
                </div>
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => fillWith(account)}
                >
                  {/* The visible words first, then whose account (WCAG 2.5.3). */}
                  {t('login.demoUse')}
                  <span className="visually-hidden">
                    {' '}
                    {t('login.demoUseWhose', { name: account.displayName })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
