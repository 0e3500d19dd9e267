/**
 * One API contract: every /api route declares the schema of its success answer, so the OpenAPI
 * document shows what it returns and the serializer sends no field the schema does not name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('response schemas', () => {
  it('are declared for the success status of every /api route', () => {
    const described = (route: (typeof t.app.registeredRoutes)[number]) =>
      Object.keys(route.schema?.response ?? {}).some((status) => /^2\d\d$/.test(status));
    const keys = t.app.registeredRoutes.map((route) => `${route.method} ${route.url}`);
    const missing = t.app.registeredRoutes
      .filter((route) => !described(route))
      .map((route) => `${route.method} ${route.url}`);
    expect(keys.length).toBeGreaterThan(60);
    expect(missing, 'routes without a response schema').toEqual([]);
  });

  it('sends no field the schema does not name, and the OpenAPI document shows the answer', async () => {
    const admin = await t.login(t.fixtures.usersA.admin.email);
    const file = await admin.get('/api/people?page=1&pageSize=5');
    expect(file.status).toBe(200);
    expect(Object.keys(file.body.items[0]).sort()).toEqual([
      'birthDate',
      'birthName',
      'communeName',
      'firstName',
      'formOfAddress',
      'id',
      'lastName',
      'localServiceId',
      'locationStatus',
      'postalCode',
      'status',
    ]);
    const organisation = await admin.get('/api/organisation');
    expect(Object.keys(organisation.body).sort()).toEqual([
      'id',
      'kind',
      'localServices',
      'name',
      'settings',
      'territories',
    ]);
    const document = await t.client().get('/api/docs/json');
    const answer = document.body.paths['/api/people'].get.responses['200'];
    const schema = answer.content?.['application/json']?.schema ?? answer.schema;
    expect(Object.keys(schema.properties.items.items.properties)).toContain('status');
  });
});
