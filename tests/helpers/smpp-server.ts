/**
 * A real SMPP server (SMSC) for tests, made with the `smpp` package's own server: accepts
 * bind_transceiver for `test`/`secret` only, answers every submit_sm with a message id and keeps
 * it (decoded as an SMSC would, by its data_coding), and can deliver to the bound client a
 * delivery receipt or an SMS "sent by a phone".
 *
 *   const smsc = await startSmppServer();
 *   const gateway = createSmppGateway({ smppUrl: smsc.url, smppSourceAddr: 'Convivial' }, log);
 *   …
 *   const sms = await smsc.waitForSubmit((s) => s.to === '33612345678');
 *   await smsc.sendReceipt(sms.messageId, 'DELIVRD');
 *   await smsc.close();
 */
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';

interface SubmittedSms {
  messageId: string;
  /** destination_addr as sent (E.164 without "+"). */
  to: string;
  from: string;
  fromTon: number;
  text: string;
  dataCoding: number;
  /** The text came in `message_payload` (a long SMS) rather than `short_message`. */
  viaPayload: boolean;
  registeredDelivery: number;
  /** Which client session sent it (1 for the first bound). */
  session: number;
}

export interface SmppServer {
  port: number;
  /** smpp://test:secret@127.0.0.1:PORT */
  url: string;
  submitted: SubmittedSms[];
  /** Binds accepted so far. */
  binds: number;
  /** The next `count` submit_sm are refused with this status (e.g. 0x58, throttled). */
  refuseNext(count: number, status?: number): void;
  waitForSubmit(
    predicate?: (sms: SubmittedSms) => boolean,
    timeoutMs?: number,
  ): Promise<SubmittedSms>;
  /** Sends a delivery receipt (SMPP 3.4 text) to the last bound client; resolves with its answer's status. */
  sendReceipt(messageId: string, stat?: string, err?: string): Promise<number>;
  /** Sends an SMS "from a phone" to the last bound client; resolves with its answer's status. */
  sendSms(sms: { from: string; to?: string; text: string }): Promise<number>;
  /** Cuts every client connection (an SMSC restart, a network cut). */
  dropSessions(): void;
  close(): Promise<void>;
}

const smppDate = (date: Date) => date.toISOString().replace(/[-T:]/g, '').slice(2, 12);

export async function startSmppServer(): Promise<SmppServer> {
  const submitted: SubmittedSms[] = [];
  const listeners = new Set<() => void>();
  const bound: smpp.Session[] = [];
  let sessions = 0;
  let nextId = 1;
  let refusals = 0;
  let refusalStatus = 0x58;

  const state = { binds: 0 };
  const server = smpp.createServer((session) => {
    const number = ++sessions;
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: smpp.PDU) => {
      if (pdu.system_id !== 'test' || pdu.password !== 'secret') {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      state.binds++;
      bound.push(session);
      session.send(pdu.response({ system_id: 'test-smsc' }));
    });
    session.on('submit_sm', (pdu: smpp.PDU) => {
      if (refusals > 0) {
        refusals--;
        session.send(pdu.response({ command_status: refusalStatus }));
        return;
      }
      const payload = pdu.message_payload as smpp.DecodedMessage | undefined;
      const short = pdu.short_message as smpp.DecodedMessage | undefined;
      const field = payload ?? short;
      const messageId = `smsc-${nextId++}`;
      submitted.push({
        messageId,
        to: String(pdu.destination_addr),
        from: String(pdu.source_addr),
        fromTon: Number(pdu.source_addr_ton),
        text: typeof field?.message === 'string' ? field.message : '',
        dataCoding: Number(pdu.data_coding),
        viaPayload: payload !== undefined,
        registeredDelivery: Number(pdu.registered_delivery),
        session: number,
      });
      session.send(pdu.response({ message_id: messageId }));
      for (const listener of listeners) listener();
    });
    session.on('enquire_link', (pdu: smpp.PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: smpp.PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('close', () => {
      const index = bound.indexOf(session);
      if (index >= 0) bound.splice(index, 1);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const deliver = (options: Record<string, unknown>) =>
    new Promise<number>((resolve, reject) => {
      const session = bound.at(-1);
      if (!session) return reject(new Error('no client bound to the test SMSC'));
      const timer = setTimeout(() => reject(new Error('no deliver_sm_resp within 20 s')), 20_000);
      session.deliver_sm(options, (response: smpp.PDU) => {
        clearTimeout(timer);
        resolve(response.command_status);
      });
    });

  return {
    port,
    url: `smpp://test:secret@127.0.0.1:${port}`,
    submitted,
    get binds() {
      return state.binds;
    },
    refuseNext(count, status = 0x58) {
      refusals = count;
      refusalStatus = status;
    },
    waitForSubmit(predicate = () => true, timeoutMs = 20_000) {
      return new Promise<SubmittedSms>((resolve, reject) => {
        const check = () => {
          const found = submitted.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `No matching submit_sm within ${timeoutMs} ms; received ${submitted.length}: ${submitted.map((s) => `${s.to} « ${s.text} »`).join('; ')}`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    sendReceipt(messageId, stat = 'DELIVRD', err = '000') {
      const now = smppDate(new Date());
      return deliver({
        source_addr: '33600000000',
        destination_addr: 'Convivial',
        esm_class: 0x04,
        short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${now} done date:${now} stat:${stat} err:${err} text:`,
      });
    },
    sendSms({ from, to = '33612000001', text }) {
      return deliver({
        source_addr_ton: 1,
        source_addr_npi: 1,
        source_addr: from,
        destination_addr: to,
        esm_class: 0,
        short_message: text,
      });
    },
    dropSessions() {
      for (const session of [...server.sessions]) session.destroy();
    },
    close() {
      for (const session of [...bound]) session.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
