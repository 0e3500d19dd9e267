/** The OpenAPI document served at /api/docs/json is valid and describes every API route. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ROUTE_CATALOGUE } from '../helpers/route-catalogue.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('OpenAPI document', () => {
  it('is served, valid against the OpenAPI schema, and lists every route of the catalogue', async () => {
    const response = await t.client().get('/api/docs/json');
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(response.body);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);

    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(
      response.body.paths as Record<string, object>,
    )) {
      for (const method of Object.keys(operations)) {
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    const missing = Object.keys(ROUTE_CATALOGUE).filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
  });
});
