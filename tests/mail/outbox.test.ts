/**
 * The e-mail outbox with the real queue and a real SMTP server (ADR 0015): an e-mail written while
 * the mail server is down is retried by the queue and delivered exactly once when it is back; a
 * second job for the same e-mail sends nothing; a change that rolls back leaves no e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { queryRows } from '../../src/db/database.js';
import { mailOutbox } from '../../src/db/schema.js';
import { systemContext } from '../../src/server/http/context.js';
import { conflict } from '../../src/server/http/errors.js';
import { queueMail } from '../../src/server/mail/outbox.js';
import { write } from '../../src/server/write/write.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

let t: TestApp;
let smtp: SmtpCapture | null = null;
let port: number;

beforeAll(async () => {
  // A port where a mail server was and is no more: the mail server is "down".
  const probe = await startSmtpCapture();
  port = probe.port;
  await probe.close();
  t = await createTestApp(
    { smtpUrl: `smtp://127.0.0.1:${port}` },
    {},
    {
      // Seconds instead of minutes between attempts, still doubling.
      jobs: { policies: { 'mail-send': { retryDelay: 1, retryBackoff: true, retryLimit: 8 } } },
    },
  );
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Polls `probe` until it answers something truthy; fails with `what` after the deadline. */
async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  seconds = 60,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Still waiting after ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const outboxRow = async (id: string) =>
  (await t.services.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;

/** The queue's jobs for one e-mail not finished yet (created, retry or active). */
async function unfinishedJobs(outboxId: string) {
  const [row] = await queryRows<{ n: number }>(
    t.services.db,
    sql`select count(*)::int as n from pgboss.job where name = 'mail-send' and data->>'outboxId' = ${outboxId} and state < 'completed'`,
  );
  return row!.n;
}

async function jobOutput(jobId: string) {
  const [row] = await queryRows<{ state: string; output: { outcome?: string } | null }>(
    t.services.db,
    sql`select state::text as state, output from pgboss.job where id = ${jobId}`,
  );
  return row;
}

describe('the e-mail outbox', () => {
  it('an e-mail written while the mail server is down is retried, then delivered exactly once when it is back', async () => {
    const email = t.fixtures.usersA.viewer.email;
    const asked = await t.client().post('/api/auth/password-reset', { email });
    expect(asked.status).toBe(200);
    const [queued] = await t.services.db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.recipient, email));
    expect(queued).toMatchObject({ kind: 'password_reset', organisationId: t.fixtures.orgA.id });

    // Refused twice at least (connection refused), and still waiting for the next attempt.
    const failing = await until('two failed attempts', async () => {
      const row = await outboxRow(queued!.id);
      return row.attempts >= 2 && row.status === 'pending' ? row : null;
    });
    expect(failing.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failing.textBody).toContain('/mot-de-passe/nouveau?jeton=');

    smtp = await startSmtpCapture({ port });
    const mail = await smtp.waitForMessage((m) => m.envelope.to.includes(email), 60_000);
    expect(mail.subject).toBe('Choisir un nouveau mot de passe — Convivialité');
    // The outbox row's id is the message's id: a copy sent again would say it is the same one.
    expect(mail.messageId).toContain(queued!.id);

    const sent = await until('the e-mail recorded as sent', async () => {
      const row = await outboxRow(queued!.id);
      return row.status === 'sent' ? row : null;
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
    expect(sent.sentAt).not.toBeNull();
    // The link is a credential: it does not stay in the outbox once sent.
    expect([sent.textBody, sent.htmlBody]).toEqual(['', '']);
    await until('no job left for the e-mail', async () => (await unfinishedJobs(queued!.id)) === 0);
    expect(smtp.messages.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);

    // A second job for the same e-mail (a sweep, a duplicate) finds it sent and sends nothing.
    const again = await t.jobs!.enqueue('mail-send', { outboxId: queued!.id });
    const output = await until('the duplicate job done', async () => {
      const job = await jobOutput(again!);
      return job?.state === 'completed' ? job : null;
    });
    expect(output.output).toEqual({ outcome: 'skipped' });
    expect(smtp.messages.filter((m) => m.envelope.to.includes(email))).toHaveLength(1);
  }, 120_000);

  it('a change that rolls back leaves no e-mail; the same change committed leaves one, sent', async () => {
    const ctx = systemContext(
      t.services,
      pino({ level: 'silent' }),
      'test:outbox',
      t.fixtures.orgA.id,
    );
    const mail = (to: string) => ({
      kind: 'invitation' as const,
      organisationId: t.fixtures.orgA.id,
      to,
      subject: 'Essai',
      text: 'Essai',
      html: '<p>Essai</p>',
    });
    await expect(
      write(ctx, {
        systemAction: 'test.outbox',
        apply: async (tx, _none, trail) => {
          await queueMail(tx, trail, mail('annule@a.test'));
          throw conflict('refused', 'Refusé après avoir écrit l’e-mail.');
        },
      }),
    ).rejects.toThrow('Refusé');
    expect(
      await t.services.db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.recipient, 'annule@a.test')),
    ).toEqual([]);

    const id = await write(ctx, {
      systemAction: 'test.outbox',
      apply: (tx, _none, trail) => queueMail(tx, trail, mail('valide@a.test')),
    });
    await smtp!.waitForMessage((m) => m.envelope.to.includes('valide@a.test'), 30_000);
    await until('the committed e-mail recorded as sent', async () => {
      return (await outboxRow(id)).status === 'sent';
    });
    expect(smtp!.messages.some((m) => m.envelope.to.includes('annule@a.test'))).toBe(false);
  }, 60_000);
});
