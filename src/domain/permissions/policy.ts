/**
 * Every permission of the platform, in one place. Pure functions, shared by the API (every route
 * declares its action) and the web app (which hides what is not allowed).
 *
 * `can(user, action, resource?)` answers with a reason, so a refusal can be explained and tested.
 * Two kinds of refusal: `role` (the role never allows the action: 403) and `scope` (the resource
 * is outside what this user may see: another organisation, another local service, a person the
 * visitor does not visit; answered 404 so existence does not leak).
 */

export const ROLES = [
  'admin',
  'coordinator',
  'planner',
  'visitor',
  'operator',
  'partner',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrateur',
  coordinator: 'Coordinateur',
  planner: 'Planificateur',
  visitor: 'Visiteur',
  operator: 'Opérateur téléphonique',
  partner: 'Partenaire',
  viewer: 'Lecteur (indicateurs)',
};

/** Which roles may do what. A resource check may narrow it further (see `scopeOf`). */
const ACTION_ROLES = {
  'organisation.read': [
    'admin',
    'coordinator',
    'planner',
    'operator',
    'viewer',
    'partner',
    'visitor',
  ],
  'organisation.update': ['admin'],
  'user.list': ['admin'],
  'user.invite': ['admin'],
  'user.update': ['admin'],
  'audit.read': ['admin'],
  'stats.read': ['admin', 'coordinator', 'planner', 'viewer'],

  'person.list': ['admin', 'coordinator', 'planner', 'operator', 'visitor'],
  'person.read': ['admin', 'coordinator', 'planner', 'operator', 'visitor'],
  'person.create': ['admin', 'coordinator', 'operator'],
  'person.update': ['admin', 'coordinator', 'operator'],
  'person.merge': ['admin', 'coordinator'],
  'person.transition': ['admin', 'coordinator'],
  'person.views': ['admin', 'coordinator'],
  // Right of access (RGPD art. 15): everything held about the person, to hand over to them.
  'person.export': ['admin', 'coordinator'],
  // Data rights (ADR 0012): erasure, legal holds and archived files are the administrator's.
  'person.erase': ['admin'],
  'person.legal_hold': ['admin'],
  'person.read_archived': ['admin'],
  'evaluation.read': ['admin', 'coordinator'],
  'evaluation.create': ['admin', 'coordinator'],
  'consent.read': ['admin', 'coordinator', 'operator'],
  'consent.create': ['admin', 'coordinator', 'operator'],
  'assignment.manage': ['admin', 'coordinator'],

  'visitor.list': ['admin', 'coordinator', 'planner'],
  'visitor.read': ['admin', 'coordinator', 'planner', 'visitor'],
  'visitor.create': ['admin', 'coordinator'],
  'visitor.update': ['admin', 'coordinator', 'planner'],
  'pair.list': ['admin', 'coordinator', 'planner'],
  'pair.manage': ['admin', 'coordinator', 'planner'],

  'referral.create': ['admin', 'coordinator', 'operator', 'partner'],
  'referral.list': ['admin', 'coordinator', 'operator', 'partner'],
  'referral.read': ['admin', 'coordinator', 'operator', 'partner'],
  'referral.process': ['admin', 'coordinator'],

  'import.run': ['admin', 'coordinator'],

  // Visitors never see proposals: they would show people they do not visit.
  'matching.propose': ['admin', 'coordinator', 'planner'],
  'matching.accept': ['admin', 'coordinator'],
  // The best units for one waiting person, from their file (nothing is written).
  'matching.suggest': ['admin', 'coordinator', 'planner'],

  // Planning: the week of a local service, its generation, moves and absences.
  'planning.read': ['admin', 'coordinator', 'planner'],
  'planning.generate': ['admin', 'coordinator', 'planner'],
  'visit.update': ['admin', 'coordinator', 'planner'],
  'absence.declare': ['admin', 'coordinator', 'planner'],
  'closure.manage': ['admin', 'coordinator'],
  // A visitor's own day, check-in and check-out (scope: the visit's visitors).
  'visit.own': ['visitor'],
  // Reports: the visitor, or a coordinator writing one for them.
  'visit.report': ['admin', 'coordinator', 'visitor'],
  // The visitor's own calendar link.
  'calendar.manage': ['visitor'],
  // Alerts go to the coordinators of the service.
  'alert.list': ['admin', 'coordinator'],
  'alert.manage': ['admin', 'coordinator'],
  'notification.list': ['admin', 'coordinator'],

  // Exports of the lists to a spreadsheet (ADR 0024): each list's own staff roles. A visitor and a
  // partner see a narrow list (their people, their referrals) on screen only: a file leaves the
  // platform's audit and erasure for good, so they have none.
  'export.people': ['admin', 'coordinator', 'planner', 'operator'],
  'export.visitors': ['admin', 'coordinator', 'planner'],
  'export.pairs': ['admin', 'coordinator', 'planner'],
  'export.referrals': ['admin', 'coordinator', 'operator'],
  'export.alerts': ['admin', 'coordinator'],
  'export.planning': ['admin', 'coordinator', 'planner'],
  'export.audit': ['admin'],

  // Follow-up (issue 12). The contact log: staff who call people, carers and visitors.
  'contact.list': ['admin', 'coordinator', 'planner', 'operator'],
  'contact.create': ['admin', 'coordinator', 'planner', 'operator'],
  'contact.update': ['admin', 'coordinator', 'planner', 'operator'],
  // The life of a match: its history is staff's; its steps, first visit, reviews and end are the
  // coordinator's (a review holds the LSNS-6 and both sides' satisfaction).
  'match.read': ['admin', 'coordinator', 'planner'],
  'match.manage': ['admin', 'coordinator'],
  'match.review': ['admin', 'coordinator'],
  // The visitor's and volunteer's journey: interview, documents, stages, suspension.
  'journey.read': ['admin', 'coordinator', 'planner'],
  'journey.manage': ['admin', 'coordinator'],
  // Training, seminars, practice analysis, tutoring: dates and attendance.
  'training.read': ['admin', 'coordinator', 'planner'],
  'training.manage': ['admin', 'coordinator'],
  // The coordinator's or operator's "À faire".
  'todo.read': ['admin', 'coordinator', 'planner', 'operator'],
  // The professionals' directory (issue 13, ADR 0035): paid services staff may suggest (operators
  // on the phone too); coordinators keep it right. Visitors never see it: it is not a volunteer list.
  'professional.list': ['admin', 'coordinator', 'planner', 'operator'],
  'professional.read': ['admin', 'coordinator', 'planner', 'operator'],
  'professional.manage': ['admin', 'coordinator'],
  // Neighbour help (issue 13): requests taken on the phone by operators, followed by staff.
  'help_request.list': ['admin', 'coordinator', 'planner', 'operator'],
  'help_request.read': ['admin', 'coordinator', 'planner', 'operator'],
  'help_request.create': ['admin', 'coordinator', 'operator'],
  'help_request.manage': ['admin', 'coordinator', 'operator'],
  // Neighbour help (issue 13): the animator's list of active neighbours and their offers; staff
  // who take calls sign neighbours up and keep their offer; the organisation's kinds of help are
  // its administrator's.
  'neighbour.list': ['admin', 'coordinator', 'planner', 'operator'],
  'neighbour.read': ['admin', 'coordinator', 'planner', 'operator'],
  'neighbour.manage': ['admin', 'coordinator', 'operator'],
  'help_kind.manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTION_ROLES;
export const ACTIONS = Object.keys(ACTION_ROLES) as Action[];

/** What each action does, in French: refusals name it ("Votre rôle ne permet pas de …"). */
export const ACTION_LABELS: Record<Action, string> = {
  'organisation.read': 'consulter l’organisation',
  'organisation.update': 'modifier l’organisation',
  'user.list': 'voir les comptes',
  'user.invite': 'inviter un compte',
  'user.update': 'modifier un compte',
  'audit.read': 'lire le journal d’audit',
  'stats.read': 'voir les indicateurs',
  'person.list': 'voir la liste des personnes',
  'person.read': 'ouvrir la fiche d’une personne',
  'person.create': 'créer une fiche',
  'person.update': 'modifier une fiche',
  'person.merge': 'fusionner des fiches',
  'person.transition': 'changer le statut d’une personne',
  'person.views': 'voir qui a consulté une fiche',
  'person.export': 'exporter les données d’une personne',
  'person.erase': 'procéder à l’effacement des données d’une personne',
  'person.legal_hold': 'poser ou lever un gel juridique sur une fiche',
  'person.read_archived': 'consulter une fiche archivée',
  'evaluation.read': 'lire les évaluations sociales',
  'evaluation.create': 'enregistrer une évaluation sociale',
  'consent.read': 'lire les consentements',
  'consent.create': 'enregistrer ou retirer un consentement',
  'assignment.manage': 'confier une personne à un visiteur',
  'visitor.list': 'voir la liste des visiteurs',
  'visitor.read': 'ouvrir la fiche d’un visiteur',
  'visitor.create': 'créer un visiteur',
  'visitor.update': 'modifier un visiteur',
  'pair.list': 'voir les binômes',
  'pair.manage': 'former ou dissoudre un binôme',
  'referral.create': 'signaler une personne',
  'referral.list': 'voir les signalements',
  'referral.read': 'ouvrir un signalement',
  'referral.process': 'traiter un signalement',
  'import.run': 'importer un fichier',
  'matching.propose': 'calculer des propositions d’appariement',
  'matching.accept': 'accepter un appariement',
  'matching.suggest': 'chercher un binôme ou un bénévole pour une personne',
  'planning.read': 'voir le planning',
  'planning.generate': 'générer le planning',
  'visit.update': 'déplacer ou annuler une visite',
  'absence.declare': 'déclarer une absence',
  'closure.manage': 'gérer les fermetures du service',
  'visit.own': 'pointer ses propres visites',
  'visit.report': 'rédiger un compte rendu de visite',
  'calendar.manage': 'gérer son lien d’agenda',
  'alert.list': 'voir les alertes',
  'alert.manage': 'traiter une alerte',
  'notification.list': 'voir les notifications envoyées',
  'export.people': 'exporter la liste des personnes',
  'export.visitors': 'exporter la liste des visiteurs',
  'export.pairs': 'exporter la liste des binômes',
  'export.referrals': 'exporter la liste des signalements',
  'export.alerts': 'exporter la liste des alertes',
  'export.planning': 'exporter les visites de la semaine',
  'export.audit': 'exporter le journal d’audit',
  'contact.list': 'voir le journal des contacts',
  'contact.create': 'noter un appel ou un contact',
  'contact.update': 'modifier un rappel',
  'match.read': 'voir le suivi d’un appariement',
  'match.manage': 'faire avancer un appariement',
  'match.review': 'faire le bilan d’un appariement',
  'journey.read': 'voir le parcours d’un bénévole ou d’un visiteur',
  'journey.manage': 'faire avancer le parcours d’un bénévole ou d’un visiteur',
  'training.read': 'voir les formations et les séances',
  'training.manage': 'gérer les formations et les présences',
  'todo.read': 'voir sa liste « À faire »',
  'professional.list': 'consulter l’annuaire des professionnels',
  'professional.read': 'ouvrir la fiche d’un professionnel',
  'professional.manage': 'ajouter, modifier ou vérifier un professionnel',
  'help_request.list': 'voir les demandes d’entraide',
  'help_request.read': 'ouvrir une demande d’entraide',
  'help_request.create': 'enregistrer une demande d’entraide',
  'help_request.manage': 'annuler une date ou clore une demande d’entraide',
  'neighbour.list': 'voir la liste des voisins actifs',
  'neighbour.read': 'voir ce que propose un voisin actif',
  'neighbour.manage': 'inscrire un voisin actif ou modifier ce qu’il propose',
  'help_kind.manage': 'gérer les types d’aide de l’organisation',
};

export interface Actor {
  id: string;
  organisationId: string;
  /** A user attached to a local service only sees that service's people and visitors. */
  localServiceId: string | null;
  roles: readonly Role[];
  /** For a visitor's own account. */
  visitorId: string | null;
}

/** What a check needs to know about the resource; only what applies is given. */
export interface ResourceScope {
  organisationId: string;
  localServiceId?: string | null;
  /** Person: the visitors who currently visit them (pair members or volunteer). */
  visitorIds?: readonly string[];
  /** Referral: who submitted it. */
  submittedBy?: string;
  /** Visitor record: its id (a visitor may read their own record). */
  visitorRecordId?: string;
}

/**
 * The policy's answer, with its reason in French: a role refusal is shown to the user as it is
 * (403); a scope refusal is answered 404 and its reason only logged, so existence does not leak.
 */
export type Decision =
  { allowed: true; reason: string } | { allowed: false; kind: 'role' | 'scope'; reason: string };

export function rolesFor(action: Action): readonly Role[] {
  return ACTION_ROLES[action];
}

/** "de modifier", "d’accepter": French elision before a vowel. */
const deAction = (action: Action) =>
  /^[aeiouyàâéèêîôh]/i.test(ACTION_LABELS[action])
    ? `d’${ACTION_LABELS[action]}`
    : `de ${ACTION_LABELS[action]}`;

const roleNames = (roles: readonly Role[]) => roles.map((role) => ROLE_LABELS[role]).join(', ');

/** Roles of the actor that allow the action at all. */
function grantingRoles(actor: Actor, action: Action): Role[] {
  const allowed: readonly Role[] = ACTION_ROLES[action];
  return actor.roles.filter((role) => allowed.includes(role));
}

/** Staff roles see the whole organisation (or their local service); these roles see less. */
const NARROW_ROLES: ReadonlySet<Role> = new Set(['visitor', 'partner']);

export function can(actor: Actor, action: Action, resource?: ResourceScope): Decision {
  const roles = grantingRoles(actor, action);
  if (roles.length === 0) {
    return {
      allowed: false,
      kind: 'role',
      reason: `Votre rôle ne permet pas ${deAction(action)}.`,
    };
  }
  if (!resource)
    return { allowed: true, reason: `le rôle ${roleNames(roles)} permet ${deAction(action)}` };

  if (resource.organisationId !== actor.organisationId) {
    return {
      allowed: false,
      kind: 'scope',
      reason: 'cet élément appartient à une autre organisation',
    };
  }
  if (
    actor.localServiceId &&
    resource.localServiceId &&
    resource.localServiceId !== actor.localServiceId
  ) {
    return {
      allowed: false,
      kind: 'scope',
      reason: 'cet élément appartient à un autre service local',
    };
  }
  // A broad role (coordinator…) is enough; narrow roles need their own link to the resource.
  if (roles.some((role) => !NARROW_ROLES.has(role))) {
    return {
      allowed: true,
      reason: `le rôle ${roleNames(roles)} permet ${deAction(action)} dans l’organisation`,
    };
  }
  if (roles.includes('visitor') && actor.visitorId) {
    if (resource.visitorIds?.includes(actor.visitorId)) {
      return { allowed: true, reason: 'le visiteur rend visite à cette personne' };
    }
    if (resource.visitorRecordId === actor.visitorId) {
      return { allowed: true, reason: 'c’est la fiche du visiteur lui-même' };
    }
  }
  if (roles.includes('partner') && resource.submittedBy === actor.id) {
    return { allowed: true, reason: 'le partenaire a lui-même fait ce signalement' };
  }
  return { allowed: false, kind: 'scope', reason: 'aucun lien avec cet élément' };
}

/**
 * How much of a list a user may see: everything in the organisation, one local service, only
 * the people a visitor visits, or only a partner's own referrals.
 */
export type ListScope =
  | { kind: 'organisation'; organisationId: string; localServiceId: string | null }
  | { kind: 'visitor'; organisationId: string; visitorId: string }
  | { kind: 'submitter'; organisationId: string; userId: string }
  | { kind: 'none' };

export function listScope(actor: Actor, action: Action): ListScope {
  const roles = grantingRoles(actor, action);
  if (roles.length === 0) return { kind: 'none' };
  if (roles.some((role) => !NARROW_ROLES.has(role))) {
    return {
      kind: 'organisation',
      organisationId: actor.organisationId,
      localServiceId: actor.localServiceId,
    };
  }
  if (roles.includes('visitor') && actor.visitorId) {
    return { kind: 'visitor', organisationId: actor.organisationId, visitorId: actor.visitorId };
  }
  if (roles.includes('partner')) {
    return { kind: 'submitter', organisationId: actor.organisationId, userId: actor.id };
  }
  return { kind: 'none' };
}
