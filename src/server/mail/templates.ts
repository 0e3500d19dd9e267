/**
 * E-mails in plain French: short sentences, one action, the link written out in full for those
 * whose mail reader hides buttons. Every value put into HTML is escaped.
 */
import { elide } from '../../domain/common/french.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface TemplateOptions {
  /** Time zone of the expiry shown to the reader. Default Europe/Paris. */
  timeZone?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** One line, no control characters: for the subject and names put into sentences. */
function oneLine(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Only http(s) links: anything else in an e-mail is either a bug or an attack. */
function checkLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new RangeError(`Lien invalide dans l’e-mail : « ${link} ».`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`Lien invalide dans l’e-mail (http ou https attendu) : « ${link} ».`);
  }
  return url.href;
}

const TIME_ZONE_NAMES: Readonly<Record<string, string>> = {
  'Europe/Paris': 'heure de Paris',
  'America/Guadeloupe': 'heure de la Guadeloupe',
  'America/Martinique': 'heure de la Martinique',
  'America/Cayenne': 'heure de la Guyane',
  'Indian/Reunion': 'heure de La Réunion',
  'Indian/Mayotte': 'heure de Mayotte',
};

/** "lundi 3 mars 2025 à 14:30 (heure de Paris)" */
export function formatExpiry(expiresAt: Date | string, timeZone = 'Europe/Paris'): string {
  const date = expiresAt instanceof Date ? expiresAt : new Date(expiresAt);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`Date d’expiration invalide : « ${String(expiresAt)} ».`);
  }
  const text = new Intl.DateTimeFormat('fr-FR', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(date);
  const zone = TIME_ZONE_NAMES[timeZone];
  return zone ? `${text} (${zone})` : text;
}

type Block = { kind: 'p'; text: string } | { kind: 'link'; label: string; href: string };

const SIGNATURE = 'Convivialité — message automatique, merci de ne pas y répondre.';

function render(subject: string, blocks: Block[]): EmailContent {
  const textParts: string[] = [];
  const htmlParts: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'p') {
      textParts.push(block.text);
      htmlParts.push(`<p style="margin:0 0 16px">${escapeHtml(block.text)}</p>`);
    } else {
      textParts.push(block.href);
      const href = escapeHtml(block.href);
      htmlParts.push(
        `<p style="margin:0 0 16px"><a href="${href}" style="display:inline-block;padding:12px 20px;background:#1d4f91;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(block.label)}</a></p>`,
        `<p style="margin:0 0 16px">Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :<br><a href="${href}" style="color:#1d4f91;word-break:break-all">${href}</a></p>`,
      );
    }
  }
  const text = `${textParts.join('\n\n')}\n\n-- \n${SIGNATURE}\n`;
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:17px;line-height:1.5">
<div style="max-width:600px">
${htmlParts.join('\n')}
<p style="margin:24px 0 0;font-size:14px;color:#555555">${escapeHtml(SIGNATURE)}</p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}

export function invitationEmail(
  input: { organisationName: string; inviterName: string; link: string; expiresAt: Date | string },
  options: TemplateOptions = {},
): EmailContent {
  const organisation = oneLine(input.organisationName);
  const inviter = oneLine(input.inviterName);
  const link = checkLink(input.link);
  const expiry = formatExpiry(input.expiresAt, options.timeZone);
  return render(`Invitation à rejoindre ${organisation} sur Convivialité`, [
    { kind: 'p', text: 'Bonjour,' },
    {
      kind: 'p',
      text: `${inviter} vous invite à rejoindre l’équipe ${elide('de', organisation)} sur Convivialité, l’outil qui organise les visites aux personnes âgées isolées.`,
    },
    {
      kind: 'p',
      text: 'Pour activer votre compte, ouvrez ce lien et choisissez votre mot de passe :',
    },
    { kind: 'link', label: 'Activer mon compte', href: link },
    {
      kind: 'p',
      text: `Ce lien est personnel et ne sert qu’une fois. Il fonctionne jusqu’au ${expiry}. Ensuite, demandez une nouvelle invitation à ${inviter}.`,
    },
    {
      kind: 'p',
      text: 'Vous n’attendiez pas ce message ? Ne faites rien : aucun compte ne sera activé.',
    },
  ]);
}

export function passwordResetEmail(
  input: { link: string; expiresAt: Date | string },
  options: TemplateOptions = {},
): EmailContent {
  const link = checkLink(input.link);
  const expiry = formatExpiry(input.expiresAt, options.timeZone);
  return render('Choisir un nouveau mot de passe — Convivialité', [
    { kind: 'p', text: 'Bonjour,' },
    {
      kind: 'p',
      text: 'Une demande de nouveau mot de passe a été faite pour votre compte Convivialité. Pour choisir un nouveau mot de passe, ouvrez ce lien :',
    },
    { kind: 'link', label: 'Choisir un nouveau mot de passe', href: link },
    { kind: 'p', text: `Ce lien ne sert qu’une fois. Il fonctionne jusqu’au ${expiry}.` },
    {
      kind: 'p',
      text: 'Vous n’avez rien demandé ? Ne faites rien : votre mot de passe actuel reste valable.',
    },
  ]);
}

/** "Votre planning a changé": one line per visit changed, then a link to the visitor's day. */
export function planChangeEmail(input: {
  visitorName: string;
  lines: readonly string[];
  link: string;
}): EmailContent {
  const name = oneLine(input.visitorName);
  const link = checkLink(input.link);
  return render('Votre planning de visites a changé', [
    { kind: 'p', text: `Bonjour ${name},` },
    { kind: 'p', text: 'Votre planning de visites a changé :' },
    ...input.lines.map((line) => ({ kind: 'p' as const, text: `• ${oneLine(line)}` })),
    { kind: 'p', text: 'Votre planning à jour est dans l’application :' },
    { kind: 'link', label: 'Voir mes visites', href: link },
  ]);
}

/**
 * The yearly "is this still right?" to a professional of the directory (ADR 0035): one link to a
 * page where they confirm or correct their details; no sign-in, no account.
 */
export function professionalCheckEmail(
  input: { organisationName: string; businessName: string; link: string; expiresAt: Date | string },
  options: TemplateOptions = {},
): EmailContent {
  const organisation = oneLine(input.organisationName);
  const business = oneLine(input.businessName);
  const link = checkLink(input.link);
  const expiry = formatExpiry(input.expiresAt, options.timeZone);
  return render(`Vos coordonnées sont-elles toujours justes ? — ${organisation}`, [
    { kind: 'p', text: 'Bonjour,' },
    {
      kind: 'p',
      text: `${organisation} indique ${business} aux personnes âgées qui cherchent un professionnel près de chez elles (services payants). Une fois par an, nous vérifions que vos coordonnées sont toujours justes : téléphone, adresse, communes où vous intervenez, horaires.`,
    },
    {
      kind: 'p',
      text: 'Ouvrez ce lien pour les relire. Si tout est juste, un clic suffit ; sinon, corrigez-les sur la même page :',
    },
    { kind: 'link', label: 'Vérifier mes coordonnées', href: link },
    { kind: 'p', text: `Ce lien ne sert qu’une fois. Il fonctionne jusqu’au ${expiry}.` },
    {
      kind: 'p',
      text: 'Vous ne souhaitez plus figurer dans l’annuaire ? Dites-le à l’association par téléphone : vous en serez retiré.',
    },
  ]);
}
