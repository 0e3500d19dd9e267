/** The LSNS-6 score and the eligibility decision with every reason, as recorded. */
import { t } from '../i18n/fr.js';
import { Badge } from '../ui/Badge.js';
import type { DecisionReason, Lsns6Score } from '../../domain/people/api.js';

function decisionLabel(decision: string): string {
  switch (decision) {
    case 'eligible':
      return t('decision.eligible');
    case 'not_eligible':
      return t('decision.not_eligible');
    case 'incomplete':
      return t('decision.incomplete');
    default:
      return decision;
  }
}

export function DecisionBadge({ decision }: { decision: string }) {
  const tone =
    decision === 'eligible' ? 'success' : decision === 'not_eligible' ? 'danger' : 'warning';
  return <Badge tone={tone}>{decisionLabel(decision)}</Badge>;
}

function reasonState(reason: DecisionReason): string {
  if (reason.kind === 'context') return t('decision.context');
  if (reason.met === true) return t('decision.met');
  if (reason.met === false) return t('decision.notMet');
  return t('decision.unknown');
}

export function ReasonList({ reasons }: { reasons: DecisionReason[] }) {
  if (!reasons.length) return null;
  return (
    <ul className="reasons">
      {reasons.map((reason, index) => (
        <li
          key={`${reason.code}-${index}`}
          className={
            reason.kind === 'context'
              ? 'reason-context'
              : reason.met === true
                ? 'reason-met'
                : reason.met === false
                  ? 'reason-not-met'
                  : 'reason-unknown'
          }
        >
          <span className="reason-state">{reasonState(reason)}</span> {reason.message}
        </li>
      ))}
    </ul>
  );
}

export function ScoreSummary({ score }: { score: Lsns6Score }) {
  const isolated =
    score.isolated ?? (score.threshold !== undefined ? score.total < score.threshold : undefined);
  return (
    <dl className="facts">
      <div>
        <dt>{t('evaluation.total')}</dt>
        <dd>
          <strong>{t('evaluation.totalValue', { total: score.total })}</strong>
        </dd>
      </div>
      {score.familySubscale !== undefined && score.friendsSubscale !== undefined ? (
        <div>
          <dt>{t('evaluation.subscales')}</dt>
          <dd>
            {t('evaluation.subscalesValue', {
              family: score.familySubscale,
              friends: score.friendsSubscale,
            })}
          </dd>
        </div>
      ) : null}
      {isolated !== undefined ? (
        <div>
          <dt>{t('evaluation.isolation')}</dt>
          <dd>
            <Badge tone={isolated ? 'warning' : 'neutral'}>
              {isolated ? t('evaluation.isolated') : t('evaluation.notIsolated')}
            </Badge>
            {score.threshold !== undefined ? (
              <span className="muted">
                {' '}
                {t('evaluation.threshold', { threshold: score.threshold })}
              </span>
            ) : null}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
