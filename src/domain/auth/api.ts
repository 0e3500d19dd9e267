/** What the authentication routes answer (their `schema.response`): the session the web app holds. */
import { z } from 'zod';
import type { WireOf } from '../common/api.js';
import { ACTIONS, ROLES } from '../permissions/policy.js';

/** The signed-in session, as the login and the session routes answer it (no token but the CSRF one). */
export const sessionView = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    formOfAddress: z.string().nullable().describe('madame | monsieur | null (neutre)'),
    roles: z.array(z.enum(ROLES)),
    localServiceId: z.string().nullable(),
    visitorId: z.string().nullable(),
  }),
  organisation: z.object({ id: z.string(), name: z.string() }).nullable(),
  permissions: z
    .array(z.enum(ACTIONS))
    .describe(
      'Ce que la politique permet : l’interface masque le reste, l’API vérifie à chaque appel',
    ),
  map: z.object({
    tileUrl: z.string().nullable().describe('null : cartes sans fond (machine hors ligne)'),
    attribution: z.string(),
  }),
  csrfToken: z.string().describe('À renvoyer dans l’en-tête x-csrf-token de chaque modification'),
});

export const noSessionView = z.object({ user: z.null() }).describe('Personne n’est connecté');

/** The demonstration accounts shown on the login page (demo mode only). */
export const demoAccountsView = z.object({
  password: z.string().describe('Le mot de passe commun des comptes de démonstration'),
  accounts: z.array(
    z.object({
      email: z.string(),
      displayName: z.string(),
      formOfAddress: z.string().nullable(),
      roles: z.array(z.string()),
    }),
  ),
});

// ---------------------------------------------------------------- what the web app reads

export type DemoAccounts = WireOf<typeof demoAccountsView>;
/** GET /api/auth/session: the session, or `{ user: null }`; POST /api/auth/login: the session. */
export type SessionAnswer = WireOf<typeof sessionView> | WireOf<typeof noSessionView>;
export type SignedSession = WireOf<typeof sessionView>;
