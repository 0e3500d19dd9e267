/**
 * Every data-retention rule of the platform, in one readable place. The purge job
 * (`convivialite purge`, src/server/retention/purge.ts) applies exactly these and nothing else.
 *
 * Personal files of people accompanied are NOT purged automatically yet: how long a service keeps
 * the file of someone who left (and whether it anonymises or erases it) is a decision of each
 * organisation's data protection officer, to be made a setting. Until then, erasure on request
 * is a manual act recorded in the audit log.
 */
export interface RetentionRule {
  /** What is removed, in plain words. */
  what: string;
  table: 'sessions' | 'auth_tokens' | 'login_attempts' | 'audit_log';
  /** SQL condition on the table's own columns, with `$days` replaced by `days`. */
  condition: string;
  days: number;
  why: string;
}

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    what: 'Expired sessions',
    table: 'sessions',
    condition: `expires_at < now() - make_interval(days => $days)`,
    days: 0,
    why: 'An expired session is useless; keeping it only widens what a leak would expose.',
  },
  {
    what: 'Used or expired invitation and password-reset links',
    table: 'auth_tokens',
    condition: `coalesce(used_at, expires_at) < now() - make_interval(days => $days)`,
    days: 30,
    why: 'Kept a month to answer "I never received / used this link", then removed.',
  },
  {
    what: 'Login attempts',
    table: 'login_attempts',
    condition: `at < now() - make_interval(days => $days)`,
    days: 90,
    why: 'Security log of sign-ins (CNIL recommends 6 months at most for such logs).',
  },
  {
    what: 'Audit trail (who saw and changed what)',
    table: 'audit_log',
    condition: `at < now() - make_interval(days => $days)`,
    days: 365 * 3,
    why: 'Traceability of access to social data; three years covers the contracts and audits of funders.',
  },
];
