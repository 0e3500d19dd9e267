/**
 * `npm run bench:phone`: the visitor's day on a phone over a slow mobile link (issue 11). Starts the
 * real server (`convivialite serve`, demo mode, a fresh PGlite directory: what `npm start` runs),
 * drives Debian's Chromium at 360 px, signs in as the demo visitor and opens their day once (a warm
 * session), then for each run: empties the browser's cache and the origin's storage except the
 * cookies (HTTP cache, Cache Storage, service worker, IndexedDB, localStorage), throttles the
 * network and the CPU through the DevTools protocol, and times a cold load of /aujourdhui until its
 * visit list is rendered. Prints each run, the median, and the JavaScript the page fetched,
 * compressed (as transferred) and uncompressed. A last load with the cache kept shows what a
 * return visit costs.
 *
 * The network profile ("slow 3G"): 400 ms of latency per request, 50,000 bytes/s down and up
 * (400 kbit/s), `Network.emulateNetworkConditions`; the CPU slowed 4× (`--cpu`), as Lighthouse
 * does for a mid-range phone, by `Emulation.setCPUThrottlingRate`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Cookie,
} from 'playwright-core';
import { DEMO_ACCOUNTS } from '../src/demo/accounts.js';
import { DEMO_PASSWORD } from '../src/server/config.js';
import { ensureWebBuild } from '../scripts/web-build.js';
import { chromiumExecutable } from '../tests/browser/chromium.js';
import {
  freePortIn,
  killAllServers,
  pgliteDatabase,
  postgresDatabase,
  startServer,
  type BenchDatabase,
  type RunningServer,
} from './load/server.js';

const program = new Command('bench:phone')
  .description(
    "Time a cold load of the visitor's day in Chromium over a throttled slow 3G link, and the JavaScript it fetches",
  )
  .option('--runs <n>', 'cold loads to time', '5')
  .option('--latency <ms>', 'latency added to each request', '400')
  .option('--down <bytes/s>', 'download throughput', '50000')
  .option('--up <bytes/s>', 'upload throughput', '50000')
  .option('--cpu <rate>', 'CPU slowdown (1: none)', '4')
  .option('--url <url>', 'measure a server already running (with the demo data) instead')
  .option(
    '--postgres <adminUrl>',
    'run the server on a fresh database of this PostgreSQL server instead of PGlite',
  )
  .option('--ports <from-to>', 'ports the server may listen on', '3500-3599')
  .option('--waterfall', 'print each request of the last cold load, with its start and end');

interface Options {
  runs: string;
  latency: string;
  down: string;
  up: string;
  cpu: string;
  url?: string;
  postgres?: string;
  ports: string;
  waterfall?: boolean;
}

/** Where the visitor's list of visits counts as rendered (the page is usable). */
const VISIT_LIST = '.visit-card';

const TARGET_SECONDS = 5;
const TARGET_JS_KB = 150;

interface Resource {
  url: string;
  type: string;
  encoding: string;
  /** Bytes over the wire: compressed body and headers. */
  transferred: number;
  /** Bytes of the body once decompressed. */
  decoded: number;
  fromCache: boolean;
  /** Seconds from the first request (the page's) to this one's start and end. */
  start: number;
  end: number;
}

interface LoadMeasure {
  /** From the start of the navigation to the visit list on screen. */
  usableMs: number;
  firstContentfulPaintMs: number | null;
  domContentLoadedMs: number;
  resources: Resource[];
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Counts what the page fetched, from the DevTools protocol's network events. */
function recordResources(cdp: CDPSession) {
  const byId = new Map<string, Resource>();
  const started = new Map<string, number>();
  let origin: number | null = null;
  cdp.on('Network.requestWillBeSent', (event) => {
    origin ??= event.timestamp;
    started.set(event.requestId, event.timestamp - origin);
  });
  cdp.on('Network.responseReceived', (event) => {
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    byId.set(event.requestId, {
      url: event.response.url,
      type: event.type ?? 'Other',
      encoding: headers['content-encoding'] ?? 'identity',
      transferred: 0,
      decoded: 0,
      fromCache: Boolean(event.response.fromDiskCache || event.response.fromServiceWorker),
      start: started.get(event.requestId) ?? 0,
      end: 0,
    });
  });
  cdp.on('Network.dataReceived', (event) => {
    const resource = byId.get(event.requestId);
    if (resource) resource.decoded += event.dataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const resource = byId.get(event.requestId);
    if (!resource) return;
    resource.transferred = event.encodedDataLength;
    resource.end = event.timestamp - (origin ?? event.timestamp);
  });
  return () => [...byId.values()];
}

async function throttle(cdp: CDPSession, options: Options) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: Number(options.latency),
    downloadThroughput: Number(options.down),
    uploadThroughput: Number(options.up),
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(options.cpu) });
}

/** One load of the visitor's day in a new tab of the phone's browser. */
async function loadVisitorDay(
  context: BrowserContext,
  baseUrl: string,
  options: Options,
  cold: boolean,
): Promise<LoadMeasure> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (cold) {
    // Everything a previous visit left, except the session cookie.
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Storage.clearDataForOrigin', {
      origin: new URL(baseUrl).origin,
      storageTypes:
        'appcache,cache_storage,file_systems,indexeddb,local_storage,service_workers,websql,shader_cache',
    });
  }
  const resources = recordResources(cdp);
  await throttle(cdp, options);
  await page.goto(`${baseUrl}/aujourdhui`, { waitUntil: 'commit' });
  const usableMs = await page
    .waitForFunction(
      () => (window as unknown as { __visitListAt?: number }).__visitListAt,
      undefined,
      { timeout: 120_000 },
    )
    .then((handle) => handle.jsonValue() as Promise<number>)
    .catch(async (error: unknown) => {
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '');
      throw new Error(
        `no visit list (${VISIT_LIST}) at ${page.url()}: ${error instanceof Error ? error.message.split('\n')[0] : error}\n${text.slice(0, 600)}`,
      );
    });
  if (new URL(page.url()).pathname !== '/aujourdhui')
    throw new Error(`the visitor's day was not shown (at ${page.url()}): is the session lost?`);
  // Whatever the page still fetches once usable (a chunk, the service worker) is counted too.
  await page.waitForLoadState('networkidle');
  const timings = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const navigation = performance.getEntriesByType('navigation')[0] as
      PerformanceNavigationTiming | undefined;
    return {
      firstContentfulPaintMs: paint ? paint.startTime : null,
      domContentLoadedMs: navigation ? navigation.domContentLoadedEventEnd : 0,
    };
  });
  await cdp.detach();
  await page.close();
  return { usableMs, ...timings, resources: resources() };
}

function scripts(resources: Resource[]) {
  const js = resources.filter(
    (r) => r.type === 'Script' || /\.m?js(\?|$)/.test(new URL(r.url).pathname),
  );
  return {
    count: js.length,
    transferred: js.reduce((sum, r) => sum + r.transferred, 0),
    decoded: js.reduce((sum, r) => sum + r.decoded, 0),
    encodings: [...new Set(js.map((r) => r.encoding))].join(', '),
    files: js.map((r) => new URL(r.url).pathname),
  };
}

/**
 * A phone's browser: 360 px, touch, French, with the session cookies given (and nothing else: no
 * cache, no storage). Marks when the visit list appears, in the page's clock (0: the start of the
 * navigation); a string, as tsx would wrap a function's inner names in a helper the page lacks.
 */
async function phoneContext(browser: Browser, baseUrl: string, cookies: Cookie[] = []) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    // The server decides "today" in UTC (as the browser tests do).
    timezoneId: 'UTC',
    storageState: { cookies, origins: [] },
  });
  await context.addInitScript({
    content: `(() => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector(${JSON.stringify(VISIT_LIST)})) return;
        window.__visitListAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    })();`,
  });
  return context;
}

async function main() {
  program.parse();
  const options = program.opts<Options>();
  const runs = Number(options.runs);
  const executablePath = chromiumExecutable();
  const log = (message: string) => console.log(message);

  let server: RunningServer | null = null;
  let database: BenchDatabase | null = null;
  let baseUrl = options.url?.replace(/\/$/, '');
  if (!baseUrl) {
    await ensureWebBuild({ log });
    const [from, to] = options.ports.split('-').map(Number) as [number, number];
    const port = await freePortIn(from, to);
    database = options.postgres
      ? await postgresDatabase(options.postgres, 'conv_bench_phone', { fresh: true, keep: false })
      : await pgliteDatabase();
    const logFile = join(mkdtempSync(join(tmpdir(), 'conv-bench-phone-')), 'server.log');
    log(`Starting the server (demo mode, ${database.describe}); its log: ${logFile}`);
    const started = Date.now();
    server = await startServer(database, { port, logLevel: 'warn', logFile });
    log(`Server ready with the demo data in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    baseUrl = server.url;
  }

  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await phoneContext(browser, baseUrl);
    const visitor = DEMO_ACCOUNTS.find((a) => a.isVisitor)!;
    const login = await context.request.post(`${baseUrl}/api/auth/login`, {
      data: { email: visitor.email, password: DEMO_PASSWORD },
    });
    if (!login.ok()) throw new Error(`sign-in refused: ${login.status()} ${await login.text()}`);
    // The warm session: the visitor has opened their day before, on a fast link.
    const warm = await loadVisitorDay(context, baseUrl, { ...options, cpu: '1' }, false);
    log(
      `Signed in as ${visitor.email}; a first load on a fast link: ${(warm.usableMs / 1000).toFixed(1)} s`,
    );
    log(
      `Profile: latency ${options.latency} ms, down ${options.down} B/s, up ${options.up} B/s, CPU ${options.cpu}× slower; ${runs} cold loads of /aujourdhui at 360 px\n`,
    );

    // Each cold load in a browser of its own holding only the session cookie: nothing of an
    // earlier load (HTTP or memory cache, service worker, storage) can serve this one.
    const { cookies } = await context.storageState();
    await context.close();
    const measures: LoadMeasure[] = [];
    let phone: BrowserContext | null = null;
    for (let run = 1; run <= runs; run++) {
      await phone?.close();
      phone = await phoneContext(browser, baseUrl, cookies);
      const measure = await loadVisitorDay(phone, baseUrl, options, true);
      measures.push(measure);
      const js = scripts(measure.resources);
      log(
        `cold ${run}: usable ${(measure.usableMs / 1000).toFixed(2)} s, first paint ${measure.firstContentfulPaintMs === null ? '-' : (measure.firstContentfulPaintMs / 1000).toFixed(2)} s; ${measure.resources.length} requests, ${kB(measure.resources.reduce((s, r) => s + r.transferred, 0))} kB transferred; JS ${js.count} files, ${kB(js.transferred)} kB transferred, ${kB(js.decoded)} kB uncompressed (${js.encodings})`,
      );
    }
    if (options.waterfall) {
      const last = measures[measures.length - 1]!;
      log(
        `\nLast cold load (s from the first request; usable at ${(last.usableMs / 1000).toFixed(2)} s):`,
      );
      for (const r of [...last.resources].sort((a, b) => a.start - b.start))
        log(
          `  ${r.start.toFixed(2).padStart(6)} → ${r.end.toFixed(2).padStart(6)}  ${kB(r.transferred).padStart(6)} kB  ${new URL(r.url).pathname}`,
        );
    }
    // The same phone again, its cache and service worker kept: a return visit.
    const again = await loadVisitorDay(phone!, baseUrl, options, false);
    const againJs = scripts(again.resources);

    const usable = median(measures.map((m) => m.usableMs)) / 1000;
    const paint = measures.map((m) => m.firstContentfulPaintMs).filter((v) => v !== null);
    const js = scripts(measures[measures.length - 1]!.resources);
    const all = measures[measures.length - 1]!.resources;
    log('');
    log(
      `Visitor's day, cold load, median of ${runs}: usable in ${usable.toFixed(2)} s (target < ${TARGET_SECONDS} s: ${usable < TARGET_SECONDS ? 'met' : 'MISSED'}); first contentful paint ${paint.length ? (median(paint) / 1000).toFixed(2) : '-'} s`,
    );
    log(
      `JavaScript: ${js.count} files, ${kB(js.transferred)} kB transferred compressed (${js.encodings}; target < ${TARGET_JS_KB} kB: ${js.transferred / 1000 < TARGET_JS_KB ? 'met' : 'MISSED'}), ${kB(js.decoded)} kB uncompressed`,
    );
    log(`  ${js.files.join(' ')}`);
    log(
      `Everything: ${all.length} requests, ${kB(all.reduce((s, r) => s + r.transferred, 0))} kB transferred, ${kB(all.reduce((s, r) => s + r.decoded, 0))} kB uncompressed`,
    );
    log(
      `Return visit (cache kept, same profile): usable in ${(again.usableMs / 1000).toFixed(2)} s; JS ${kB(againJs.transferred)} kB transferred (${again.resources.filter((r) => r.fromCache).length} of ${again.resources.length} requests from the cache)`,
    );
  } finally {
    await browser.close();
    await server?.stop();
    await database?.dispose();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServers();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  killAllServers();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
