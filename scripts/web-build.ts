/**
 * Builds the web app (dist/web) only when its sources changed since the last build: `npm start`,
 * `npm test` and the browser tests call it, so a start after the first one does not wait for Vite
 * (ADR 0023). The sources are every file the build reads: src/web (with the Vite config and the
 * public files), src/domain (the web app imports its types and values), the lock file (the
 * versions of Vite, React and the rest) and tsconfig.json. Their hash is written to
 * dist/web/.source-hash after a build that succeeded.
 *
 *   tsx scripts/web-build.ts            build if the sources changed
 *   tsx scripts/web-build.ts --force    build in any case (`npm run build:web`)
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** What the build reads, relative to the project root: folders are read whole. */
const SOURCES = ['src/web', 'src/domain', 'package-lock.json', 'tsconfig.json'];

/** Tests sit next to the domain's code; the build never reads them. */
const NOT_A_SOURCE = /\.test\.tsx?$/;

function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return filesUnder(root, child);
      return entry.isFile() && !NOT_A_SOURCE.test(entry.name) ? [child] : [];
    })
    .sort();
}

/** The hash of the web app's sources: their paths and contents, in a fixed order. */
export function webSourceHash(root = projectRoot): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    for (const file of filesUnder(root, source)) {
      // Paths with '/' on every system, so that the hash does not depend on it.
      hash.update(file.split(sep).join('/')).update('\0');
      hash.update(readFileSync(join(root, file))).update('\0');
    }
  }
  return hash.digest('hex');
}

const hashFile = (root: string) => join(root, 'dist', 'web', '.source-hash');

/** The build in dist/web was made from the sources as they are now. */
export function webBuildIsCurrent(root = projectRoot): boolean {
  const file = hashFile(root);
  if (!existsSync(file) || !existsSync(join(root, 'dist', 'web', 'index.html'))) return false;
  return readFileSync(file, 'utf8').trim() === webSourceHash(root);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A build left by a process that died is no reason to wait forever. */
const STALE_LOCK_MS = 10 * 60_000;

/**
 * One build at a time in a project: the browser tests' workers call this together, and a build
 * empties dist/web first, which would pull the files from under a server another worker started.
 */
async function withBuildLock<T>(root: string, work: () => Promise<T>): Promise<T> {
  const lock = join(root, 'dist', '.web-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true });
      } catch {
        // Removed meanwhile by the process that held it.
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function runVite(root: string): Promise<void> {
  // Vite's own entry point, run by this Node: no npx lookup on each start.
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite))
    return Promise.reject(new Error(`Vite is not installed (${vite}): run \`npm ci\` first.`));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [vite, 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'],
      // Always the production build: under vitest NODE_ENV is "test", which would bundle React's
      // development build (larger, slower) into what the browser tests and `npm start` serve.
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (exit code ${code})`)),
    );
  });
}

interface WebBuildResult {
  built: boolean;
  seconds: number;
}

/** Builds dist/web unless it is current (or always, with `force`). */
export async function ensureWebBuild(
  options: { force?: boolean; root?: string; log?: (message: string) => void } = {},
): Promise<WebBuildResult> {
  const root = options.root ?? projectRoot;
  const log = options.log ?? (() => {});
  const started = Date.now();
  if (!options.force && webBuildIsCurrent(root)) {
    log('Web app up to date (dist/web): its sources have not changed since the last build.');
    return { built: false, seconds: (Date.now() - started) / 1000 };
  }
  return withBuildLock(root, async () => {
    // Another process may have built it while this one waited for the lock.
    if (!options.force && webBuildIsCurrent(root))
      return { built: false, seconds: (Date.now() - started) / 1000 };
    // Hashed before building: a source edited during the build makes the next start build again.
    const hash = webSourceHash(root);
    log('Building the web app (dist/web is missing or older than its sources)…');
    await runVite(root);
    writeFileSync(hashFile(root), `${hash}\n`);
    const seconds = (Date.now() - started) / 1000;
    log(`Web app built in ${seconds.toFixed(1)} s.`);
    return { built: true, seconds };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureWebBuild({
    force: process.argv.includes('--force'),
    log: (message) => console.log(message),
  }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
