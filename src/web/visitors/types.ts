import { t } from '../i18n/fr.js';

/** Shapes of the visitors and pairs API answers (tolerant: fields the server may name differently). */
export const VISITOR_KINDS = ['employed_young', 'volunteer', 'civic_service'] as const;
export const MOBILITIES = ['foot', 'bike', 'public_transport', 'car'] as const;
export const ABSENCE_KINDS = ['training', 'leave', 'sick', 'other'] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface Visitor {
  id: string;
  localServiceId?: string | null;
  kind: string;
  lastName: string;
  firstName: string;
  gender?: string | null;
  email?: string | null;
  phone?: string | null;
  commitmentStart?: string | null;
  commitmentEnd?: string | null;
  charterSignedOn?: string | null;
  insuranceProvider?: string | null;
  insuranceValidUntil?: string | null;
  street?: string | null;
  postalCode?: string | null;
  communeName?: string | null;
  locationStatus?: string;
  locationNote?: string | null;
  mobility?: string;
  maxTripMinutes?: number;
  interests?: string[];
  languages?: string[];
  endedOn?: string | null;
  /** Some list answers give the current pair. */
  pairId?: string | null;
  /** In lists: the current pair and partner. */
  pair?: { pairId: string; formedOn: string; partner: PairMember } | null;
}

export interface AvailabilitySlot {
  id?: string;
  weekday: number;
  startTime: string;
  endTime: string;
}

interface Absence {
  id: string;
  kind: string;
  startsOn: string;
  endsOn: string;
  note: string | null;
}

export interface PairMember {
  id: string;
  firstName: string;
  lastName: string;
}

export interface Pair {
  id: string;
  active?: boolean;
  /** In a visitor's file: the other member. */
  partner?: PairMember | null;
  localServiceId?: string | null;
  visitorAId?: string;
  visitorBId?: string;
  visitorA?: PairMember | null;
  visitorB?: PairMember | null;
  members?: PairMember[];
  formedOn: string;
  dissolvedOn?: string | null;
  dissolutionReason?: string | null;
  peopleCount?: number;
}

export function fullName(
  member: { firstName?: string; lastName?: string } | null | undefined,
): string {
  if (!member) return '';
  return [member.firstName, member.lastName].filter(Boolean).join(' ');
}

/** The two members of a pair, whatever the answer's shape; `visitors` fills names from ids. */
export function pairMembers(pair: Pair, visitors: Visitor[] = []): PairMember[] {
  if (pair.members?.length) return pair.members;
  if (pair.partner && !pair.visitorA && !pair.visitorB) return [pair.partner];
  const byId = (id?: string) => (id ? visitors.find((v) => v.id === id) : undefined);
  const a = pair.visitorA ?? byId(pair.visitorAId) ?? null;
  const b = pair.visitorB ?? byId(pair.visitorBId) ?? null;
  return [a, b].filter((m): m is PairMember => !!m);
}

export function pairName(pair: Pair, visitors: Visitor[] = []): string {
  const names = pairMembers(pair, visitors).map(fullName).filter(Boolean);
  return names.length ? names.join(t('common.and')) : pair.id.slice(0, 8);
}

/** The visitor file answer: the record itself, flat or under `visitor`, and its lists. */
export interface VisitorFile {
  visitor: Visitor;
  availability: AvailabilitySlot[];
  absences: Absence[];
  pairs: Pair[];
  people: {
    id: string;
    firstName: string;
    lastName: string;
    status?: string | null;
    via?: 'pair' | 'alone';
    since?: string;
  }[];
}

export function normaliseVisitorFile(raw: unknown): VisitorFile {
  const top = (raw ?? {}) as Record<string, unknown>;
  const visitor = (top.visitor ?? top) as Visitor;
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  return {
    visitor,
    availability: list<AvailabilitySlot>(
      top.availability ?? (visitor as unknown as Record<string, unknown>).availability,
    ),
    absences: list<Absence>(top.absences),
    pairs: list<Pair>(top.pairs ?? top.pairHistory),
    people: list(top.people ?? top.assignedPeople),
  };
}
