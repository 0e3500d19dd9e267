/**
 * The Fastify application: one plugin per capability, all behind the guard (session, CSRF and the
 * route's declared action). Validation and the OpenAPI document come from the same Zod schemas.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from './http/errors.js';
import { guard } from './http/guard.js';
import {
  hardening,
  isDatabaseUnavailable,
  loggerOptions,
  sendDatabaseUnavailable,
  swaggerUiCsp,
  webAssetHeaders,
} from './http/hardening.js';
import { refuseBadInput, strictValidatorCompiler } from './http/validation.js';
import type { AppServices } from './http/context.js';
import type { Config } from './config.js';
import { authRoutes } from './auth/routes.js';
import { peopleRoutes } from './people/routes.js';
import { visitorRoutes } from './visitors/routes.js';
import { referralRoutes } from './referrals/routes.js';
import { importRoutes } from './imports/routes.js';
import { geoRoutes } from './geo/routes.js';
import { organisationRoutes } from './organisations/routes.js';
import { userRoutes } from './users/routes.js';
import { auditRoutes } from './audit/routes.js';
import { describeIssue, plainFrenchErrorMap } from '../domain/common/zod-fr.js';
import { matchingRoutes } from './matching/routes.js';
import { matchRoutes } from './matches/routes.js';
import { planningRoutes } from './planning/routes.js';
import { visitRoutes } from './visits/routes.js';
import { alertRoutes } from './alerts/routes.js';
import { rightsRoutes } from './rights/routes.js';
import { erasureRoutes } from './rights/erasure-routes.js';
import { retentionRoutes } from './rights/retention-routes.js';
import { exportRoutes } from './exports/routes.js';
import { contactRoutes } from './contacts/routes.js';
import { trainingRoutes } from './training/routes.js';
import { todoRoutes } from './todo/routes.js';
import { journeyRoutes } from './journey/routes.js';
import { professionalRoutes } from './professionals/routes.js';
import { helpRequestRoutes } from './help-requests/routes.js';
import { neighbourRoutes } from './neighbours/routes.js';

// User-facing validation messages in plain French (the locale stays as the last resort).
z.config(z.locales.fr());
z.config({ customError: plainFrenchErrorMap });

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface BuildAppOptions {
  logger?: boolean | object;
}

/** A hop count as Fastify applies it (its types omit the number form). */
function trustProxyOption(value: Config['trustProxy']) {
  if (typeof value !== 'number') return value;
  return (_address: string, hop: number) => hop < value;
}

export async function buildApp(
  services: AppServices,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // Redaction and the request serializer always apply (http/hardening.ts); tests add a stream.
    logger:
      options.logger === false
        ? false
        : {
            ...loggerOptions(services.config.logLevel),
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    // X-Forwarded-For is believed only from the proxies TRUST_PROXY names: from anyone else it
    // would let a client choose the address the sign-in limits count (ADR 0014).
    trustProxy: trustProxyOption(services.config.trustProxy),
    bodyLimit: 1024 * 1024,
  });
  // Bodies are validated strictly (unknown keys refused); see http/validation.ts.
  app.setValidatorCompiler(strictValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.flatMap((issue) => {
        const segments = String(issue.instancePath).split('/').filter(Boolean);
        const path = [error.validationContext, ...segments].join('.');
        // An unknown key: one issue per key, naming it (`Champ inconnu : body.phones.0.foo`). A
        // form never sends one: it is a program's mistake, and the path is what helps there.
        const keys =
          issue.keyword === 'unrecognized_keys'
            ? (issue.params as { keys?: unknown }).keys
            : undefined;
        if (Array.isArray(keys))
          return keys.map((key) => ({
            ...describeIssue(error.validationContext ?? '', [...segments, String(key)], ''),
            message: `Champ inconnu : ${path}.${String(key)}`,
            unknownKey: true,
          }));
        // Everything else is said to people: the field's French label and a plain sentence.
        return [
          {
            ...describeIssue(
              error.validationContext ?? '',
              segments,
              issue.message ?? 'Ce champ est mal rempli.',
            ),
            unknownKey: false,
          },
        ];
      });
      return reply.code(400).send({
        error: 'invalid_input',
        message: `Données invalides : ${issues.map((i) => (i.unknownKey ? i.message : `${i.label} : ${i.message}`)).join(' ; ')}`,
        issues: issues.map(({ path, field, label, message }) => ({ path, field, label, message })),
      });
    }
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) request.log.error(error);
      return reply
        .code(error.statusCode)
        .send({ error: error.code, message: error.userMessage, ...error.extra });
    }
    const fastifyError = error as { statusCode?: number; code?: string; message?: string };
    if (fastifyError.statusCode === 413) {
      return reply.code(413).send({
        error: 'too_large',
        message: 'Le fichier ou les données envoyés sont trop volumineux.',
      });
    }
    if (
      fastifyError.statusCode &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      request.log.info({ err: error }, 'client error');
      return reply.code(fastifyError.statusCode).send({
        error: fastifyError.code ?? 'bad_request',
        message: 'Requête invalide : le format des données envoyées n’est pas reconnu.',
      });
    }
    if (isDatabaseUnavailable(error)) return sendDatabaseUnavailable(request, reply, error);
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: 'internal',
      message: 'Une erreur interne est survenue. L’équipe technique a été prévenue.',
    });
  });

  await app.register(hardening, services);
  if (services.config.mode === 'production' && services.config.trustProxy === false) {
    app.log.warn(
      'TRUST_PROXY is not set: client addresses are those of the direct peer. Behind a load balancer or reverse proxy, set TRUST_PROXY (its address, or the number of hops) so that the sign-in limits count each client, not the proxy.',
    );
  }
  // No signing secret: the session cookie is a random token the database knows only hashed
  // (ADR 0014), so any process on the database accepts it, before and after a restart.
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Convivialité API',
        description:
          'API JSON de la plateforme Convivialité. Authentification par cookie de session ; les requêtes qui modifient exigent l’en-tête X-CSRF-Token.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: swaggerUiCsp });
  await app.register(guard, services);
  refuseBadInput(app);

  await app.register(authRoutes, services);
  await app.register(peopleRoutes, services);
  await app.register(visitorRoutes, services);
  await app.register(referralRoutes, services);
  await app.register(importRoutes, services);
  await app.register(geoRoutes, services);
  await app.register(organisationRoutes, services);
  await app.register(userRoutes, services);
  await app.register(auditRoutes, services);
  await app.register(matchingRoutes, services);
  await app.register(matchRoutes, services);
  await app.register(planningRoutes, services);
  await app.register(visitRoutes, services);
  await app.register(alertRoutes, services);
  await app.register(rightsRoutes, services);
  await app.register(erasureRoutes, services);
  await app.register(retentionRoutes, services);
  await app.register(exportRoutes, services);
  await app.register(contactRoutes, services);
  await app.register(trainingRoutes, services);
  await app.register(todoRoutes, services);
  await app.register(journeyRoutes, services);
  await app.register(professionalRoutes, services);
  await app.register(helpRequestRoutes, services);
  await app.register(neighbourRoutes, services);

  // The web app (built by Vite); every non-API path serves index.html so client routes work.
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      // The build's .br and .gz copies (src/web/vite.config.ts): sent as they are, not recompressed.
      preCompressed: true,
      setHeaders: webAssetHeaders,
    });
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.code(404).send({ error: 'not_found', message: 'Adresse d’API inconnue.' });
      }
      // A missing hashed asset (an older or newer build) is a 404, never index.html as script.
      if (request.url.startsWith('/assets/')) {
        return reply.code(404).send({ error: 'not_found', message: 'Fichier introuvable.' });
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}
