/**
 * The follow-up settings of an organisation (issue 12): how long a match's trial lasts, how often
 * a match is reviewed, which documents a visitor or volunteer must have given before being
 * proposed or planned, and how early an expiry warns. One Zod schema gives the defaults, the
 * validation (French messages) and the OpenAPI document.
 */
import { z } from 'zod';

/** A required document: a key stored with each document received, its label, whether it expires. */
const requiredDocumentSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, {
      error: 'La clé d’un document : lettres minuscules, chiffres et « _ », 2 à 40 caractères.',
    }),
  label: z
    .string()
    .trim()
    .min(2, { error: 'Le nom du document est trop court.' })
    .max(80, { error: 'Le nom du document : 80 caractères au plus.' }),
  /** The document has an end of validity (insurance): expired, it no longer counts. */
  expires: z.boolean().default(false),
  /** The version that must have been signed (the charter's current version); null: any. */
  currentVersion: z.string().trim().max(40).nullable().default(null),
});
export type RequiredDocument = z.infer<typeof requiredDocumentSchema>;

const DEFAULT_REQUIRED_DOCUMENTS: readonly RequiredDocument[] = [
  { key: 'charter', label: 'Charte du bénévole signée', expires: false, currentVersion: null },
  {
    key: 'insurance',
    label: 'Attestation d’assurance responsabilité civile',
    expires: true,
    currentVersion: null,
  },
];

export const followUpSettingsSchema = z
  .object({
    /** Length of a match's trial, from its first visit, in weeks. */
    trialWeeks: z
      .int({ error: 'La durée de l’essai doit être un nombre entier de semaines.' })
      .min(1, { error: 'L’essai dure au moins une semaine.' })
      .max(26, { error: 'L’essai ne peut dépasser 26 semaines.' })
      .default(6),
    /** How often a confirmed match is reviewed, in months. */
    reviewMonths: z
      .int({ error: 'La fréquence des bilans doit être un nombre entier de mois.' })
      .min(1, { error: 'Un bilan au moins tous les mois.' })
      .max(24, { error: 'Un bilan au moins tous les 24 mois.' })
      .default(12),
    /** An expiring document (insurance, charter version) warns this many days before. */
    expiryWarningDays: z
      .int({ error: 'Le délai d’alerte doit être un nombre entier de jours.' })
      .min(1, { error: 'Le délai d’alerte est d’au moins un jour.' })
      .max(180, { error: 'Le délai d’alerte ne peut dépasser 180 jours.' })
      .default(30),
    requiredDocuments: z
      .array(requiredDocumentSchema)
      .max(20, { error: '20 documents au plus.' })
      .default(() => DEFAULT_REQUIRED_DOCUMENTS.map((d) => ({ ...d }))),
  })
  .refine(
    (s) => new Set(s.requiredDocuments.map((d) => d.key)).size === s.requiredDocuments.length,
    {
      message: 'Deux documents ont la même clé.',
      path: ['requiredDocuments'],
    },
  );
