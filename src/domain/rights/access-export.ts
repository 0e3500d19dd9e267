/**
 * Right of access (RGPD art. 15): everything the platform holds about one person accompanied,
 * shaped for two readers. `buildAccessExport` gives the machine-readable export (stable English
 * field names, ISO dates, each code with its French label beside it); `accessExportDocument`
 * turns it into the headed sections of the French document a coordinator hands over.
 *
 * Pure: the server reads the rows (src/server/rights/access-export.ts), this file only shapes.
 * Free-text notes are included: the person may read what was written about them.
 */
import {
  scoreLsns6,
  LSNS6_ITEMS,
  LSNS6_ANSWER_OPTIONS,
  type Lsns6Answers,
} from '../admission/lsns6.js';
import { SERVICE_TIME_ZONE } from '../common/calendar.js';
import { elide } from '../common/french.js';
import { formatPhoneForDisplay } from '../people/phone.js';
import { CHANNEL_LABELS, OUTCOME_LABELS } from '../contacts/model.js';
import { helpKindLabel } from '../help-requests/kinds.js';
import { REQUEST_STATUS_LABELS } from '../help-requests/model.js';
import {
  MATCH_END_REASON_LABELS,
  MATCH_STAGE_LABELS,
  REVIEW_DECISION_LABELS,
} from '../matching/match-life.js';
import {
  ACTIVITY_LABELS,
  ALERT_EVENT_LABELS,
  ALERT_KIND_LABELS,
  ALERT_SEVERITY_LABELS,
  ALERT_STATUS_LABELS,
  auditActionText,
  CONCERN_SEVERITY_LABELS,
  CONSENT_GIVER_LABELS,
  CONSENT_METHOD_LABELS,
  CONSENT_SCOPE_LABELS,
  CONTACT_CONSENT_LABELS,
  CONTACT_RELATIONSHIP_LABELS,
  CREW_LABELS,
  DECISION_LABELS,
  ENTITY_LABELS,
  GENDER_LABELS,
  labelOf,
  LOCATION_STATUS_LABELS,
  MOOD_LABELS,
  OPINION_LABELS,
  PERIOD_LABELS,
  PERSON_STATUS_LABELS,
  REFERRAL_STATUS_NAMES,
  REPORT_OUTCOME_LABELS,
  STATUS_REASON_LABELS,
  URGENCY_LABELS,
  VISIT_PLACE_LABELS,
  VISIT_STATUS_LABELS,
  WEEKDAY_NAMES,
} from './access-labels.js';

const ACCESS_EXPORT_FORMAT = 'convivialite.access-export';
const ACCESS_EXPORT_VERSION = 1;

type Instant = Date | string;

// ---------------------------------------------------------------- what the server reads

export interface AccessSource {
  exportedAt: Date;
  exportedBy: { id: string; name: string };
  organisation: { id: string; name: string };
  localServiceName: string | null;
  person: {
    id: string;
    lastName: string;
    birthName: string | null;
    firstName: string;
    birthDate: string | null;
    gender: string | null;
    street: string | null;
    addressComplement: string | null;
    postalCode: string | null;
    communeName: string | null;
    inseeCode: string | null;
    latitude: number | null;
    longitude: number | null;
    locationStatus: string;
    email: string | null;
    phones: unknown;
    livesAlone: boolean | null;
    apa: boolean | null;
    gir: number | null;
    teleAssistance: boolean | null;
    interests: string[];
    languages: string[];
    preferences: unknown;
    visitsPerWeek: number;
    visitMinutes: number;
    practicalNotes: string | null;
    referralSource: string | null;
    createdAt: Instant;
    updatedAt: Instant;
  };
  /** Records merged into this one (their data now lives here). */
  mergedIds: string[];
  status: string;
  contacts: {
    name: string;
    relationship: string;
    phone: string | null;
    email: string | null;
    isEmergencyContact: boolean;
    notes: string | null;
  }[];
  statusChanges: {
    fromStatus: string | null;
    toStatus: string;
    reason: string | null;
    comment: string | null;
    until: string | null;
    effectiveDate: string;
    at: Instant;
    byName: string | null;
  }[];
  evaluations: {
    id: string;
    evaluatedOn: string;
    evaluatorName: string;
    lsnsFamilySeen: number;
    lsnsFamilyTalkPrivate: number;
    lsnsFamilyHelp: number;
    lsnsFriendsSeen: number;
    lsnsFriendsTalkPrivate: number;
    lsnsFriendsHelp: number;
    livesAlone: boolean | null;
    evaluatorOpinion: string | null;
    notes: string | null;
    ruleApplied: unknown;
    decision: string;
    decisionReasons: unknown;
    createdAt: Instant;
  }[];
  consents: {
    id: string;
    givenOn: string;
    method: string;
    givenBy: string;
    givenByName: string | null;
    scopeVisits: boolean;
    scopeDataSharing: boolean;
    scopeHeatwaveRegister: boolean;
    withdrawnOn: string | null;
    notes: string | null;
    recordedByName: string | null;
  }[];
  assignments: {
    id: string;
    startedOn: string;
    endedOn: string | null;
    visitorNames: string[];
    /** The life of the match (issue 12): its stage, why it ended, its steps and reviews. */
    stage: string;
    endReason: string | null;
    endComment: string | null;
    steps: {
      effectiveOn: string;
      toStage: string;
      comment: string | null;
      byName: string | null;
    }[];
    reviews: {
      heldOn: string;
      decision: string;
      personSatisfaction: number | null;
      visitorSatisfaction: number | null;
      newVisitsPerWeek: number | null;
      comment: string | null;
      byName: string | null;
    }[];
  }[];
  visits: {
    id: string;
    date: string;
    startTime: string;
    durationMinutes: number;
    place: string;
    crew: string;
    status: string;
    cancelReason: string | null;
    checkedInAt: Instant | null;
    checkedOutAt: Instant | null;
    visitorNames: string[];
    report: {
      outcome: string;
      durationMinutes: number | null;
      activities: string[];
      mood: string | null;
      observations: string | null;
      concern: string | null;
      concernSeverity: string | null;
      writtenAt: Instant;
      writtenByName: string | null;
    } | null;
  }[];
  alerts: {
    id: string;
    kind: string;
    severity: string;
    status: string;
    title: string;
    details: string | null;
    outcome: string | null;
    createdAt: Instant;
    closedAt: Instant | null;
    events: { at: Instant; kind: string; byName: string | null; details: unknown }[];
  }[];
  referrals: {
    id: string;
    createdAt: Instant;
    partnerName: string;
    submittedByName: string | null;
    lastName: string;
    firstName: string;
    birthDate: string | null;
    street: string | null;
    postalCode: string | null;
    communeName: string | null;
    phone: string | null;
    reason: string;
    urgency: string;
    contactConsent: string;
    status: string;
    statusNote: string | null;
  }[];
  /** The contact log (issue 12): calls, messages, letters, meetings with the person or a carer. */
  contactLog: {
    occurredAt: Instant;
    channel: string;
    outcome: string;
    carerName: string | null;
    note: string | null;
    callbackOn: string | null;
    byName: string | null;
  }[];
  /** Neighbour-help requests (issue 13): what was asked, when, by whom for the person. */
  helpRequests: {
    createdAt: Instant;
    helpKind: string;
    status: string;
    recurrence: string;
    startsOn: string;
    endsOn: string | null;
    startTime: string;
    endTime: string;
    description: string | null;
    destination: string | null;
    carerName: string | null;
    consentToContact: boolean;
  }[];
  accessLog: {
    at: Instant;
    kind: string;
    action: string;
    entityType: string;
    entityId: string | null;
    userName: string | null;
    source: string | null;
  }[];
}

// ---------------------------------------------------------------- French words for dates

const dateFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const instantDateFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: SERVICE_TIME_ZONE,
});
const instantTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: SERVICE_TIME_ZONE,
});

/** "2 décembre 2026" for a calendar date (YYYY-MM-DD). */
export function frenchLongDate(date: string): string {
  return dateFormat.format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

/** "2 décembre 2026 à 14 h 05", in Paris, for a moment. */
export function frenchDateTime(at: Instant): string {
  const date = at instanceof Date ? at : new Date(at);
  const [h, m] = instantTimeFormat.format(date).split(':');
  return `${instantDateFormat.format(date)} à ${Number(h)} h ${m}`;
}

const iso = (at: Instant | null): string | null =>
  at === null ? null : at instanceof Date ? at.toISOString() : new Date(at).toISOString();
const yesNo = (value: boolean | null | undefined): string | null =>
  value === null || value === undefined ? null : value ? 'Oui' : 'Non';

// ---------------------------------------------------------------- the machine-readable export

const LSNS_COLUMNS = {
  family_seen: 'lsnsFamilySeen',
  family_talk_private: 'lsnsFamilyTalkPrivate',
  family_help: 'lsnsFamilyHelp',
  friends_seen: 'lsnsFriendsSeen',
  friends_talk_private: 'lsnsFriendsTalkPrivate',
  friends_help: 'lsnsFriendsHelp',
} as const;

function phonesOf(value: unknown): { number: string; display: string; label: string | null }[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (p): p is { number: string; label?: string | null } =>
        !!p && typeof (p as { number?: unknown }).number === 'string',
    )
    .map((p) => ({
      number: p.number,
      display: formatPhoneForDisplay(p.number),
      label: p.label ?? null,
    }));
}

function preferencesOf(value: unknown) {
  const prefs = (value && typeof value === 'object' ? value : {}) as {
    days?: unknown;
    periods?: unknown;
    visitorGender?: unknown;
    notes?: unknown;
  };
  const days = Array.isArray(prefs.days) ? prefs.days.map(Number) : [];
  const periods = Array.isArray(prefs.periods) ? prefs.periods.map(String) : [];
  const visitorGender = typeof prefs.visitorGender === 'string' ? prefs.visitorGender : null;
  return {
    days,
    dayLabels: days.map((d) => WEEKDAY_NAMES[d] ?? String(d)),
    periods,
    periodLabels: periods.map((p) => PERIOD_LABELS[p] ?? p),
    visitorGender,
    visitorGenderLabel: labelOf(GENDER_LABELS, visitorGender),
    notes: typeof prefs.notes === 'string' && prefs.notes ? prefs.notes : null,
  };
}

function reasonsOf(value: unknown): { kind: string; met: boolean | null; message: string }[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (r): r is { kind?: string; met?: boolean | null; message: string } =>
        !!r && typeof (r as { message?: unknown }).message === 'string',
    )
    .map((r) => ({ kind: r.kind ?? 'criterion', met: r.met ?? null, message: r.message }));
}

function eventText(kind: string, details: unknown): string | null {
  const d = (details && typeof details === 'object' ? details : {}) as Record<string, unknown>;
  switch (kind) {
    case 'note':
      return typeof d.text === 'string' ? d.text : null;
    case 'closed':
      return typeof d.outcome === 'string' ? d.outcome : null;
    case 'status':
      return `${labelOf(ALERT_STATUS_LABELS, String(d.from ?? '')) ?? '—'} puis ${labelOf(ALERT_STATUS_LABELS, String(d.to ?? '')) ?? '—'}`;
    case 'severity':
    case 'created': {
      if (kind === 'created')
        return d.severity
          ? `Gravité : ${labelOf(ALERT_SEVERITY_LABELS, String(d.severity))}`
          : null;
      return `${labelOf(ALERT_SEVERITY_LABELS, String(d.from ?? '')) ?? '—'} puis ${labelOf(ALERT_SEVERITY_LABELS, String(d.to ?? '')) ?? '—'}`;
    }
    case 'checklist':
      return typeof d.label === 'string'
        ? `${d.label}${d.done === false ? ' (annulée)' : ' (faite)'}`
        : null;
    default:
      return null;
  }
}

function whoOf(row: { userName: string | null; source: string | null }): string {
  if (row.userName) return row.userName;
  if (row.source?.startsWith('job:')) return 'Traitement automatique de la plateforme';
  if (row.source?.startsWith('cli:')) return 'Administration technique (ligne de commande)';
  return 'Inconnu';
}

export function buildAccessExport(source: AccessSource) {
  const p = source.person;
  const evaluations = source.evaluations.map((e) => {
    const answers = Object.fromEntries(
      Object.entries(LSNS_COLUMNS).map(([item, column]) => [item, e[column]]),
    ) as unknown as Lsns6Answers;
    const threshold =
      (e.ruleApplied as { isolationThreshold?: number } | null)?.isolationThreshold ?? 12;
    const score = scoreLsns6(answers, { threshold });
    return {
      id: e.id,
      evaluatedOn: e.evaluatedOn,
      evaluatorName: e.evaluatorName,
      lsns6: {
        answers: LSNS6_ITEMS.map((item) => ({
          item: item.id,
          question: item.question,
          shortLabel: item.shortLabel,
          value: answers[item.id],
          answerLabel:
            LSNS6_ANSWER_OPTIONS.find((o) => o.value === answers[item.id])?.label ??
            String(answers[item.id]),
        })),
        total: score.total,
        familySubscale: score.familySubscale,
        friendsSubscale: score.friendsSubscale,
        threshold: score.threshold,
        isolated: score.isolated,
        summary: score.summary,
      },
      livesAlone: e.livesAlone,
      evaluatorOpinion: e.evaluatorOpinion,
      evaluatorOpinionLabel: labelOf(OPINION_LABELS, e.evaluatorOpinion),
      decision: e.decision,
      decisionLabel: labelOf(DECISION_LABELS, e.decision),
      decisionReasons: reasonsOf(e.decisionReasons),
      notes: e.notes,
      recordedAt: iso(e.createdAt),
    };
  });
  return {
    format: ACCESS_EXPORT_FORMAT,
    version: ACCESS_EXPORT_VERSION,
    exportedAt: source.exportedAt.toISOString(),
    exportedBy: source.exportedBy,
    organisation: source.organisation,
    person: {
      id: p.id,
      lastName: p.lastName,
      birthName: p.birthName,
      firstName: p.firstName,
      birthDate: p.birthDate,
      gender: p.gender,
      genderLabel: labelOf(GENDER_LABELS, p.gender),
      email: p.email,
      phones: phonesOf(p.phones),
      address: {
        street: p.street,
        complement: p.addressComplement,
        postalCode: p.postalCode,
        communeName: p.communeName,
        inseeCode: p.inseeCode,
        latitude: p.latitude,
        longitude: p.longitude,
        locationStatus: p.locationStatus,
        locationStatusLabel: labelOf(LOCATION_STATUS_LABELS, p.locationStatus),
      },
      localServiceName: source.localServiceName,
      livesAlone: p.livesAlone,
      apa: p.apa,
      gir: p.gir,
      teleAssistance: p.teleAssistance,
      interests: p.interests,
      languages: p.languages,
      preferences: preferencesOf(p.preferences),
      visitsPerWeek: p.visitsPerWeek,
      visitMinutes: p.visitMinutes,
      practicalNotes: p.practicalNotes,
      referralSource: p.referralSource,
      status: source.status,
      statusLabel: labelOf(PERSON_STATUS_LABELS, source.status),
      mergedRecordIds: source.mergedIds,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
    },
    contacts: source.contacts.map((c) => ({
      name: c.name,
      relationship: c.relationship,
      relationshipLabel: labelOf(CONTACT_RELATIONSHIP_LABELS, c.relationship),
      phone: c.phone,
      phoneDisplay: c.phone ? formatPhoneForDisplay(c.phone) : null,
      email: c.email,
      isEmergencyContact: c.isEmergencyContact,
      notes: c.notes,
    })),
    statusHistory: source.statusChanges.map((s) => ({
      effectiveDate: s.effectiveDate,
      fromStatus: s.fromStatus,
      fromStatusLabel: labelOf(PERSON_STATUS_LABELS, s.fromStatus),
      toStatus: s.toStatus,
      toStatusLabel: labelOf(PERSON_STATUS_LABELS, s.toStatus),
      reason: s.reason,
      reasonLabel: labelOf(STATUS_REASON_LABELS, s.reason),
      comment: s.comment,
      until: s.until,
      changedBy: s.byName,
      recordedAt: iso(s.at),
    })),
    evaluations,
    consents: source.consents.map((c) => ({
      id: c.id,
      givenOn: c.givenOn,
      method: c.method,
      methodLabel: labelOf(CONSENT_METHOD_LABELS, c.method),
      givenBy: c.givenBy,
      givenByLabel: labelOf(CONSENT_GIVER_LABELS, c.givenBy),
      givenByName: c.givenByName,
      scopes: {
        visits: c.scopeVisits,
        dataSharing: c.scopeDataSharing,
        heatwaveRegister: c.scopeHeatwaveRegister,
      },
      scopeLabels: [
        c.scopeVisits ? CONSENT_SCOPE_LABELS.visits : null,
        c.scopeDataSharing ? CONSENT_SCOPE_LABELS.dataSharing : null,
        c.scopeHeatwaveRegister ? CONSENT_SCOPE_LABELS.heatwaveRegister : null,
      ].filter((s): s is NonNullable<typeof s> => !!s) as string[],
      withdrawnOn: c.withdrawnOn,
      inForce: !c.withdrawnOn,
      notes: c.notes,
      recordedBy: c.recordedByName,
    })),
    assignments: source.assignments.map((a) => ({
      id: a.id,
      startedOn: a.startedOn,
      endedOn: a.endedOn,
      visitors: a.visitorNames,
      stage: a.stage,
      stageLabel: labelOf(MATCH_STAGE_LABELS, a.stage),
      endReason: a.endReason,
      endReasonLabel: labelOf(MATCH_END_REASON_LABELS, a.endReason),
      endComment: a.endComment,
      steps: a.steps.map((s) => ({
        effectiveOn: s.effectiveOn,
        stage: s.toStage,
        stageLabel: labelOf(MATCH_STAGE_LABELS, s.toStage),
        comment: s.comment,
        by: s.byName,
      })),
      reviews: a.reviews.map((r) => ({
        heldOn: r.heldOn,
        decision: r.decision,
        decisionLabel: labelOf(REVIEW_DECISION_LABELS, r.decision),
        personSatisfaction: r.personSatisfaction,
        visitorSatisfaction: r.visitorSatisfaction,
        newVisitsPerWeek: r.newVisitsPerWeek,
        comment: r.comment,
        by: r.byName,
      })),
    })),
    visits: source.visits.map((v) => ({
      id: v.id,
      date: v.date,
      startTime: v.startTime.slice(0, 5),
      durationMinutes: v.durationMinutes,
      place: v.place,
      placeLabel: labelOf(VISIT_PLACE_LABELS, v.place),
      crew: v.crew,
      crewLabel: labelOf(CREW_LABELS, v.crew),
      visitors: v.visitorNames,
      status: v.status,
      statusLabel: labelOf(VISIT_STATUS_LABELS, v.status),
      cancelReason: v.cancelReason,
      checkedInAt: iso(v.checkedInAt),
      checkedOutAt: iso(v.checkedOutAt),
      report: v.report
        ? {
            outcome: v.report.outcome,
            outcomeLabel: labelOf(REPORT_OUTCOME_LABELS, v.report.outcome),
            durationMinutes: v.report.durationMinutes,
            activities: v.report.activities,
            activityLabels: v.report.activities.map((a) => ACTIVITY_LABELS[a] ?? a),
            mood: v.report.mood,
            moodLabel: labelOf(MOOD_LABELS, v.report.mood),
            observations: v.report.observations,
            concern: v.report.concern,
            concernSeverity: v.report.concernSeverity,
            concernSeverityLabel: labelOf(CONCERN_SEVERITY_LABELS, v.report.concernSeverity),
            writtenAt: iso(v.report.writtenAt),
            writtenBy: v.report.writtenByName,
          }
        : null,
    })),
    alerts: source.alerts.map((a) => ({
      id: a.id,
      createdAt: iso(a.createdAt),
      kind: a.kind,
      kindLabel: labelOf(ALERT_KIND_LABELS, a.kind),
      severity: a.severity,
      severityLabel: labelOf(ALERT_SEVERITY_LABELS, a.severity),
      status: a.status,
      statusLabel: labelOf(ALERT_STATUS_LABELS, a.status),
      title: a.title,
      details: a.details,
      outcome: a.outcome,
      closedAt: iso(a.closedAt),
      events: a.events.map((e) => ({
        at: iso(e.at),
        kind: e.kind,
        kindLabel: labelOf(ALERT_EVENT_LABELS, e.kind),
        by: e.byName,
        text: eventText(e.kind, e.details),
      })),
    })),
    referrals: source.referrals.map((r) => ({
      id: r.id,
      createdAt: iso(r.createdAt),
      partnerName: r.partnerName,
      submittedBy: r.submittedByName,
      identityAsSent: {
        lastName: r.lastName,
        firstName: r.firstName,
        birthDate: r.birthDate,
        street: r.street,
        postalCode: r.postalCode,
        communeName: r.communeName,
        phone: r.phone,
      },
      reason: r.reason,
      urgency: r.urgency,
      urgencyLabel: labelOf(URGENCY_LABELS, r.urgency),
      contactConsent: r.contactConsent,
      contactConsentLabel: labelOf(CONTACT_CONSENT_LABELS, r.contactConsent),
      status: r.status,
      statusLabel: labelOf(REFERRAL_STATUS_NAMES, r.status),
      statusNote: r.statusNote,
    })),
    contactLog: source.contactLog.map((c) => ({
      occurredAt: iso(c.occurredAt),
      channel: c.channel,
      channelLabel: labelOf(CHANNEL_LABELS, c.channel),
      outcome: c.outcome,
      outcomeLabel: labelOf(OUTCOME_LABELS, c.outcome),
      withWhom: c.carerName,
      note: c.note,
      callbackOn: c.callbackOn,
      by: c.byName,
    })),
    helpRequests: source.helpRequests.map((r) => ({
      createdAt: iso(r.createdAt),
      helpKind: r.helpKind,
      helpKindLabel: helpKindLabel(r.helpKind, []),
      status: r.status,
      statusLabel: labelOf(REQUEST_STATUS_LABELS, r.status),
      weekly: r.recurrence === 'weekly',
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      startTime: r.startTime.slice(0, 5),
      endTime: r.endTime.slice(0, 5),
      description: r.description,
      destination: r.destination,
      askedBy: r.carerName,
      consentToContact: r.consentToContact,
    })),
    accessLog: source.accessLog.map((row) => ({
      at: iso(row.at),
      who: whoOf(row),
      kind: row.kind,
      kindLabel: row.kind === 'read' ? 'Consultation' : 'Modification',
      action: row.action,
      actionLabel: auditActionText(row.action),
      entityType: row.entityType,
      entityLabel: labelOf(ENTITY_LABELS, row.entityType),
      entityId: row.entityId,
    })),
  };
}

export type AccessExport = ReturnType<typeof buildAccessExport>;

// ---------------------------------------------------------------- the French document

/** One line of a section: a label and its value, or a paragraph of text. */
export type DocLine = { label: string; value: string } | { text: string; muted?: boolean };
interface DocBlock {
  /** A sub-heading inside a section (one evaluation, one visit). */
  title?: string;
  lines: DocLine[];
}
export interface DocSection {
  title: string;
  /** Said when the section holds nothing. */
  empty: string;
  blocks: DocBlock[];
}

const SECTION_TITLES = {
  identity: 'Identité',
  file: 'Dossier : adresse, contacts et préférences',
  status: 'Historique du parcours',
  evaluations: 'Évaluations sociales',
  consents: 'Consentements',
  visits: 'Visites et comptes rendus',
  alerts: 'Alertes',
  referrals: 'Signalements',
  contactLog: 'Appels et contacts',
  helpRequests: 'Demandes d’entraide de voisinage',
  accessLog: 'Qui a consulté ou modifié le dossier',
} as const;

const line = (label: string, value: string | number | null | undefined): DocLine[] =>
  value === null || value === undefined || value === '' ? [] : [{ label, value: String(value) }];
const date = (value: string | null | undefined) => (value ? frenchLongDate(value) : null);
const when = (value: string | null | undefined) => (value ? frenchDateTime(value) : null);

/** The document's title, lead and sections, in French. */
export function accessExportDocument(data: AccessExport) {
  const p = data.person;
  const name = `${p.firstName} ${p.lastName}`;
  const sections: DocSection[] = [
    {
      title: SECTION_TITLES.identity,
      empty: '',
      blocks: [
        {
          lines: [
            ...line('Nom', p.lastName),
            ...line('Nom de naissance', p.birthName),
            ...line('Prénom', p.firstName),
            ...line('Date de naissance', date(p.birthDate)),
            ...line('Genre', p.genderLabel),
            ...line('Statut actuel', p.statusLabel),
            ...line('Service local', p.localServiceName),
            ...line('Fiche créée le', when(p.createdAt)),
            ...line('Dernière modification', when(p.updatedAt)),
          ],
        },
      ],
    },
    {
      title: SECTION_TITLES.file,
      empty: '',
      blocks: [
        {
          title: 'Coordonnées',
          lines: [
            ...line(
              'Adresse',
              [p.address.street, p.address.complement].filter(Boolean).join(', ') || null,
            ),
            ...line(
              'Commune',
              [p.address.postalCode, p.address.communeName].filter(Boolean).join(' ') || null,
            ),
            ...line('Localisation', p.address.locationStatusLabel),
            ...p.phones.map((ph) => ({
              label: ph.label ? `Téléphone (${ph.label})` : 'Téléphone',
              value: ph.display,
            })),
            ...line('Courriel', p.email),
          ],
        },
        {
          title: 'Situation',
          lines: [
            ...line('Vit seule', yesNo(p.livesAlone)),
            ...line('APA', yesNo(p.apa)),
            ...line('GIR', p.gir),
            ...line('Téléassistance', yesNo(p.teleAssistance)),
            ...line('Origine du signalement', p.referralSource),
          ],
        },
        ...data.contacts.map((c) => ({
          title: `Contact : ${c.name}`,
          lines: [
            ...line('Lien', c.relationshipLabel),
            ...line('Téléphone', c.phoneDisplay),
            ...line('Courriel', c.email),
            ...line('À prévenir en cas d’urgence', c.isEmergencyContact ? 'Oui' : 'Non'),
            ...line('Remarques', c.notes),
          ],
        })),
        {
          title: 'Préférences',
          lines: [
            ...line('Centres d’intérêt', p.interests.join(', ')),
            ...line('Langues', p.languages.join(', ')),
            ...line('Jours souhaités', p.preferences.dayLabels.join(', ')),
            ...line('Moments souhaités', p.preferences.periodLabels.join(', ')),
            ...line('Visiteur souhaité', p.preferences.visitorGenderLabel),
            ...line(
              'Rythme',
              `${p.visitsPerWeek} visite${p.visitsPerWeek > 1 ? 's' : ''} par semaine, ${p.visitMinutes} minutes`,
            ),
            ...line('Remarques sur les préférences', p.preferences.notes),
            ...line('Notes pratiques', p.practicalNotes),
          ],
        },
      ],
    },
    {
      title: SECTION_TITLES.status,
      empty: 'Aucun changement de statut enregistré.',
      blocks: data.statusHistory.map((s) => ({
        title: `${frenchLongDate(s.effectiveDate)} : ${s.toStatusLabel}`,
        lines: [
          ...line('Statut précédent', s.fromStatusLabel),
          ...line('Motif', s.reasonLabel),
          ...line('Jusqu’au', date(s.until)),
          ...line('Commentaire', s.comment),
          ...line('Par', s.changedBy),
        ],
      })),
    },
    {
      title: SECTION_TITLES.evaluations,
      empty: 'Aucune évaluation enregistrée.',
      blocks: data.evaluations.map((e) => ({
        title: `Évaluation du ${frenchLongDate(e.evaluatedOn)}`,
        lines: [
          ...line('Évaluateur', e.evaluatorName),
          ...e.lsns6.answers.map((a) => ({
            label: a.shortLabel,
            value: `${a.answerLabel} (${a.value} pt)`,
          })),
          ...line(
            'Score LSNS-6',
            `${e.lsns6.total}/30 (famille ${e.lsns6.familySubscale}/15, amis et voisins ${e.lsns6.friendsSubscale}/15)`,
          ),
          { text: e.lsns6.summary },
          ...line('Vit seule', yesNo(e.livesAlone)),
          ...line('Avis de l’évaluateur', e.evaluatorOpinionLabel),
          ...line('Décision', e.decisionLabel),
          ...e.decisionReasons.map((r) => ({ text: `• ${r.message}` })),
          ...line('Notes', e.notes),
        ],
      })),
    },
    {
      title: SECTION_TITLES.consents,
      empty: 'Aucun consentement enregistré.',
      blocks: data.consents.map((c) => ({
        title: `Consentement du ${frenchLongDate(c.givenOn)}${c.withdrawnOn ? ` (retiré le ${frenchLongDate(c.withdrawnOn)})` : ' (en vigueur)'}`,
        lines: [
          ...line('Recueilli', c.methodLabel),
          ...line(
            'Donné par',
            c.givenByName ? `${c.givenByLabel} (${c.givenByName})` : c.givenByLabel,
          ),
          ...line('Couvre', c.scopeLabels.join(' ; ') || 'aucun usage'),
          ...line('Remarques', c.notes),
          ...line('Enregistré par', c.recordedBy),
        ],
      })),
    },
    {
      title: SECTION_TITLES.visits,
      empty: 'Aucune visite enregistrée.',
      blocks: [
        ...data.assignments.map((a) => ({
          title: `Suivi confié depuis le ${frenchLongDate(a.startedOn)}${a.endedOn ? ` jusqu’au ${frenchLongDate(a.endedOn)}` : ''}`,
          lines: [
            ...line('Visiteurs', a.visitors.join(', ')),
            ...line('Étape', a.stageLabel),
            ...line('Motif de fin', a.endReasonLabel),
            ...line('Commentaire de fin', a.endComment),
            ...a.steps.flatMap((s) =>
              line(
                `Étape du ${frenchLongDate(s.effectiveOn)}`,
                [s.stageLabel, s.comment].filter(Boolean).join(' : '),
              ),
            ),
            ...a.reviews.flatMap((r) => [
              ...line(`Bilan du ${frenchLongDate(r.heldOn)}`, r.decisionLabel),
              ...line(
                'Satisfaction de la personne',
                r.personSatisfaction === null ? null : `${r.personSatisfaction}/5`,
              ),
              ...line(
                'Satisfaction du visiteur',
                r.visitorSatisfaction === null ? null : `${r.visitorSatisfaction}/5`,
              ),
              ...line('Commentaire du bilan', r.comment),
            ]),
          ],
        })),
        ...data.visits.map((v) => ({
          title: `Visite du ${frenchLongDate(v.date)} à ${v.startTime.replace(':', ' h ')} : ${v.statusLabel}`,
          lines: [
            ...line('Lieu', v.placeLabel),
            ...line('Durée prévue', `${v.durationMinutes} minutes`),
            ...line('Visiteurs', v.visitors.join(', ')),
            ...line('Motif d’annulation', v.cancelReason),
            ...(v.report
              ? [
                  ...line('Compte rendu', v.report.outcomeLabel),
                  ...line('Écrit le', when(v.report.writtenAt)),
                  ...line('Par', v.report.writtenBy),
                  ...line('Activités', v.report.activityLabels.join(', ')),
                  ...line('Humeur', v.report.moodLabel),
                  ...line('Observations', v.report.observations),
                  ...line('Inquiétude', v.report.concern),
                  ...line('Gravité de l’inquiétude', v.report.concernSeverityLabel),
                ]
              : []),
          ],
        })),
      ],
    },
    {
      title: SECTION_TITLES.contactLog,
      empty: 'Aucun appel ni contact noté.',
      blocks: data.contactLog.map((c) => ({
        title: `${when(c.occurredAt)} : ${c.channelLabel}`,
        lines: [
          ...line('Résultat', c.outcomeLabel),
          ...line('Avec', c.withWhom),
          ...line('Note', c.note),
          ...line('À rappeler le', date(c.callbackOn)),
          ...line('Noté par', c.by),
        ],
      })),
    },
    {
      title: SECTION_TITLES.helpRequests,
      empty: 'Aucune demande d’entraide.',
      blocks: data.helpRequests.map((r) => ({
        title: `${r.helpKindLabel ?? r.helpKind} (${date(r.startsOn)})`,
        lines: [
          ...line('État', r.statusLabel),
          ...line(
            'Quand',
            `${r.weekly ? 'Chaque semaine' : 'Une fois'}, ${r.startTime} – ${r.endTime}`,
          ),
          ...line('Jusqu’au', date(r.endsOn)),
          ...line('Précisions', r.description),
          ...line('Destination', r.destination),
          ...line('Demandée par', r.askedBy),
          ...line('Accord pour la mise en relation', yesNo(r.consentToContact)),
          ...line('Enregistrée le', when(r.createdAt)),
        ],
      })),
    },
    {
      title: SECTION_TITLES.alerts,
      empty: 'Aucune alerte.',
      blocks: data.alerts.map((a) => ({
        title: `${a.title} (${when(a.createdAt)})`,
        lines: [
          ...line('Type', a.kindLabel),
          ...line('Gravité', a.severityLabel),
          ...line('État', a.statusLabel),
          ...line('Détails', a.details),
          ...line('Issue', a.outcome),
          ...line('Close le', when(a.closedAt)),
          ...a.events.map((e) => ({
            label: `${when(e.at)}${e.by ? `, ${e.by}` : ''}`,
            value: [e.kindLabel, e.text].filter(Boolean).join(' : '),
          })),
        ],
      })),
    },
    {
      title: SECTION_TITLES.referrals,
      empty: 'Aucun signalement.',
      blocks: data.referrals.map((r) => ({
        title: `Signalement du ${when(r.createdAt)} par ${r.partnerName}`,
        lines: [
          ...line('Transmis par', r.submittedBy),
          ...line('Motif', r.reason),
          ...line('Urgence', r.urgencyLabel),
          ...line('Accord pour être contactée', r.contactConsentLabel),
          ...line(
            'Identité transmise',
            [
              r.identityAsSent.firstName,
              r.identityAsSent.lastName,
              r.identityAsSent.birthDate
                ? `née le ${frenchLongDate(r.identityAsSent.birthDate)}`
                : null,
            ]
              .filter(Boolean)
              .join(' '),
          ),
          ...line('Téléphone transmis', r.identityAsSent.phone),
          ...line('Suite donnée', r.statusLabel),
          ...line('Note de suivi', r.statusNote),
        ],
      })),
    },
    {
      title: SECTION_TITLES.accessLog,
      empty: 'Aucune trace enregistrée.',
      blocks: data.accessLog.length
        ? [
            {
              lines: data.accessLog.map((row) => ({
                label: `${when(row.at)}, ${row.who}`,
                value: `${row.actionLabel}${row.entityLabel && row.entityType !== 'person' ? ` (${row.entityLabel.toLowerCase()})` : ''}`,
              })),
            },
          ]
        : [],
    },
  ];
  return {
    title: `Données personnelles ${elide('de', name)}`,
    lead: [
      `Document établi le ${frenchLongDate(data.exportedAt)} par ${data.exportedBy.name}, ${data.organisation.name}.`,
      'Il rassemble toutes les informations que la plateforme Convivialité conserve sur cette personne, en application du droit d’accès (article 15 du RGPD), y compris les notes écrites par les intervenants.',
    ],
    sections: sections.map((s) => ({
      ...s,
      blocks: s.blocks.filter((b) => b.lines.length || b.title),
    })),
  };
}
