/**
 * HTTP hardening (ADR 0016): security headers and a strict Content-Security-Policy, compression,
 * cache headers of the built web app, 503 while the database is unreachable, `/healthz`, and the
 * logger's redaction of secrets (session cookies, CSRF tokens, e-mailed links, calendar links).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { execute } from '../../db/database.js';
import type { AppServices } from './context.js';

// ---------------------------------------------------------------- headers

/**
 * Where map tiles may come from, as CSP sources: the origin of the configured tile template
 * (`{s}` subdomains become `*.`). A relative template is served by us ('self' covers it).
 */
export function tileSources(tileUrl: string | null): string[] {
  if (!tileUrl) return [];
  const match = /^(https?):\/\/([^/?#]+)/i.exec(tileUrl);
  if (!match) return [];
  const host = match[2]!.replace(/\{[^}]*\}/g, '*');
  if (/^(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(host)) return [`${match[1]}://${host}`];
  // A placeholder elsewhere in the host: only the scheme can be named.
  return [`${match[1]}:`];
}

const https = (publicUrl: string) => publicUrl.toLowerCase().startsWith('https:');

/** The web app's policy: nothing inline for scripts, no framing, requests to ourselves only. */
function contentSecurityPolicy(config: AppServices['config']) {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    // Vite emits one external module script and no inline script (dist/web/index.html).
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    // Leaflet and React set styles through the CSSOM (element.style), which CSP does not govern:
    // no 'unsafe-inline' is needed, the browser test checks that no violation is reported.
    'style-src': ["'self'"],
    // data: for the marker and control images Leaflet's stylesheet inlines.
    'img-src': ["'self'", 'data:', ...tileSources(config.tileUrl)],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'manifest-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(https(config.publicUrl) ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * The API documentation (Swagger UI, /api/docs) gets its own policy: its renderer writes inline
 * style attributes, so 'unsafe-inline' is granted for styles there only; scripts stay 'self'.
 */
export const swaggerUiCsp = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Vite's content-hashed build output (`/assets/name-[hash].ext`): never changes under its name. The
 * build's compressed copies (`.br`, `.gz`) are the files actually sent to most browsers.
 */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;

/**
 * Cache headers of the web app's files (the `setHeaders` of @fastify/static): hashed assets are
 * cached for a year; everything else (index.html, the service worker, the manifest, icons) is
 * revalidated on each use, so a deployment is picked up at once.
 */
export function webAssetHeaders(reply: FastifyReply, path: string) {
  reply.header(
    'cache-control',
    HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

// ---------------------------------------------------------------- the database is unreachable

/** Seconds a client is asked to wait while the database is unreachable (a restart takes a few). */
const RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  '53300', // too_many_connections (and the embedded database's queue: no turn in time)
]);

/** Messages of node-postgres and its pool that carry no code. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end/i;

/**
 * The error (or one it wraps: Drizzle's query error, an AggregateError of the addresses tried) says
 * that the database cannot be reached, rather than that a query is wrong.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

const UNAVAILABLE_MESSAGE = 'Service momentanément indisponible, réessayez dans un instant.';

/** 503 with Retry-After: the client (and a load balancer) waits instead of seeing a failure. */
export function sendDatabaseUnavailable(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
) {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  request.log.warn(`Database unreachable, answering 503 (${reason})`);
  return reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .send({ error: 'unavailable', message: UNAVAILABLE_MESSAGE });
}

// ---------------------------------------------------------------- logs

const SECRET_PATH = /(\/api\/ical\/)[^\s?#"]+/g;
const SECRET_QUERY = /([?&](?:jeton|token)=)[^\s&#"]*/gi;

/** A URL, or a message naming one: calendar links and e-mailed link tokens removed. */
function redactUrl(text: string): string {
  return text.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'headers["x-csrf-token"]',
  // Drizzle's query errors carry the query's parameters: personal data, hashes of secrets.
  'err.params',
  'err.cause.params',
  ...['password', 'passwordHash', 'token', 'tokenHash', 'csrfToken', 'jeton', 'cookie'].flatMap(
    (key) => [key, `*.${key}`],
  ),
];

/** Drizzle writes the parameters into its error message too. */
const PARAMS_LINE = /\nparams: [^\n]*/g;

function errorSerializer(error: Error) {
  const serialized = pino.stdSerializers.err(error);
  if (serialized?.message)
    serialized.message = serialized.message.replace(PARAMS_LINE, '\nparams: [redacted]');
  if (serialized?.stack)
    serialized.stack = serialized.stack.replace(PARAMS_LINE, '\nparams: [redacted]');
  return serialized;
}

/** Pino options for the server's logger: secrets never reach the log. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Messages too: Fastify's own "Route GET:/… not found" names the URL.
    hooks: {
      logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? redactUrl(arg) : arg)),
        );
      },
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
      }),
      err: errorSerializer,
    },
  };
}

// ---------------------------------------------------------------- the plugin

async function hardeningPlugin(app: FastifyInstance, services: AppServices) {
  const { config } = services;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config) },
    // HSTS only behind HTTPS: on plain HTTP (demo, a local machine) it would be ignored at best.
    strictTransportSecurity: https(config.publicUrl)
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    // Tile servers (OpenStreetMap's policy) want a Referer: they get our origin only, never a
    // path, which may hold a link token (`?jeton=`).
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
  });
  // Text, JSON, JavaScript, CSS over 1 KiB; images and other compressed types are left as they are.
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'] });

  // API answers hold personal data: no copy in the browser's cache (a shared office computer).
  // A route that sets its own policy (the calendar feed) keeps it.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  app.get('/healthz', async (request, reply) => {
    try {
      await execute(services.db, sql`select 1`);
      return { ok: true };
    } catch (error) {
      return sendDatabaseUnavailable(request, reply, error);
    }
  });
}

/** Registered first in app.ts: its headers and compression apply to every route. */
export const hardening = fp(hardeningPlugin, { name: 'hardening' });
