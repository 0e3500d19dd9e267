/**
 * The BAN adapter against a real local HTTP server speaking the API's GeoJSON format (no network
 * beyond 127.0.0.1 in tests). What the street says decides how the fake API behaves.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BanGeocoder, type BanGeocoderOptions } from '../../src/geo/ban-geocoder.js';
import { createGeocoder } from '../../src/geo/index.js';
import { OfflineGeocoder } from '../../src/geo/offline-geocoder.js';

let server: Server;
let baseUrl: string;
const requests: URL[] = [];

const featureCollection = (score: number, type = 'housenumber') => ({
  type: 'FeatureCollection',
  version: 'draft',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.081178, 49.430081] },
      properties: {
        label: '1 Rue de la Madeleine 60000 Beauvais',
        score,
        housenumber: '1',
        id: '60057_2340_00001',
        name: '1 Rue de la Madeleine',
        postcode: '60000',
        citycode: '60057',
        x: 651472.5,
        y: 6927893.1,
        city: 'Beauvais',
        context: '60, Oise, Hauts-de-France',
        type,
        importance: 0.67,
        street: 'Rue de la Madeleine',
      },
    },
  ],
  attribution: 'BAN',
  licence: 'ETALAB-2.0',
  query: 'test',
  limit: 1,
});

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    if (!url.pathname.endsWith('/search/')) return void response.writeHead(404).end();
    const q = url.searchParams.get('q') ?? '';
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(body));
    };
    if (q.includes('panne')) return void response.writeHead(500).end('Internal Server Error');
    if (q.includes('silence')) return; // never answers: the adapter must time out
    if (q.includes('charabia')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      return void response.end('<html>maintenance</html>');
    }
    if (q.includes('rien')) return json({ type: 'FeatureCollection', features: [] });
    if (q.includes('vague')) return json(featureCollection(0.21));
    if (q.includes('lieu-dit')) return json(featureCollection(0.8, 'locality'));
    return json(featureCollection(0.93));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // The never-answering request keeps its socket open: close it, or close() waits forever.
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

// A generous timeout for the local server's answers: on a loaded CI machine the first request
// took over 300 ms and fell back. The timeout test sets its own short one.
const ANSWER_TIMEOUT_MS = 5_000;
const geocoder = (options: Partial<BanGeocoderOptions> = {}) =>
  new BanGeocoder({
    baseUrl,
    timeoutMs: ANSWER_TIMEOUT_MS,
    fallback: new OfflineGeocoder(),
    ...options,
  });

describe('BAN geocoder', () => {
  it('uses a good answer: BAN coordinates, INSEE code, house-number precision', async () => {
    const result = await geocoder().locate({
      street: '1 rue de la Madeleine',
      postalCode: '60000',
      commune: 'Beauvais',
    });
    expect(result).toEqual({
      status: 'located',
      lat: 49.430081,
      lon: 2.081178,
      precision: 'housenumber',
      inseeCode: '60057',
      communeName: 'Beauvais',
      postalCode: '60000',
      label: '1 Rue de la Madeleine 60000 Beauvais',
      source: 'ban',
    });
    const sent = requests.at(-1)!;
    expect(sent.pathname).toBe('/search/');
    expect(sent.searchParams.get('q')).toBe('1 rue de la Madeleine 60000 Beauvais');
    expect(sent.searchParams.get('postcode')).toBe('60000');
    expect(sent.searchParams.get('limit')).toBe('1');
  });

  it('sends a clean postal code and the INSEE code as filters, and keeps a base URL path', async () => {
    const prefixed = geocoder({ baseUrl: `${baseUrl}/adresse/` });
    await prefixed.locate({
      street: '2 rue du Moulin',
      postalCode: '1400',
      commune: 'Châtillon',
      inseeCode: '01093',
    });
    const sent = requests.at(-1)!;
    expect(sent.pathname).toBe('/adresse/search/');
    expect(sent.searchParams.get('postcode')).toBe('01400');
    expect(sent.searchParams.get('citycode')).toBe('01093');
  });

  it('maps a lieu-dit to street precision', async () => {
    const result = await geocoder().locate({
      street: 'lieu-dit La Mare',
      postalCode: '60000',
      commune: 'Beauvais',
    });
    expect(result).toMatchObject({ status: 'located', source: 'ban', precision: 'street' });
  });

  it('falls back to the gazetteer on a weak match', async () => {
    const result = await geocoder().locate({
      street: 'quelque part vague',
      postalCode: '60200',
      commune: 'Compiègne',
    });
    expect(result).toMatchObject({
      status: 'located',
      source: 'gazetteer',
      precision: 'commune',
      communeName: 'Compiègne',
      postalCode: '60200',
      inseeCode: null,
    });
  });

  it('honours a configured minimum score', async () => {
    const strict = geocoder({ minScore: 0.95 });
    expect(
      await strict.locate({
        street: '1 rue de la Madeleine',
        postalCode: '60000',
        commune: 'Beauvais',
      }),
    ).toMatchObject({ source: 'gazetteer' });
  });

  it('falls back on a server error', async () => {
    const result = await geocoder().locate({
      street: 'en panne',
      postalCode: '60200',
      commune: 'Compiègne',
    });
    expect(result).toMatchObject({
      status: 'located',
      source: 'gazetteer',
      communeName: 'Compiègne',
    });
  });

  it('falls back on a server that never answers, within the timeout', async () => {
    const started = Date.now();
    const result = await geocoder({ timeoutMs: 200 }).locate({
      street: 'silence radio',
      postalCode: '60200',
      commune: 'Compiègne',
    });
    expect(result).toMatchObject({ status: 'located', source: 'gazetteer' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('falls back on an unreadable answer, on no result, and on a closed port', async () => {
    const address = { postalCode: '60200', commune: 'Compiègne' };
    expect(await geocoder().locate({ ...address, street: 'charabia' })).toMatchObject({
      source: 'gazetteer',
    });
    expect(await geocoder().locate({ ...address, street: 'rien du tout' })).toMatchObject({
      source: 'gazetteer',
    });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = geocoder({ baseUrl: `http://127.0.0.1:${port}` });
    expect(await unreachable.locate({ ...address, street: '1 rue X' })).toMatchObject({
      source: 'gazetteer',
    });
  });

  it('tells the log why the BAN was not used', async () => {
    const logged: unknown[] = [];
    await geocoder({ log: (_message, detail) => logged.push(detail) }).locate({
      street: 'en panne',
      postalCode: '60200',
      commune: 'Compiègne',
    });
    expect(logged).toEqual([{ reason: expect.stringContaining('HTTP 500') }]);
  });

  it('flags an address nobody can locate, with a French reason, instead of throwing', async () => {
    const result = await geocoder().locate({
      street: 'en panne',
      postalCode: '60999',
      commune: 'Nulle Part',
    });
    expect(result.status).toBe('to_locate');
    if (result.status !== 'to_locate') return;
    expect(result.reason).toMatch(/Nulle Part.*inconnue/);
    expect(result.reason).toMatch(/Base Adresse Nationale.*HTTP 500/);

    const ambiguous = await geocoder().locate({ street: 'rien du tout', postalCode: '60130' });
    expect(ambiguous).toMatchObject({
      status: 'to_locate',
      reason: expect.stringMatching(/précisez la commune/),
    });
    expect(await geocoder().locate({})).toMatchObject({ status: 'to_locate' });
  });

  it('is built by createGeocoder, offline by default', async () => {
    expect(createGeocoder().name).toBe('gazetteer');
    expect(createGeocoder({ geocoder: 'offline' }).name).toBe('gazetteer');
    const ban = createGeocoder({ geocoder: 'ban', banUrl: baseUrl, timeoutMs: ANSWER_TIMEOUT_MS });
    expect(ban.name).toBe('ban');
    expect(
      await ban.locate({
        street: '1 rue de la Madeleine',
        postalCode: '60000',
        commune: 'Beauvais',
      }),
    ).toMatchObject({ source: 'ban', inseeCode: '60057' });
  });
});
