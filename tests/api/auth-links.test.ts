/**
 * Password links (ADR 0014): a link works once however many times it is sent at once, and using
 * one revokes the account's other links; a reset request answers the same, after the same work,
 * whether or not the address has an account, and whatever the mail server does; weak passwords
 * are refused with zxcvbn's reason in French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, count, eq } from 'drizzle-orm';
import { buildApp } from '../../src/server/app.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { auditLog, mailOutbox, rateLimitHits, sessions, users } from '../../src/db/schema.js';
import { MailDeliveryError, type OutgoingMail } from '../../src/server/mail/mailer.js';
import { createTestApp, type Client, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: Client;
let second: Database | null = null;
let other: FastifyInstance;

/** The mail server: delivers, fails, or holds every message until released. */
let mailMode: 'deliver' | 'fail' | 'hold' = 'deliver';
const sent: OutgoingMail[] = [];
const held: (() => void)[] = [];

beforeAll(async () => {
  t = await createTestApp(
    {},
    {
      mailer: {
        async send(mail) {
          if (mailMode === 'fail') throw new MailDeliveryError(new Error('connection refused'));
          if (mailMode === 'hold') await new Promise<void>((resolve) => held.push(resolve));
          sent.push(mail);
          return `<${sent.length}@test>`;
        },
      },
    },
  );
  admin = await t.login(t.fixtures.usersA.admin.email);
  if (t.databaseUrl) second = await openDatabase({ url: t.databaseUrl });
  other = await buildApp({ ...t.services, db: second?.db ?? t.services.db }, { logger: false });
  await other.ready();
});
afterAll(async () => {
  for (const release of held.splice(0)) release();
  await other?.close();
  await second?.close();
  await t?.close();
});

const tokenOf = (text: string) => {
  const match = /jeton=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1];
};

function setPassword(app: FastifyInstance, token: string, password: string) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/set-password',
    payload: { token, password },
  });
}

async function invite(email: string, displayName = 'Compte Lien') {
  const invited = await admin.post('/api/users', { email, displayName, roles: ['viewer'] });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  return { id: invited.body.user.id as string, token: tokenOf(invited.body.invitationLink) };
}

/**
 * The nth reset e-mail to `to` and its link's token: the outbox (ADR 0015) is delivered with the
 * job's own code, as the `mail-send` job would after the answer.
 */
async function linkSentTo(to: string, nth = 1) {
  for (let i = 0; i < 200; i++) {
    await t.deliverMail();
    const mails = sent.filter((m) => m.to === to && m.text.includes('/mot-de-passe/nouveau?'));
    if (mails.length >= nth) return tokenOf(mails[nth - 1]!.text);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no reset e-mail number ${nth} to ${to}`);
}

describe('single-use links', () => {
  it('the same invitation link sent 8 times at once, on two processes, works exactly once', async () => {
    const { id, token } = await invite('parallele@a.test');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        setPassword(i % 2 ? other : t.app, token, `phrase secrète numéro ${i} du lien`),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 400)).toHaveLength(7);
    for (const refused of answers.filter((a) => a.statusCode === 400))
      expect(refused.json().message).toMatch(/n’est plus valable/);
    const [opened] = await t.services.db
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, id));
    expect(opened!.n).toBe(1);
    const accepted = await t.services.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.entityId, id));
    // The invitation's creation and one acceptance.
    expect(accepted[0]!.n).toBe(2);
  });

  it('the same reset link sent 8 times at once works exactly once', async () => {
    const { token: invitation } = await invite('parallele-reset@a.test');
    expect(
      (await setPassword(t.app, invitation, 'premier mot de passe du compte')).statusCode,
    ).toBe(200);
    expect(
      (await t.client().post('/api/auth/password-reset', { email: 'parallele-reset@a.test' }))
        .status,
    ).toBe(200);
    const token = await linkSentTo('parallele-reset@a.test');
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        setPassword(i % 2 ? other : t.app, token, `nouvelle phrase numéro ${i} du lien`),
      ),
    );
    expect(answers.map((a) => a.statusCode).filter((s) => s === 200)).toHaveLength(1);
  });

  it('using a reset link revokes the older ones (and a pending invitation)', async () => {
    const email = 'deux-liens@a.test';
    const { token: invitation } = await invite(email);
    await t.client().post('/api/auth/password-reset', { email });
    await t.client().post('/api/auth/password-reset', { email });
    const older = await linkSentTo(email, 1);
    const newer = await linkSentTo(email, 2);
    expect(older).not.toBe(newer);

    expect((await setPassword(t.app, newer, 'le lien le plus récent')).statusCode).toBe(200);
    const again = await setPassword(t.app, older, 'le lien le plus ancien');
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toMatch(/n’est plus valable/);
    expect((await setPassword(t.app, invitation, 'le lien d’invitation')).statusCode).toBe(400);
  });
});

describe('password-reset requests', () => {
  it('answer the same for a known and an unknown address, after the same work', async () => {
    const known = t.fixtures.usersA.operator.email;
    const slotsBefore = (await t.services.db.select({ n: count() }).from(rateLimitHits))[0]!.n;
    const auditBefore = (await t.services.db.select({ n: count() }).from(auditLog))[0]!.n;
    const timed = async (email: string) => {
      const started = Date.now();
      const answer = await t.client().post('/api/auth/password-reset', { email });
      return Object.assign(answer, { ms: Date.now() - started });
    };
    const forKnown = await timed(known);
    const forUnknown = await timed('personne-ici@a.test');
    // Both wait for the same instant after their arrival, whatever work the account made.
    expect(forKnown.ms).toBeGreaterThanOrEqual(400);
    expect(forUnknown.ms).toBeGreaterThanOrEqual(400);
    expect(forKnown.status).toBe(200);
    expect(forUnknown.status).toBe(forKnown.status);
    expect(forUnknown.body).toEqual(forKnown.body);
    expect(forUnknown.raw.headers['content-length']).toBe(forKnown.raw.headers['content-length']);
    // Both counted by the limits (per address asked for, per client address).
    const slotsAfter = (await t.services.db.select({ n: count() }).from(rateLimitHits))[0]!.n;
    expect(slotsAfter - slotsBefore).toBe(4);
    // Only the account has a row.
    const auditAfter = (await t.services.db.select({ n: count() }).from(auditLog))[0]!.n;
    expect(auditAfter - auditBefore).toBe(1);
    await linkSentTo(known);
  });

  it('a mail server that fails does not change the answer (no 500 that would tell the account exists)', async () => {
    mailMode = 'fail';
    try {
      const forKnown = await t
        .client()
        .post('/api/auth/password-reset', { email: t.fixtures.usersA.planner.email });
      const forUnknown = await t
        .client()
        .post('/api/auth/password-reset', { email: 'personne-non-plus@a.test' });
      expect(forKnown.status).toBe(200);
      expect(forKnown.body).toEqual(forUnknown.body);
    } finally {
      mailMode = 'deliver';
    }
  });

  it('the answer does not wait for the mail server: the e-mail waits in the outbox', async () => {
    mailMode = 'hold';
    let delivery: Promise<unknown> | undefined;
    try {
      const answer = await Promise.race([
        t.client().post('/api/auth/password-reset', { email: t.fixtures.usersA.viewer.email }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the answer waited for the e-mail')), 20_000),
        ),
      ]);
      expect(answer.status).toBe(200);
      const [queued] = await t.services.db
        .select({ n: count() })
        .from(mailOutbox)
        .where(
          and(
            eq(mailOutbox.recipient, t.fixtures.usersA.viewer.email),
            eq(mailOutbox.status, 'pending'),
          ),
        );
      expect(queued!.n).toBe(1);
      // The sending, later, is held by the mail server; nobody waits for it.
      delivery = t.deliverMail();
      for (let i = 0; i < 200 && held.length === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(held).toHaveLength(1);
    } finally {
      mailMode = 'deliver';
      for (const release of held.splice(0)) release();
    }
    await delivery;
    await linkSentTo(t.fixtures.usersA.viewer.email);
  });
});

describe('password strength', () => {
  it('refuses short and guessable passwords with a French reason; the link stays usable', async () => {
    const { id, token } = await invite('zephyrine.quatrebarbes@a.test', 'Zéphyrine Quatrebarbes');
    const short = await setPassword(t.app, token, '1234567890');
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toMatch(/au moins 12 caractères/);

    const common = await setPassword(t.app, token, '123456789012');
    expect(common.statusCode).toBe(400);
    expect(common.json()).toMatchObject({ error: 'weak_password', field: 'password' });
    expect(common.json().message).toMatch(/^Ce mot de passe est trop facile à deviner\. /);

    const keyboard = await setPassword(t.app, token, 'azertyuiop12');
    expect(keyboard.json().message).toMatch(/touches de votre clavier/);

    const ownName = await setPassword(t.app, token, 'zephyrinequatrebarbes');
    expect(ownName.statusCode).toBe(400);
    expect(ownName.json().message).toMatch(/données personnelles/);

    const [account] = await t.services.db
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, id));
    expect(account!.passwordHash).toBeNull();
    expect((await setPassword(t.app, token, 'un mot de passe solide')).statusCode).toBe(200);
  });
});
