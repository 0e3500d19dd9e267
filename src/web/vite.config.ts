/**
 * The web app's build. Root is `src/web`; the build goes to `dist/web` at the project root, which
 * the Fastify app serves. In development, `/api` is proxied to the server on port 3000.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precacheServiceWorker } from './precache-plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  // precacheServiceWorker: the service worker learns the build's hashed names (offline shell).
  plugins: [react(), precacheServiceWorker()],
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
