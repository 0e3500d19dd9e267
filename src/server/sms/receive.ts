/**
 * What the SMSC delivers (ADR 0032): delivery receipts, recorded on the SMS they are about, and
 * SMS received, stored in `sms_inbound` and, when they answer a question, handed to its handler
 * (replies.ts). Called by the gateway for each deliver_sm; a throw makes the SMSC deliver again.
 */
import { and, desc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Tx } from '../../db/database.js';
import { smsInbound, smsOutbox } from '../../db/schema.js';
import type { Receipt } from '../../domain/sms/receipt.js';
import { parseYesNo } from '../../domain/sms/yes-no.js';
import { systemContext, type AppServices } from '../http/context.js';
import { write, type AuditTrail } from '../write/write.js';
import type { SmsDelivery } from './gateway.js';
import { smsOutboxTarget } from './outbox.js';
import { replyHandlerOf } from './replies.js';

/** A question's answer is awaited this long after it was sent; later SMS are only stored. */
const REPLY_WINDOW_DAYS = 14;
/** A receipt may overtake the write that records the SMS as sent: it waits for it this long. */
const RECEIPT_WAIT_MS = 5_000;

const SOURCE = 'smpp:deliver';

/** Binds the gateway (if SMPP_URL is set) and stores what it delivers. For working processes. */
export async function startSmsReception(services: AppServices, log: FastifyBaseLogger) {
  const gateway = services.sms;
  if (!gateway) {
    log.warn(
      'No SMPP_URL: SMS are not sent (they wait in the outbox) and none are received; see docs/deployment.md',
    );
    return;
  }
  gateway.onDelivery((delivery) => receiveDelivery(services, log, delivery));
  try {
    await gateway.start();
  } catch (error) {
    // Binding again is the gateway's business; the process runs on (e-mails, other jobs).
    log.error({ err: error }, 'SMPP: could not bind at start; trying again in the background');
  }
}

async function receiveDelivery(
  services: AppServices,
  log: FastifyBaseLogger,
  delivery: SmsDelivery,
) {
  if (delivery.kind === 'receipt') await recordReceipt(services, log, delivery.receipt);
  else await receiveSms(services, log, delivery);
}

async function sentWithId(services: AppServices, messageId: string) {
  const [row] = await services.db
    .select({ id: smsOutbox.id, organisationId: smsOutbox.organisationId })
    .from(smsOutbox)
    .where(eq(smsOutbox.messageId, messageId))
    .orderBy(desc(smsOutbox.sentAt))
    .limit(1);
  return row ?? null;
}

/** The receipt on its SMS (`sms.receipt`); a receipt for no SMS of ours is logged and dropped. */
async function recordReceipt(
  services: AppServices,
  log: FastifyBaseLogger,
  receipt: Receipt,
): Promise<boolean> {
  let sms = await sentWithId(services, receipt.messageId);
  for (let waited = 0; !sms && waited < RECEIPT_WAIT_MS; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    sms = await sentWithId(services, receipt.messageId);
  }
  if (!sms) {
    log.warn(
      { messageId: receipt.messageId },
      'SMPP receipt for a message id we never sent; ignored',
    );
    return false;
  }
  const found = sms;
  await write(systemContext(services, log, SOURCE, found.organisationId), {
    systemAction: 'sms.receipt',
    load: (tx) => smsOutboxTarget(tx, found.id),
    apply: async (tx) => {
      await tx
        .update(smsOutbox)
        .set({
          deliveryStatus: receipt.status,
          deliveryError: receipt.error,
          receiptAt: receipt.doneAt ?? new Date(),
        })
        .where(eq(smsOutbox.id, found.id));
    },
  });
  return true;
}

type Received = Extract<SmsDelivery, { kind: 'message' }>;
type InboundValues = typeof smsInbound.$inferInsert;

async function storeInbound(tx: Tx, trail: AuditTrail, values: InboundValues) {
  const [row] = await tx.insert(smsInbound).values(values).returning();
  trail.record({
    entityType: 'sms_inbound',
    entityId: row!.id,
    organisationId: values.organisationId ?? null,
    after: row!,
  });
  return row!;
}

/** The latest SMS to that number still awaiting its answer, across organisations. */
async function awaitingReply(services: AppServices, from: string) {
  const [row] = await services.db
    .select()
    .from(smsOutbox)
    .where(
      and(
        eq(smsOutbox.recipient, from),
        eq(smsOutbox.status, 'sent'),
        isNotNull(smsOutbox.replyKey),
        isNull(smsOutbox.repliedAt),
        gt(smsOutbox.sentAt, sql`now() - make_interval(days => ${REPLY_WINDOW_DAYS})`),
      ),
    )
    .orderBy(desc(smsOutbox.sentAt))
    .limit(1);
  return row ?? null;
}

async function latestTo(services: AppServices, from: string) {
  const [row] = await services.db
    .select({ organisationId: smsOutbox.organisationId })
    .from(smsOutbox)
    .where(eq(smsOutbox.recipient, from))
    .orderBy(desc(smsOutbox.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * Stores an SMS received. From a number we never wrote to: `unmatched`, nothing else (an operator
 * may look). From a number we wrote to with no question pending: `not_awaited`, in the
 * organisation that wrote last. Answering a question: to its handler, in one write.
 */
async function receiveSms(
  services: AppServices,
  log: FastifyBaseLogger,
  sms: Received,
): Promise<{ id: string; dispatch: string }> {
  const base = { sender: sms.from, recipient: sms.to, text: sms.text };
  const question = await awaitingReply(services, sms.from);
  if (!question) {
    const known = await latestTo(services, sms.from);
    const organisationId = known?.organisationId ?? null;
    const dispatch = known ? 'not_awaited' : 'unmatched';
    const row = await write(systemContext(services, log, SOURCE, organisationId ?? undefined), {
      systemAction: 'sms.receive',
      apply: (tx, _none, trail) => storeInbound(tx, trail, { ...base, organisationId, dispatch }),
    });
    if (!known)
      log.warn(
        { inboundId: row.id },
        'SMS received from a number no organisation wrote to: stored unmatched (sms_inbound), nothing else done',
      );
    else
      log.info({ inboundId: row.id }, 'SMS received with no question awaiting an answer: stored');
    return { id: row.id, dispatch };
  }

  const ctx = systemContext(services, log, SOURCE, question.organisationId);
  const common = {
    ...base,
    organisationId: question.organisationId,
    outboxId: question.id,
    replyKey: question.replyKey,
  };
  const target = replyHandlerOf(question.replyKey!);
  try {
    return await write(ctx, {
      systemAction: 'sms.reply',
      load: (tx) => smsOutboxTarget(tx, question.id),
      apply: async (tx, asked, trail) => {
        await tx.update(smsOutbox).set({ repliedAt: new Date() }).where(eq(smsOutbox.id, asked.id));
        if (!target) {
          log.error(
            { replyKey: asked.replyKey },
            'SMS reply for a handler nobody registered: stored, not acted on',
          );
          const row = await storeInbound(tx, trail, { ...common, dispatch: 'no_handler' });
          return { id: row.id, dispatch: 'no_handler' };
        }
        const row = await storeInbound(tx, trail, { ...common, dispatch: 'handled' });
        const outcome = await target.handler(
          tx,
          trail,
          {
            inboundId: row.id,
            organisationId: asked.organisationId,
            outboxId: asked.id,
            reference: target.reference,
            from: sms.from,
            text: sms.text,
            answer: parseYesNo(sms.text),
            personId: asked.personId,
            visitorId: asked.visitorId,
          },
          ctx,
        );
        if (outcome.status !== 'handled' || outcome.note)
          await tx
            .update(smsInbound)
            .set({ dispatch: outcome.status, dispatchNote: outcome.note ?? null })
            .where(eq(smsInbound.id, row.id));
        return { id: row.id, dispatch: outcome.status };
      },
    });
  } catch (error) {
    // The handler's changes are rolled back; the SMS itself is kept, failed, for an operator.
    log.error({ err: error, replyKey: question.replyKey }, 'SMS reply handler failed');
    const note = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const row = await write(ctx, {
      systemAction: 'sms.reply',
      load: (tx) => smsOutboxTarget(tx, question.id),
      apply: async (tx, asked, trail) => {
        await tx.update(smsOutbox).set({ repliedAt: new Date() }).where(eq(smsOutbox.id, asked.id));
        return storeInbound(tx, trail, { ...common, dispatch: 'failed', dispatchNote: note });
      },
    });
    return { id: row.id, dispatch: 'failed' };
  }
}
