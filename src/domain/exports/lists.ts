/**
 * The columns of each exported list, with their French headers: what the list's screen shows, in
 * the order it shows it, codes in plain French, dates as dd/mm/yyyy, phones as the screens show
 * them. The rows are the lists' own (src/server/<capability>/queries.ts). Pure.
 */
import type { PersonStatus } from '../admission/lifecycle.js';
import { formatPhoneForDisplay } from '../people/phone.js';
import {
  ALERT_KIND_LABELS,
  ALERT_SEVERITY_LABELS,
  ALERT_STATUS_LABELS,
  CONTACT_CONSENT_LABELS,
  CREW_LABELS,
  ENTITY_LABELS,
  LOCATION_STATUS_LABELS,
  PERSON_STATUS_LABELS,
  REFERRAL_STATUS_NAMES,
  URGENCY_LABELS,
  VISIT_PLACE_LABELS,
  VISIT_STATUS_LABELS,
  auditActionText,
  labelOf,
} from '../rights/access-labels.js';
import { frenchDate, frenchDateTime, type Column } from './cells.js';

/** The lists that can be exported, by the name their route and file carry. */
export type ExportList =
  'people' | 'visitors' | 'pairs' | 'referrals' | 'alerts' | 'planning' | 'audit';
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The French name of each list: the file's and the worksheet's. */
export const EXPORT_FILE_NAMES: Record<ExportList, string> = {
  people: 'personnes',
  visitors: 'visiteurs',
  pairs: 'binomes',
  referrals: 'signalements',
  alerts: 'alertes',
  planning: 'planning',
  audit: 'journal',
};

const VISITOR_KIND_LABELS: Readonly<Record<string, string>> = {
  employed_young: 'Jeune salarié',
  volunteer: 'Bénévole',
  civic_service: 'Service civique',
};

/** "06 12 34 56 78" as the screens show a French number; foreign ones in international form. */
export const displayPhone = (phone: string | null | undefined) =>
  phone ? formatPhoneForDisplay(phone) : '';

const yesNo = (value: boolean) => (value ? 'Oui' : 'Non');
const fullName = (person: { firstName: string; lastName: string }) =>
  `${person.firstName} ${person.lastName}`.trim();

/** A local service's name from its id (the organisation's services, read once per export). */
export type ServiceName = (id: string | null | undefined) => string;

export interface PersonExportRow {
  lastName: string;
  firstName: string;
  birthName: string | null;
  birthDate: string | null;
  postalCode: string | null;
  communeName: string | null;
  localServiceId: string | null;
  locationStatus: string;
  status: PersonStatus | null;
  archivedAt: Date | string | null;
}

export const peopleColumns = (service: ServiceName): Column<PersonExportRow>[] => [
  { header: 'Nom', cell: (r) => r.lastName },
  { header: 'Prénom', cell: (r) => r.firstName },
  { header: 'Nom de naissance', cell: (r) => r.birthName },
  { header: 'Date de naissance', cell: (r) => frenchDate(r.birthDate) },
  { header: 'Code postal', cell: (r) => r.postalCode },
  { header: 'Commune', cell: (r) => r.communeName },
  { header: 'Service local', cell: (r) => service(r.localServiceId) },
  { header: 'Statut', cell: (r) => labelOf(PERSON_STATUS_LABELS, r.status) },
  { header: 'Adresse', cell: (r) => labelOf(LOCATION_STATUS_LABELS, r.locationStatus) },
  { header: 'Archivée le', cell: (r) => frenchDate(r.archivedAt) },
];

export interface VisitorExportRow {
  kind: string;
  lastName: string;
  firstName: string;
  phone: string | null;
  email: string | null;
  postalCode: string | null;
  communeName: string | null;
  localServiceId: string | null;
  commitmentEnd: string | null;
  endedOn: string | null;
  pair: { partner: { firstName: string; lastName: string } } | null;
}

export const visitorColumns = (service: ServiceName): Column<VisitorExportRow>[] => [
  { header: 'Nom', cell: (r) => r.lastName },
  { header: 'Prénom', cell: (r) => r.firstName },
  { header: 'Type', cell: (r) => labelOf(VISITOR_KIND_LABELS, r.kind) },
  { header: 'Téléphone', cell: (r) => displayPhone(r.phone) },
  { header: 'Courriel', cell: (r) => r.email },
  { header: 'Code postal', cell: (r) => r.postalCode },
  { header: 'Commune', cell: (r) => r.communeName },
  { header: 'Service local', cell: (r) => service(r.localServiceId) },
  { header: 'Binôme avec', cell: (r) => (r.pair ? fullName(r.pair.partner) : '') },
  { header: 'Fin d’engagement', cell: (r) => frenchDate(r.commitmentEnd) },
  { header: 'Actif', cell: (r) => yesNo(r.endedOn === null) },
  { header: 'Parti le', cell: (r) => frenchDate(r.endedOn) },
];

export interface PairExportRow {
  localServiceId: string | null;
  formedOn: string;
  dissolvedOn: string | null;
  dissolutionReason: string | null;
  active: boolean;
  visitorA: { firstName: string; lastName: string };
  visitorB: { firstName: string; lastName: string };
  peopleCount: number;
}

export const pairColumns = (service: ServiceName): Column<PairExportRow>[] => [
  { header: 'Visiteur', cell: (r) => fullName(r.visitorA) },
  { header: 'Et', cell: (r) => fullName(r.visitorB) },
  { header: 'Service local', cell: (r) => service(r.localServiceId) },
  { header: 'Formé le', cell: (r) => frenchDate(r.formedOn) },
  { header: 'Statut', cell: (r) => (r.active ? 'Actif' : 'Dissous') },
  { header: 'Dissous le', cell: (r) => frenchDate(r.dissolvedOn) },
  { header: 'Motif de dissolution', cell: (r) => r.dissolutionReason },
  { header: 'Personnes visitées', cell: (r) => r.peopleCount },
];

export interface ReferralExportRow {
  createdAt: Date | string;
  status: string;
  urgency: string;
  partnerName: string | null;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  communeName: string | null;
  contactConsent: string;
  updatedAt: Date | string;
}

export const referralColumns = (): Column<ReferralExportRow>[] => [
  { header: 'Reçu le', cell: (r) => frenchDate(r.createdAt) },
  { header: 'Statut', cell: (r) => labelOf(REFERRAL_STATUS_NAMES, r.status) },
  { header: 'Urgence', cell: (r) => labelOf(URGENCY_LABELS, r.urgency) },
  { header: 'Signalé par', cell: (r) => r.partnerName },
  { header: 'Nom', cell: (r) => r.lastName },
  { header: 'Prénom', cell: (r) => r.firstName },
  { header: 'Date de naissance', cell: (r) => frenchDate(r.birthDate) },
  { header: 'Commune', cell: (r) => r.communeName },
  {
    header: 'Accord pour être contactée',
    cell: (r) => labelOf(CONTACT_CONSENT_LABELS, r.contactConsent),
  },
  { header: 'Mis à jour le', cell: (r) => frenchDate(r.updatedAt) },
];

export interface AlertExportRow {
  createdAt: Date | string;
  severity: string;
  kind: string;
  status: string;
  title: string;
  personName: string | null;
  visitorName: string | null;
  ownerName: string | null;
}

export const alertColumns = (): Column<AlertExportRow>[] => [
  { header: 'Créée le', cell: (r) => frenchDateTime(r.createdAt) },
  { header: 'Gravité', cell: (r) => labelOf(ALERT_SEVERITY_LABELS, r.severity) },
  { header: 'Type', cell: (r) => labelOf(ALERT_KIND_LABELS, r.kind) },
  { header: 'Statut', cell: (r) => labelOf(ALERT_STATUS_LABELS, r.status) },
  { header: 'Alerte', cell: (r) => r.title },
  { header: 'Personne accompagnée', cell: (r) => r.personName },
  { header: 'Visiteur', cell: (r) => r.visitorName },
  { header: 'Responsable', cell: (r) => r.ownerName },
];

export interface PlanningExportRow {
  date: string;
  startTime: string;
  endTime: string;
  durationMinutes: number;
  status: string;
  crew: string;
  place: string;
  person: { name: string; communeName: string | null };
  visitors: { name: string }[];
}

export const planningColumns = (): Column<PlanningExportRow>[] => [
  { header: 'Date', cell: (r) => frenchDate(r.date) },
  { header: 'Début', cell: (r) => r.startTime },
  { header: 'Fin', cell: (r) => r.endTime },
  { header: 'Durée (minutes)', cell: (r) => r.durationMinutes },
  { header: 'Personne accompagnée', cell: (r) => r.person.name },
  { header: 'Commune', cell: (r) => r.person.communeName },
  { header: 'Visiteurs', cell: (r) => r.visitors.map((v) => v.name).join(', ') },
  { header: 'Équipe', cell: (r) => labelOf(CREW_LABELS, r.crew) },
  { header: 'Lieu', cell: (r) => labelOf(VISIT_PLACE_LABELS, r.place) },
  { header: 'Statut', cell: (r) => labelOf(VISIT_STATUS_LABELS, r.status) },
];

export interface AuditExportRow {
  at: Date | string;
  kind: string;
  action: string;
  entityType: string;
  entityId: string | null;
  userName: string | null;
  userEmail: string | null;
  ip: string | null;
}

export const auditColumns = (): Column<AuditExportRow>[] => [
  { header: 'Date et heure', cell: (r) => frenchDateTime(r.at) },
  { header: 'Type', cell: (r) => (r.kind === 'read' ? 'Consultation' : 'Modification') },
  { header: 'Action', cell: (r) => auditActionText(r.action) },
  { header: 'Code de l’action', cell: (r) => r.action },
  { header: 'Objet', cell: (r) => labelOf(ENTITY_LABELS, r.entityType) },
  { header: 'Identifiant de l’objet', cell: (r) => r.entityId },
  { header: 'Par', cell: (r) => r.userName },
  { header: 'Courriel', cell: (r) => r.userEmail },
  { header: 'Adresse IP', cell: (r) => r.ip },
];

/**
 * The filters of an export, as the audit keeps them: the free-text search is a name or a phone
 * typed by the user, personal data the audit must not keep in clear (ADR 0024): only its presence.
 */
export function auditedFilters(filters: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (
      value === undefined ||
      value === '' ||
      ['page', 'pageSize', 'after', 'format'].includes(key)
    )
      continue;
    kept[key] = key === 'q' ? '(recherche)' : value;
  }
  return kept;
}
