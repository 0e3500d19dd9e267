/**
 * Administration end to end: organisation settings, local services and territory, home figures,
 * accounts and invitations (through a real SMTP conversation), the audit trail, and the sign-in
 * protections (rate limit, CSRF).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog, organisations, sessions, users } from '../../src/db/schema.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

let t: TestApp;
let smtp: SmtpCapture;
let admin: Client;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // The queue runs: e-mails go through the outbox and the mail-send job, as in production.
  t = await createTestApp(
    { smtpUrl: smtp.url, loginMaxFailures: 3, loginWindowMinutes: 15 },
    {},
    { jobs: true },
  );
  admin = await t.login(t.fixtures.usersA.admin.email);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const tokenOf = (text: string) => {
  const match = /jeton=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1];
};

describe('organisation', () => {
  it('gives every member the organisation, its local services and territory, never another one', async () => {
    const visitor = await t.login(t.fixtures.usersA.visitor.email);
    const answer = await visitor.get('/api/organisation');
    expect(answer.status).toBe(200);
    expect(answer.body.name).toBe('Département Test');
    expect(answer.body.localServices.map((s: { name: string }) => s.name)).toEqual([
      'Service Beauvais',
      'Service Compiègne',
    ]);
    expect(answer.body.territories).toEqual([
      expect.objectContaining({
        postalCode: '60200',
        communeName: 'Compiègne',
        localServiceId: t.fixtures.ls2.id,
      }),
    ]);
    expect(answer.body.settings.eligibility).toEqual({
      minimumAge: 65,
      isolationThreshold: 12,
      requireIsolation: true,
      allowedDepartmentCodes: null,
    });
    expect(answer.raw.body).not.toContain(t.fixtures.orgB.id);
  });

  it('changes the eligibility rule, audits the diff, and the next evaluation follows it', async () => {
    const changed = await admin.patch('/api/organisation/settings', {
      eligibility: {
        minimumAge: 90,
        isolationThreshold: 12,
        requireIsolation: true,
        allowedDepartmentCodes: ['60', '2a'],
      },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.eligibility).toEqual({
      minimumAge: 90,
      isolationThreshold: 12,
      requireIsolation: true,
      allowedDepartmentCodes: ['60', '2A'],
    });
    const [entry] = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'organisation.update_settings'));
    // The settings are kept in clear in the audit (ADR 0011): the rule before and after.
    const [, after] = (entry?.diff as Record<string, [unknown, { eligibility: unknown }]>)
      .settings!;
    expect(after.eligibility).toMatchObject({ minimumAge: 90, isolationThreshold: 12 });

    // Marcel Durand (fixture) is 86: under the new minimum age of 90.
    const evaluation = await admin.post(`/api/people/${t.fixtures.p2.id}/evaluations`, {
      evaluatedOn: '2026-01-05',
      answers: {
        family_seen: 0,
        family_talk_private: 0,
        family_help: 0,
        friends_seen: 1,
        friends_talk_private: 0,
        friends_help: 0,
      },
    });
    expect(evaluation.status).toBe(201);
    expect(evaluation.body.decision.decision, JSON.stringify(evaluation.body)).toBe('not_eligible');

    const back = await admin.patch('/api/organisation/settings', {
      eligibility: {
        minimumAge: 65,
        isolationThreshold: 12,
        requireIsolation: true,
        allowedDepartmentCodes: null,
      },
    });
    expect(back.status).toBe(200);
  });

  it('refuses a bad rule with a French message and changes nothing', async () => {
    const [before] = await t.services.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, t.fixtures.orgA.id));
    for (const eligibility of [
      { minimumAge: -3 },
      { minimumAge: 65, isolationThreshold: 31 },
      { allowedDepartmentCodes: ['99'] },
      { requireIsolation: 'peut-être' },
    ]) {
      const answer = await admin.patch('/api/organisation/settings', { eligibility });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toMatch(/Données invalides/);
    }
    const [after] = await t.services.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, t.fixtures.orgA.id));
    expect(after?.settings).toEqual(before?.settings);
  });

  it('adds a local service once; the same name again is a conflict', async () => {
    const created = await admin.post('/api/organisation/local-services', {
      name: 'Service Senlis',
    });
    expect(created.status).toBe(201);
    const again = await admin.post('/api/organisation/local-services', { name: 'service senlis' });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Un service local s’appelle déjà « service senlis ».');
  });

  it('adds a commune only as the gazetteer knows it, with its official name', async () => {
    const created = await admin.post('/api/organisation/territories', {
      postalCode: '60000',
      communeName: 'beauvais',
      localServiceId: t.fixtures.ls1.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.communeName).toBe('Beauvais');

    const unknown = await admin.post('/api/organisation/territories', {
      postalCode: '60000',
      communeName: 'Atlantide',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues[0].path).toBe('body.communeName');

    const noSuchCode = await admin.post('/api/organisation/territories', {
      postalCode: '00000',
      communeName: 'Nulle part',
    });
    expect(noSuchCode.status).toBe(400);

    const duplicate = await admin.post('/api/organisation/territories', {
      postalCode: '60000',
      communeName: 'Beauvais',
    });
    expect(duplicate.status).toBe(409);

    const foreignService = await admin.post('/api/organisation/territories', {
      postalCode: '60300',
      communeName: 'Senlis',
      localServiceId: '00000000-0000-4000-8000-000000000000',
    });
    expect(foreignService.status).toBe(400);
    expect(foreignService.body.message).toBe(
      'Ce service local n’existe pas dans votre organisation.',
    );

    const removed = await admin.delete(`/api/organisation/territories/${created.body.id}`);
    expect(removed.status).toBe(204);
    expect((await admin.delete(`/api/organisation/territories/${created.body.id}`)).status).toBe(
      404,
    );
  });

  it('counts what the user may see on the home page: the organisation, or their local service', async () => {
    const coordinator = await t.login(t.fixtures.usersA.coordinator.email);
    const whole = await coordinator.get('/api/stats');
    expect(whole.status).toBe(200);
    const people = await coordinator.get('/api/people?pageSize=200');
    expect(whole.body.peopleTotal).toBe(people.body.total);
    const sum = Object.values(whole.body.peopleByStatus as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    expect(sum).toBe(whole.body.peopleTotal);
    expect(whole.body.pairsActive).toBe(1);
    expect(whole.body.referralsOpen).toBe(1);

    const ls2 = await t.login(t.fixtures.coordinatorLs2.email);
    const narrow = await ls2.get('/api/stats');
    const ls2People = await ls2.get('/api/people?pageSize=200');
    expect(narrow.body.peopleTotal).toBe(ls2People.body.total);
    expect(narrow.body.peopleTotal).toBeLessThan(whole.body.peopleTotal);
    expect(narrow.body.pairsActive).toBe(0);
  });
});

describe('accounts and invitations', () => {
  it('invites by e-mail through SMTP; the link sets a password once and signs in', async () => {
    const invited = await admin.post('/api/users', {
      email: 'Claire.Nouvelle@a.test',
      displayName: 'Claire Nouvelle',
      roles: ['planner', 'planner'],
      localServiceId: t.fixtures.ls1.id,
    });
    expect(invited.status).toBe(201);
    expect(invited.body.user).toMatchObject({
      email: 'claire.nouvelle@a.test',
      roles: ['planner'],
      invitationPending: true,
    });

    const mail = await smtp.waitForMessage((m) => m.envelope.to.includes('claire.nouvelle@a.test'));
    expect(mail.subject).toBe('Invitation à rejoindre Département Test sur Convivialité');
    expect(mail.text).toContain('admin test vous invite');
    const token = tokenOf(mail.text ?? '');
    expect(invited.body.invitationLink).toContain(token);

    const anonymous = t.client();
    const set = await anonymous.post('/api/auth/set-password', {
      token,
      password: 'un mot de passe solide',
    });
    expect(set.status).toBe(200);
    const session = await anonymous.get('/api/auth/session');
    expect(session.body.user.email).toBe('claire.nouvelle@a.test');

    const reuse = await t
      .client()
      .post('/api/auth/set-password', { token, password: 'un autre mot de passe' });
    expect(reuse.status).toBe(400);
    expect(reuse.body.message).toMatch(/n’est plus valable/);

    const login = await t.client().post('/api/auth/login', {
      email: 'claire.nouvelle@a.test',
      password: 'un mot de passe solide',
    });
    expect(login.status).toBe(200);

    const list = await admin.get('/api/users?q=claire');
    expect(list.body.items).toEqual([
      expect.objectContaining({ displayName: 'Claire Nouvelle', invitationPending: false }),
    ]);
    expect(list.body.items[0].passwordHash).toBeUndefined();
  });

  it('resending an invitation sends a new link and the old one stops working', async () => {
    const invited = await admin.post('/api/users', {
      email: 'renvoi@a.test',
      displayName: 'Renvoi',
      roles: ['viewer'],
    });
    const first = tokenOf(
      (await smtp.waitForMessage((m) => m.envelope.to.includes('renvoi@a.test'))).text ?? '',
    );
    const resent = await admin.post(`/api/users/${invited.body.user.id}/invitation`, {});
    expect(resent.status).toBe(200);
    const second = tokenOf(resent.body.invitationLink);
    expect(second).not.toBe(first);
    await smtp.waitForMessage(
      (m) => m.envelope.to.includes('renvoi@a.test') && (m.text ?? '').includes(second),
    );
    expect(
      (
        await t
          .client()
          .post('/api/auth/set-password', { token: first, password: 'mot de passe long' })
      ).status,
    ).toBe(400);
    expect(
      (
        await t
          .client()
          .post('/api/auth/set-password', { token: second, password: 'mot de passe long' })
      ).status,
    ).toBe(200);
    const again = await admin.post(`/api/users/${invited.body.user.id}/invitation`, {});
    expect(again.status).toBe(409);
  });

  it('refuses an address that already has an account, wherever it is, without saying where', async () => {
    const before = await t.services.db.select({ n: count() }).from(users);
    const own = await admin.post('/api/users', {
      email: t.fixtures.usersA.viewer.email,
      displayName: 'X',
      roles: ['viewer'],
    });
    expect(own.status).toBe(409);
    const foreign = await admin.post('/api/users', {
      email: t.fixtures.usersB.viewer.email,
      displayName: 'X',
      roles: ['viewer'],
    });
    expect(foreign.status).toBe(409);
    expect(foreign.body.existingId).toBeUndefined();
    expect(foreign.raw.body).not.toContain(t.fixtures.usersB.viewer.id);
    const after = await t.services.db.select({ n: count() }).from(users);
    expect(after).toEqual(before);
  });

  it('requires a visitor account to be linked to a visitor record of the organisation', async () => {
    const missing = await admin.post('/api/users', {
      email: 'vis@a.test',
      displayName: 'Vis',
      roles: ['visitor'],
    });
    expect(missing.status).toBe(400);
    const foreign = await admin.post('/api/users', {
      email: 'vis@a.test',
      displayName: 'Vis',
      roles: ['visitor'],
      visitorId: t.fixtures.vB.id,
    });
    expect(foreign.status).toBe(400);
    const linked = await admin.post('/api/users', {
      email: 'vis@a.test',
      displayName: 'Vis',
      roles: ['visitor'],
      visitorId: t.fixtures.v3.id,
    });
    expect(linked.status).toBe(201);
  });

  it('an administrator cannot remove their own admin role nor disable themselves', async () => {
    const me = t.fixtures.usersA.admin.id;
    const demote = await admin.patch(`/api/users/${me}`, { roles: ['coordinator'] });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/propre rôle d’administrateur/);
    const disable = await admin.patch(`/api/users/${me}`, { disabled: true });
    expect(disable.status).toBe(409);
    const [row] = await t.services.db.select().from(users).where(eq(users.id, me));
    expect(row?.roles).toEqual(['admin']);
    expect(row?.disabledAt).toBeNull();
  });

  it('disabling an account ends its sessions and refuses its sign-in; enabling gives it back', async () => {
    const target = t.fixtures.usersA.operator;
    const operator = await t.login(target.email);
    const disabled = await admin.patch(`/api/users/${target.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabledAt).not.toBeNull();
    expect((await operator.get('/api/people')).status).toBe(401);
    expect(
      (await t.services.db.select().from(sessions).where(eq(sessions.userId, target.id))).length,
    ).toBe(0);
    expect(
      (await t.client().post('/api/auth/login', { email: target.email, password: TEST_PASSWORD }))
        .status,
    ).toBe(401);
    const enabled = await admin.patch(`/api/users/${target.id}`, { disabled: false });
    expect(enabled.body.disabledAt).toBeNull();
    await t.login(target.email);
  });

  it('a role change applies on the next request', async () => {
    const target = t.fixtures.usersA.planner;
    const planner = await t.login(target.email);
    expect(
      (await planner.post('/api/organisation/local-services', { name: 'Tentative' })).status,
    ).toBe(403);
    await admin.patch(`/api/users/${target.id}`, { roles: ['planner', 'admin'] });
    expect(
      (await planner.post('/api/organisation/local-services', { name: 'Tentative' })).status,
    ).toBe(201);
    await admin.patch(`/api/users/${target.id}`, { roles: ['planner'] });
    expect(
      (await planner.post('/api/organisation/local-services', { name: 'Tentative 2' })).status,
    ).toBe(403);
  });

  it('refuses an empty change and an unknown role', async () => {
    expect((await admin.patch(`/api/users/${t.fixtures.usersA.viewer.id}`, {})).status).toBe(400);
    const unknown = await admin.patch(`/api/users/${t.fixtures.usersA.viewer.id}`, {
      roles: ['superuser'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/Rôle inconnu/);
  });
});

describe('audit trail', () => {
  it('lists writes and reads of the organisation only, newest first, with who did them', async () => {
    await admin.get(`/api/people/${t.fixtures.p1.id}`);
    const reads = await admin.get('/api/audit?kind=read&entityType=person&pageSize=5');
    expect(reads.status).toBe(200);
    expect(reads.body.items[0]).toMatchObject({
      kind: 'read',
      entityType: 'person',
      entityId: t.fixtures.p1.id,
      userName: 'admin test',
    });
    const writes = await admin.get('/api/audit?action=user.&pageSize=200');
    expect(writes.body.items.length).toBeGreaterThan(3);
    const times = writes.body.items.map((i: { at: string }) => i.at);
    expect([...times].sort().reverse()).toEqual(times);

    const adminB = await t.login(t.fixtures.usersB.admin.email);
    const other = await adminB.get('/api/audit?pageSize=200');
    expect(other.raw.body).not.toContain(t.fixtures.p1.id);
    expect(other.raw.body).not.toContain('claire.nouvelle');
  });

  it('filters by Paris calendar dates and pages', async () => {
    // The administrator's own rows: the job queue runs in this app (e-mails sent after earlier
    // tests' invitations), and its rows may land between two reads and shift the pages.
    const mine = `userId=${t.fixtures.usersA.admin.id}`;
    const all = await admin.get(`/api/audit?pageSize=200&${mine}`);
    expect(all.body.items.length).toBeGreaterThan(4);
    const future = await admin.get('/api/audit?from=2999-01-01');
    expect(future.body.total).toBe(0);
    expect(future.body.items).toEqual([]);
    const page2 = await admin.get(`/api/audit?pageSize=2&page=2&${mine}`);
    expect(page2.body.items.map((i: { id: number }) => i.id)).toEqual(
      all.body.items.slice(2, 4).map((i: { id: number }) => i.id),
    );
    const reversed = await admin.get('/api/audit?from=2026-02-01&to=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/La date de début doit précéder la date de fin/);
  });
});

describe('sign-in protections', () => {
  it('refuses a write without the CSRF token (403) and changes nothing', async () => {
    const client = await t.login(t.fixtures.usersA.admin.email);
    client.csrfToken = null;
    const answer = await client.post('/api/organisation/local-services', { name: 'Sans jeton' });
    expect(answer.status).toBe(403);
    const list = await admin.get('/api/organisation');
    expect(list.body.localServices.map((s: { name: string }) => s.name)).not.toContain(
      'Sans jeton',
    );
  });

  it('limits failed sign-ins per address with a French message, even with the right password', async () => {
    const email = t.fixtures.usersA.viewer.email;
    for (let i = 0; i < 3; i++) {
      expect(
        (await t.client().post('/api/auth/login', { email, password: 'mauvais' })).status,
      ).toBe(401);
    }
    const blocked = await t.client().post('/api/auth/login', { email, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/Trop de tentatives de connexion/);
  });
});

describe('creating an organisation (the create-organisation command)', () => {
  it('creates it with its first administrator, who activates the account from the link', async () => {
    const { createOrganisation } = await import('../../src/server/organisations/service.js');
    const { createInvitation } = await import('../../src/server/users/service.js');
    const { systemContext } = await import('../../src/server/http/context.js');
    const ctx = systemContext(t.services, t.app.log, 'cli:create-organisation');
    const invite = (
      tx: Parameters<typeof createInvitation>[0],
      user: { id: string; email: string; organisationId: string },
      trail: Parameters<typeof createInvitation>[1],
    ) => createInvitation(tx, trail, t.services, user, null);
    const {
      organisation,
      admin: first,
      invitation,
    } = await createOrganisation(
      ctx,
      {
        name: 'CCAS de Senlis',
        kind: 'ccas',
        adminEmail: 'Direction@Senlis.test',
        adminName: 'Anne Direction',
      },
      invite,
    );
    expect(first.email).toBe('direction@senlis.test');
    expect(invitation.link).toContain('/invitation?jeton=');
    const mail = await smtp.waitForMessage((m) => m.envelope.to.includes('direction@senlis.test'));
    const client = t.client();
    expect(
      (
        await client.post('/api/auth/set-password', {
          token: tokenOf(mail.text ?? ''),
          password: 'un mot de passe solide',
        })
      ).status,
    ).toBe(200);
    const session = await client.get('/api/auth/session');
    client.csrfToken = session.body.csrfToken;
    const org = await client.get('/api/organisation');
    expect(org.body).toMatchObject({
      id: organisation.id,
      name: 'CCAS de Senlis',
      localServices: [],
      territories: [],
    });
    expect((await client.get('/api/people')).body.total).toBe(0);

    await expect(
      createOrganisation(
        ctx,
        { name: 'Autre', kind: 'ccas', adminEmail: 'direction@senlis.test', adminName: 'B' },
        invite,
      ),
    ).rejects.toThrow(/Un compte existe déjà/);
    await expect(
      createOrganisation(
        ctx,
        { name: '', kind: 'mairie' as 'ccas', adminEmail: 'x', adminName: 'B' },
        invite,
      ),
    ).rejects.toThrow();
  });
});
