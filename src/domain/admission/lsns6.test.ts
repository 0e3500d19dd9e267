import { describe, it, expect } from 'vitest';
import {
  LSNS6_ANSWER_OPTIONS,
  LSNS6_GROUPS,
  LSNS6_ITEM_IDS,
  LSNS6_ITEMS,
  compareLsns6,
  lsns6AnswersSchema,
  scoreLsns6,
  type Lsns6Answers,
} from './lsns6.js';

const answers = (
  family: [number, number, number],
  friends: [number, number, number],
): Lsns6Answers => ({
  family_seen: family[0],
  family_talk_private: family[1],
  family_help: family[2],
  friends_seen: friends[0],
  friends_talk_private: friends[1],
  friends_help: friends[2],
});

describe('LSNS-6 items and options', () => {
  it('has the six items in order, three family then three friends', () => {
    expect(LSNS6_ITEMS.map((item) => item.id)).toEqual([...LSNS6_ITEM_IDS]);
    expect(LSNS6_ITEMS.map((item) => item.group)).toEqual([
      'family',
      'family',
      'family',
      'friends',
      'friends',
      'friends',
    ]);
  });

  it('asks the questions in French', () => {
    expect(LSNS6_ITEMS[0]?.question).toBe(
      'Combien de membres de votre famille voyez-vous ou avez-vous au téléphone au moins une fois par mois ?',
    );
    expect(LSNS6_ITEMS[1]?.question).toContain('parler de sujets personnels');
    expect(LSNS6_ITEMS[2]?.question).toContain('appeler à l’aide');
    for (const item of LSNS6_ITEMS.filter((i) => i.group === 'friends')) {
      expect(item.question).toContain('y compris vos voisins');
    }
    for (const item of LSNS6_ITEMS) {
      expect(item.question.endsWith(' ?')).toBe(true);
      expect(item.shortLabel.length).toBeGreaterThan(0);
    }
    expect(LSNS6_GROUPS.family.label).toBe('Famille');
    expect(LSNS6_GROUPS.friends.intro).toContain('amis');
  });

  it('offers six answers scored 0 to 5', () => {
    expect(LSNS6_ANSWER_OPTIONS.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(LSNS6_ANSWER_OPTIONS.map((o) => o.label)).toEqual([
      'Aucun',
      'Un',
      'Deux',
      'Trois ou quatre',
      'Cinq à huit',
      'Neuf ou plus',
    ]);
  });
});

describe('lsns6AnswersSchema', () => {
  it('accepts six integers from 0 to 5 and drops unknown keys', () => {
    const parsed = lsns6AnswersSchema.parse({ ...answers([0, 1, 2], [3, 4, 5]), extra: 9 });
    expect(parsed).toEqual(answers([0, 1, 2], [3, 4, 5]));
  });

  it('requires every answer, naming the missing one in French', () => {
    const { family_help: _omitted, ...rest } = answers([1, 1, 1], [1, 1, 1]);
    const result = lsns6AnswersSchema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual(['family_help']);
    expect(result.error?.issues[0]?.message).toBe(
      'Réponse manquante : « Famille à appeler à l’aide ».',
    );
  });

  it('rejects null, out-of-range, decimal and text answers', () => {
    for (const bad of [null, -1, 6, 2.5, '3', Number.NaN]) {
      const result = lsns6AnswersSchema.safeParse({
        ...answers([1, 1, 1], [1, 1, 1]),
        friends_seen: bad,
      });
      expect(result.success, `value ${String(bad)}`).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['friends_seen']);
      expect(result.error?.issues[0]?.message).toMatch(/^Réponse (manquante|invalide)/);
    }
    const out = lsns6AnswersSchema.safeParse({ ...answers([1, 1, 1], [1, 1, 1]), friends_seen: 6 });
    expect(out.error?.issues[0]?.message).toBe(
      'Réponse invalide pour « Amis et voisins vus ou appelés chaque mois » : choisissez une réponse de 0 à 5.',
    );
  });

  it('reports every missing answer of an empty form', () => {
    const result = lsns6AnswersSchema.safeParse({});
    expect(result.error?.issues.map((i) => i.path[0])).toEqual([...LSNS6_ITEM_IDS]);
  });
});

describe('scoreLsns6', () => {
  it('sums the subscales and the total', () => {
    const score = scoreLsns6(answers([1, 2, 3], [0, 4, 5]));
    expect(score.familySubscale).toBe(6);
    expect(score.friendsSubscale).toBe(9);
    expect(score.total).toBe(15);
    expect(score.threshold).toBe(12);
    expect(score.isolated).toBe(false);
    expect(score.riskFamily).toBe(false);
    expect(score.riskFriends).toBe(false);
  });

  it('covers the whole range 0 to 30', () => {
    const none = scoreLsns6(answers([0, 0, 0], [0, 0, 0]));
    expect(none).toMatchObject({ total: 0, isolated: true, riskFamily: true, riskFriends: true });
    const all = scoreLsns6(answers([5, 5, 5], [5, 5, 5]));
    expect(all).toMatchObject({
      total: 30,
      familySubscale: 15,
      friendsSubscale: 15,
      isolated: false,
      riskFamily: false,
      riskFriends: false,
    });
  });

  it('is isolated strictly below the threshold', () => {
    expect(scoreLsns6(answers([2, 2, 2], [2, 2, 1])).isolated).toBe(true); // 11
    expect(scoreLsns6(answers([2, 2, 2], [2, 2, 2])).isolated).toBe(false); // 12
    expect(scoreLsns6(answers([2, 2, 2], [2, 2, 3])).isolated).toBe(false); // 13
  });

  it('flags a subscale strictly below 6', () => {
    const score = scoreLsns6(answers([2, 2, 1], [2, 2, 2]));
    expect(score.familySubscale).toBe(5);
    expect(score.riskFamily).toBe(true);
    expect(score.riskFriends).toBe(false);
    expect(scoreLsns6(answers([2, 2, 2], [2, 2, 2])).riskFamily).toBe(false);
  });

  it('accepts another threshold', () => {
    const score = scoreLsns6(answers([2, 2, 2], [2, 2, 2]), { threshold: 13 });
    expect(score.threshold).toBe(13);
    expect(score.isolated).toBe(true);
  });

  it('describes the result in French', () => {
    expect(scoreLsns6(answers([3, 2, 2], [1, 0, 1])).summary).toBe(
      'Score LSNS-6 de 9/30, inférieur au seuil de 12 : personne isolée. Peu de liens avec des amis ou voisins (2/15, moins de 6).',
    );
    expect(scoreLsns6(answers([2, 2, 2], [2, 2, 2])).summary).toBe(
      'Score LSNS-6 de 12/30, égal au seuil de 12 : personne non isolée selon l’échelle.',
    );
    expect(scoreLsns6(answers([1, 1, 1], [5, 5, 5])).summary).toBe(
      'Score LSNS-6 de 18/30, supérieur au seuil de 12 : personne non isolée selon l’échelle. Peu de liens familiaux (3/15, moins de 6).',
    );
  });

  it('refuses invalid answers and thresholds', () => {
    expect(() => scoreLsns6({ ...answers([1, 1, 1], [1, 1, 1]), family_seen: 7 })).toThrow(
      RangeError,
    );
    expect(() => scoreLsns6({ ...answers([1, 1, 1], [1, 1, 1]), family_seen: 1.5 })).toThrow(
      /Famille vue ou appelée chaque mois/,
    );
    expect(() => scoreLsns6({ family_seen: 1 } as unknown as Lsns6Answers)).toThrow(RangeError);
    expect(() => scoreLsns6(answers([1, 1, 1], [1, 1, 1]), { threshold: 40 })).toThrow(RangeError);
    expect(() => scoreLsns6(answers([1, 1, 1], [1, 1, 1]), { threshold: 11.5 })).toThrow(
      RangeError,
    );
  });
});

describe('compareLsns6', () => {
  it('reports an improvement that leaves isolation', () => {
    const result = compareLsns6(answers([3, 2, 2], [1, 0, 1]), answers([3, 3, 2], [2, 2, 2]));
    expect(result.previous.total).toBe(9);
    expect(result.current.total).toBe(14);
    expect(result.delta).toBe(5);
    expect(result.familyDelta).toBe(1);
    expect(result.friendsDelta).toBe(4);
    expect(result.direction).toBe('improved');
    expect(result.crossedThreshold).toBe(true);
    expect(result.crossing).toBe('left_isolation');
    expect(result.summary).toBe(
      'Score LSNS-6 passé de 9/30 à 14/30, soit 5 points de plus : le réseau social s’est étendu. La personne n’est plus considérée comme isolée (seuil de 12).',
    );
  });

  it('reports a decline into isolation', () => {
    const result = compareLsns6(answers([2, 2, 2], [2, 2, 2]), answers([2, 2, 2], [2, 2, 1]));
    expect(result.delta).toBe(-1);
    expect(result.direction).toBe('worsened');
    expect(result.crossing).toBe('became_isolated');
    expect(result.crossedThreshold).toBe(true);
    expect(result.summary).toBe(
      'Score LSNS-6 passé de 12/30 à 11/30, soit 1 point de moins : le réseau social s’est réduit. La personne est désormais considérée comme isolée (score sous le seuil de 12).',
    );
  });

  it('reports a change that stays on the same side of the threshold', () => {
    const stillIsolated = compareLsns6(
      answers([1, 1, 1], [1, 1, 1]),
      answers([2, 1, 1], [1, 1, 1]),
    );
    expect(stillIsolated.direction).toBe('improved');
    expect(stillIsolated.crossedThreshold).toBe(false);
    expect(stillIsolated.crossing).toBeNull();
    expect(stillIsolated.summary).toContain('reste considérée comme isolée');

    const stillFine = compareLsns6(answers([5, 5, 5], [5, 5, 5]), answers([4, 4, 4], [4, 4, 4]));
    expect(stillFine.delta).toBe(-6);
    expect(stillFine.crossedThreshold).toBe(false);
    expect(stillFine.summary).toContain('n’est toujours pas considérée comme isolée');
  });

  it('reports no change, even when the answers moved between subscales', () => {
    const result = compareLsns6(answers([3, 3, 3], [1, 1, 1]), answers([1, 1, 1], [3, 3, 3]));
    expect(result.delta).toBe(0);
    expect(result.direction).toBe('unchanged');
    expect(result.familyDelta).toBe(-6);
    expect(result.friendsDelta).toBe(6);
    expect(result.summary).toBe(
      'Score LSNS-6 inchangé : 12/30. La personne n’est toujours pas considérée comme isolée (seuil de 12).',
    );
  });

  it('applies the same threshold to both evaluations', () => {
    const result = compareLsns6(answers([2, 2, 2], [2, 2, 2]), answers([2, 2, 2], [2, 2, 3]), {
      threshold: 13,
    });
    expect(result.previous.isolated).toBe(true);
    expect(result.current.isolated).toBe(false);
    expect(result.crossing).toBe('left_isolation');
    expect(result.summary).toContain('(seuil de 13)');
  });
});
