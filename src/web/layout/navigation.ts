/** The main menu: one entry per screen family, shown only when the user's permissions allow it. */
import type { Action, SessionUser } from '../auth/session.js';
import type { MessageKey } from '../i18n/fr.js';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown when any of these actions is allowed; none: always. */
  anyOf?: Action[];
  /** Extra condition on the user. */
  when?: (user: SessionUser) => boolean;
  end?: boolean;
}

const isVisitor = (user: SessionUser) => user.roles.includes('visitor') && !!user.visitorId;
const isStaffForPeople = (user: SessionUser) =>
  !(user.roles.length === 1 && user.roles[0] === 'visitor');

const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'nav.home', end: true },
  { to: '/aujourdhui', label: 'nav.today', anyOf: ['visit.own'], when: isVisitor },
  { to: '/alertes', label: 'nav.alerts', anyOf: ['alert.list'] },
  { to: '/rappels', label: 'nav.callbacks', anyOf: ['contact.list'] },
  { to: '/personnes', label: 'nav.people', anyOf: ['person.list'], when: isStaffForPeople },
  {
    to: '/personnes',
    label: 'nav.myPeople',
    anyOf: ['person.list'],
    when: (u) => !isStaffForPeople(u),
  },
  { to: '/visiteurs', label: 'nav.visitors', anyOf: ['visitor.list'] },
  { to: '/binomes', label: 'nav.pairs', anyOf: ['pair.list'] },
  { to: '/voisins', label: 'nav.neighbours', anyOf: ['neighbour.list'] },
  { to: '/appariements', label: 'nav.matching', anyOf: ['matching.propose'] },
  { to: '/planning', label: 'nav.planning', anyOf: ['planning.read'] },
  { to: '/formations', label: 'nav.training', anyOf: ['training.read'] },
  { to: '/professionnels', label: 'nav.professionals', anyOf: ['professional.list'] },
  {
    to: '/rapports/jeunes-visiteurs',
    label: 'nav.youngVisitorsReport',
    anyOf: ['stats.read'],
  },
  { to: '/signalements', label: 'nav.referrals', anyOf: ['referral.list'] },
  { to: '/entraide', label: 'nav.helpRequests', anyOf: ['help_request.list'] },
  { to: '/imports', label: 'nav.imports', anyOf: ['import.run'] },
  { to: '/journal', label: 'nav.audit', anyOf: ['audit.read'] },
  { to: '/utilisateurs', label: 'nav.users', anyOf: ['user.list'] },
  { to: '/organisation', label: 'nav.settings', anyOf: ['organisation.update'] },
  {
    to: '/ma-fiche',
    label: 'nav.myRecord',
    anyOf: ['visitor.read'],
    when: (u) =>
      isVisitor(u) && !u.roles.some((r) => r === 'admin' || r === 'coordinator' || r === 'planner'),
  },
];

export function visibleNavItems(user: SessionUser, can: (action: Action) => boolean): NavItem[] {
  return NAV_ITEMS.filter(
    (item) =>
      (!item.anyOf || item.anyOf.some((action) => can(action))) && (!item.when || item.when(user)),
  );
}
