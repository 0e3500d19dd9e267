/** Shapes of the people API answers, as the screens use them. */
export const PERSON_STATUSES = [
  'referred',
  'evaluation_planned',
  'evaluated',
  'waiting',
  'active',
  'paused',
  'ended',
] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const LSNS6_ITEM_IDS = [
  'family_seen',
  'family_talk_private',
  'family_help',
  'friends_seen',
  'friends_talk_private',
  'friends_help',
] as const;
export type Lsns6ItemId = (typeof LSNS6_ITEM_IDS)[number];
type Lsns6Answers = Record<Lsns6ItemId, number>;

export const PAUSE_REASONS = [
  'hospital',
  'holiday',
  'temporary_refusal',
  'family_stay',
  'other',
] as const;
export const END_REASONS = [
  'moved',
  'care_home',
  'deceased',
  'declined',
  'not_eligible',
  'no_longer_isolated',
  'other',
] as const;
export const RELATIONSHIPS = [
  'child',
  'spouse',
  'sibling',
  'grandchild',
  'neighbour',
  'friend',
  'carer',
  'guardian',
  'doctor',
  'other',
] as const;
export const GENDERS = ['female', 'male', 'other'] as const;
export const CONSENT_METHODS = ['oral', 'written', 'phone', 'electronic'] as const;
export const CONSENT_GIVERS = ['person', 'carer', 'legal_guardian'] as const;

export interface PersonListItem {
  id: string;
  lastName: string;
  firstName: string;
  birthName: string | null;
  birthDate: string | null;
  postalCode: string | null;
  communeName: string | null;
  localServiceId: string | null;
  locationStatus: 'located' | 'to_locate' | string;
  status: PersonStatus | null;
}

interface Phone {
  number: string;
  label: string | null;
}

interface Person {
  id: string;
  organisationId?: string;
  localServiceId?: string | null;
  lastName: string;
  birthName?: string | null;
  firstName: string;
  birthDate?: string | null;
  gender?: string | null;
  street?: string | null;
  addressComplement?: string | null;
  postalCode?: string | null;
  communeName?: string | null;
  inseeCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  locationStatus?: string;
  locationPrecision?: string | null;
  locationNote?: string | null;
  email?: string | null;
  phones?: Phone[];
  livesAlone?: boolean | null;
  apa?: boolean | null;
  gir?: number | null;
  teleAssistance?: boolean | null;
  interests?: string[];
  languages?: string[];
  preferences?: {
    days?: number[];
    periods?: string[];
    visitorGender?: string | null;
    notes?: string | null;
  };
  practicalNotes?: string | null;
  referralSource?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

interface Contact {
  id?: string;
  name: string;
  relationship: string;
  phone: string | null;
  email: string | null;
  isEmergencyContact: boolean;
  notes: string | null;
}

interface StatusChange {
  id: number | string;
  fromStatus: PersonStatus | null;
  toStatus: PersonStatus;
  reason: string | null;
  comment: string | null;
  until: string | null;
  effectiveDate: string;
  at?: string;
  changedByName?: string | null;
}

export interface DecisionReason {
  code: string;
  kind?: 'criterion' | 'context';
  met: boolean | null;
  message: string;
}

export interface Lsns6Score {
  total: number;
  familySubscale?: number;
  friendsSubscale?: number;
  threshold?: number;
  isolated?: boolean;
  riskFamily?: boolean;
  riskFriends?: boolean;
  summary?: string;
}

interface Evaluation {
  id: string;
  evaluatedOn: string;
  evaluatorName: string | null;
  answers: Lsns6Answers;
  score: Lsns6Score;
  livesAlone: boolean | null;
  evaluatorOpinion: 'favorable' | 'defavorable' | null;
  notes: string | null;
  decision: 'eligible' | 'not_eligible' | 'incomplete' | string;
  decisionReasons: DecisionReason[];
}

export interface Consent {
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
}

export interface Transition {
  to: PersonStatus;
  label?: string;
  statusLabel?: string;
  actionLabel?: string;
  possible: boolean;
  reason?: string;
  whyNot?: string;
  code?: string;
  requires?: { reason: 'pause' | 'end' | null; untilAllowed: boolean };
}

interface AssignedVisitor {
  id: string;
  firstName: string;
  lastName: string;
  phone?: string | null;
}

interface Assignment {
  id: string;
  pairId: string | null;
  visitorId: string | null;
  startedOn: string;
  visitors?: AssignedVisitor[];
}

export interface PersonFile {
  person: Person;
  status: PersonStatus | null;
  contacts: Contact[];
  assignment: Assignment | null;
  statusHistory: StatusChange[];
  evaluations: Evaluation[];
  consents: Consent[];
  eligibilityRule: {
    minimumAge: number;
    isolationThreshold: number;
    requireIsolation?: boolean;
  } | null;
  transitions: Transition[];
}

export interface DuplicateCandidate {
  id: string;
  lastName: string;
  firstName: string;
  birthDate: string | null;
  communeName: string | null;
  reasons: unknown[];
}

export interface EvaluationResult {
  id: string;
  score: Lsns6Score;
  decision: {
    decision: string;
    reasons: DecisionReason[];
    summary?: string;
    missing?: string[];
    age?: number | null;
  };
  statusChanged: PersonStatus | null;
}
