/**
 * Input schemas of the professionals' directory, with their French messages: the API and the
 * forms refuse the same things. What needs the gazetteer (does this commune exist, what is its
 * official name) is checked by the server.
 */
import { z } from 'zod';
import { email, optionalText, pagination, shortText, timeOfDay } from '../common/schemas.js';
import { frenchPhoneSchema } from '../people/phone.js';
import { hoursProblems, MAX_SLOTS, TRADE_CODES, TRADES } from './values.js';

const trade = z.enum(TRADE_CODES as [string, ...string[]], {
  message: `Métier inconnu. Métiers possibles : ${Object.values(TRADES).join(', ')}.`,
});

const website = z
  .string()
  .trim()
  .max(300, '300 caractères au maximum.')
  .nullish()
  .transform((value, ctx) => {
    if (!value) return null;
    const withScheme = /^https?:\/\//i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(withScheme);
      if (!url.hostname.includes('.')) throw new Error('no domain');
      return url.href;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'Adresse de site invalide (exemple : www.plomberie-dupont.fr).',
      });
      return z.NEVER;
    }
  });

const postal = z
  .string()
  .trim()
  .regex(/^\d{5}$/, 'Code postal à 5 chiffres attendu.');

const servedCommuneSchema = z.object({
  postalCode: postal,
  communeName: shortText(100),
});

const openingSlotSchema = z.object({
  weekday: z.number().int().min(0, 'Jour inconnu.').max(6, 'Jour inconnu.'),
  start: timeOfDay,
  end: timeOfDay,
});

/** What a professional's details are, whoever enters them (staff, or the professional by link). */
const detailsShape = {
  trade,
  businessName: shortText(120),
  contactName: optionalText(120),
  phone: frenchPhoneSchema,
  email: email.nullish().transform((v) => v ?? null),
  website,
  street: optionalText(200),
  postalCode: postal.nullish().transform((v) => v ?? null),
  communeName: optionalText(100),
  communesServed: z
    .array(servedCommuneSchema)
    .min(1, 'Indiquez au moins une commune où ce professionnel intervient.')
    .max(300, '300 communes au maximum.'),
  hours: z.array(openingSlotSchema).max(MAX_SLOTS, `${MAX_SLOTS} plages horaires au maximum.`),
  worksPublicHolidays: z.boolean().default(false),
};

type Details = {
  postalCode: string | null;
  communeName: string | null;
  hours: { weekday: number; start: string; end: string }[];
};

function checkDetails(details: Details, issues: z.core.$RefinementCtx) {
  for (const problem of hoursProblems(details.hours))
    issues.addIssue({
      code: 'custom',
      path: ['hours', problem.index, 'end'],
      message: problem.message,
    });
  if ((details.postalCode === null) !== (details.communeName === null))
    issues.addIssue({
      code: 'custom',
      path: [details.postalCode === null ? 'postalCode' : 'communeName'],
      message: 'Indiquez le code postal et la commune de l’adresse, ou aucun des deux.',
    });
}

/** Staff's form: the details, their notes and whether the professional is still listed. */
export const professionalSchema = z
  .object({
    ...detailsShape,
    notes: optionalText(1000),
    active: z.boolean().default(true),
  })
  .superRefine(checkDetails);
export type ProfessionalInput = z.output<typeof professionalSchema>;

/** The professional's own correction, by the e-mailed link: their details only. */
export const selfCorrectionSchema = z
  .object({ token: z.string().min(10).max(100), ...detailsShape })
  .superRefine(checkDetails);
export type SelfCorrectionInput = z.output<typeof selfCorrectionSchema>;

export const checkTokenSchema = z.object({ token: z.string().min(10).max(100) });

/** The directory's search: by trade, by a commune served (postal code and name), by name. */
export const professionalFilters = pagination.extend({
  trade: trade.optional(),
  postalCode: postal.optional(),
  communeName: z.string().trim().max(100).optional(),
  q: z.string().trim().max(100).optional(),
  /** Also the professionals no longer listed. */
  inactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export type ProfessionalFilters = z.output<typeof professionalFilters>;
