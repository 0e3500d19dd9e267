/**
 * The first start of the demo (issue 11): the server listens, and serves the web app, before the
 * demo data is loaded (half a minute, a minute on a busy machine). Meanwhile the API and /healthz
 * answer 503 with Retry-After and a French sentence: the sign-in page says to wait instead of
 * failing, and a readiness probe (or a test) waits for the data.
 */
import type { FastifyInstance } from 'fastify';

const RETRY_AFTER_SECONDS = 5;

export const DEMO_LOADING_MESSAGE =
  'Les données de démonstration sont en cours de chargement (une minute environ) : réessayez dans un instant.';

/** While `loading()` is true, API requests and /healthz are answered 503; the app's files are not. */
export function holdApiWhile(app: FastifyInstance, loading: () => boolean): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!loading()) return;
    const path = request.url.split('?')[0]!;
    if (path !== '/healthz' && path !== '/api' && !path.startsWith('/api/')) return;
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('cache-control', 'no-store')
      .send({ error: 'demo_loading', message: DEMO_LOADING_MESSAGE });
  });
}
