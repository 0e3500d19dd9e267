/**
 * The SMS operator, over SMPP (ADR 0032): one bound transceiver session per process that works
 * (sends the outbox, receives receipts and replies), opened on first use or at `start`, kept
 * alive with enquire_link, bound again after a cut.
 *
 * Sending: submit_sm with a delivery receipt asked for; a text longer than one SMS goes whole
 * in `message_payload` (the SMSC splits it, and one message id names it for its receipt).
 * Receiving: every deliver_sm goes to the handler given to `onDelivery`, and is acknowledged
 * once it has handled it; without a handler, or when it fails, the SMSC is answered with a
 * temporary error, so it delivers again later: nothing received is lost.
 */
import smpp from 'smpp';
import type { FastifyBaseLogger } from 'fastify';
import { destinationAddress, inboundSender, sourceAddress } from '../../domain/sms/phone.js';
import { isReceipt, parseReceipt, type Receipt } from '../../domain/sms/receipt.js';
import { decodedText, encodeSms } from './encoding.js';

interface OutgoingSms {
  /** E.164. */
  to: string;
  text: string;
}

/** What a deliver_sm carries, read. */
export type SmsDelivery =
  | { kind: 'receipt'; receipt: Receipt }
  | {
      kind: 'message';
      /** E.164 when it reads as a phone number. */
      from: string;
      to: string;
      text: string;
    };

export interface SmsGateway {
  /** Sends the SMS and returns the SMSC's message id; throws when it was not accepted. */
  send(sms: OutgoingSms): Promise<string>;
  /** Who handles what the SMSC delivers (one handler; the last given wins). */
  onDelivery(handler: (delivery: SmsDelivery) => Promise<void>): void;
  /** Binds now (to receive before anything is sent); keeps binding again after a cut. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const BIND_TIMEOUT_MS = 10_000;
const SUBMIT_TIMEOUT_MS = 30_000;
const ENQUIRE_LINK_MS = 30_000;
const RECONNECT_MAX_MS = 60_000;

/** A refusal or a silence of the SMSC, in English for the outbox's last error and the log. */
class SmppError extends Error {
  override name = 'SmppError';
}

function parseUrl(url: string) {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port) || (parsed.protocol === 'ssmpp:' ? 3550 : 2775),
    tls: parsed.protocol === 'ssmpp:',
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SmppError(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const hex = (status: number) => `0x${status.toString(16).padStart(8, '0')}`;

export function createSmppGateway(
  config: { smppUrl: string; smppSourceAddr: string },
  log: FastifyBaseLogger,
): SmsGateway {
  const target = parseUrl(config.smppUrl);
  const source = sourceAddress(config.smppSourceAddr);
  let session: Promise<smpp.Session> | null = null;
  let handler: ((delivery: SmsDelivery) => Promise<void>) | null = null;
  let receiving = false;
  let closing = false;
  let reconnectDelay = 1000;
  let reconnectTimer: NodeJS.Timeout | null = null;
  /** The submits of each session still waiting for their answer. */
  const waiting = new Map<smpp.Session, Set<() => void>>();

  function read(pdu: smpp.PDU): SmsDelivery | null {
    const text = decodedText(pdu.message_payload ?? pdu.short_message);
    if (isReceipt(Number(pdu.esm_class ?? 0))) {
      const receipt = parseReceipt(text, {
        receiptedMessageId:
          typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : null,
        messageState: typeof pdu.message_state === 'number' ? pdu.message_state : null,
      });
      return receipt ? { kind: 'receipt', receipt } : null;
    }
    return {
      kind: 'message',
      from: inboundSender(String(pdu.source_addr ?? ''), Number(pdu.source_addr_ton ?? 0)),
      to: String(pdu.destination_addr ?? ''),
      text,
    };
  }

  async function deliver(live: smpp.Session, pdu: smpp.PDU) {
    const delivery = read(pdu);
    if (!delivery) {
      log.warn(
        { esmClass: pdu.esm_class },
        'SMPP: a receipt without message id or status, ignored',
      );
      live.send(pdu.response());
      return;
    }
    if (!handler) {
      live.send(pdu.response({ command_status: smpp.ESME_RX_T_APPN }));
      return;
    }
    try {
      await handler(delivery);
      live.send(pdu.response());
    } catch (error) {
      log.error(
        { err: error, kind: delivery.kind },
        'SMPP: delivery not stored; the SMSC will deliver it again',
      );
      live.send(pdu.response({ command_status: smpp.ESME_RX_T_APPN }));
    }
  }

  function scheduleReconnect() {
    if (closing || !receiving || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connected().catch(() => undefined);
    }, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  function open(): Promise<smpp.Session> {
    return new Promise<smpp.Session>((resolve, reject) => {
      const live = smpp.connect({
        host: target.host,
        port: target.port,
        tls: target.tls,
        auto_enquire_link_period: ENQUIRE_LINK_MS,
      });
      let bound = false;
      const timer = setTimeout(() => {
        reject(
          new SmppError(
            `bind to ${target.host}:${target.port}: no answer within ${BIND_TIMEOUT_MS} ms`,
          ),
        );
        live.destroy();
      }, BIND_TIMEOUT_MS);
      live.on('error', (error: Error) => {
        if (!bound) {
          clearTimeout(timer);
          reject(
            new SmppError(`SMPP connection to ${target.host}:${target.port}: ${error.message}`),
          );
        } else log.warn({ err: error }, 'SMPP connection error');
      });
      live.on('close', () => {
        clearTimeout(timer);
        // A submit left unanswered fails now, not at its timeout: the queue retries it.
        for (const fail of waiting.get(live) ?? []) fail();
        waiting.delete(live);
        if (!bound)
          reject(new SmppError(`SMPP connection to ${target.host}:${target.port} closed`));
        if (session && bound) {
          session = null;
          if (!closing) log.warn('SMPP session closed; binding again');
          scheduleReconnect();
        }
      });
      live.on('deliver_sm', (pdu: smpp.PDU) => void deliver(live, pdu));
      live.on('enquire_link', (pdu: smpp.PDU) => live.send(pdu.response()));
      live.on('unbind', (pdu: smpp.PDU) => {
        live.send(pdu.response());
        live.close();
      });
      live.on(target.tls ? 'secureConnect' : 'connect', () => {
        live.bind_transceiver(
          { system_id: target.systemId, password: target.password },
          (response: smpp.PDU) => {
            clearTimeout(timer);
            if (response.command_status !== 0) {
              reject(
                new SmppError(
                  `SMPP bind refused by the SMSC (status ${hex(response.command_status)})`,
                ),
              );
              live.destroy();
              return;
            }
            bound = true;
            reconnectDelay = 1000;
            resolve(live);
          },
        );
      });
    });
  }

  function connected(): Promise<smpp.Session> {
    if (closing) return Promise.reject(new SmppError('SMPP gateway closed'));
    if (!session) {
      const opening = open();
      session = opening;
      opening.catch((error: unknown) => {
        if (session === opening) session = null;
        log.warn({ err: error }, 'SMPP bind failed');
        scheduleReconnect();
      });
    }
    return session;
  }

  return {
    async send(sms) {
      const live = await connected();
      const encoded = encodeSms(sms.text);
      const to = destinationAddress(sms.to);
      const response = await withTimeout(
        new Promise<smpp.PDU>((resolve, reject) => {
          const pending = waiting.get(live) ?? new Set<() => void>();
          waiting.set(live, pending);
          const fail = () => reject(new SmppError('SMPP session closed before the SMSC answered'));
          pending.add(fail);
          const accepted = live.submit_sm(
            {
              source_addr_ton: source.ton,
              source_addr_npi: source.npi,
              source_addr: source.addr,
              dest_addr_ton: to.ton,
              dest_addr_npi: to.npi,
              destination_addr: to.addr,
              // A final receipt, success or failure.
              registered_delivery: 1,
              data_coding: encoded.dataCoding,
              ...(encoded.single
                ? { short_message: encoded.bytes }
                : { message_payload: encoded.bytes }),
            },
            (response: smpp.PDU) => {
              pending.delete(fail);
              resolve(response);
            },
          );
          if (!accepted) {
            pending.delete(fail);
            reject(new SmppError('SMPP session not writable'));
          }
        }),
        SUBMIT_TIMEOUT_MS,
        'submit_sm',
      );
      if (response.command_status !== 0)
        throw new SmppError(`SMSC refused the SMS (status ${hex(response.command_status)})`);
      const messageId = String(response.message_id ?? '').trim();
      if (!messageId) throw new SmppError('SMSC accepted the SMS without a message id');
      return messageId;
    },

    onDelivery(next) {
      handler = next;
    },

    async start() {
      receiving = true;
      await connected();
    },

    async close() {
      closing = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      const current = session;
      session = null;
      const live = await current?.catch(() => null);
      if (!live) return;
      await new Promise<void>((resolve) => {
        const done = setTimeout(() => {
          live.destroy();
          resolve();
        }, 2000);
        const accepted = live.unbind({}, () => {
          clearTimeout(done);
          live.close(() => resolve());
        });
        if (!accepted) {
          clearTimeout(done);
          resolve();
        }
      });
    },
  };
}
