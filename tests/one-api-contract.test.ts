/**
 * One API contract (ADR 0019): the web app reads the shapes of the answers and the enums from
 * src/domain, where the server's schemas live, instead of keeping copies that drift.
 *
 * - No list of values (`const X = ['a', 'b'] as const`) in src/web repeats one of src/domain,
 *   whatever its name: a copy would not follow when the domain adds or drops a value.
 * - The web app imports the response schemas' modules (src/domain/<capability>/api.ts) with
 *   `import type` only: it needs their types, not zod schemas in the phone's bundle.
 * - The values it does import from src/domain come from modules that do not load Zod (the
 *   `values.ts` lists), for the same reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every `const NAME = ['…', …] as const` of a file, as name → its values (sorted). */
function constLists(source: string): Map<string, string> {
  const lists = new Map<string, string>();
  for (const match of source.matchAll(/const (\w+)(?:\s*:[^=]+)?\s*=\s*\[([^\]]*)\]\s*as const/g)) {
    const values = [...match[2]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
    if (values.length >= 2) lists.set(match[1]!, [...values].sort().join(','));
  }
  return lists;
}

const domainLists = new Map<string, string>();
for (const file of filesUnder('src/domain')) {
  for (const [name, values] of constLists(readFileSync(join(root, file), 'utf8')))
    domainLists.set(values, `${name} (${file})`);
}
const webFiles = filesUnder('src/web');

describe('one API contract', () => {
  it('finds the domain lists it guards (the check reads real files)', () => {
    expect([...domainLists.values()].join(' ')).toMatch(/PERSON_STATUSES/);
    expect([...domainLists.values()].join(' ')).toMatch(/REFERRAL_STATUSES/);
    expect(webFiles.length).toBeGreaterThan(20);
  });

  it('spots a copied list, even renamed', () => {
    const copy = "const KINDS = ['sick', 'training', 'leave', 'other'] as const;";
    const [values] = [...constLists(copy).values()];
    expect(domainLists.get(values!)).toMatch(/ABSENCE_KINDS/);
  });

  it('no list of values in src/web repeats one of src/domain', () => {
    const copies = webFiles.flatMap((file) =>
      [...constLists(readFileSync(join(root, file), 'utf8'))]
        .filter(([, values]) => domainLists.has(values))
        .map(([name, values]) => `${file}: ${name} copies ${domainLists.get(values)}`),
    );
    expect(copies).toEqual([]);
  });

  it('src/web imports the response schemas’ modules for their types only', () => {
    const valueImports = webFiles.flatMap((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      return [
        ...source.matchAll(/^import (?!type )[^;]*from '([^']*\/domain\/[^']*\/api\.js)';/gm),
      ].map((m) => `${relative(root, join(root, file))}: ${m[1]}`);
    });
    expect(valueImports).toEqual([]);
  });

  it('src/web imports values only from domain modules that do not load Zod', () => {
    const heavy = webFiles.flatMap((file) => {
      const source = readFileSync(join(root, file), 'utf8');
      return [...source.matchAll(/^import (?!type )[^;]*from '((?:\.\.\/)+domain\/[^']*)\.js';/gm)]
        .map((m) => relative(root, join(root, file, '..', `${m[1]}.ts`)))
        .filter((module) => /from 'zod'/.test(readFileSync(join(root, module), 'utf8')))
        .map((module) => `${file}: ${module}`);
    });
    expect(heavy).toEqual([]);
  });
});
