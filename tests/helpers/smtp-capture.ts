/**
 * A real SMTP server for tests: listens on 127.0.0.1 (random port), accepts every message without
 * authentication or TLS, and keeps them parsed by mailparser.
 *
 *   const smtp = await startSmtpCapture();
 *   const mailer = createMailer({ smtpUrl: smtp.url, from: '…' }, logger);
 *   …
 *   const mail = await smtp.waitForMessage((m) => m.envelope.to.includes('alice@example.org'));
 *   await smtp.close();
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

type CapturedMessage = ParsedMail & {
  /** The SMTP envelope, as the server received it (MAIL FROM, RCPT TO). */
  envelope: { from: string | null; to: string[] };
};

export interface SmtpCapture {
  port: number;
  /** smtp://127.0.0.1:PORT */
  url: string;
  /** Every message received so far, in order. */
  messages: CapturedMessage[];
  /** The first message, already received or to come, that matches. Rejects after the timeout. */
  waitForMessage(
    predicate?: (message: CapturedMessage) => boolean,
    timeoutMs?: number,
  ): Promise<CapturedMessage>;
  close(): Promise<void>;
}

/** `port`: listen there (a test bringing a "down" mail server back up); a free one by default. */
export async function startSmtpCapture(options: { port?: number } = {}): Promise<SmtpCapture> {
  const messages: CapturedMessage[] = [];
  const listeners = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const from = session.envelope.mailFrom;
          messages.push(
            Object.assign(parsed, {
              envelope: {
                from: from ? from.address : null,
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              },
            }),
          );
          for (const listener of listeners) listener();
          callback();
        })
        .catch((error: unknown) =>
          callback(error instanceof Error ? error : new Error(String(error))),
        );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessage(predicate = () => true, timeoutMs = 5000) {
      return new Promise<CapturedMessage>((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (!found) return false;
          clearTimeout(timer);
          listeners.delete(onMessage);
          resolve(found);
          return true;
        };
        const onMessage = () => {
          check();
        };
        const timer = setTimeout(() => {
          listeners.delete(onMessage);
          const seen = messages.map((m) => `« ${m.subject ?? ''} » → ${m.envelope.to.join(', ')}`);
          reject(
            new Error(
              `No matching e-mail within ${timeoutMs} ms; received ${messages.length}${seen.length ? `: ${seen.join('; ')}` : ''}`,
            ),
          );
        }, timeoutMs);
        listeners.add(onMessage);
        check();
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
