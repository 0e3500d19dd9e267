/** Configuration from the environment, validated once at start with messages for operators. */
import { z } from 'zod';

const configSchema = z.object({
  mode: z.enum(['demo', 'production']),
  host: z.string(),
  port: z.coerce.number().int().min(0).max(65535),
  publicUrl: z.string().url(),
  databaseUrl: z.string().nullable(),
  dataDir: z.string(),
  smtpUrl: z.string().nullable(),
  mailFrom: z.string(),
  geocoder: z.enum(['offline', 'ban']),
  banUrl: z.string().url(),
  /** OSRM server for road travel times in matching (table service); null: straight-line estimate. */
  osrmUrl: z.string().url().nullable(),
  /** Map tiles (`{z}/{x}/{y}`); null: maps show their markers and lines on a blank background. */
  tileUrl: z.string().nullable(),
  tileAttribution: z.string(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  sessionHours: z.coerce.number().positive(),
  /** Failed logins per e-mail address (and per IP, times 4) within the window before refusing. */
  loginMaxFailures: z.coerce.number().int().positive(),
  loginWindowMinutes: z.coerce.number().int().positive(),
  /** Improvement time the planner gets for one local service's week ("générer la semaine"). */
  planningSeconds: z.coerce.number().positive().max(600),
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
    loginMaxFailures: env.LOGIN_MAX_FAILURES ?? '5',
    loginWindowMinutes: env.LOGIN_WINDOW_MINUTES ?? '15',
    planningSeconds: env.PLANNING_SECONDS ?? '5',
    worker: env.WORKER ?? 'on',
    ...overrides,
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  return parsed.data;
}

/** The password every demo account shares; shown on the sign-in page in demo mode only. */
export const DEMO_PASSWORD = 'convivialite-demo';
