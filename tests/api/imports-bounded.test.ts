/**
 * Imports that cannot hurt the server (issue 9, item 4): a zip bomb disguised as a spreadsheet is
 * refused quickly and without inflating it, even when its headers lie about its size. The bounds
 * (2 s, 100 MB) are the safety limits, generous on purpose: today's reader took 99 s and
 * 2.5 GB on such a file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { smallXlsx, zipBombXlsx } from '../helpers/zip-bomb.js';

let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
});
afterAll(async () => t?.close());

const MB = 1024 * 1024;
const request = (bytes: Buffer, mode = 'dry_run') => ({
  target: 'people',
  fileName: 'personnes.xlsx',
  contentBase64: bytes.toString('base64'),
  mode,
});

/** Sends the file and measures the time and the memory the server took to answer. */
async function sendMeasured(bytes: Buffer) {
  const body = request(bytes);
  globalThis.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const response = await coordinator.post('/api/imports', body);
  const elapsedMs = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { response, elapsedMs, rssGrowth: peakRss - before.rss };
}

describe('a spreadsheet that unzips to far more than it weighs', () => {
  it('the test writer makes real workbooks: a small one is read', async () => {
    const response = await coordinator.post('/api/imports', request(smallXlsx(3)));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ format: 'xlsx', totalRows: 3, validRows: 3 });
  });

  it('is refused with 400 and a French message, within 2 s and 100 MB, when it declares 300 MB', async () => {
    const bomb = await zipBombXlsx(300 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    const { response, elapsedMs, rssGrowth } = await sendMeasured(bomb);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({
      error: 'uncompressed_too_large',
      message: 'Le fichier dépasse la taille autorisée une fois décompressé (50 Mo).',
    });
    expect(elapsedMs).toBeLessThan(2000);
    expect(rssGrowth).toBeLessThan(100 * MB);
  });

  it('is refused the same way when its headers lie (declare 2 KB): the inflated bytes are counted', async () => {
    const bomb = await zipBombXlsx(300 * MB, { lie: true });
    const { response, elapsedMs, rssGrowth } = await sendMeasured(bomb);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body).toMatchObject({
      error: 'uncompressed_too_large',
      message: 'Le fichier dépasse la taille autorisée une fois décompressé (50 Mo).',
    });
    expect(elapsedMs).toBeLessThan(2000);
    expect(rssGrowth).toBeLessThan(100 * MB);
  });
});
