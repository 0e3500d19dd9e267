/**
 * Demo accounts, one per role, created by the demo seed (`seed.ts`) on an empty database. They all
 * share one password, shown on the sign-in page in demo mode only (`/api/auth/demo-accounts`).
 */
import type { Role } from '../domain/permissions/policy.js';

// Defined with the configuration: the server shows it in demo mode and must not import the demo.
export { DEMO_PASSWORD } from '../server/config.js';

const DEMO_EMAIL_DOMAIN = 'demo.convivialite.fr';

/** Names of the Oise local services, in the order the generator creates them. */
export const OISE_LOCAL_SERVICES = ['Beauvais', 'Compiègne', 'Creil', 'Clermont', 'Noyon'] as const;
type OiseLocalService = (typeof OISE_LOCAL_SERVICES)[number];

export interface DemoAccount {
  /** Stable key, used by the generator and the tests. */
  key: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
  roles: readonly Role[];
  /** oise: the département service; amiens: the second, small organisation (isolation demo). */
  organisation: 'oise' | 'amiens';
  /** Null: sees the whole organisation. */
  localService: OiseLocalService | null;
  /** For the visitor account: linked to a member of an active pair with people assigned. */
  isVisitor?: boolean;
  /** For the partner account: the partner name written on its referrals. */
  partnerName?: string;
}

const at = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    key: 'admin',
    email: at('admin'),
    firstName: 'Nathalie',
    lastName: 'Dupuis',
    displayName: 'Nathalie Dupuis',
    roles: ['admin'],
    organisation: 'oise',
    localService: null,
  },
  {
    key: 'coordinator',
    email: at('coordinatrice'),
    firstName: 'Claire',
    lastName: 'Lefèvre',
    displayName: 'Claire Lefèvre',
    roles: ['coordinator'],
    organisation: 'oise',
    localService: null,
  },
  {
    key: 'coordinator-beauvais',
    email: at('coordinateur.beauvais'),
    firstName: 'Karim',
    lastName: 'Benali',
    displayName: 'Karim Benali (Beauvais)',
    roles: ['coordinator'],
    organisation: 'oise',
    localService: 'Beauvais',
  },
  {
    key: 'planner',
    email: at('planificatrice'),
    firstName: 'Léa',
    lastName: 'Fontaine',
    displayName: 'Léa Fontaine',
    roles: ['planner'],
    organisation: 'oise',
    localService: null,
  },
  {
    key: 'visitor',
    email: at('visiteur'),
    firstName: 'Yanis',
    lastName: 'Carpentier',
    displayName: 'Yanis Carpentier',
    roles: ['visitor'],
    organisation: 'oise',
    localService: 'Beauvais',
    isVisitor: true,
  },
  {
    key: 'operator',
    email: at('operatrice'),
    firstName: 'Martine',
    lastName: 'Roussel',
    displayName: 'Martine Roussel',
    roles: ['operator'],
    organisation: 'oise',
    localService: null,
  },
  {
    key: 'partner',
    email: at('partenaire'),
    firstName: 'Sophie',
    lastName: 'Garnier',
    displayName: 'Sophie Garnier (Mairie de Clermont)',
    roles: ['partner'],
    organisation: 'oise',
    localService: null,
    partnerName: 'Mairie de Clermont',
  },
  {
    key: 'viewer',
    email: at('lecteur'),
    firstName: 'Philippe',
    lastName: 'Vasseur',
    displayName: 'Philippe Vasseur',
    roles: ['viewer'],
    organisation: 'oise',
    localService: null,
  },
  {
    key: 'admin-amiens',
    email: at('admin.amiens'),
    firstName: 'Isabelle',
    lastName: 'Caron',
    displayName: 'Isabelle Caron (CCAS d’Amiens)',
    roles: ['admin'],
    organisation: 'amiens',
    localService: null,
  },
];
