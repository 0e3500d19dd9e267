/**
 * Form fields with their label, hint and error always wired together (aria-describedby,
 * aria-invalid), and the error summary that lists every problem with a link to its field.
 */
import {
  useEffect,
  useId,
  useRef,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { t } from '../i18n/fr.js';

/** The DOM id of a field from its name ("phones.0.number" → "champ-phones-0-number"). */
function fieldId(name: string): string {
  return 'champ-' + name.replace(/[^a-zA-Z0-9_-]/g, '-');
}

export type FieldErrors = Record<string, string | undefined>;

function describedBy(name: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [
    hint ? `${fieldId(name)}-aide` : null,
    error ? `${fieldId(name)}-erreur` : null,
  ].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Hint({ name, hint }: { name: string; hint?: ReactNode }) {
  return hint ? (
    <div className="hint" id={`${fieldId(name)}-aide`}>
      {hint}
    </div>
  ) : null;
}

function FieldError({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p className="field-error" id={`${fieldId(name)}-erreur`}>
      <span className="visually-hidden">{t('form.errorPrefix')}</span>
      {error}
    </p>
  ) : null;
}

function Label({
  name,
  label,
  required,
  plain,
}: {
  name: string;
  label: ReactNode;
  required?: boolean;
  plain?: boolean;
}) {
  return (
    <label htmlFor={fieldId(name)}>
      {label}
      {required ? (
        <span className="required"> {t('form.required')}</span>
      ) : plain ? null : (
        <span className="optional"> {t('form.optional')}</span>
      )}
    </label>
  );
}

interface BaseProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  className?: string;
  /** Search and filter fields: no "(facultatif)" mark. */
  plain?: boolean;
}

export function TextField({
  name,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  className,
  plain,
  ...rest
}: BaseProps & { value: string; onValue: (value: string) => void } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'value' | 'onChange' | 'name' | 'id'
  >) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <Label name={name} label={label} required={required} plain={plain} />
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      <input
        id={fieldId(name)}
        name={name}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        aria-required={required || undefined}
        {...rest}
      />
    </div>
  );
}

export function TextArea({
  name,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  className,
  plain,
  ...rest
}: BaseProps & { value: string; onValue: (value: string) => void } & Omit<
    TextareaHTMLAttributes<HTMLTextAreaElement>,
    'value' | 'onChange' | 'name' | 'id'
  >) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <Label name={name} label={label} required={required} plain={plain} />
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      <textarea
        id={fieldId(name)}
        name={name}
        value={value}
        rows={4}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        aria-required={required || undefined}
        {...rest}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  name,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  options,
  emptyLabel,
  className,
  plain,
  ...rest
}: BaseProps & {
  value: string;
  onValue: (value: string) => void;
  options: Option[];
  /** When set, a first option with an empty value. */
  emptyLabel?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'name' | 'id'>) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <Label name={name} label={label} required={required} plain={plain} />
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      <select
        id={fieldId(name)}
        name={name}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        aria-required={required || undefined}
        {...rest}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox({
  name,
  label,
  hint,
  error,
  checked,
  onChecked,
  disabled,
}: Omit<BaseProps, 'required'> & {
  checked: boolean;
  onChecked: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <div className={`checkbox${error ? ' field-invalid' : ''}`}>
      <input
        type="checkbox"
        id={fieldId(name)}
        name={name}
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChecked(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
      <label htmlFor={fieldId(name)}>{label}</label>
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
    </div>
  );
}

export interface RadioOption extends Option {
  hint?: ReactNode;
  disabled?: boolean;
}

/** A group of radio buttons in a fieldset; the arrow keys move between the options. */
export function RadioGroup({
  name,
  legend,
  hint,
  error,
  required,
  value,
  onValue,
  options,
  inline,
  legendClassName,
}: Omit<BaseProps, 'label'> & {
  legend: ReactNode;
  value: string;
  onValue: (value: string) => void;
  options: RadioOption[];
  inline?: boolean;
  legendClassName?: string;
}) {
  const groupId = fieldId(name);
  // The first option that can be chosen carries the field's id, so an error link lands in the group.
  const anchor = Math.max(
    0,
    options.findIndex((option) => !option.disabled),
  );
  return (
    <fieldset
      className={`radios${inline ? ' radios-inline' : ''}${error ? ' field-invalid' : ''}`}
      aria-describedby={describedBy(name, hint, error)}
      id={`${groupId}-groupe`}
    >
      <legend className={legendClassName}>
        {legend}
        {required ? <span className="required"> {t('form.required')}</span> : null}
      </legend>
      <Hint name={name} hint={hint} />
      <FieldError name={name} error={error} />
      <div className="radios-options">
        {options.map((option, index) => {
          const id = index === anchor ? groupId : `${groupId}-${option.value || 'vide'}`;
          return (
            <div className="radio" key={option.value}>
              <input
                type="radio"
                id={id}
                name={name}
                value={option.value}
                checked={value === option.value}
                disabled={option.disabled}
                onChange={() => onValue(option.value)}
                aria-describedby={option.hint ? `${id}-aide` : undefined}
              />
              <label htmlFor={id}>{option.label}</label>
              {option.hint ? (
                <div className="hint" id={`${id}-aide`}>
                  {option.hint}
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Focuses a field by name (used by the error summary's links). */
function focusField(name: string): void {
  const element = document.getElementById(fieldId(name));
  if (element) {
    element.focus();
    element.scrollIntoView({ block: 'center' });
  }
}

/**
 * The list of problems at the top of a form, focused when it appears, each linking to its field.
 * `labels` gives the field names in plain French; unknown fields are listed without a link.
 */
export function ErrorSummary({
  errors,
  message,
  labels = {},
}: {
  errors: FieldErrors;
  message?: string | null;
  labels?: Record<string, string>;
}) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const entries = Object.entries(errors).filter((entry): entry is [string, string] => !!entry[1]);
  const visible = entries.length > 0 || !!message;
  const signature = `${message ?? ''}|${entries.map(([k, v]) => k + v).join('|')}`;
  useEffect(() => {
    if (visible) box.current?.focus();
  }, [visible, signature]);
  if (!visible) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={box} aria-labelledby={titleId}>
      <h2 id={titleId}>{t('form.summaryTitle')}</h2>
      {message ? <p>{message}</p> : null}
      {entries.length ? (
        <ul>
          {entries.map(([name, error]) => (
            <li key={name}>
              {document.getElementById(fieldId(name)) ? (
                <a
                  href={`#${fieldId(name)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusField(name);
                  }}
                >
                  {labels[name] ? `${labels[name]} : ${error}` : error}
                </a>
              ) : (
                <span>{labels[name] ? `${labels[name]} : ${error}` : error}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function SubmitButton({
  busy,
  children,
  busyLabel,
}: {
  busy?: boolean;
  children: ReactNode;
  busyLabel?: string;
}) {
  return (
    // Never disabled: a disabled button would lose the keyboard focus; the form ignores a second submit.
    <button type="submit" className="button button-primary" aria-disabled={busy || undefined}>
      {busy ? (busyLabel ?? t('common.sending')) : children}
    </button>
  );
}
