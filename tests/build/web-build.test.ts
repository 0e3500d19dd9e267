/** The web app is built again only when what the build reads has changed (scripts/web-build.ts). */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWebBuild, webBuildIsCurrent, webSourceHash } from '../../scripts/web-build.js';

let root: string;

function write(path: string, text: string) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'conv-web-build-'));
  write('src/web/main.tsx', 'main');
  write('src/web/vite.config.ts', 'config');
  write('src/web/public/sw.js', 'worker');
  write('src/domain/people/values.ts', 'values');
  write('src/domain/people/values.test.ts', 'test');
  write('src/server/app.ts', 'server');
  write('package-lock.json', '{}');
  write('tsconfig.json', '{}');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the hash of the web app sources', () => {
  it('changes with the web app, the domain it imports, the Vite config, public files and the lock', () => {
    const before = webSourceHash(root);
    expect(webSourceHash(root)).toBe(before);
    for (const file of [
      'src/web/main.tsx',
      'src/web/vite.config.ts',
      'src/web/public/sw.js',
      'src/domain/people/values.ts',
      'package-lock.json',
      'tsconfig.json',
    ]) {
      write(file, 'changed');
      expect(webSourceHash(root), file).not.toBe(before);
      rmSync(join(root, file));
      expect(webSourceHash(root), `${file} removed`).not.toBe(before);
      write(file, file === 'package-lock.json' || file === 'tsconfig.json' ? '{}' : 'x');
    }
  });

  it('ignores what the build does not read: the server, tests next to the domain', () => {
    const before = webSourceHash(root);
    write('src/server/app.ts', 'changed');
    write('src/domain/people/values.test.ts', 'changed');
    write('src/domain/people/other.test.ts', 'new');
    expect(webSourceHash(root)).toBe(before);
  });

  it('tells a file renamed from one whose content moved to another', () => {
    const before = webSourceHash(root);
    rmSync(join(root, 'src/web/main.tsx'));
    write('src/web/main2.tsx', 'main');
    expect(webSourceHash(root)).not.toBe(before);
  });
});

describe('the build in dist/web', () => {
  it('is current only with the hash of the sources as they are now and an index.html', async () => {
    expect(webBuildIsCurrent(root)).toBe(false);
    write('dist/web/.source-hash', `${webSourceHash(root)}\n`);
    expect(webBuildIsCurrent(root)).toBe(false);
    write('dist/web/index.html', '<!doctype html>');
    expect(webBuildIsCurrent(root)).toBe(true);
    // Current: nothing is built (this project has no Vite to run, which would fail).
    const messages: string[] = [];
    const result = await ensureWebBuild({ root, log: (m) => messages.push(m) });
    expect(result.built).toBe(false);
    expect(messages.join('\n')).toMatch(/up to date/);

    write('src/domain/people/values.ts', 'changed');
    expect(webBuildIsCurrent(root)).toBe(false);
    // Stale: a build is attempted (and fails here, with no Vite in this bare project).
    await expect(ensureWebBuild({ root })).rejects.toThrow(/Vite is not installed/);
    // The failed build keeps the old hash (the next start tries again) and frees the lock.
    expect(webBuildIsCurrent(root)).toBe(false);
    expect(existsSync(join(root, 'dist/.web-build.lock'))).toBe(false);
  });
});
