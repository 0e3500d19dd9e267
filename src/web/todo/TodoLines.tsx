/**
 * The lines of « À faire »: each a link to the place to act (the person's file at the match panel,
 * the visitor's journey, the alert), with its due date in French, its urgency, the phone to dial
 * and the last contact.
 */
import { Link } from 'react-router-dom';
import type { TodoLineView } from '../../domain/todo/api.js';
import { enumLabel, t, type MessageKey } from '../i18n/fr.js';
import { formatDate, formatLongDate } from '../i18n/format.js';
import { Badge, type BadgeTone } from '../ui/Badge.js';
import { Phone } from '../ui/Phone.js';

const URGENCY_TONES: Record<string, BadgeTone> = {
  overdue: 'danger',
  today: 'warning',
  soon: 'info',
};

const SEVERITY_TONES: Record<string, BadgeTone> = {
  urgent: 'danger',
  high: 'warning',
  medium: 'info',
  low: 'neutral',
};

export function UrgencyBadge({ urgency }: { urgency: string }) {
  return (
    <Badge tone={URGENCY_TONES[urgency] ?? 'neutral'}>{enumLabel('todo.urgency', urgency)}</Badge>
  );
}

/** « Dernier contact le 02/12/2026 : appel passé, pas de réponse ». */
export function lastContactText(
  contact: { occurredAt: string; channel: string; outcome: string } | null | undefined,
) {
  if (!contact) return null;
  return t('todo.lastContact', {
    date: formatDate(contact.occurredAt),
    channel: enumLabel('todo.channel', contact.channel),
    outcome: enumLabel('todo.outcome', contact.outcome),
  });
}

/** When the line is due, in the section's words. */
function dueText(line: TodoLineView): string | null {
  if (line.section === 'alerts' || line.section === 'documentsMissing' || !line.dueOn) return null;
  const date = formatLongDate(line.dueOn);
  if (line.section === 'documentsExpiring')
    return line.urgency === 'overdue'
      ? t('todo.due.documentsExpired', { date })
      : t('todo.due.documentsExpiring', { date });
  if (line.section === 'firstMeetings')
    return t('todo.due.firstMeetings', { date, time: line.time ?? '' });
  return t(`todo.due.${line.section}` as MessageKey, { date });
}

/** What the line is about besides its subject: the unit, the carer, the documents, the alert. */
function detailText(line: TodoLineView): string | null {
  switch (line.section) {
    case 'callbacks':
      return line.label ? t('todo.carer', { name: line.label }) : null;
    case 'trials':
    case 'reviews':
      return line.label ? t('todo.unit', { unit: line.label }) : null;
    case 'documentsExpiring':
      return line.label ?? null;
    case 'documentsMissing':
      return line.label ? t('todo.missing', { documents: line.label }) : null;
    case 'suspensionsEnding':
      return line.label ?? null;
    case 'applications':
      return [
        enumLabel('todo.stage', line.code),
        line.label ? enumLabel('todo.source', line.label) : null,
      ]
        .filter(Boolean)
        .join(', ');
    case 'alerts':
      return line.label ? t('todo.about', { name: line.label }) : null;
    case 'firstMeetings':
      return line.label ?? null;
  }
}

function TodoLineItem({ line }: { line: TodoLineView }) {
  const due = dueText(line);
  const detail = detailText(line);
  const contact = lastContactText(line.lastContact);
  return (
    <li className={`todo-line todo-${line.urgency}`}>
      <div className="todo-line-head">
        <Link to={line.href} className="todo-line-link">
          {line.name}
        </Link>{' '}
        {line.section === 'alerts' && line.severity ? (
          <Badge tone={SEVERITY_TONES[line.severity] ?? 'neutral'}>
            {enumLabel('alertSeverity', line.severity)}
          </Badge>
        ) : line.section === 'documentsMissing' ? null : (
          <UrgencyBadge urgency={line.urgency} />
        )}
      </div>
      {due ? <p className="todo-line-due">{due}</p> : null}
      {detail ? <p className="todo-line-detail">{detail}</p> : null}
      {line.phone ? (
        <p className="todo-line-phone">
          <span className="visually-hidden">{t('todo.phone')} : </span>
          <Phone number={line.phone} />
        </p>
      ) : null}
      {contact ? <p className="todo-line-detail muted">{contact}</p> : null}
    </li>
  );
}

export function TodoLineList({ lines }: { lines: readonly TodoLineView[] }) {
  return (
    <ul className="todo-lines">
      {lines.map((line) => (
        <TodoLineItem key={`${line.section}-${line.id}`} line={line} />
      ))}
    </ul>
  );
}
