/**
 * The French label of every field a form or an API body carries, in one table: validation errors
 * name the field the way the form does ("Téléphone 1"), never by its technical path
 * ("body.phones.0.number"). The web forms use the same labels.
 */

const LABELS: Readonly<Record<string, string>> = {
  // people
  formOfAddress: 'Civilité',
  lastName: 'Nom',
  birthName: 'Nom de naissance',
  firstName: 'Prénom',
  birthDate: 'Date de naissance',
  age: 'Âge',
  gender: 'Genre',
  street: 'Adresse',
  address: 'Adresse',
  addressComplement: 'Complément d’adresse',
  complement: 'Complément d’adresse',
  postalCode: 'Code postal',
  communeName: 'Commune',
  inseeCode: 'Code INSEE',
  email: 'Adresse e-mail',
  phone: 'Téléphone',
  phones: 'Téléphones',
  number: 'Numéro',
  label: 'Précision',
  livesAlone: 'Vit seul ou seule',
  apa: 'APA',
  gir: 'GIR',
  teleAssistance: 'Téléassistance',
  interests: 'Centres d’intérêt',
  languages: 'Langues parlées',
  preferences: 'Préférences',
  days: 'Jours',
  periods: 'Moments de la journée',
  visitorGender: 'Visiteur souhaité',
  notes: 'Notes',
  note: 'Note',
  practicalNotes: 'Notes pratiques',
  referralSource: 'Origine de la demande',
  localServiceId: 'Service local',
  contacts: 'Contacts',
  name: 'Nom',
  relationship: 'Lien',
  isEmergencyContact: 'Contact d’urgence',
  confirmNotDuplicate: 'Confirmation (pas un doublon)',
  // status, evaluations, consents
  status: 'Statut',
  toStatus: 'Nouveau statut',
  reason: 'Motif',
  effectiveDate: 'Date d’effet',
  until: 'Jusqu’au',
  evaluatedOn: 'Date de l’évaluation',
  answers: 'Réponses',
  evaluatorOpinion: 'Avis de l’évaluateur',
  givenOn: 'Date du consentement',
  givenBy: 'Donné par',
  givenByName: 'Nom de la personne qui a donné le consentement',
  method: 'Manière de le donner',
  withdrawnOn: 'Date du retrait',
  // visitors, pairs, availability, absences
  kind: 'Type',
  mobility: 'Moyen de déplacement',
  commitmentStart: 'Début de l’engagement',
  commitmentEnd: 'Fin de l’engagement',
  charterSignedOn: 'Charte signée le',
  insuranceProvider: 'Assurance',
  insuranceValidUntil: 'Assurance valable jusqu’au',
  maxTripMinutes: 'Trajet maximal (minutes)',
  capacity: 'Nombre de personnes suivies au plus',
  availability: 'Disponibilités',
  weekday: 'Jour',
  startTime: 'Heure de début',
  endTime: 'Heure de fin',
  startsOn: 'Du',
  endsOn: 'Au',
  endedOn: 'Date de départ',
  visitorId: 'Visiteur',
  visitorAId: 'Premier visiteur',
  visitorBId: 'Second visiteur',
  formedOn: 'Date de formation',
  dissolvedOn: 'Date de dissolution',
  dissolutionReason: 'Motif de la dissolution',
  startedOn: 'Début du suivi',
  visitsPerWeek: 'Visites par semaine',
  visitMinutes: 'Durée des visites (minutes)',
  durationMinutes: 'Durée (minutes)',
  preferredDays: 'Jours préférés',
  preferredPeriods: 'Moments préférés',
  // planning and visits
  date: 'Date',
  weekStart: 'Semaine',
  observations: 'Observations',
  mood: 'Humeur',
  concerns: 'Inquiétudes',
  outcome: 'Suite donnée',
  comment: 'Commentaire',
  // referrals
  urgency: 'Urgence',
  contactConsent: 'Accord de la personne pour être contactée',
  personId: 'Personne',
  // accounts and organisation
  displayName: 'Nom affiché',
  password: 'Mot de passe',
  newPassword: 'Nouveau mot de passe',
  roles: 'Rôles',
  token: 'Lien reçu par e-mail',
  minimumAge: 'Âge minimum',
  requireIsolation: 'Isolement exigé',
  allowedDepartmentCodes: 'Départements',
  isolationThreshold: 'Seuil d’isolement',
  dayStart: 'Début de journée',
  dayEnd: 'Fin de journée',
  breakStart: 'Début de la pause',
  breakEnd: 'Fin de la pause',
  maxVisitsPerVisitorPerDay: 'Visites par visiteur et par jour',
  silenceDays: 'Jours sans visite avant une alerte',
  unreportedAfterDays: 'Jours sans compte rendu avant une alerte',
  activeMonths: 'Conservation active (mois)',
  archiveMonths: 'Archivage (mois)',
  code: 'Code',
  q: 'Recherche',
  page: 'Page',
  pageSize: 'Nombre par page',
  from: 'Du',
  to: 'Au',
  // the contact log (issue 12)
  channel: 'Canal',
  occurredAt: 'Date et heure du contact',
  callbackOn: 'À rappeler le',
  callbackOwnerId: 'Qui rappelle',
  personContactId: 'Proche',
  assignmentId: 'Appariement',
  purpose: 'Objet du contact',
  // neighbour-help requests (issue 13)
  helpKind: 'Type d’aide',
  description: 'Précisions',
  consentToContact: 'Accord pour la mise en relation',
  place: 'Lieu',
  destination: 'Destination',
  recurrence: 'Fréquence',
  carerName: 'Nom du proche',
  carerPhone: 'Téléphone du proche',
  carerRelationship: 'Lien avec la personne',
  seniorName: 'Nom de la personne à aider',
  seniorPhone: 'Téléphone de la personne à aider',
  callerPhone: 'Numéro qui appelle',
  postedBy: 'Qui fait la demande',
  newPerson: 'Nouvelle fiche',
  lastOn: 'Dernière date',
  commune: 'Commune',
};

/** Labels of a field inside a list, numbered from 1 as the form shows them. */
const LIST_ITEM_LABELS: Readonly<Record<string, (n: number, field: string | undefined) => string>> =
  {
    phones: (n, field) =>
      field === 'label' ? `Précision sur le téléphone ${n}` : `Téléphone ${n}`,
    contacts: (n, field) =>
      field === 'phone'
        ? `Téléphone du contact ${n}`
        : field === 'email'
          ? `Adresse e-mail du contact ${n}`
          : field === 'relationship'
            ? `Lien du contact ${n}`
            : `Contact ${n}${field && field !== 'name' ? ` (${fieldLabel([field]).toLowerCase()})` : ''}`,
    availability: (n, field) => (field ? `${fieldLabel([field])} (créneau ${n})` : `Créneau ${n}`),
  };

/**
 * The French label of a field from its path (["phones", 0, "number"] → "Téléphone 1"), or null
 * when the table does not know it.
 */
function knownFieldLabel(path: readonly (string | number)[]): string | null {
  const segments = path.map(String).filter((s) => s !== '');
  for (let i = segments.length - 2; i >= 0; i--) {
    const list = LIST_ITEM_LABELS[segments[i]!];
    const index = segments[i + 1];
    if (list && index !== undefined && /^\d+$/.test(index))
      return list(Number(index) + 1, segments[i + 2]);
  }
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (/^\d+$/.test(segment)) continue;
    const label = LABELS[segment];
    if (label) return label;
    return null;
  }
  return null;
}

/** As `knownFieldLabel`, falling back to a plain "Champ « x »". */
export function fieldLabel(path: readonly (string | number)[]): string {
  const known = knownFieldLabel(path);
  if (known) return known;
  const last = [...path].reverse().find((s) => !/^\d+$/.test(String(s)));
  return last === undefined ? 'Données envoyées' : `Champ « ${String(last)} »`;
}
