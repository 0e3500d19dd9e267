/**
 * The web app's build. Root is `src/web`; the build goes to `dist/web` at the project root, which
 * the Fastify app serves. In development, `/api` is proxied to the server on port 3000.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { precacheServiceWorker } from './precache-plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Text files worth compressing: below 1 KiB, the headers cost more than compression saves. */
const COMPRESSIBLE = /\.(js|css|html|svg|webmanifest|json|txt)$/;

/**
 * Brotli (quality 11) and gzip (level 9) copies of the built text files, next to them: the server
 * sends them as they are (@fastify/static `preCompressed`), smaller than compressing each answer on
 * the fly at a cheap level, and at no CPU cost per request (issue 11, ADR 0023).
 */
function precompress(): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return {
    name: 'convivialite-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file) || statSync(file).size < 1024) continue;
        const content = readFileSync(file);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  // precacheServiceWorker first: the service worker learns the build's hashed names (offline
  // shell) before precompress writes the compressed copies of every file, sw.js included (both
  // run at closeBundle, in this order).
  plugins: [react(), precacheServiceWorker(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // Older phones' browsers: keep the output reasonably conservative.
    target: 'es2020',
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
