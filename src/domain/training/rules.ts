/**
 * The rules of training sessions, attendance, and the employed young visitors' contracts and
 * outcomes (issue 12, ADR 0030). Pure: the server asks them inside its writes and refuses with
 * their French messages (400, nothing written); the unit and property tests pin them.
 *
 * - A session's times lie within its day (start before end, both "HH:MM").
 * - "Présent" and "absent" say the session took place: a session that has not happened yet can
 *   only have visitors registered or excused; a session moved to a later day keeps no such mark.
 * - A cancelled session's marks no longer change.
 * - A tutoring meeting is one young visitor with a tutor: exactly one visitor on its list.
 * - A contract ends after it starts; an outcome is something that happened: not in the future,
 *   not before the contract started.
 */
import { formatLongDate } from '../common/french.js';
import {
  MARKS_OF_A_HELD_SESSION,
  type AttendanceStatus,
  type ContractType,
  type ExitOutcome,
  type SessionKind,
} from './values.js';

export interface Problem {
  field: string;
  message: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** "14:00:00" (PostgreSQL time) or "14:00" → "14:00". */
export const hhmm = (value: string) => value.slice(0, 5);

export interface SessionTimes {
  heldOn: string;
  startTime: string | null;
  endTime: string | null;
}

/** The times of a session: each a time of day, the start before the end. */
export function sessionTimeProblems(session: SessionTimes): Problem[] {
  const problems: Problem[] = [];
  for (const field of ['startTime', 'endTime'] as const) {
    const value = session[field];
    if (value !== null && !TIME.test(hhmm(value)))
      problems.push({ field, message: 'Heure attendue au format HH:MM.' });
  }
  if (problems.length) return problems;
  if (session.startTime && session.endTime && hhmm(session.startTime) >= hhmm(session.endTime))
    problems.push({
      field: 'endTime',
      message: 'L’heure de fin doit être après l’heure de début, le même jour.',
    });
  if (!session.startTime && session.endTime)
    problems.push({ field: 'startTime', message: 'Indiquez l’heure de début avant celle de fin.' });
  return problems;
}

export interface Mark {
  visitorId: string;
  status: AttendanceStatus;
}

const notYetHeld = (heldOn: string) =>
  `La séance du ${formatLongDate(heldOn)} n’a pas encore eu lieu : on ne peut y noter ni présence ni absence, seulement une inscription ou une absence excusée.`;

/** The attendance sheet as a whole (PUT: the list replaces the session's). */
export function attendanceProblems(
  session: { kind: SessionKind; heldOn: string; cancelled: boolean },
  marks: readonly Mark[],
  today: string,
): Problem[] {
  if (session.cancelled)
    return [
      {
        field: 'attendance',
        message: 'Cette séance est annulée : ses présences ne changent plus.',
      },
    ];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  marks.forEach((mark, index) => {
    if (seen.has(mark.visitorId))
      problems.push({
        field: `attendance.${index}.visitorId`,
        message: 'Un même visiteur figure deux fois sur la feuille de présence.',
      });
    seen.add(mark.visitorId);
  });
  if (session.heldOn > today) {
    const index = marks.findIndex((m) => MARKS_OF_A_HELD_SESSION.includes(m.status));
    if (index >= 0)
      problems.push({ field: `attendance.${index}.status`, message: notYetHeld(session.heldOn) });
  }
  if (session.kind === 'tutoring' && seen.size !== 1)
    problems.push({
      field: 'attendance',
      message: 'Une rencontre de tutorat concerne exactement un jeune visiteur.',
    });
  return problems;
}

/** A session moved or changed: its existing marks must still make sense. */
export function sessionChangeProblems(
  change: SessionTimes & { kind: SessionKind },
  marks: readonly Mark[],
  today: string,
): Problem[] {
  const problems = sessionTimeProblems(change);
  if (change.heldOn > today && marks.some((m) => MARKS_OF_A_HELD_SESSION.includes(m.status)))
    problems.push({
      field: 'heldOn',
      message: `Des présences ou absences sont déjà notées : la séance ne peut pas être déplacée au ${formatLongDate(change.heldOn)}, un jour qui n’est pas encore passé.`,
    });
  if (change.kind === 'tutoring' && marks.length > 1)
    problems.push({
      field: 'kind',
      message:
        'Une rencontre de tutorat concerne exactement un jeune visiteur : cette séance en compte plusieurs.',
    });
  return problems;
}

export interface Contract {
  contractType: ContractType;
  start: string;
  end: string;
}

export function contractProblems(contract: Contract): Problem[] {
  if (contract.end < contract.start)
    return [{ field: 'end', message: 'La fin du contrat doit être après son début.' }];
  return [];
}

export interface Outcome {
  outcome: ExitOutcome;
  on: string;
}

/** The outcome happened: not after today, not before the contract's start when it is known. */
export function outcomeProblems(
  outcome: Outcome,
  contract: { start: string | null },
  today: string,
): Problem[] {
  if (outcome.on > today)
    return [
      {
        field: 'on',
        message: `La date de la sortie (${formatLongDate(outcome.on)}) est dans le futur : enregistrez-la une fois la situation connue.`,
      },
    ];
  if (contract.start && outcome.on < contract.start)
    return [
      {
        field: 'on',
        message: `La date de la sortie est avant le début du contrat (${formatLongDate(contract.start)}).`,
      },
    ];
  return [];
}
