/**
 * Who handles the answer to an SMS that asked a question (ADR 0032). A capability that asks
 * (the neighbour-help request: "Pouvez-vous aider Mme D. mardi matin ? Répondez OUI ou NON")
 * queues its SMS with `replyKey: smsReplyKey('neighbour-ask', askId)` and registers, once at
 * start, the handler of that name:
 *
 *     registerSmsReplyHandler('neighbour-ask', async (tx, trail, reply) => {
 *       if (reply.answer === null) return { status: 'refused', note: 'neither yes nor no' };
 *       // … record the answer on ask `reply.reference`, in `tx`, on `trail` …
 *       return { status: 'handled' };
 *     });
 *
 * The next SMS from that number (within REPLY_WINDOW_DAYS) goes to the handler, inside the one
 * write that stores it: what the handler changes, the SMS received and the question marked
 * answered commit together. A handler may answer by SMS (`queueSms` in the same `tx`). What it
 * throws rolls its changes back; the SMS is then stored `failed`, with the error, for operators.
 */
import type { Tx } from '../../db/database.js';
import type { YesNo } from '../../domain/sms/yes-no.js';
import type { RequestContext } from '../http/context.js';
import type { AuditTrail } from '../write/write.js';

export interface SmsReply {
  /** The `sms_inbound` row being written. */
  inboundId: string;
  organisationId: string;
  /** The SMS that asked (`sms_outbox`). */
  outboxId: string;
  /** What follows `<handler>:` in the reply key: the caller's own reference (an id). */
  reference: string;
  /** E.164. */
  from: string;
  text: string;
  /** The text read as a French yes or no (`parseYesNo`); null when it says neither, or both. */
  answer: YesNo | null;
  /** Who the question was sent to, as queued. */
  personId: string | null;
  visitorId: string | null;
}

/**
 * `handled`: done; `refused`: read and deliberately not acted on (the request is closed, the
 * answer unclear), `note` saying why, in English, for operators.
 */
type SmsReplyOutcome = { status: 'handled'; note?: string } | { status: 'refused'; note: string };

export type SmsReplyHandler = (
  tx: Tx,
  trail: AuditTrail,
  reply: SmsReply,
  ctx: RequestContext,
) => Promise<SmsReplyOutcome>;

const HANDLER_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
const handlers = new Map<string, SmsReplyHandler>();

/** Makes the reply key of an SMS whose answer goes to handler `name`. */
export function smsReplyKey(name: string, reference: string): string {
  if (!HANDLER_NAME.test(name)) throw new Error(`smsReplyKey: "${name}" is not a handler name`);
  if (!/^\S{1,200}$/.test(reference)) throw new Error('smsReplyKey: a reference without spaces');
  return `${name}:${reference}`;
}

/** Registers the handler of `name` (one per name); returns what unregisters it (tests). */
export function registerSmsReplyHandler(name: string, handler: SmsReplyHandler): () => void {
  if (!HANDLER_NAME.test(name)) throw new Error(`registerSmsReplyHandler: "${name}" is not a name`);
  if (handlers.has(name)) throw new Error(`registerSmsReplyHandler: "${name}" already registered`);
  handlers.set(name, handler);
  return () => {
    if (handlers.get(name) === handler) handlers.delete(name);
  };
}

/** The handler a reply key names, with the reference it carries; null when none is registered. */
export function replyHandlerOf(
  replyKey: string,
): { name: string; reference: string; handler: SmsReplyHandler } | null {
  const colon = replyKey.indexOf(':');
  const name = replyKey.slice(0, colon);
  const handler = colon > 0 ? handlers.get(name) : undefined;
  return handler ? { name, reference: replyKey.slice(colon + 1), handler } : null;
}
