/** Configuration from the environment, validated once at start with messages for operators. */
import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Fastify's `trustProxy`: which peers may say, in X-Forwarded-For, who the client is. `false`: none
 * (the client is the peer itself); a number: that many proxy hops; a list: those addresses or
 * ranges (and `loopback`, `linklocal`, `uniquelocal`); `true`: any peer (only when nothing but the
 * proxy can reach the server).
 */
const trustProxySchema = z.union([z.boolean(), z.number().int().min(1), z.array(z.string())]);
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(value: string | undefined): unknown {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const entries = text.split(',').map((entry) => entry.trim());
  const invalid = entries.filter((entry) => {
    if (PROXY_NAMES.has(entry)) return false;
    const [address = '', prefix] = entry.split('/');
    return !isIP(address) || (prefix !== undefined && !/^\d{1,3}$/.test(prefix));
  });
  if (invalid.length)
    throw new Error(
      `Invalid configuration: TRUST_PROXY must be true, false, a number of proxy hops or a comma-separated list of addresses/ranges (e.g. 10.0.0.1,10.0.1.0/24); not understood: ${invalid.join(', ')}`,
    );
  return entries;
}

const configSchema = z.object({
  mode: z.enum(['demo', 'production']),
  host: z.string(),
  port: z.coerce.number().int().min(0).max(65535),
  publicUrl: z.string().url(),
  databaseUrl: z.string().nullable(),
  dataDir: z.string(),
  smtpUrl: z.string().nullable(),
  mailFrom: z.string(),
  /**
   * The SMS operator's SMPP server (ADR 0032): `smpp://system_id:password@host:port` (`ssmpp://`
   * over TLS); null: SMS stay in their outbox, unsent, and the worker says so in its log.
   */
  smppUrl: z
    .string()
    .regex(
      /^s?smpp:\/\/[^:@/\s]+:[^@/\s]*@[^:/\s]+(:\d{1,5})?\/?$/,
      'SMPP_URL must read smpp://system_id:password@host:port (ssmpp:// for TLS)',
    )
    .nullable(),
  /** The sender of SMS: a number (replies come back to it) or a name of up to 11 characters. */
  smppSourceAddr: z.string().trim().min(1).max(20),
  geocoder: z.enum(['offline', 'ban']),
  banUrl: z.string().url(),
  /** OSRM server for road travel times in matching (table service); null: straight-line estimate. */
  osrmUrl: z.string().url().nullable(),
  /** Map tiles (`{z}/{x}/{y}`); null: maps show their markers and lines on a blank background. */
  tileUrl: z.string().nullable(),
  tileAttribution: z.string(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  sessionHours: z.coerce.number().positive(),
  /** Proxies trusted to name the client in X-Forwarded-For (Fastify `trustProxy`); see above. */
  trustProxy: trustProxySchema,
  /**
   * Sign-in limits (ADR 0014), failures within the window: per account from one address, per
   * account from anywhere, per address on any account.
   */
  loginMaxFailures: z.coerce.number().int().positive(),
  loginMaxFailuresPerAccount: z.coerce.number().int().positive(),
  loginMaxFailuresPerAddress: z.coerce.number().int().positive(),
  loginWindowMinutes: z.coerce.number().int().positive(),
  /** Password-reset requests per hour: per e-mail address asked for, per client address. */
  resetMaxPerEmail: z.coerce.number().int().positive(),
  resetMaxPerAddress: z.coerce.number().int().positive(),
  /** Improvement time the planner gets for one local service's week ("générer la semaine"). */
  planningSeconds: z.coerce.number().positive().max(600),
  /**
   * A running generation whose heartbeat is older than this belongs to a server that stopped: it
   * is failed and its week can be generated again (ADR 0017).
   */
  planningStaleSeconds: z.coerce.number().positive().max(3600),
  /** The same for an import being written: past it, the import is failed (ADR 0018). */
  importStaleSeconds: z.coerce.number().positive().max(3600),
  /**
   * Cron of a periodic job instead of its own (registry.ts), from `JOB_CRON_<NAME>`, e.g.
   * `JOB_CRON_SILENCE_SCAN="0 8-18 * * 1-5"` (Europe/Paris time).
   */
  jobCrons: z.record(z.string(), z.string().trim().min(9)),
  /** One import file as sent (CSV or XLSX), in bytes; the API's body limit follows it. */
  importMaxFileBytes: z.coerce
    .number()
    .int()
    .positive()
    .max(100 * 1024 * 1024),
  /** An XLSX once unzipped, all its parts (a zip bomb is refused past it), in bytes. */
  importMaxUncompressedBytes: z.coerce.number().int().positive(),
  /** Data rows and columns of one import file. */
  importMaxRows: z.coerce.number().int().positive(),
  importMaxColumns: z.coerce.number().int().positive(),
  /**
   * Reading one import file (in a worker thread, ADR 0021): past it the worker is stopped and the
   * file refused with a message; a file within the limits above reads in seconds.
   */
  importReadSeconds: z.coerce.number().positive().max(3600),
  /** `serve` also runs the background jobs (`on`), or serves HTTP only (`off`: run `worker` apart). */
  worker: z.enum(['on', 'off']),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Config> = {},
): Config {
  const port = env.PORT ?? '3000';
  const raw = {
    mode: env.CONVIVIALITE_MODE ?? (env.NODE_ENV === 'production' ? 'production' : 'demo'),
    host: env.HOST ?? '127.0.0.1',
    port,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || null,
    dataDir: env.DATA_DIR ?? './data',
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? 'Convivialité <ne-pas-repondre@convivialite.localhost>',
    smppUrl: env.SMPP_URL || null,
    smppSourceAddr: env.SMPP_SOURCE_ADDR || 'Convivial',
    geocoder: env.GEOCODER ?? 'offline',
    banUrl: env.BAN_URL ?? 'https://api-adresse.data.gouv.fr',
    osrmUrl: env.OSRM_URL || null,
    tileUrl:
      env.TILE_URL === undefined
        ? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
        : env.TILE_URL || null,
    tileAttribution: env.TILE_ATTRIBUTION ?? '© les contributeurs d’OpenStreetMap',
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionHours: env.SESSION_HOURS ?? '12',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    loginMaxFailures: env.LOGIN_MAX_FAILURES ?? '5',
    loginMaxFailuresPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? '20',
    loginMaxFailuresPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS ?? '50',
    loginWindowMinutes: env.LOGIN_WINDOW_MINUTES ?? '15',
    resetMaxPerEmail: env.PASSWORD_RESET_MAX_PER_EMAIL ?? '5',
    resetMaxPerAddress: env.PASSWORD_RESET_MAX_PER_ADDRESS ?? '30',
    planningSeconds: env.PLANNING_SECONDS ?? '5',
    planningStaleSeconds: env.PLANNING_STALE_SECONDS ?? '60',
    importStaleSeconds: env.IMPORT_STALE_SECONDS ?? '60',
    jobCrons: Object.fromEntries(
      Object.entries(env)
        .filter(([key, value]) => key.startsWith('JOB_CRON_') && value)
        .map(([key, value]) => [
          key.slice('JOB_CRON_'.length).toLowerCase().replace(/_/g, '-'),
          value,
        ]),
    ),
    importMaxFileBytes: env.IMPORT_MAX_FILE_BYTES ?? String(10 * 1024 * 1024),
    importMaxUncompressedBytes: env.IMPORT_MAX_UNCOMPRESSED_BYTES ?? String(50 * 1024 * 1024),
    importMaxRows: env.IMPORT_MAX_ROWS ?? '20000',
    importMaxColumns: env.IMPORT_MAX_COLUMNS ?? '200',
    importReadSeconds: env.IMPORT_READ_SECONDS ?? '120',
    worker: env.WORKER ?? 'on',
    ...overrides,
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  if (parsed.data.mode === 'production') refuseIncompleteProduction(env, overrides);
  return parsed.data;
}

/**
 * Production needs what demo mode invents: the address users reach (links in e-mails, Secure
 * cookies) and a real mail server (invitations and reset links are credentials). Nothing else is
 * secret: sessions are random tokens stored hashed in the database (ADR 0014), so every process
 * on the same database accepts them, across restarts, with no shared key to set.
 */
function refuseIncompleteProduction(env: NodeJS.ProcessEnv, overrides: Partial<Config>) {
  const required: [string, unknown, string][] = [
    [
      'PUBLIC_URL',
      env.PUBLIC_URL || overrides.publicUrl,
      'the address users reach the platform at (https://…), used in e-mailed links and for Secure cookies',
    ],
    [
      'SMTP_URL',
      env.SMTP_URL || overrides.smtpUrl,
      'the mail server (smtp://user:password@host:587) that sends invitations and password-reset links',
    ],
    [
      'MAIL_FROM',
      env.MAIL_FROM || overrides.mailFrom,
      'the sender of e-mails, on a domain the mail server may send for (Convivialité <ne-pas-repondre@example.fr>)',
    ],
  ];
  const missing = required.filter(([, value]) => !value);
  if (!missing.length) return;
  throw new Error(
    [
      `Cannot start in production mode: ${missing.map(([name]) => name).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set.`,
      ...missing.map(([name, , meaning]) => `  - ${name}: ${meaning}`),
      'Set them in the environment, or run the demo with CONVIVIALITE_MODE=demo.',
    ].join('\n'),
  );
}

/** The password every demo account shares; shown on the sign-in page in demo mode only. */
export const DEMO_PASSWORD = 'visites-oise-demo';
