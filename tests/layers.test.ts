/**
 * The layer rules of .dependency-cruiser.cjs are real: run on a fixture tree holding a deliberate
 * domain → server import, a server → demo import and a cycle, they report each; run on the
 * product, they report nothing.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const config = require('../.dependency-cruiser.cjs');

async function violations(baseDir: string, paths: string[]) {
  const result = await cruise(paths, {
    ...config.options,
    baseDir,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    tsConfig: undefined,
    tsPreCompilationDeps: true,
  });
  const output = result.output as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
    modules: { source: string; dependencies: { resolved: string; couldNotResolve: boolean }[] }[];
  };
  // Imports resolved (a .js specifier to its .ts file), or the rules would see nothing.
  const unresolved = output.modules.flatMap((m) =>
    m.dependencies
      .filter((d) => d.couldNotResolve && d.resolved.startsWith('.'))
      .map((d) => `${m.source} -> ${d.resolved}`),
  );
  expect(unresolved).toEqual([]);
  expect(output.modules.filter((m) => m.source.startsWith('src/')).length).toBeGreaterThan(
    paths.includes('src') && baseDir === root ? 150 : 5,
  );
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
}

describe('layers kept by the lint', () => {
  it('refuses a domain → server import, a server → demo import and a cycle', async () => {
    const found = await violations(fileURLToPath(new URL('./fixtures/layers', import.meta.url)), [
      'src',
    ]);
    expect(found).toContain(
      'domain-is-pure: src/domain/probe/rule.ts -> src/server/probe/service.ts',
    );
    expect(found).toContain('server-not-demo: src/server/probe/uses-demo.ts -> src/demo/data.ts');
    expect(found.some((v) => v.startsWith('no-cycles: src/domain/probe/cycle-'))).toBe(true);
  });

  it('finds no violation in the product', async () => {
    expect(await violations(root, ['src'])).toEqual([]);
  }, 120_000);
});
