/**
 * What the service reports to its funders about the employed young visitors (issue 12, ADR
 * 0030), and a visitor's own training record. Pure builders over plain facts the server reads.
 *
 * The report counts, per year of contract end, the contracts that have ended (end on or before
 * today): how many, of which type, their outcomes (job, training, other, not yet known), the
 * training days those young visitors attended during their contract, and the tutoring meetings
 * they had. Cancelled sessions count for nothing. Figures only: no names.
 */
import {
  CONTRACT_TYPE_LABELS,
  CONTRACT_TYPES,
  EXIT_OUTCOME_LABELS,
  EXIT_OUTCOMES,
  SESSION_KINDS,
  type AttendanceStatus,
  type ContractType,
  type ExitOutcome,
  type SessionKind,
} from './values.js';

export interface ContractFact {
  visitorId: string;
  contractType: ContractType | null;
  start: string | null;
  end: string;
  outcome: ExitOutcome | null;
  outcomeOn: string | null;
}

export interface AttendanceFact {
  visitorId: string;
  kind: SessionKind;
  heldOn: string;
  status: AttendanceStatus;
  cancelled: boolean;
}

/** The kinds that are training days (a tutoring meeting is not a day of training). */
const TRAINING_DAY_KINDS: readonly SessionKind[] = [
  'module',
  'seminar',
  'practice_analysis',
  'qualifying_training',
];

export interface YearFigures {
  year: number;
  endedContracts: number;
  byContractType: Record<ContractType | 'unknown', number>;
  outcomes: Record<ExitOutcome | 'unknown', number>;
  /** Distinct days with a training session attended, summed over the young visitors. */
  trainingDaysAttended: number;
  /** Of which qualifying training days. */
  qualifyingTrainingDaysAttended: number;
  tutoringMeetingsHeld: number;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export const yearOf = (date: string) => Number(date.slice(0, 4));

/** The figures of one year of contract end. */
export function yearFigures(
  year: number,
  contracts: readonly ContractFact[],
  attendance: readonly AttendanceFact[],
  today: string,
): YearFigures {
  const ended = contracts.filter((c) => yearOf(c.end) === year && c.end <= today);
  const figures: YearFigures = {
    year,
    endedContracts: ended.length,
    byContractType: zeros([...CONTRACT_TYPES, 'unknown'] as const),
    outcomes: zeros([...EXIT_OUTCOMES, 'unknown'] as const),
    trainingDaysAttended: 0,
    qualifyingTrainingDaysAttended: 0,
    tutoringMeetingsHeld: 0,
  };
  const byVisitor = new Map<string, AttendanceFact[]>();
  for (const a of attendance) {
    if (a.cancelled || a.status !== 'attended') continue;
    const list = byVisitor.get(a.visitorId) ?? [];
    list.push(a);
    byVisitor.set(a.visitorId, list);
  }
  for (const contract of ended) {
    figures.byContractType[contract.contractType ?? 'unknown'] += 1;
    figures.outcomes[contract.outcome ?? 'unknown'] += 1;
    const during = (byVisitor.get(contract.visitorId) ?? []).filter(
      (a) => (!contract.start || a.heldOn >= contract.start) && a.heldOn <= contract.end,
    );
    const days = new Set(
      during.filter((a) => TRAINING_DAY_KINDS.includes(a.kind)).map((a) => a.heldOn),
    );
    const qualifying = new Set(
      during.filter((a) => a.kind === 'qualifying_training').map((a) => a.heldOn),
    );
    figures.trainingDaysAttended += days.size;
    figures.qualifyingTrainingDaysAttended += qualifying.size;
    figures.tutoringMeetingsHeld += during.filter((a) => a.kind === 'tutoring').length;
  }
  return figures;
}

/** The years that have at least one ended contract, most recent first. */
export function reportYears(contracts: readonly ContractFact[], today: string): number[] {
  const years = new Set(contracts.filter((c) => c.end <= today).map((c) => yearOf(c.end)));
  return [...years].sort((a, b) => b - a);
}

// ---------------------------------------------------------------- a visitor's training record

export interface RecordLine {
  sessionId: string;
  kind: SessionKind;
  title: string;
  heldOn: string;
  status: AttendanceStatus;
  cancelled: boolean;
}

export interface TrainingRecord {
  attendedByKind: Record<SessionKind, number>;
  lastSeminarOn: string | null;
  lastPracticeAnalysisOn: string | null;
  qualifyingDaysPlanned: number;
  qualifyingDaysAttended: number;
  tutoringMeetingsHeld: number;
  nextSessionOn: string | null;
}

/**
 * A visitor's record from the sessions on whose list they are. Planned qualifying days are the
 * days of the qualifying-training calendar the visitor is on (not cancelled, not excused).
 */
export function trainingRecord(lines: readonly RecordLine[], today: string): TrainingRecord {
  const live = lines.filter((l) => !l.cancelled);
  const attended = live.filter((l) => l.status === 'attended');
  const latest = (kind: SessionKind) =>
    attended
      .filter((l) => l.kind === kind)
      .map((l) => l.heldOn)
      .sort()
      .at(-1) ?? null;
  const attendedByKind = zeros(SESSION_KINDS);
  for (const line of attended) attendedByKind[line.kind] += 1;
  const qualifying = live.filter((l) => l.kind === 'qualifying_training');
  return {
    attendedByKind,
    lastSeminarOn: latest('seminar'),
    lastPracticeAnalysisOn: latest('practice_analysis'),
    qualifyingDaysPlanned: new Set(
      qualifying.filter((l) => l.status !== 'excused').map((l) => l.heldOn),
    ).size,
    qualifyingDaysAttended: new Set(
      qualifying.filter((l) => l.status === 'attended').map((l) => l.heldOn),
    ).size,
    tutoringMeetingsHeld: attendedByKind.tutoring,
    nextSessionOn:
      live
        .filter((l) => l.heldOn >= today && l.status === 'registered')
        .map((l) => l.heldOn)
        .sort()[0] ?? null,
  };
}

// ---------------------------------------------------------------- the report as a spreadsheet

export interface ReportLine {
  figure: string;
  value: number;
}

/** The year's figures as lines of a spreadsheet, in French, in the order of the report page. */
export function reportLines(figures: YearFigures): ReportLine[] {
  const line = (figure: string, value: number) => ({ figure, value });
  return [
    line(`Contrats terminés en ${figures.year}`, figures.endedContracts),
    ...CONTRACT_TYPES.map((type) =>
      line(`Contrat : ${CONTRACT_TYPE_LABELS[type]}`, figures.byContractType[type]),
    ),
    line('Contrat : type non renseigné', figures.byContractType.unknown),
    ...EXIT_OUTCOMES.map((outcome) =>
      line(`Sortie : ${EXIT_OUTCOME_LABELS[outcome]}`, figures.outcomes[outcome]),
    ),
    line('Sortie non renseignée', figures.outcomes.unknown),
    line('Jours de formation suivis pendant le contrat', figures.trainingDaysAttended),
    line('dont jours de formation qualifiante', figures.qualifyingTrainingDaysAttended),
    line('Rencontres de tutorat', figures.tutoringMeetingsHeld),
  ];
}
