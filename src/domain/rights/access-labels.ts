/**
 * The words of the right-of-access export (RGPD art. 15): every code the platform stores about a
 * person, in plain French, for a reader who has never seen the application. Pure data.
 */
import { STATUS_LABELS, PAUSE_REASON_LABELS, END_REASON_LABELS } from '../admission/lifecycle.js';
import { RELATIONSHIP_LABELS } from '../people/schemas.js';
import { ACTION_LABELS, type Action } from '../permissions/policy.js';

type Labels = Readonly<Record<string, string>>;

export const GENDER_LABELS: Labels = { female: 'Femme', male: 'Homme', other: 'Autre' };
export const WEEKDAY_NAMES: Labels = {
  1: 'lundi',
  2: 'mardi',
  3: 'mercredi',
  4: 'jeudi',
  5: 'vendredi',
  6: 'samedi',
  7: 'dimanche',
};
export const PERIOD_LABELS: Labels = { morning: 'matin', afternoon: 'après-midi' };
export const PERSON_STATUS_LABELS: Labels = STATUS_LABELS;
export const STATUS_REASON_LABELS: Labels = { ...PAUSE_REASON_LABELS, ...END_REASON_LABELS };
export const CONTACT_RELATIONSHIP_LABELS: Labels = RELATIONSHIP_LABELS;
export const LOCATION_STATUS_LABELS: Labels = {
  located: 'Adresse localisée',
  to_locate: 'Adresse à localiser',
};

export const DECISION_LABELS: Labels = {
  eligible: 'Éligible',
  not_eligible: 'Non éligible',
  incomplete: 'Évaluation incomplète',
};
export const OPINION_LABELS: Labels = { favorable: 'Favorable', defavorable: 'Défavorable' };

export const CONSENT_METHOD_LABELS: Labels = {
  oral: 'À l’oral, en face à face',
  written: 'Par écrit, signé',
  phone: 'Par téléphone',
  electronic: 'En ligne',
};
export const CONSENT_GIVER_LABELS: Labels = {
  person: 'La personne elle-même',
  carer: 'Un proche aidant',
  legal_guardian: 'Le tuteur ou curateur',
};
export const CONSENT_SCOPE_LABELS = {
  visits: 'Recevoir des visites',
  dataSharing: 'Partager ses informations avec les partenaires',
  heatwaveRegister: 'Être inscrite au registre canicule et grand froid',
} as const;

export const VISIT_STATUS_LABELS: Labels = {
  planned: 'Prévue',
  done: 'Faite',
  not_done: 'Non faite',
  cancelled: 'Annulée',
};
export const VISIT_PLACE_LABELS: Labels = {
  home: 'À domicile',
  walk: 'Promenade',
  errands: 'Courses',
  club: 'Au club',
};
export const CREW_LABELS: Labels = {
  pair: 'Binôme',
  volunteer: 'Bénévole',
  solo: 'Visiteur seul',
  substitute: 'Avec un remplaçant',
};
export const REPORT_OUTCOME_LABELS: Labels = {
  done: 'A eu lieu',
  absent: 'N’a pas eu lieu : personne absente',
  refused: 'N’a pas eu lieu : visite refusée',
  hospital: 'N’a pas eu lieu : personne hospitalisée',
  no_answer: 'Personne ne répond',
};
export const ACTIVITY_LABELS: Labels = {
  conversation: 'Conversation',
  reading: 'Lecture',
  games: 'Jeux',
  workshop: 'Atelier manuel ou artistique',
  walk: 'Promenade',
  errands: 'Courses',
  club_event: 'Sortie au club ou à un événement',
};
export const MOOD_LABELS: Labels = { good: 'Bonne', average: 'Moyenne', low: 'Basse' };
export const CONCERN_SEVERITY_LABELS: Labels = { low: 'Faible', medium: 'Moyenne', high: 'Haute' };

export const ALERT_KIND_LABELS: Labels = {
  concern: 'Inquiétude',
  no_answer: 'Personne ne répond',
  hospital: 'Hospitalisation',
  silent_person: 'Aucune visite depuis longtemps',
  unreported_visits: 'Visites sans compte rendu',
};
export const ALERT_SEVERITY_LABELS: Labels = {
  low: 'Faible',
  medium: 'Moyenne',
  high: 'Haute',
  urgent: 'Urgente',
};
export const ALERT_STATUS_LABELS: Labels = {
  open: 'Ouverte',
  in_progress: 'Prise en charge',
  closed: 'Close',
};
export const ALERT_EVENT_LABELS: Labels = {
  created: 'Alerte créée',
  assigned: 'Responsable changé',
  status: 'Statut changé',
  severity: 'Gravité changée',
  checklist: 'Étape du protocole',
  note: 'Note',
  closed: 'Alerte close',
};

export const REFERRAL_STATUS_NAMES: Labels = {
  submitted: 'Reçu',
  in_review: 'En cours d’examen',
  accepted: 'Accepté',
  declined: 'Non retenu',
  closed: 'Clos',
};
export const URGENCY_LABELS: Labels = { low: 'Peu urgent', normal: 'Normal', urgent: 'Urgent' };
export const CONTACT_CONSENT_LABELS: Labels = {
  person_agreed: 'La personne est d’accord pour être contactée',
  carer_agreed: 'Un proche est d’accord pour qu’on la contacte',
  not_asked: 'La personne n’avait pas encore été consultée',
};

export const ENTITY_LABELS: Labels = {
  person: 'Fiche',
  evaluation: 'Évaluation',
  consent: 'Consentement',
  assignment: 'Visiteurs attribués',
  visit: 'Visite',
  visit_report: 'Compte rendu',
  alert: 'Alerte',
  referral: 'Signalement',
  export: 'Export',
  list: 'Liste',
};

/** What an audit row about the person says was done, as the "qui a consulté" view says it. */
const AUDIT_ACTION_LABELS: Labels = {
  'person.read': 'A ouvert la fiche',
  'person.create': 'A créé la fiche',
  'person.update': 'A modifié la fiche',
  'person.merge': 'A fusionné un doublon dans la fiche',
  'person.merged_into': 'Fiche fusionnée dans une autre',
  'person.transition': 'A changé le statut',
  'person.export': 'A exporté les données de la personne',
  'person.views': 'A consulté la liste des accès à la fiche',
  'evaluation.create': 'A enregistré une évaluation',
  'evaluation.read': 'A consulté les évaluations',
  'consent.create': 'A enregistré un consentement',
  'consent.withdraw': 'A retiré un consentement',
  'consent.read': 'A consulté les consentements',
  'assignment.create': 'A confié la personne à un visiteur',
  'assignment.manage': 'A confié la personne à un visiteur',
  'referral.create': 'A signalé la personne',
  'referral.read': 'A ouvert un signalement',
  'referral.process': 'A traité un signalement',
  'planning.generate': 'A planifié des visites',
  'visit.move': 'A déplacé une visite',
  'visit.replace': 'A remplacé une visite',
  'visit.cancel': 'A annulé une visite',
  'visit.check_in': 'A signalé son arrivée à une visite',
  'visit.check_out': 'A signalé son départ d’une visite',
  'visit.report': 'A envoyé un compte rendu de visite',
  'visit.read': 'A consulté les visites',
  'alert.raise': 'A ouvert une alerte',
  'alert.update': 'A suivi une alerte',
  'alert.close': 'A clos une alerte',
  'alert.read': 'A consulté les alertes',
  'absence.declare': 'A réorganisé le planning après une absence',
  'import.run': 'A importé la fiche depuis un fichier',
  'list.export': 'A exporté une liste',
};

/** "A ouvert la fiche"; for an action this list does not know, the policy's words. */
export function auditActionText(action: string): string {
  const known = AUDIT_ACTION_LABELS[action];
  if (known) return known;
  const policy = (ACTION_LABELS as Record<string, string>)[action as Action];
  if (policy) return `Action : ${policy}`;
  return `Action : ${action}`;
}

/** The French label of a code, or the code itself when the list does not know it yet. */
export const labelOf = (labels: Labels, code: string | null | undefined): string | null =>
  code === null || code === undefined || code === '' ? null : (labels[code] ?? code);
