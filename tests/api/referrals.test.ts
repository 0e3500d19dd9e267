import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, people, referrals } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let partner: Client;
let partnerB: Client;
let operator: Client;
let coordinator: Client;
let planner: Client;

const referral = (extra: Record<string, unknown> = {}) => ({
  lastName: 'Lambert',
  firstName: 'Germaine',
  birthDate: '1936-04-18',
  street: '12 rue Carnot',
  postalCode: '60000',
  communeName: 'Beauvais',
  phone: '03 44 45 46 47',
  reason:
    'Ne sort plus depuis l’hiver, sa fille habite loin. Elle serait contente d’avoir de la visite.',
  urgency: 'normal',
  contactConsent: 'person_agreed',
  partnerName: 'CCAS de Beauvais',
  ...extra,
});

/** Everything a partner may see of a referral, and nothing more. */
const PARTNER_KEYS = [
  'birthDate',
  'communeName',
  'createdAt',
  'firstName',
  'id',
  'lastName',
  'phone',
  'postalCode',
  'status',
  'statusLabel',
  'statusNote',
  'street',
  'updatedAt',
];

const ids = (items: { id: string }[]) => items.map((item) => item.id);

beforeAll(async () => {
  t = await createTestApp();
  partner = await t.login(t.fixtures.usersA.partner.email);
  partnerB = await t.login(t.fixtures.usersB.partner.email);
  operator = await t.login(t.fixtures.usersA.operator.email);
  coordinator = await t.login(t.fixtures.usersA.coordinator.email);
  planner = await t.login(t.fixtures.usersA.planner.email);
});
afterAll(async () => t?.close());

describe('referrals: submission', () => {
  it('lets a partner refer a person; the phone is stored in E.164 and the write audited', async () => {
    const response = await partner.post('/api/referrals', referral());
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.status).toBe('submitted');
    const [row] = await t.services.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, response.body.id));
    expect(row).toMatchObject({
      phone: '+33344454647',
      submittedBy: t.fixtures.usersA.partner.id,
      organisationId: t.fixtures.orgA.id,
      partnerName: 'CCAS de Beauvais',
    });
    const audit = await t.services.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, response.body.id), eq(auditLog.action, 'referral.create')));
    expect(audit).toHaveLength(1);
  });

  it('lets the phone line refer a person on their behalf', async () => {
    const response = await operator.post(
      '/api/referrals',
      referral({
        lastName: 'Appel',
        firstName: 'Téléphonique',
        urgency: 'urgent',
        contactConsent: 'not_asked',
        partnerName: 'Numéro vert',
      }),
    );
    expect(response.status).toBe(201);
  });

  it.each([
    ['a reason longer than 2000 characters', { reason: 'x'.repeat(2001) }, /2000 caractères/],
    ['an invalid phone number', { phone: '0612' }, /numéro/i],
    ['a missing consent answer', { contactConsent: undefined }, /contactée/],
    ['an unknown urgency', { urgency: 'critique' }, /urgen/i],
    ['a birth date in the future', { birthDate: '2999-01-01' }, /naissance/],
    ['an empty name', { lastName: '  ' }, /obligatoire/],
  ])('refuses %s with a French message and writes nothing', async (_name, extra, message) => {
    const before = await t.services.db.$count(referrals);
    const response = await partner.post('/api/referrals', referral(extra));
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
    expect(await t.services.db.$count(referrals)).toBe(before);
  });

  it('refuses submission to roles that cannot refer (403)', async () => {
    expect((await planner.post('/api/referrals', referral())).status).toBe(403);
  });
});

describe('referrals: what each role sees', () => {
  it('shows a partner only their own referrals, and only the follow-up fields', async () => {
    const list = await partner.get('/api/referrals');
    expect(list.status).toBe(200);
    const [row] = await t.services.db
      .select({ id: referrals.id })
      .from(referrals)
      .where(eq(referrals.lastName, 'Appel'));
    expect(ids(list.body.items)).not.toContain(row!.id);
    expect(ids(list.body.items)).toContain(t.fixtures.refA.id);
    expect(list.body.total).toBe(2);
    for (const item of list.body.items) expect(Object.keys(item).sort()).toEqual(PARTNER_KEYS);
    expect(list.raw.body).not.toContain(t.fixtures.refB.id);
  });

  it('answers 404 to a partner opening someone else’s referral', async () => {
    const [row] = await t.services.db
      .select({ id: referrals.id })
      .from(referrals)
      .where(eq(referrals.lastName, 'Appel'));
    expect((await partner.get(`/api/referrals/${row!.id}`)).status).toBe(404);
    expect((await partnerB.get(`/api/referrals/${t.fixtures.refA.id}`)).status).toBe(404);
  });

  it('shows staff the whole organisation, filtered and paginated, never the other organisation', async () => {
    const all = await coordinator.get('/api/referrals');
    expect(all.body.total).toBe(3);
    expect(all.raw.body).not.toContain(t.fixtures.refB.id);
    const urgent = await operator.get('/api/referrals?urgency=urgent');
    expect(urgent.body.items.map((r: { lastName: string }) => r.lastName)).toEqual(['Appel']);
    const page = await coordinator.get('/api/referrals?pageSize=2&page=2');
    expect(page.body.items).toHaveLength(1);
    const submitted = await coordinator.get('/api/referrals?status=accepted');
    expect(submitted.body.items).toEqual([]);
    expect((await coordinator.get('/api/referrals?status=perdu')).status).toBe(400);
  });

  it('answers 404 for another organisation’s referral, to read or to process', async () => {
    expect((await coordinator.get(`/api/referrals/${t.fixtures.refB.id}`)).status).toBe(404);
    const process = await coordinator.post(`/api/referrals/${t.fixtures.refB.id}/process`, {
      status: 'in_review',
    });
    expect(process.status).toBe(404);
    const [row] = await t.services.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, t.fixtures.refB.id));
    expect(row!.status).toBe('submitted');
  });
});

describe('referrals: processing', () => {
  it('refuses processing to the partner and the phone line (403)', async () => {
    expect(
      (await partner.post(`/api/referrals/${t.fixtures.refA.id}/process`, { status: 'in_review' }))
        .status,
    ).toBe(403);
    expect(
      (await operator.post(`/api/referrals/${t.fixtures.refA.id}/process`, { status: 'in_review' }))
        .status,
    ).toBe(403);
  });

  it('puts a referral in review; the partner follows the status and the note', async () => {
    const response = await coordinator.post(`/api/referrals/${t.fixtures.refA.id}/process`, {
      status: 'in_review',
      note: 'Nous appelons M. Signalé cette semaine.',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const seen = await partner.get(`/api/referrals/${t.fixtures.refA.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.referral).toMatchObject({
      status: 'in_review',
      statusNote: 'Nous appelons M. Signalé cette semaine.',
      lastName: 'Signalé',
    });
    expect(Object.keys(seen.body.referral).sort()).toEqual(PARTNER_KEYS);
  });

  it('accepts and opens the person’s file from the referral, in one audited transaction', async () => {
    const peopleBefore = await t.services.db.$count(people);
    const response = await coordinator.post(`/api/referrals/${t.fixtures.refA.id}/process`, {
      status: 'accepted',
      note: 'Une évaluation est prévue.',
      createPerson: true,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.status).toBe('accepted');
    const personId = response.body.personId;
    expect(personId).toBeTruthy();
    expect(await t.services.db.$count(people)).toBe(peopleBefore + 1);

    const file = await coordinator.get(`/api/people/${personId}`);
    expect(file.status).toBe(200);
    expect(file.body.status).toBe('referred');
    expect(file.body.person).toMatchObject({
      lastName: 'Signalé',
      firstName: 'Jean',
      referralSource: 'Mairie de Test',
    });

    // Staff see the link to the file; the partner does not.
    const staff = await coordinator.get(`/api/referrals/${t.fixtures.refA.id}`);
    expect(staff.body.referral.personId).toBe(personId);
    expect(staff.body.referral.reason).toBeTruthy();
    const seen = await partner.get(`/api/referrals/${t.fixtures.refA.id}`);
    expect(seen.body.referral.status).toBe('accepted');
    expect(seen.raw.body).not.toContain(personId);
    expect((await partner.get(`/api/people/${personId}`)).status).toBe(403);

    const actions = (await t.services.db.select().from(auditLog))
      .filter((a) => a.entityId === personId || a.entityId === t.fixtures.refA.id)
      .map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['person.create', 'referral.process']));
  });

  it('refuses a change the referral’s status does not allow, and a second file', async () => {
    const again = await coordinator.post(`/api/referrals/${t.fixtures.refA.id}/process`, {
      status: 'accepted',
      createPerson: true,
    });
    expect(again.status).toBe(409);
    const back = await coordinator.post(`/api/referrals/${t.fixtures.refA.id}/process`, {
      status: 'in_review',
    });
    expect(back.status).toBe(409);
    expect(back.body.message).toMatch(/ne peut pas passer/);
  });

  it('requires a note to decline, and a file can only be opened on acceptance', async () => {
    const created = await partner.post(
      '/api/referrals',
      referral({ lastName: 'Refus', firstName: 'Test' }),
    );
    const url = `/api/referrals/${created.body.id}/process`;
    const noNote = await coordinator.post(url, { status: 'declined' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toMatch(/pourquoi/);
    const fileOnReview = await coordinator.post(url, { status: 'in_review', createPerson: true });
    expect(fileOnReview.status).toBe(400);
    const declined = await coordinator.post(url, {
      status: 'declined',
      note: 'La personne est déjà suivie par un autre service.',
    });
    expect(declined.status).toBe(200);
    const closed = await coordinator.post(url, { status: 'closed' });
    expect(closed.status).toBe(200);
    expect((await coordinator.post(url, { status: 'in_review' })).status).toBe(409);
  });

  it('warns about a possible duplicate without writing anything, then links the existing file', async () => {
    const created = await partner.post(
      '/api/referrals',
      referral({ lastName: 'LEFEVRE', firstName: 'Helene', birthDate: '1940-03-12', phone: null }),
    );
    const url = `/api/referrals/${created.body.id}/process`;
    const peopleBefore = await t.services.db.$count(people);
    const warned = await coordinator.post(url, { status: 'accepted', createPerson: true });
    expect(warned.status).toBe(409);
    expect(warned.body.error).toBe('possible_duplicate');
    expect(warned.body.candidates[0].id).toBe(t.fixtures.p1.id);
    expect(await t.services.db.$count(people)).toBe(peopleBefore);
    const [unchanged] = await t.services.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, created.body.id));
    expect(unchanged).toMatchObject({ status: 'submitted', personId: null });

    const linked = await coordinator.post(url, {
      status: 'accepted',
      personId: t.fixtures.p1.id,
      note: 'Déjà accompagnée par le service.',
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.personId).toBe(t.fixtures.p1.id);
    expect(await t.services.db.$count(people)).toBe(peopleBefore);
  });

  it('refuses to link another organisation’s person (404)', async () => {
    const created = await partner.post(
      '/api/referrals',
      referral({ lastName: 'Lien', firstName: 'Étranger' }),
    );
    const response = await coordinator.post(`/api/referrals/${created.body.id}/process`, {
      status: 'accepted',
      personId: t.fixtures.pB.id,
    });
    expect(response.status).toBe(404);
    const [row] = await t.services.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, created.body.id));
    expect(row).toMatchObject({ status: 'submitted', personId: null });
  });
});
