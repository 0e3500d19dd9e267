import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { createMailer, MailDeliveryError, type MailLogger } from '../../src/server/mail/mailer.js';
import {
  escapeHtml,
  formatExpiry,
  invitationEmail,
  passwordResetEmail,
} from '../../src/server/mail/templates.js';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtp-capture.js';

const FROM = 'Convivialité <ne-pas-repondre@convivialite.test>';
const EXPIRES = new Date('2025-03-03T13:30:00Z');
const LINK = 'https://convivialite.test/invitation?jeton=abc123DEF_-456';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

function memoryLogger(): MailLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = (level: LogLine['level']) => (obj: object, msg?: string) => {
    lines.push({
      level,
      obj: obj as Record<string, unknown>,
      ...(msg === undefined ? {} : { msg }),
    });
  };
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

/** The first http(s) address in a text. */
const firstLink = (text: string | undefined) => /https?:\/\/\S+/.exec(text ?? '')?.[0];

describe('templates', () => {
  it('writes the invitation in plain French, with the link and the expiry', () => {
    const mail = invitationEmail({
      organisationName: 'CCAS de Beauvais',
      inviterName: 'Claire Martin',
      link: LINK,
      expiresAt: EXPIRES,
    });
    expect(mail.subject).toBe('Invitation à rejoindre CCAS de Beauvais sur Convivialité');
    expect(mail.text).toContain(
      'Claire Martin vous invite à rejoindre l’équipe de CCAS de Beauvais sur Convivialité',
    );
    expect(mail.text).toContain(`\n\n${LINK}\n\n`);
    expect(mail.text).toContain(
      'Il fonctionne jusqu’au lundi 3 mars 2025 à 14:30 (heure de Paris).',
    );
    expect(mail.text).toContain('Ne faites rien : aucun compte ne sera activé.');
    expect(mail.html).toContain('<html lang="fr">');
    expect(mail.html).toContain(`<a href="${LINK}"`);
    expect(mail.html).toContain('Activer mon compte');
  });

  it('writes the password reset in plain French', () => {
    const mail = passwordResetEmail({
      link: 'https://convivialite.test/mot-de-passe/nouveau?jeton=xyz',
      expiresAt: EXPIRES,
    });
    expect(mail.subject).toBe('Choisir un nouveau mot de passe — Convivialité');
    expect(firstLink(mail.text)).toBe('https://convivialite.test/mot-de-passe/nouveau?jeton=xyz');
    expect(mail.text).toContain(
      'Ce lien ne sert qu’une fois. Il fonctionne jusqu’au lundi 3 mars 2025 à 14:30 (heure de Paris).',
    );
    expect(mail.text).toContain('votre mot de passe actuel reste valable');
    expect(mail.html).toContain('Choisir un nouveau mot de passe');
  });

  it('escapes names and links in HTML, and keeps the subject on one line', () => {
    const mail = invitationEmail({
      organisationName: 'Les "Amis" <script>alert(1)</script> & Cie\r\nBcc: x@evil.test',
      inviterName: "Zoé O'Neil",
      link: 'https://convivialite.test/invitation?a=1&b="2"',
      expiresAt: EXPIRES,
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain('Les "Amis" <script>alert(1)</script> & Cie Bcc: x@evil.test');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain(
      'Les &quot;Amis&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie',
    );
    expect(mail.html).toContain('Zoé O&#39;Neil');
    expect(mail.html).toContain('href="https://convivialite.test/invitation?a=1&amp;b=%222%22"');
    expect(mail.html).not.toMatch(/href="[^"]*"2"/);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  it('refuses links that are not http(s)', () => {
    for (const link of ['javascript:alert(1)', 'not a link', 'data:text/html,hi']) {
      expect(() => passwordResetEmail({ link, expiresAt: EXPIRES })).toThrow(/Lien invalide/);
    }
  });

  it('shows the expiry in the chosen time zone', () => {
    expect(formatExpiry(EXPIRES)).toBe('lundi 3 mars 2025 à 14:30 (heure de Paris)');
    expect(formatExpiry('2025-03-03T13:30:00Z', 'America/Martinique')).toBe(
      'lundi 3 mars 2025 à 09:30 (heure de la Martinique)',
    );
    expect(formatExpiry(EXPIRES, 'UTC')).toBe('lundi 3 mars 2025 à 13:30');
    expect(() => formatExpiry('bientôt')).toThrow(RangeError);
  });
});

describe('mailer through a real SMTP server', () => {
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('sends an invitation whose link can be read back', async () => {
    const logger = memoryLogger();
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM }, logger);
    expect(mailer.kind).toBe('smtp');
    await mailer.verify();
    const content = invitationEmail({
      organisationName: 'Service de convivialité de l’Oise',
      inviterName: 'Claire Martin',
      link: LINK,
      expiresAt: EXPIRES,
    });
    const messageId = await mailer.send({ to: 'alice@example.org', ...content });
    mailer.close();

    const received = await smtp.waitForMessage((m) => m.envelope.to.includes('alice@example.org'));
    expect(messageId).toMatch(/^<.+@.+>$/);
    expect(received.messageId).toBe(messageId);
    expect(received.envelope.from).toBe('ne-pas-repondre@convivialite.test');
    expect(received.subject).toBe(
      'Invitation à rejoindre Service de convivialité de l’Oise sur Convivialité',
    );
    expect(received.from?.value).toEqual([
      { name: 'Convivialité', address: 'ne-pas-repondre@convivialite.test' },
    ]);
    expect(firstLink(received.text)).toBe(LINK);
    expect(received.text).toContain('Claire Martin vous invite');
    expect(received.html).toContain(`href="${LINK}"`);
    expect(logger.lines).toEqual([]);
  });

  it('sends a password reset to the right person', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM }, memoryLogger());
    const link = 'https://convivialite.test/mot-de-passe/nouveau?jeton=reset-789';
    await mailer.send({
      to: 'bob@example.org',
      ...passwordResetEmail({ link, expiresAt: EXPIRES }),
    });
    mailer.close();
    const received = await smtp.waitForMessage((m) => m.envelope.to.includes('bob@example.org'));
    expect(firstLink(received.text)).toBe(link);
  });

  it('times out with a clear error when no message matches', async () => {
    await expect(
      smtp.waitForMessage((m) => m.envelope.to.includes('nobody@example.org'), 100),
    ).rejects.toThrow(/No matching e-mail within 100 ms; received \d+/);
  });

  it('refuses a recipient or subject with a line break', async () => {
    const mailer = createMailer({ smtpUrl: smtp.url, from: FROM }, memoryLogger());
    await expect(
      mailer.send({
        to: 'a@example.org\r\nBcc: b@example.org',
        subject: 'x',
        text: 'x',
        html: 'x',
      }),
    ).rejects.toThrow(RangeError);
    mailer.close();
  });

  it('reports a failed delivery in French and logs it', async () => {
    const closed = await startSmtpCapture();
    const url = closed.url;
    await closed.close();
    const logger = memoryLogger();
    const mailer = createMailer({ smtpUrl: url, from: FROM }, logger);
    const sent = mailer.send({ to: 'alice@example.org', subject: 'x', text: 'x', html: 'x' });
    await expect(sent).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(sent).rejects.toThrow('L’e-mail n’a pas pu être envoyé.');
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'e-mail delivery failed'],
    ]);
    mailer.close();
  });
});

describe('mailer without SMTP', () => {
  it('logs the message, link included, instead of sending it', async () => {
    const logger = memoryLogger();
    const mailer = createMailer({ smtpUrl: null, from: FROM }, logger);
    expect(mailer.kind).toBe('log');
    await mailer.verify();
    const content = passwordResetEmail({
      link: 'https://demo.test/mot-de-passe/nouveau?jeton=demo',
      expiresAt: EXPIRES,
    });
    const messageId = await mailer.send({ to: 'carol@example.org', ...content });
    expect(messageId).toMatch(/^<.+@.+>$/);

    expect(logger.lines[0]?.level).toBe('warn');
    const info = logger.lines.filter((l) => l.level === 'info');
    expect(info).toHaveLength(1);
    expect(info[0]?.obj).toMatchObject({
      to: 'carol@example.org',
      subject: 'Choisir un nouveau mot de passe — Convivialité',
      messageId,
    });
    expect(firstLink(String(info[0]?.obj.text))).toBe(
      'https://demo.test/mot-de-passe/nouveau?jeton=demo',
    );
    mailer.close();
  });

  it('treats an empty SMTP URL as none', () => {
    const mailer = createMailer({ smtpUrl: '  ', from: FROM }, memoryLogger());
    expect(mailer.kind).toBe('log');
  });
});
