/**
 * Tells the service worker (public/sw.js) which files make the app shell: after the build, the
 * hashed names of every emitted file (the screens loaded on demand included) are written into
 * the copied sw.js, with a version derived from them. A phone then stores the whole app at its
 * first visit, and a new build (new names, new version) replaces the old store.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Files the shell needs: built code, styles, images and fonts (not maps, not precompressed copies). */
const PRECACHED = /\.(js|css|svg|png|jpe?g|webp|woff2?)$/;

export function precacheServiceWorker(): Plugin {
  let outDir = '';
  let files: string[] = [];
  return {
    name: 'convivialite-precache',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    generateBundle(_options, bundle) {
      files = Object.keys(bundle)
        .filter((name) => PRECACHED.test(name))
        .map((name) => `/${name}`)
        .sort();
    },
    closeBundle() {
      const path = join(outDir, 'sw.js');
      const source = readFileSync(path, 'utf8');
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const filled = source
        .replace(/const VERSION = '[^']*';/, `const VERSION = '${version}';`)
        .replace(/const PRECACHE = \[\];/, `const PRECACHE = ${JSON.stringify(files)};`);
      if (filled === source || !filled.includes(version))
        throw new Error('sw.js: VERSION or PRECACHE placeholder not found');
      writeFileSync(path, filled);
    },
  };
}
