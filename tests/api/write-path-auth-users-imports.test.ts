/**
 * Sign-in, sign-out, password links, accounts and imports go through the one write mechanism:
 * each leaves its audit rows in its transaction, a link used twice at once works once, the
 * invitation resend is checked under the route's action, an import leaves one row per record
 * under its batch id, and a refused write leaves neither data nor audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import pino from 'pino';
import { queryRows } from '../../src/db/database.js';
import {
  auditLog,
  authTokens,
  imports,
  loginAttempts,
  people,
  sessions,
  users,
} from '../../src/db/schema.js';
import type { Action, Role } from '../../src/domain/permissions/policy.js';
import type { AuthenticatedContext } from '../../src/server/http/context.js';
import type { OutgoingMail } from '../../src/server/mail/mailer.js';
import { runImport } from '../../src/server/imports/service.js';
import { inviteUser, resendInvitation } from '../../src/server/users/service.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';
import { waitForImport } from '../helpers/imports.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

let t: TestApp;
let admin: Client;
const sent: OutgoingMail[] = [];

beforeAll(async () => {
  t = await createTestApp(
    {},
    { mailer: { send: async (mail) => (sent.push(mail), `<${sent.length}@test>`) } },
  );
  admin = await t.login(t.fixtures.usersA.admin.email);
});
afterAll(async () => t?.close());

const tokenOf = (text: string) => {
  const match = /jeton=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1];
};

/** The audit rows written after `sinceId`, oldest first. */
async function auditSince(sinceId: number) {
  return t.services.db
    .select()
    .from(auditLog)
    .where(gt(auditLog.id, sinceId))
    .orderBy(asc(auditLog.id));
}
async function lastAuditId() {
  const [row] = await t.services.db
    .select({ id: auditLog.id })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row?.id ?? 0;
}

interface Counts {
  audit_log: number;
  users: number;
  auth_tokens: number;
  people: number;
  imports: number;
  status_changes: number;
  mail_outbox: number;
}
async function counts(): Promise<Counts> {
  const [row] = await queryRows<Counts>(
    t.services.db,
    sql`select (select count(*) from audit_log)::int as audit_log, (select count(*) from users)::int as users,
               (select count(*) from auth_tokens)::int as auth_tokens, (select count(*) from people)::int as people,
               (select count(*) from imports)::int as imports, (select count(*) from status_changes)::int as status_changes,
               (select count(*) from mail_outbox)::int as mail_outbox`,
  );
  return row!;
}

/** A service context as a route gives it, for an account of the fixtures and a declared action. */
function contextFor(user: typeof users.$inferSelect, access: Action): AuthenticatedContext {
  return {
    ...t.services,
    actor: {
      id: user.id,
      organisationId: user.organisationId,
      localServiceId: user.localServiceId,
      roles: user.roles as Role[],
      visitorId: user.visitorId,
    },
    ip: null,
    log: pino({ level: 'silent' }),
    access,
  };
}

async function inviteAndActivate(email: string) {
  const invited = await admin.post('/api/users', {
    email,
    displayName: 'Compte Test',
    roles: ['viewer'],
  });
  expect(invited.status).toBe(201);
  const token = tokenOf(invited.body.invitationLink);
  expect(
    (await t.client().post('/api/auth/set-password', { token, password: TEST_PASSWORD })).status,
  ).toBe(200);
  return invited.body.user.id as string;
}

describe('sign-in and sign-out', () => {
  it('a sign-in records its attempt, its session and a user.login row by the user', async () => {
    const user = t.fixtures.usersA.planner;
    const since = await lastAuditId();
    const client = await t.login(user.email);
    const rows = await auditSince(since);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'user.login',
        kind: 'write',
        entityType: 'user',
        entityId: user.id,
        userId: user.id,
        organisationId: user.organisationId,
      }),
    ]);
    // The row says what changed (a session opened, until when), never the token.
    expect(rows[0]!.diff).toEqual({
      succeeded: [null, true],
      expiresAt: [null, expect.any(String)],
    });
    const [attempt] = await t.services.db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.email, user.email))
      .orderBy(desc(loginAttempts.id))
      .limit(1);
    expect(attempt!.succeeded).toBe(true);
    expect((await client.get('/api/auth/session')).body.user.id).toBe(user.id);
  });

  it('a failed sign-in keeps its attempt; on an account, a user.login_failed row about it with no author', async () => {
    const user = t.fixtures.usersA.operator;
    const since = await lastAuditId();
    const wrong = await t
      .client()
      .post('/api/auth/login', { email: user.email, password: 'pas le bon mot de passe' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(wrong.raw.cookies.find((c) => c.name === 'conv_session')).toBeUndefined();
    const [attempt] = await t.services.db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.email, user.email))
      .orderBy(desc(loginAttempts.id))
      .limit(1);
    expect(attempt!.succeeded).toBe(false);
    expect(await auditSince(since)).toEqual([
      expect.objectContaining({
        action: 'user.login_failed',
        entityType: 'user',
        entityId: user.id,
        userId: null,
        organisationId: user.organisationId,
        diff: { succeeded: [null, false] },
      }),
    ]);
    expect(await t.services.db.select().from(sessions).where(eq(sessions.userId, user.id))).toEqual(
      [],
    );

    // An unknown address: the attempt only (no organisation to file a row under).
    const unknown = await t.client().post('/api/auth/login', {
      email: 'personne@nulle-part.test',
      password: 'pas le bon mot de passe',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const attempts = await t.services.db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.email, 'personne@nulle-part.test'));
    expect(attempts).toEqual([expect.objectContaining({ succeeded: false })]);
    expect((await auditSince(since)).length).toBe(1);
  });

  it('a sign-out ends the session and leaves a user.logout row', async () => {
    const user = t.fixtures.usersA.viewer;
    const client = await t.login(user.email);
    const since = await lastAuditId();
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(await auditSince(since)).toEqual([
      expect.objectContaining({
        action: 'user.logout',
        entityType: 'user',
        entityId: user.id,
        userId: user.id,
        organisationId: user.organisationId,
        diff: { expiresAt: [expect.any(String), null] },
      }),
    ]);
    expect((await client.get('/api/auth/session')).body.user).toBeNull();
  });
});

describe('password links', () => {
  it('a reset request for a known address creates the link and a user.reset_requested row; the answer is the same for an unknown one', async () => {
    const email = 'reinit@a.test';
    const userId = await inviteAndActivate(email);
    await t.deliverMail(); // the invitation
    const before = await counts();
    const since = await lastAuditId();
    const mails = sent.length;
    const known = await t.client().post('/api/auth/password-reset', { email });
    const unknown = await t.client().post('/api/auth/password-reset', { email: 'inconnu@a.test' });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    expect(await auditSince(since)).toEqual([
      expect.objectContaining({
        action: 'user.reset_requested',
        entityType: 'user',
        entityId: userId,
        userId: null,
        // No author (anyone may type an address): the row says it came from an anonymous request.
        source: 'web:anonymous',
        organisationId: t.fixtures.orgA.id,
        diff: expect.objectContaining({ purpose: [null, 'password_reset'] }),
      }),
    ]);
    const after = await counts();
    expect(after.auth_tokens - before.auth_tokens).toBe(1);
    // The e-mail was written with the link, in the outbox; the mail-send job's code sends it.
    expect(after.mail_outbox - before.mail_outbox).toBe(1);
    await t.deliverMail();
    expect(sent.slice(mails).map((m) => m.to)).toEqual([email]);
  });

  it('setting the password from a reset link marks it used and leaves user.reset_password by the user, password masked', async () => {
    const email = 'reinit@a.test';
    const [user] = await t.services.db.select().from(users).where(eq(users.email, email));
    const mail = [...sent].reverse().find((m) => m.to === email)!;
    const token = tokenOf(mail.text);
    const since = await lastAuditId();
    const client = t.client();
    const set = await client.post('/api/auth/set-password', {
      token,
      password: 'un nouveau mot de passe',
    });
    expect(set.status).toBe(200);
    const rows = await auditSince(since);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'user.reset_password',
        entityType: 'user',
        entityId: user!.id,
        userId: user!.id,
        organisationId: user!.organisationId,
      }),
    ]);
    expect(rows[0]!.diff).toEqual({ passwordHash: ['[masqué]', '[masqué]'] });
    const [used] = await t.services.db
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, user!.id), eq(authTokens.purpose, 'password_reset')));
    expect(used!.usedAt).not.toBeNull();
    expect((await client.get('/api/auth/session')).body.user.email).toBe(email);
  });

  it('an invitation link leaves user.accept_invitation by the new user', async () => {
    const invited = await admin.post('/api/users', {
      email: 'accepte@a.test',
      displayName: 'Accepte',
      roles: ['viewer'],
    });
    const since = await lastAuditId();
    const set = await t.client().post('/api/auth/set-password', {
      token: tokenOf(invited.body.invitationLink),
      password: TEST_PASSWORD,
    });
    expect(set.status).toBe(200);
    const rows = await auditSince(since);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'user.accept_invitation',
        entityType: 'user',
        entityId: invited.body.user.id,
        userId: invited.body.user.id,
        organisationId: t.fixtures.orgA.id,
      }),
    ]);
    expect(rows[0]!.diff).toEqual({ passwordHash: [null, '[masqué]'] });
  });

  it('a reset link used twice at once works once', async () => {
    const email = 'deuxfois@a.test';
    const userId = await inviteAndActivate(email);
    expect((await t.client().post('/api/auth/password-reset', { email })).status).toBe(200);
    await t.deliverMail();
    const token = tokenOf([...sent].reverse().find((m) => m.to === email)!.text);
    const since = await lastAuditId();
    const [a, b] = await Promise.all([
      t.client().post('/api/auth/set-password', { token, password: 'premier mot de passe' }),
      t.client().post('/api/auth/set-password', { token, password: 'second mot de passe' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const refused = a.status === 400 ? a : b;
    expect(refused.body.message).toMatch(/n’est plus valable/);
    const rows = (await auditSince(since)).filter((r) => r.entityId === userId);
    expect(rows.map((r) => r.action)).toEqual(['user.reset_password']);
    expect(
      await t.services.db.select().from(sessions).where(eq(sessions.userId, userId)),
    ).toHaveLength(1);
    // The password is the winner's.
    const winner = a.status === 200 ? 'premier mot de passe' : 'second mot de passe';
    expect((await t.client().post('/api/auth/login', { email, password: winner })).status).toBe(
      200,
    );
  });
});

describe('accounts', () => {
  it('resending an invitation is checked under the route’s action (user.invite) and audited once', async () => {
    const route = t.app.registeredRoutes.find(
      (r) => r.method === 'POST' && r.url === '/api/users/:id/invitation',
    );
    expect(route?.access).toBe('user.invite');

    const invited = await admin.post('/api/users', {
      email: 'renvoi-unique@a.test',
      displayName: 'Renvoi',
      roles: ['viewer'],
    });
    const id = invited.body.user.id as string;
    // The service checks the action its caller declares, not one of its own: an administrator
    // called under an action their role does not have is refused, and nothing is written.
    const before = await counts();
    const refused = resendInvitation(contextFor(t.fixtures.usersA.admin, 'visit.own'), id);
    await expect(refused).rejects.toMatchObject({
      statusCode: 403,
      userMessage: expect.stringMatching(/^Votre rôle ne permet pas de /),
    });
    expect(await counts()).toEqual(before);

    const since = await lastAuditId();
    const resent = await admin.post(`/api/users/${id}/invitation`, {});
    expect(resent.status).toBe(200);
    const rows = await auditSince(since);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'user.resend_invitation',
        entityType: 'user',
        entityId: id,
        userId: t.fixtures.usersA.admin.id,
      }),
    ]);
    expect(rows[0]!.diff).toEqual({ expiresAt: [invited.body.expiresAt, resent.body.expiresAt] });
  });

  it('an update (disable) is audited with its diff', async () => {
    const since = await lastAuditId();
    const target = t.fixtures.usersA.partner;
    const disabled = await admin.patch(`/api/users/${target.id}`, { disabled: true });
    expect(disabled.status).toBe(200);
    const rows = await auditSince(since);
    expect(rows).toEqual([
      expect.objectContaining({ action: 'user.update', entityType: 'user', entityId: target.id }),
    ]);
    expect(Object.keys(rows[0]!.diff as object)).toEqual(['disabledAt']);
    expect((await admin.patch(`/api/users/${target.id}`, { disabled: false })).status).toBe(200);
  });

  it('a refused write (role) answers 403 with the policy’s French reason and leaves neither data nor audit', async () => {
    const coordinator = await t.login(t.fixtures.usersA.coordinator.email);
    const before = await counts();
    const answer = await coordinator.post('/api/users', {
      email: 'refuse@a.test',
      displayName: 'Refusé',
      roles: ['viewer'],
    });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toBe('Votre rôle ne permet pas d’inviter un compte.');
    // The same refusal from the write mechanism itself, behind no guard.
    const direct = inviteUser(contextFor(t.fixtures.usersA.coordinator, 'user.invite'), {
      email: 'refuse@a.test',
      displayName: 'Refusé',
      roles: ['viewer'],
    });
    await expect(direct).rejects.toMatchObject({
      statusCode: 403,
      userMessage: 'Votre rôle ne permet pas d’inviter un compte.',
    });
    // A business refusal (409) inside the write: nothing either.
    const self = await admin.patch(`/api/users/${t.fixtures.usersA.admin.id}`, { disabled: true });
    expect(self.status).toBe(409);
    expect(await counts()).toEqual(before);
    expect(
      await t.services.db.select().from(users).where(eq(users.email, 'refuse@a.test')),
    ).toEqual([]);
  });
});

describe('an import', () => {
  const csv = (suffix: string, n: number) =>
    Buffer.from(
      [
        'Nom;Prénom;Date de naissance;Tél',
        ...Array.from(
          { length: n },
          (_, i) =>
            `Lot${suffix}${String.fromCharCode(65 + i)};Anne;${1930 + i}-05-0${1 + (i % 9)};0344451234`,
        ),
      ].join('\r\n') + '\r\n',
      'utf8',
    );
  const body = (bytes: Buffer, mode: string) => ({
    target: 'people',
    fileName: 'vingt.csv',
    contentBase64: bytes.toString('base64'),
    mode,
  });

  it('of 20 rows leaves 20 person rows and the import’s start and end rows, all under the import’s batch id; a dry run writes nothing', async () => {
    const coordinator = await t.login(t.fixtures.usersA.coordinator.email);
    const file = csv('Vingt', 20);
    const before = await counts();
    const dry = await coordinator.post('/api/imports', body(file, 'dry_run'));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ outcome: 'dry_run', wouldCreate: 20, importId: null });
    expect(await counts()).toEqual(before);

    const run = await coordinator.post('/api/imports', body(file, 'all'));
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toMatchObject({ outcome: 'started', wouldCreate: 20 });
    const importId = run.body.importId as string;
    expect(await waitForImport(coordinator, importId)).toMatchObject({
      status: 'done',
      created: 20,
      processed: 20,
      total: 20,
    });
    const batch = await t.services.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.batchId, importId))
      .orderBy(asc(auditLog.id));
    expect(batch).toHaveLength(22);
    // The start: by the user who sent the file.
    expect(batch[0]).toMatchObject({
      action: 'import.run',
      entityType: 'import',
      entityId: importId,
      subjectId: null,
      userId: t.fixtures.usersA.coordinator.id,
      source: null,
    });
    expect(batch[0]!.diff).toMatchObject({ total: [null, 20], mode: [null, 'all'] });
    expect(batch[0]!.diff).not.toHaveProperty('payload');
    // The end: the job, on behalf of that user, with what the run did.
    expect(batch[21]).toMatchObject({
      action: 'import.finish',
      entityType: 'import',
      entityId: importId,
      userId: t.fixtures.usersA.coordinator.id,
      source: 'job:import',
    });
    expect(batch[21]!.diff).toMatchObject({
      status: ['pending', 'done'],
      created: [0, 20],
      processed: [0, 20],
    });
    expect(batch[21]!.diff).not.toHaveProperty('payload');
    const personRows = batch.filter((r) => r.entityType === 'person');
    expect(personRows).toHaveLength(20);
    const created = await t.services.db
      .select({ id: people.id })
      .from(people)
      .where(sql`${people.lastName} like 'LotVingt%'`);
    expect(personRows.map((r) => r.entityId).sort()).toEqual(created.map((p) => p.id).sort());
    for (const row of personRows) {
      expect(row).toMatchObject({
        action: 'person.create',
        subjectId: row.entityId,
        userId: t.fixtures.usersA.coordinator.id,
        organisationId: t.fixtures.orgA.id,
        source: 'job:import',
      });
    }
    expect((await counts()).audit_log - before.audit_log).toBe(22);
    // The rows to write are not kept once written.
    const [stored] = await t.services.db.select().from(imports).where(eq(imports.id, importId));
    expect(stored!.payload).toBeNull();
  });

  it('refused by role inside the service leaves neither data nor audit', async () => {
    const before = await counts();
    const refused = runImport(contextFor(t.fixtures.usersA.planner, 'import.run'), {
      target: 'people',
      fileName: 'refus.csv',
      content: csv('Refus', 3),
      mode: 'all',
    });
    await expect(refused).rejects.toMatchObject({
      statusCode: 403,
      userMessage: 'Votre rôle ne permet pas d’importer un fichier.',
    });
    expect(await counts()).toEqual(before);
  });
});
