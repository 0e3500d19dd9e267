/**
 * Lubben Social Network Scale, 6-item version (LSNS-6).
 *
 * Lubben J. et al., "Performance of an abbreviated version of the Lubben Social Network Scale
 * among three European community-dwelling older adult populations", The Gerontologist, 2006.
 *
 * - six questions, three about family and three about friends (neighbours included);
 * - each answer is scored 0 (nobody) to 5 (nine or more people);
 * - total 0-30, each subscale 0-15;
 * - a total below 12 is the usual cut-off for social isolation, a subscale below 6 signals a
 *   limited family (or friendship) network.
 *
 * Pure functions, no I/O. The total is always computed from the six answers, never stored.
 */
import { z } from 'zod';
import { LSNS6_ITEM_IDS, type Lsns6ItemId } from './values.js';

export { LSNS6_ITEM_IDS, type Lsns6ItemId };

export type Lsns6Group = 'family' | 'friends';

export interface Lsns6Item {
  id: Lsns6ItemId;
  group: Lsns6Group;
  /** The question as read to the person. */
  question: string;
  /** A short label for tables and summaries. */
  shortLabel: string;
}

export const LSNS6_ITEMS: readonly Lsns6Item[] = [
  {
    id: 'family_seen',
    group: 'family',
    question:
      'Combien de membres de votre famille voyez-vous ou avez-vous au téléphone au moins une fois par mois ?',
    shortLabel: 'Famille vue ou appelée chaque mois',
  },
  {
    id: 'family_talk_private',
    group: 'family',
    question:
      'De combien de membres de votre famille vous sentez-vous assez proche pour parler de sujets personnels ?',
    shortLabel: 'Famille à qui parler de sujets personnels',
  },
  {
    id: 'family_help',
    group: 'family',
    question:
      'De combien de membres de votre famille vous sentez-vous assez proche pour les appeler à l’aide ?',
    shortLabel: 'Famille à appeler à l’aide',
  },
  {
    id: 'friends_seen',
    group: 'friends',
    question:
      'Combien de vos amis, y compris vos voisins, voyez-vous ou avez-vous au téléphone au moins une fois par mois ?',
    shortLabel: 'Amis et voisins vus ou appelés chaque mois',
  },
  {
    id: 'friends_talk_private',
    group: 'friends',
    question:
      'De combien de vos amis, y compris vos voisins, vous sentez-vous assez proche pour parler de sujets personnels ?',
    shortLabel: 'Amis et voisins à qui parler de sujets personnels',
  },
  {
    id: 'friends_help',
    group: 'friends',
    question:
      'De combien de vos amis, y compris vos voisins, vous sentez-vous assez proche pour les appeler à l’aide ?',
    shortLabel: 'Amis et voisins à appeler à l’aide',
  },
];

/** Headings and the sentence read before each group of questions. */
export const LSNS6_GROUPS: Readonly<Record<Lsns6Group, { label: string; intro: string }>> = {
  family: {
    label: 'Famille',
    intro: 'Pensez aux personnes de votre famille : par la naissance, le mariage, l’adoption, etc.',
  },
  friends: {
    label: 'Amis et voisins',
    intro: 'Pensez à tous vos amis, y compris ceux qui habitent près de chez vous.',
  },
};

export interface Lsns6AnswerOption {
  value: 0 | 1 | 2 | 3 | 4 | 5;
  label: string;
  /** The number of people the option stands for, written with digits. */
  count: string;
}

export const LSNS6_ANSWER_OPTIONS: readonly Lsns6AnswerOption[] = [
  { value: 0, label: 'Aucun', count: '0' },
  { value: 1, label: 'Un', count: '1' },
  { value: 2, label: 'Deux', count: '2' },
  { value: 3, label: 'Trois ou quatre', count: '3 ou 4' },
  { value: 4, label: 'Cinq à huit', count: '5 à 8' },
  { value: 5, label: 'Neuf ou plus', count: '9 ou plus' },
];

export const LSNS6_MAX_TOTAL = 30;
/** Default cut-off: a total strictly below it means socially isolated. */
export const LSNS6_DEFAULT_THRESHOLD = 12;
/** A subscale strictly below it signals a limited family (or friendship) network. */
const LSNS6_SUBSCALE_RISK_THRESHOLD = 6;

const itemLabel = (id: Lsns6ItemId): string =>
  LSNS6_ITEMS.find((item) => item.id === id)?.shortLabel ?? id;

const answerSchema = (id: Lsns6ItemId) =>
  z
    .int({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? `Réponse manquante : « ${itemLabel(id)} ».`
          : `Réponse invalide pour « ${itemLabel(id)} » : choisissez une réponse de 0 à 5.`,
    })
    .min(0, {
      error: `Réponse invalide pour « ${itemLabel(id)} » : choisissez une réponse de 0 à 5.`,
    })
    .max(5, {
      error: `Réponse invalide pour « ${itemLabel(id)} » : choisissez une réponse de 0 à 5.`,
    });

/** The six answers, each an integer 0-5, all required. Unknown keys are dropped. */
export const lsns6AnswersSchema = z.object({
  family_seen: answerSchema('family_seen'),
  family_talk_private: answerSchema('family_talk_private'),
  family_help: answerSchema('family_help'),
  friends_seen: answerSchema('friends_seen'),
  friends_talk_private: answerSchema('friends_talk_private'),
  friends_help: answerSchema('friends_help'),
});

export type Lsns6Answers = z.infer<typeof lsns6AnswersSchema>;

export interface Lsns6Options {
  /** A total strictly below it means isolated. Default 12. */
  threshold?: number;
}

export interface Lsns6Score {
  total: number;
  familySubscale: number;
  friendsSubscale: number;
  threshold: number;
  isolated: boolean;
  riskFamily: boolean;
  riskFriends: boolean;
  /** One plain-French sentence describing the result. */
  summary: string;
}

function checkThreshold(threshold: number): number {
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > LSNS6_MAX_TOTAL + 1) {
    throw new RangeError(
      `Seuil LSNS-6 invalide (${threshold}) : il doit être un entier de 0 à 31.`,
    );
  }
  return threshold;
}

function checkAnswers(answers: Lsns6Answers): void {
  for (const id of LSNS6_ITEM_IDS) {
    const value: unknown = (answers as Record<string, unknown>)[id];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 5) {
      throw new RangeError(
        `Réponse LSNS-6 invalide pour « ${itemLabel(id)} » (${String(value)}) : entier de 0 à 5 attendu.`,
      );
    }
  }
}

const points = (n: number): string => `${n} ${Math.abs(n) > 1 ? 'points' : 'point'}`;

/**
 * Scores the six answers. Throws a RangeError on an answer outside 0-5 (validate user input with
 * `lsns6AnswersSchema` first).
 */
export function scoreLsns6(answers: Lsns6Answers, options: Lsns6Options = {}): Lsns6Score {
  checkAnswers(answers);
  const threshold = checkThreshold(options.threshold ?? LSNS6_DEFAULT_THRESHOLD);
  const familySubscale = answers.family_seen + answers.family_talk_private + answers.family_help;
  const friendsSubscale =
    answers.friends_seen + answers.friends_talk_private + answers.friends_help;
  const total = familySubscale + friendsSubscale;
  const isolated = total < threshold;
  const riskFamily = familySubscale < LSNS6_SUBSCALE_RISK_THRESHOLD;
  const riskFriends = friendsSubscale < LSNS6_SUBSCALE_RISK_THRESHOLD;

  const parts = [
    isolated
      ? `Score LSNS-6 de ${total}/30, inférieur au seuil de ${threshold} : personne isolée.`
      : `Score LSNS-6 de ${total}/30, ${total === threshold ? 'égal au' : 'supérieur au'} seuil de ${threshold} : personne non isolée selon l’échelle.`,
  ];
  if (riskFamily) {
    parts.push(`Peu de liens familiaux (${familySubscale}/15, moins de 6).`);
  }
  if (riskFriends) {
    parts.push(`Peu de liens avec des amis ou voisins (${friendsSubscale}/15, moins de 6).`);
  }
  return {
    total,
    familySubscale,
    friendsSubscale,
    threshold,
    isolated,
    riskFamily,
    riskFriends,
    summary: parts.join(' '),
  };
}

type Lsns6Direction = 'improved' | 'worsened' | 'unchanged';
/** `left_isolation`: was below the threshold, no longer is; `became_isolated`: the reverse. */
type Lsns6Crossing = 'left_isolation' | 'became_isolated';

export interface Lsns6Comparison {
  previous: Lsns6Score;
  current: Lsns6Score;
  /** current total − previous total: positive means a wider social network. */
  delta: number;
  familyDelta: number;
  friendsDelta: number;
  direction: Lsns6Direction;
  crossedThreshold: boolean;
  crossing: Lsns6Crossing | null;
  summary: string;
}

/**
 * Compares two evaluations of the same person (follow-up). Both are scored with the same
 * threshold so that a change of rule between the two does not show up as a change of the person.
 */
export function compareLsns6(
  previous: Lsns6Answers,
  current: Lsns6Answers,
  options: Lsns6Options = {},
): Lsns6Comparison {
  const before = scoreLsns6(previous, options);
  const after = scoreLsns6(current, options);
  const delta = after.total - before.total;
  const direction: Lsns6Direction = delta > 0 ? 'improved' : delta < 0 ? 'worsened' : 'unchanged';
  const crossing: Lsns6Crossing | null =
    before.isolated && !after.isolated
      ? 'left_isolation'
      : !before.isolated && after.isolated
        ? 'became_isolated'
        : null;

  let summary: string;
  if (delta === 0) {
    summary = `Score LSNS-6 inchangé : ${after.total}/30.`;
  } else {
    summary =
      `Score LSNS-6 passé de ${before.total}/30 à ${after.total}/30, ` +
      (delta > 0
        ? `soit ${points(delta)} de plus : le réseau social s’est étendu.`
        : `soit ${points(-delta)} de moins : le réseau social s’est réduit.`);
  }
  const threshold = after.threshold;
  if (crossing === 'left_isolation') {
    summary += ` La personne n’est plus considérée comme isolée (seuil de ${threshold}).`;
  } else if (crossing === 'became_isolated') {
    summary += ` La personne est désormais considérée comme isolée (score sous le seuil de ${threshold}).`;
  } else if (after.isolated) {
    summary += ` La personne reste considérée comme isolée (score sous le seuil de ${threshold}).`;
  } else {
    summary += ` La personne n’est toujours pas considérée comme isolée (seuil de ${threshold}).`;
  }

  return {
    previous: before,
    current: after,
    delta,
    familyDelta: after.familySubscale - before.familySubscale,
    friendsDelta: after.friendsSubscale - before.friendsSubscale,
    direction,
    crossedThreshold: crossing !== null,
    crossing,
    summary,
  };
}
