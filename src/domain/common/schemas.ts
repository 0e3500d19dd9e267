/**
 * Building blocks for input schemas. Every string has a maximum length so oversized input is
 * refused with a clear message instead of being stored.
 */
import { z } from 'zod';

export const shortText = (max = 200) =>
  z.string().trim().min(1, 'Ce champ est obligatoire.').max(max, `${max} caractères au maximum.`);
export const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, `${max} caractères au maximum.`)
    .nullish()
    .transform((v) => (v ? v : null));
export const longText = (max = 5000) => optionalText(max);

export const isoDate = z.iso.date({ message: 'Date attendue au format AAAA-MM-JJ.' });
export const uuid = z.uuid({ message: 'Identifiant invalide.' });
export const idParams = z.object({ id: uuid });

export const postalCode = z
  .string()
  .trim()
  .regex(/^(\d{5}|\d{4})$/, 'Code postal à 5 chiffres attendu.')
  .transform((v) => v.padStart(5, '0'));
export const inseeCode = z
  .string()
  .trim()
  .regex(/^(\d{5}|2[AB]\d{3})$/i, 'Code INSEE à 5 caractères attendu (ex. 60057).')
  .transform((v) => v.toUpperCase());

export const email = z
  .email({ message: 'Adresse e-mail invalide.' })
  .max(254)
  .transform((v) => v.toLowerCase());

export const tagList = z
  .array(z.string().trim().min(1).max(60, '60 caractères au maximum par élément.'))
  .max(30, '30 éléments au maximum.')
  .transform((values) => [...new Set(values.map((v) => v.toLowerCase()))]);

export const pagination = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});

/** Pagination of the lists that also page by keyset (ADR 0020): `after` wins over `page`. */
export const keysetPagination = pagination.extend({
  after: z
    .string()
    .max(1000)
    .optional()
    .describe('`nextCursor` de la page précédente (pagination par curseur)'),
});

export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue au format HH:MM.');
