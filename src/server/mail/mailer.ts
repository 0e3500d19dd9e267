/**
 * Outgoing e-mail through SMTP (nodemailer).
 *
 * Without an SMTP URL (demo, development) nothing leaves the machine: messages are rendered with
 * nodemailer’s JSON transport and written to the log at info level, so that an invitation or a
 * password-reset link can still be followed. Those links are credentials: never run a real
 * service without SMTP_URL.
 */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Makes the Message-ID (`<key@sender's domain>`): the outbox passes its row id, so a message
   * sent again after a failure to record it carries the same id and a mail reader can merge it.
   */
  idempotencyKey?: string;
}

/** What the application needs to send e-mail (a test may provide its own). */
export interface Mailer {
  /** Sends the message and returns its Message-ID. */
  send(mail: OutgoingMail): Promise<string>;
}

/** The mailer made by `createMailer`. */
export interface SmtpMailer extends Mailer {
  /** `smtp`: sent to a server; `log`: written to the log only. */
  readonly kind: 'smtp' | 'log';
  /** Checks the connection to the SMTP server (resolves at once in `log` mode). */
  verify(): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

/** A subset of pino’s logger. */
export interface MailLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class MailDeliveryError extends Error {
  constructor(cause: unknown) {
    super('L’e-mail n’a pas pu être envoyé. Réessayez dans quelques minutes.', { cause });
    this.name = 'MailDeliveryError';
  }
}

const SINGLE_LINE = /[\r\n]/;

export function createMailer(
  config: { smtpUrl: string | null; from: string },
  logger: MailLogger,
): SmtpMailer {
  const smtpUrl = config.smtpUrl?.trim() || null;
  const domain = /@([\w.-]+)/.exec(config.from)?.[1] ?? 'convivialite.invalid';
  const transport = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ jsonTransport: true });
  if (!smtpUrl) {
    logger.warn(
      { mail: 'log' },
      'No SMTP_URL: e-mails are written to this log instead of being sent (demo only: they contain sign-in links)',
    );
  }

  return {
    kind: smtpUrl ? 'smtp' : 'log',

    async send(mail) {
      if (SINGLE_LINE.test(mail.to) || SINGLE_LINE.test(mail.subject)) {
        throw new RangeError('Destinataire ou objet invalide : un retour à la ligne est interdit.');
      }
      let messageId: string;
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.idempotencyKey ? { messageId: `<${mail.idempotencyKey}@${domain}>` } : {}),
        });
        messageId = String(info.messageId ?? '');
      } catch (error) {
        logger.error({ err: error, to: mail.to, subject: mail.subject }, 'e-mail delivery failed');
        throw new MailDeliveryError(error);
      }
      if (!smtpUrl) {
        logger.info(
          { to: mail.to, subject: mail.subject, text: mail.text, messageId },
          'e-mail not sent (no SMTP_URL): logged instead',
        );
      }
      return messageId;
    },

    async verify() {
      if (smtpUrl) await transport.verify();
    },

    close() {
      transport.close();
    },
  };
}
