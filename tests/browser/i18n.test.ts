/**
 * Every text of the web app goes through the French catalogue (`src/web/i18n/fr.ts`): no words
 * written directly in a component's JSX, nor in the attributes people read (labels, titles…).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/web/i18n/fr.js';

const webRoot = fileURLToPath(new URL('../../src/web', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : files(path);
    return /\.tsx$/.test(name) ? [path] : [];
  });
}

/** Attributes whose value is read by people (or by assistive technologies). */
const READ_ATTRIBUTES = new Set([
  'label',
  'legend',
  'title',
  'aria-label',
  'placeholder',
  'alt',
  'hint',
  'header',
  'caption',
  'emptyLabel',
  'busyLabel',
  'lead',
]);
const WORD = /\p{L}{2,}/u;

function literalTexts(path: string): string[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const where = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    return `${path.slice(webRoot.length + 1)}:${line + 1}`;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORD.test(node.getText())) {
      found.push(`${where(node)} text « ${node.getText().trim()} »`);
    }
    if (
      ts.isJsxExpression(node) &&
      node.expression &&
      ts.isStringLiteral(node.expression) &&
      ts.isJsxElement(node.parent) &&
      WORD.test(node.expression.text)
    ) {
      found.push(`${where(node)} text « ${node.expression.text} »`);
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText())) {
      const init = node.initializer;
      const value =
        init && ts.isStringLiteral(init)
          ? init.text
          : init &&
              ts.isJsxExpression(init) &&
              init.expression &&
              ts.isStringLiteral(init.expression)
            ? init.expression.text
            : null;
      if (value !== null && WORD.test(value))
        found.push(`${where(node)} ${node.name.getText()}="${value}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('French catalogue', () => {
  it('is the only source of the words shown by the components', () => {
    const all = files(webRoot).flatMap(literalTexts);
    expect(all).toEqual([]);
  });

  it('has no empty text and fills every placeholder it declares', () => {
    for (const [key, text] of Object.entries(messages)) {
      expect(text.trim(), key).not.toBe('');
      expect(text, key).not.toMatch(/\{\s*\}/);
    }
  });
});

describe('audit action labels', () => {
  it('has a French label for every action the server writes to the audit trail', () => {
    const serverRoot = fileURLToPath(new URL('../../src/server', import.meta.url));
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = `${dir}/${name}`;
        if (statSync(path).isDirectory()) return sources(path);
        return /\.ts$/.test(name) ? [path] : [];
      });
    const actions = new Set<string>();
    for (const path of sources(serverRoot)) {
      for (const match of readFileSync(path, 'utf8').matchAll(
        /\b(?:action|audit|systemAction): '([a-z_]+\.[a-z_.]+)'/g,
      )) {
        actions.add(match[1]!);
      }
    }
    expect(actions.size).toBeGreaterThan(20);
    const missing = [...actions].filter((action) => !(`auditAction.${action}` in messages));
    expect(missing).toEqual([]);
  });
});
