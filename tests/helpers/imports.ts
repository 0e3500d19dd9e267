/**
 * Sending an import and following it to its end, as the import screen does: an accepted import
 * answers `started` and a job writes it; the screen polls GET /api/imports/:id.
 */
import type { Client } from './app.js';

export interface ImportRunView {
  status: 'pending' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  created: number;
  skipped: number;
  toLocate: number;
  error: string | null;
}

/** Polls the import until it is finished (done or failed). */
export async function waitForImport(
  client: Client,
  importId: string,
  timeoutMs = 300_000,
): Promise<ImportRunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.get(`/api/imports/${importId}`);
    if (response.status !== 200)
      throw new Error(
        `GET /api/imports/${importId}: ${response.status} ${JSON.stringify(response.body)}`,
      );
    const run = response.body as ImportRunView;
    if (run.status === 'done' || run.status === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * POST /api/imports; when the import is accepted, waits for its job and gives the report as the
 * screen ends up showing it: outcome `imported` (or the run's status), the records created.
 */
export async function postImport(client: Client, body: unknown) {
  const response = await client.post('/api/imports', body);
  if (response.status !== 200 || response.body?.outcome !== 'started') return response;
  const run = await waitForImport(client, response.body.importId);
  return {
    ...response,
    started: response.body,
    run,
    body: {
      ...response.body,
      outcome: run.status === 'done' ? 'imported' : run.status,
      created: run.created,
      toLocate: run.toLocate,
      alreadyPresent: run.skipped,
      skipped: response.body.totalRows - run.created,
    },
  };
}
