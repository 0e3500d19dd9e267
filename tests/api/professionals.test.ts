/**
 * The professionals' directory (issue 13, ADR 0035): staff add, search, change and check a
 * professional; bad input is refused in French and writes nothing; another organisation's
 * professional answers 404; `suggestProfessionals` finds a plumber serving a commune.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, professionalCommunes, professionals } from '../../src/db/schema.js';
import { suggestProfessionals } from '../../src/server/professionals/queries.js';
import { fingerprint } from '../helpers/snapshot.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let coordinator: Client;
let operator: Client;
let visitor: Client;
let coordinatorB: Client;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  operator = await t.login(t.fixtures.usersA.operator.email);
  visitor = await t.login(t.fixtures.usersA.visitor.email);
  coordinatorB = await t.login(t.fixtures.usersB.coordinator.email);
});
afterAll(async () => t?.close());

const plumber = (extra: Record<string, unknown> = {}) => ({
  trade: 'plumber',
  businessName: 'Plomberie Dupont',
  contactName: 'Marc Dupont',
  phone: '03.86.22.14.55',
  email: 'contact@plomberie-dupont.test',
  website: 'www.plomberie-dupont.fr',
  street: '4 rue du Pont',
  postalCode: '58800',
  communeName: 'corbigny',
  communesServed: [
    { postalCode: '58800', communeName: 'Corbigny' },
    { postalCode: '58140', communeName: 'Lormes' },
  ],
  hours: [
    { weekday: 0, start: '08:00', end: '12:00' },
    { weekday: 0, start: '14:00', end: '18:00' },
    { weekday: 5, start: '09:00', end: '12:00' },
  ],
  worksPublicHolidays: true,
  notes: 'Intervient en urgence le week-end.',
  ...extra,
});

async function unchanged<R extends { status: number; body: any }>(
  action: () => Promise<R>,
  status: number,
): Promise<R> {
  const before = await fingerprint(t.services.db);
  const response = await action();
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(await fingerprint(t.services.db)).toEqual(before);
  return response;
}

describe('the directory', () => {
  let id: string;

  it('adds a professional: phone normalised, communes named by the gazetteer, checked today', async () => {
    const created = await coordinator.post('/api/professionals', plumber());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    expect(created.body).toMatchObject({
      trade: 'plumber',
      tradeLabel: 'Plombier',
      phone: '+33386221455',
      communeName: 'Corbigny',
      website: 'https://www.plomberie-dupont.fr/',
      worksPublicHolidays: true,
      checkedByName: t.fixtures.usersA.coordinator.displayName,
      checkedByProfessional: false,
      checkDue: false,
    });
    expect(created.body.communesServed.map((c: { communeName: string }) => c.communeName)).toEqual([
      'Corbigny',
      'Lormes',
    ]);
    expect(created.body.lastCheckedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [audit] = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'professional'), eq(auditLog.entityId, id)));
    expect(audit?.action).toBe('professional.manage');
    // Contact details and notes are masked in the trail; the trade and communes are not.
    expect(JSON.stringify(audit?.diff)).not.toMatch(/386221455|urgence/);
    expect(JSON.stringify(audit?.diff)).toMatch(/Lormes/);
  });

  it('searches by trade and commune served, paginated; operators may look it up', async () => {
    await coordinator.post(
      '/api/professionals',
      plumber({
        trade: 'gardener',
        businessName: 'Les Jardins du Morvan',
        email: null,
        communesServed: [{ postalCode: '58140', communeName: 'Brassy' }],
      }),
    );
    const both = await operator.get('/api/professionals?postalCode=58140&pageSize=1');
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(both.body.items).toHaveLength(1);
    const inLormes = await operator.get(
      '/api/professionals?trade=plumber&postalCode=58140&communeName=Lormes',
    );
    expect(inLormes.body.items.map((p: { id: string }) => p.id)).toEqual([id]);
    const inBrassy = await operator.get(
      `/api/professionals?trade=plumber&postalCode=58140&communeName=${encodeURIComponent('Brassy')}`,
    );
    expect(inBrassy.body).toMatchObject({ total: 0, items: [] });
    const byName = await operator.get('/api/professionals?q=jardins');
    expect(byName.body.items.map((p: { businessName: string }) => p.businessName)).toEqual([
      'Les Jardins du Morvan',
    ]);
    const unknown = await operator.get('/api/professionals?postalCode=58800&communeName=Atlantide');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/commune/i);
  });

  it('finds a plumber for a request beyond a favour (suggestProfessionals)', async () => {
    const org = t.fixtures.usersA.coordinator.organisationId;
    const found = await suggestProfessionals(t.services.db, org, {
      helpKind: 'small_repairs',
      postalCode: '58140',
      communeName: 'Lormes',
    });
    expect(found.map((p) => p.businessName)).toEqual(['Plomberie Dupont']);
    expect(
      await suggestProfessionals(t.services.db, org, { trade: 'gardener', communeName: 'Lormes' }),
    ).toEqual([]);
    expect(
      await suggestProfessionals(t.services.db, t.fixtures.usersB.coordinator.organisationId, {
        trade: 'plumber',
        postalCode: '58140',
        communeName: 'Lormes',
      }),
    ).toEqual([]);
  });

  it('shows the record with its history; changes it; marks it checked today', async () => {
    const shown = await operator.get(`/api/professionals/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.hours).toHaveLength(3);
    expect(shown.body.history[0]).toMatchObject({
      action: 'professional.manage',
      byProfessional: false,
    });

    const changed = await coordinator.request(
      'PUT',
      `/api/professionals/${id}`,
      plumber({
        phone: '06 12 34 56 78',
        communesServed: [{ postalCode: '58800', communeName: 'Corbigny' }],
      }),
    );
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.phone).toBe('+33612345678');
    expect(changed.body.communesServed).toHaveLength(1);
    expect(changed.body.history[0].fields).toEqual(
      expect.arrayContaining(['phone', 'communesServed']),
    );

    await t.services.db
      .update(professionals)
      .set({ lastCheckedOn: '2020-01-01', checkedBy: null })
      .where(eq(professionals.id, id));
    const due = await operator.get(`/api/professionals/${id}`);
    expect(due.body.checkDue).toBe(true);
    const checked = await coordinator.post(`/api/professionals/${id}/checked`);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ checkDue: false, checkedByProfessional: false });
    expect(checked.body.history[0].action).toBe('professional.check');
  });

  it('refuses bad input in French and writes nothing', async () => {
    const badPhone = await unchanged(
      () => coordinator.post('/api/professionals', plumber({ phone: '12 34' })),
      400,
    );
    expect(badPhone.body.message).toMatch(/téléphone|numéro/i);
    const badEmail = await unchanged(
      () => coordinator.post('/api/professionals', plumber({ email: 'plombier@' })),
      400,
    );
    expect(badEmail.body.message).toMatch(/e-mail invalide/);
    const badHours = await unchanged(
      () =>
        coordinator.post(
          '/api/professionals',
          plumber({ hours: [{ weekday: 2, start: '18:00', end: '08:00' }] }),
        ),
      400,
    );
    expect(badHours.body.message).toMatch(/mercredi, l’heure de fin \(08:00\) doit être après/);
    const badCommune = await unchanged(
      () =>
        coordinator.post(
          '/api/professionals',
          plumber({ communesServed: [{ postalCode: '58800', communeName: 'Atlantide' }] }),
        ),
      400,
    );
    expect(badCommune.body.message).toMatch(/Commune desservie n° 1 \(« Atlantide », 58800\)/);
    await unchanged(
      () =>
        coordinator.request(
          'PUT',
          `/api/professionals/${id}`,
          plumber({ communesServed: [{ postalCode: '99999', communeName: 'Nulle-part' }] }),
        ),
      400,
    );
  });

  it('keeps it apart: visitors have no access, another organisation gets 404', async () => {
    expect((await visitor.get('/api/professionals')).status).toBe(403);
    expect((await visitor.get(`/api/professionals/${id}`)).status).toBe(403);
    expect((await operator.post('/api/professionals', plumber())).status).toBe(403);
    expect((await coordinatorB.get(`/api/professionals/${id}`)).status).toBe(404);
    await unchanged(() => coordinatorB.request('PUT', `/api/professionals/${id}`, plumber()), 404);
    await unchanged(() => coordinatorB.post(`/api/professionals/${id}/checked`), 404);
    const listB = await coordinatorB.get('/api/professionals');
    expect(listB.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    const communes = await t.services.db
      .select()
      .from(professionalCommunes)
      .where(eq(professionalCommunes.professionalId, id));
    expect(communes).toHaveLength(1);
  });
});
