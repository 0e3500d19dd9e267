/**
 * SMS over SMPP (ADR 0032) against a real SMPP server started here: an SMS queued in a write is
 * sent once by the job, in the right alphabet, its receipt stored; a reply goes to the handler
 * its question named; a rollback or a bad number sends and writes nothing; two senders send once;
 * a stranger's SMS is stored unmatched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { contactLog, smsInbound, smsOutbox } from '../../src/db/schema.js';
import { systemContext, type AppServices } from '../../src/server/http/context.js';
import { conflict, HttpError } from '../../src/server/http/errors.js';
import { createSmppGateway, type SmsGateway } from '../../src/server/sms/gateway.js';
import {
  deliverOutboxSms,
  deliverPendingSms,
  queueSms,
  type QueuedSms,
} from '../../src/server/sms/outbox.js';
import { startSmsReception } from '../../src/server/sms/receive.js';
import {
  registerSmsReplyHandler,
  smsReplyKey,
  type SmsReply,
} from '../../src/server/sms/replies.js';
import { write } from '../../src/server/write/write.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { startSmppServer, type SmppServer } from '../helpers/smpp-server.js';

const log = pino({ level: 'silent' });
let t: TestApp;
let smsc: SmppServer;
let gateway: SmsGateway;
const others: SmsGateway[] = [];

beforeAll(async () => {
  smsc = await startSmppServer();
  gateway = createSmppGateway({ smppUrl: smsc.url, smppSourceAddr: '+33 6 12 00 00 01' }, log);
  t = await createTestApp(
    { smppUrl: smsc.url },
    { sms: gateway },
    { jobs: { policies: { 'sms-send': { retryDelay: 1, retryBackoff: false, retryLimit: 3 } } } },
  );
  await startSmsReception(t.services, log);
});
afterAll(async () => {
  for (const other of others) await other.close();
  await gateway?.close();
  await t?.close();
  await smsc?.close();
});

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  seconds = 30,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Still waiting after ${seconds} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const outboxRow = async (id: string) =>
  (await t.services.db.select().from(smsOutbox).where(eq(smsOutbox.id, id)))[0]!;

/** Queues one SMS in a write of its own; `services` without a queue: nobody sends it yet. */
function queue(sms: Omit<QueuedSms, 'organisationId'>, services: AppServices = t.services) {
  const ctx = systemContext(services, log, 'test:sms', t.fixtures.orgA.id);
  return write(ctx, {
    systemAction: 'test.sms',
    apply: (tx, _none, trail) =>
      queueSms(tx, trail, { organisationId: t.fixtures.orgA.id, ...sms }),
  });
}
const unqueued = () => ({ ...t.services, jobs: undefined });

describe('SMS over SMPP', () => {
  it('an SMS queued in a write is sent by the job, in GSM or UCS-2 as its text needs, recorded in the contact log, and its receipt stored', async () => {
    const personId = t.fixtures.p1.id;
    const gsmText = 'Bonjour, visite mardi à 10h. Répondez OUI ou NON';
    const ucsText = 'Êtes-vous disponible ? Ça nous aiderait… « merci »';
    const first = await queue({
      to: '06 12 34 56 78',
      text: gsmText,
      kind: 'test',
      subject: { personId },
    });
    const second = await queue({ to: '+33 7 81 23 45 67', text: ucsText, kind: 'test' });

    const gsm = await smsc.waitForSubmit((s) => s.to === '33612345678');
    expect(gsm).toMatchObject({
      text: gsmText,
      dataCoding: 0,
      viaPayload: false,
      registeredDelivery: 1,
      from: '33612000001',
      fromTon: 1,
    });
    const ucs = await smsc.waitForSubmit((s) => s.to === '33781234567');
    expect(ucs).toMatchObject({ text: ucsText, dataCoding: 8, viaPayload: false });

    const sent = await until('sent recorded', async () => {
      const row = await outboxRow(first);
      return row.status === 'sent' ? row : null;
    });
    expect(sent).toMatchObject({
      messageId: gsm.messageId,
      attempts: 1,
      recipient: '+33612345678',
    });
    const contacts = await t.services.db
      .select()
      .from(contactLog)
      .where(and(eq(contactLog.personId, personId), eq(contactLog.channel, 'sms')));
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ outcome: 'sent', note: gsmText, createdBy: null });
    // No subject, no contact: the second SMS is in nobody's log.
    await until('second sent', async () => (await outboxRow(second)).status === 'sent');

    expect(await smsc.sendReceipt(gsm.messageId, 'DELIVRD')).toBe(0);
    expect(await smsc.sendReceipt(ucs.messageId, 'UNDELIV', '034')).toBe(0);
    expect(await outboxRow(first)).toMatchObject({
      deliveryStatus: 'delivered',
      deliveryError: null,
    });
    expect((await outboxRow(first)).receiptAt).toBeInstanceOf(Date);
    expect(await outboxRow(second)).toMatchObject({
      deliveryStatus: 'undeliverable',
      deliveryError: '034',
    });
    // A receipt for a message we never sent is acknowledged and changes nothing.
    expect(await smsc.sendReceipt('nobody-1', 'DELIVRD')).toBe(0);
  }, 60_000);

  it('sends a text longer than one SMS whole, in message_payload', async () => {
    const text = `${'Rendez-vous confirmé pour les courses de la semaine. '.repeat(5)}Merci !`;
    await queue({ to: '06 12 34 56 70', text, kind: 'test' });
    const sms = await smsc.waitForSubmit((s) => s.to === '33612345670');
    expect(sms).toMatchObject({ text, viaPayload: true, dataCoding: 0 });
  }, 30_000);

  it('a reply goes to the handler its question named, read as yes or no, in the write that stores it', async () => {
    const replies: SmsReply[] = [];
    const unregister = registerSmsReplyHandler('test-ask', async (_tx, _trail, reply) => {
      replies.push(reply);
      return { status: 'handled' };
    });
    try {
      const id = await queue({
        to: '06 12 34 56 79',
        text: 'Pouvez-vous aider mardi ? Répondez OUI ou NON',
        kind: 'test',
        subject: { personId: t.fixtures.p2.id },
        replyKey: smsReplyKey('test-ask', 'ask-42'),
      });
      await until('question sent', async () => (await outboxRow(id)).status === 'sent');

      expect(await smsc.sendSms({ from: '33612345679', text: 'Oui !' })).toBe(0);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toMatchObject({
        reference: 'ask-42',
        answer: 'yes',
        text: 'Oui !',
        from: '+33612345679',
        outboxId: id,
        organisationId: t.fixtures.orgA.id,
        personId: t.fixtures.p2.id,
      });
      const [stored] = await t.services.db
        .select()
        .from(smsInbound)
        .where(eq(smsInbound.id, replies[0]!.inboundId));
      expect(stored).toMatchObject({ dispatch: 'handled', outboxId: id, sender: '+33612345679' });
      expect((await outboxRow(id)).repliedAt).toBeInstanceOf(Date);

      // The question is answered: a second SMS from that number is only stored.
      expect(await smsc.sendSms({ from: '33612345679', text: 'non finalement' })).toBe(0);
      expect(replies).toHaveLength(1);
      const later = await t.services.db
        .select()
        .from(smsInbound)
        .where(and(eq(smsInbound.sender, '+33612345679'), eq(smsInbound.dispatch, 'not_awaited')));
      expect(later).toHaveLength(1);
      expect(later[0]!.organisationId).toBe(t.fixtures.orgA.id);
    } finally {
      unregister();
    }
  }, 30_000);

  it('a handler that throws has its changes rolled back; the reply is kept, failed', async () => {
    const unregister = registerSmsReplyHandler('test-broken', async (tx, trail, reply) => {
      // An answer queued, then a failure: the answer must not survive.
      await queueSms(tx, trail, {
        organisationId: reply.organisationId,
        to: reply.from,
        text: 'Merci pour votre réponse',
        kind: 'test',
      });
      throw new Error('request closed meanwhile');
    });
    try {
      const id = await queue({
        to: '06 12 34 56 71',
        text: 'OUI ou NON ?',
        kind: 'test',
        replyKey: smsReplyKey('test-broken', 'x'),
      });
      await until('question sent', async () => (await outboxRow(id)).status === 'sent');
      expect(await smsc.sendSms({ from: '33612345671', text: 'non' })).toBe(0);
      const [stored] = await t.services.db
        .select()
        .from(smsInbound)
        .where(eq(smsInbound.sender, '+33612345671'));
      expect(stored).toMatchObject({
        dispatch: 'failed',
        dispatchNote: 'request closed meanwhile',
      });
      const answers = await t.services.db
        .select()
        .from(smsOutbox)
        .where(eq(smsOutbox.recipient, '+33612345671'));
      expect(answers.map((a) => a.text)).toEqual(['OUI ou NON ?']);
    } finally {
      unregister();
    }
  }, 30_000);

  it('an SMS from a number nobody wrote to is stored unmatched, and nothing else is done', async () => {
    expect(await smsc.sendSms({ from: '33699887766', text: 'Qui êtes-vous ?' })).toBe(0);
    const rows = await t.services.db
      .select()
      .from(smsInbound)
      .where(eq(smsInbound.sender, '+33699887766'));
    expect(rows).toEqual([
      expect.objectContaining({ dispatch: 'unmatched', organisationId: null, outboxId: null }),
    ]);
  });

  it('a change that rolls back sends nothing', async () => {
    const ctx = systemContext(t.services, log, 'test:sms', t.fixtures.orgA.id);
    await expect(
      write(ctx, {
        systemAction: 'test.sms',
        apply: async (tx, _none, trail) => {
          await queueSms(tx, trail, {
            organisationId: t.fixtures.orgA.id,
            to: '06 12 34 56 72',
            text: 'Annulé',
            kind: 'test',
          });
          throw conflict('refused', 'Refusé après avoir écrit le SMS.');
        },
      }),
    ).rejects.toThrow('Refusé');
    expect(
      await t.services.db.select().from(smsOutbox).where(eq(smsOutbox.recipient, '+33612345672')),
    ).toEqual([]);
    // A later SMS does leave: the cancelled one would have gone before it.
    await queue({ to: '06 12 34 56 73', text: 'Valide', kind: 'test' });
    await smsc.waitForSubmit((s) => s.to === '33612345673');
    expect(smsc.submitted.some((s) => s.to === '33612345672')).toBe(false);
  }, 30_000);

  it('refuses a landline or what is not a phone number, in French, writing nothing', async () => {
    const before = (await t.services.db.select().from(smsOutbox)).length;
    for (const [to, message] of [
      ['03 44 91 07 60', /ligne fixe : un SMS ne peut être envoyé qu’à un portable/],
      ['pas de numéro', /contient des lettres/],
      ['06 12 34', /trop court/],
    ] as const) {
      const refusal = await queue({ to, text: 'Bonjour', kind: 'test' }).catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(HttpError);
      expect((refusal as HttpError).statusCode).toBe(400);
      expect((refusal as HttpError).userMessage).toMatch(message);
    }
    const empty = await queue({ to: '0612345678', text: '  ', kind: 'test' }).catch((e) => e);
    expect((empty as HttpError).userMessage).toBe('Le texte du SMS est vide.');
    expect((await t.services.db.select().from(smsOutbox)).length).toBe(before);
  });

  it('two senders on one SMS send it once', async () => {
    const id = await queue(
      { to: '06 12 34 56 74', text: 'Une seule fois', kind: 'test' },
      unqueued(),
    );
    const second = createSmppGateway({ smppUrl: smsc.url, smppSourceAddr: 'Convivial' }, log);
    others.push(second);
    const outcomes = await Promise.all([
      deliverOutboxSms(t.services, log, id, { finalAttempt: false }),
      deliverOutboxSms({ ...t.services, sms: second }, log, id, { finalAttempt: false }),
    ]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    // A later job for it (a sweep, a duplicate) finds it sent.
    expect(await deliverOutboxSms(t.services, log, id, { finalAttempt: false })).toBe('skipped');
    expect(smsc.submitted.filter((s) => s.to === '33612345674')).toHaveLength(1);
  }, 30_000);

  it('an SMS the SMSC refuses is retried, then sent; without SMPP_URL it waits, untouched', async () => {
    const id = await queue({ to: '06 12 34 56 75', text: 'Réessayé', kind: 'test' }, unqueued());
    smsc.refuseNext(1, 0x58);
    await expect(deliverOutboxSms(t.services, log, id, { finalAttempt: false })).rejects.toThrow(
      /refused the SMS \(status 0x00000058\)/,
    );
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await outboxRow(id)).lastError).toMatch(/0x00000058/);

    const unconfigured = { ...t.services, sms: null };
    expect(await deliverOutboxSms(unconfigured, log, id, { finalAttempt: false })).toBe(
      'not_configured',
    );
    expect(await deliverPendingSms(unconfigured, log)).toEqual({ sent: 0, failed: 0 });
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 1 });

    expect(await deliverOutboxSms(t.services, log, id, { finalAttempt: false })).toBe('sent');
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  }, 30_000);

  it('after a cut, the gateway binds again: receipts and replies come in, SMS go out', async () => {
    const binds = smsc.binds;
    smsc.dropSessions();
    await until('bound again', async () => smsc.binds > binds);
    const id = await queue({ to: '06 12 34 56 76', text: 'Après la coupure', kind: 'test' });
    const sms = await smsc.waitForSubmit((s) => s.to === '33612345676');
    await until('sent', async () => (await outboxRow(id)).status === 'sent');
    expect(await smsc.sendReceipt(sms.messageId, 'EXPIRED')).toBe(0);
    expect(await outboxRow(id)).toMatchObject({ deliveryStatus: 'expired' });
  }, 60_000);

  it('erasing a person removes the SMS sent to them and those received from their numbers', async () => {
    const personId = t.fixtures.p1.id; // +33612345678, written to in the first test
    expect(await smsc.sendSms({ from: '33612345678', text: 'Bien reçu' })).toBe(0);
    const sentTo = () =>
      t.services.db.select().from(smsOutbox).where(eq(smsOutbox.personId, personId));
    const from = () =>
      t.services.db.select().from(smsInbound).where(eq(smsInbound.sender, '+33612345678'));
    expect(await sentTo()).not.toEqual([]);
    expect(await from()).toHaveLength(1);

    const admin = await t.login(t.fixtures.usersA.admin.email);
    const erased = await admin.post(`/api/people/${personId}/erase`, {
      reason: 'Demande écrite de la personne',
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(await sentTo()).toEqual([]);
    expect(await from()).toEqual([]);
    const [contact] = await t.services.db
      .select()
      .from(contactLog)
      .where(and(eq(contactLog.personId, personId), eq(contactLog.channel, 'sms')));
    expect(contact).toMatchObject({ outcome: 'sent', note: null });
  }, 60_000);
});
