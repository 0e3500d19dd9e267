import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTACT_CHANNELS,
  CONTACT_OUTCOMES,
  CONTACT_PRESETS,
  OUTCOMES_BY_CHANNEL,
  outcomeFits,
  outcomeMismatchMessage,
  presetEntry,
} from './model.js';
import { callbackMoveSchema, contactCreateSchema } from './schemas.js';

// 3 December 2026, 11:00 UTC = 12:00 in Paris.
const NOW = new Date('2026-12-03T11:00:00Z');
const schema = contactCreateSchema(() => NOW);
const PERSON = '11111111-1111-4111-8111-111111111111';
const VISITOR = '22222222-2222-4222-8222-222222222222';

const base = {
  personId: PERSON,
  channel: 'call_out',
  outcome: 'reached',
  occurredAt: '2026-12-03T10:30:00Z',
};

function messages(input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.message);
}

describe('contact entry', () => {
  it('accepts a call that reached the person, with a note and a call back', () => {
    const parsed = schema.parse({
      ...base,
      note: '  A demandé à changer le jour de visite.  ',
      callbackOn: '2026-12-04',
    });
    expect(parsed).toMatchObject({
      personId: PERSON,
      visitorId: null,
      personContactId: null,
      note: 'A demandé à changer le jour de visite.',
      callbackOn: '2026-12-04',
      callbackOwnerId: null,
      purpose: null,
    });
  });

  it('needs exactly one subject', () => {
    expect(messages({ ...base, personId: null })).toContain(
      'Indiquez la personne accompagnée ou le visiteur concerné (un seul des deux).',
    );
    expect(messages({ ...base, visitorId: VISITOR })).toHaveLength(1);
    expect(messages({ ...base, personId: null, visitorId: VISITOR })).toEqual([]);
  });

  it('takes a carer only with the person', () => {
    expect(
      messages({ ...base, personId: null, visitorId: VISITOR, personContactId: PERSON }),
    ).toEqual(['Un proche ne peut être indiqué qu’avec la personne accompagnée.']);
  });

  it('refuses a contact in the future, beyond the clock slack', () => {
    expect(messages({ ...base, occurredAt: '2026-12-03T11:04:00Z' })).toEqual([]);
    expect(messages({ ...base, occurredAt: '2026-12-03T11:10:00Z' })).toEqual([
      'Un contact noté a déjà eu lieu : sa date ne peut pas être dans le futur.',
    ]);
    // An offset is understood: 12:30 in Paris is 11:30 UTC, in the future.
    expect(messages({ ...base, occurredAt: '2026-12-03T12:30:00+01:00' })).toHaveLength(1);
  });

  it('refuses a contact older than a year', () => {
    expect(messages({ ...base, occurredAt: '2025-12-10T10:00:00Z' })).toEqual([]);
    expect(messages({ ...base, occurredAt: '2025-12-01T10:00:00Z' })).toEqual([
      'Ce contact date de plus d’un an : il ne peut plus être noté dans le journal.',
    ]);
  });

  it('refuses a date that is not a date and time', () => {
    expect(messages({ ...base, occurredAt: '2026-12-03' })).toEqual([
      'Date et heure attendues au format ISO (AAAA-MM-JJTHH:MM).',
    ]);
  });

  it('takes a call back from today (in Paris) to a year ahead', () => {
    expect(messages({ ...base, callbackOn: '2026-12-03' })).toEqual([]);
    expect(messages({ ...base, callbackOn: '2026-12-02' })).toEqual([
      'La date de rappel ne peut pas être passée.',
    ]);
    expect(messages({ ...base, callbackOn: '2027-12-03' })).toEqual([]);
    expect(messages({ ...base, callbackOn: '2027-12-04' })).toEqual([
      'La date de rappel doit être dans l’année qui vient.',
    ]);
    // 23:30 UTC on the 3rd is already the 4th in Paris: the 3rd is then past.
    const late = contactCreateSchema(() => new Date('2026-12-03T23:30:00Z'));
    expect(
      late.safeParse({ ...base, occurredAt: '2026-12-03T23:00:00Z', callbackOn: '2026-12-03' })
        .success,
    ).toBe(false);
  });

  it('wants a date for a call back owner', () => {
    expect(messages({ ...base, callbackOwnerId: VISITOR })).toEqual([
      'Indiquez la date du rappel pour désigner qui rappelle.',
    ]);
  });

  it('limits the note to 1000 characters', () => {
    expect(messages({ ...base, note: 'a'.repeat(1000) })).toEqual([]);
    expect(messages({ ...base, note: 'a'.repeat(1001) })).toEqual(['1000 caractères au maximum.']);
  });

  it('names the channels and outcomes possible when one is unknown', () => {
    expect(messages({ ...base, channel: 'pigeon' })[0]).toMatch(/^Canal inconnu\. .*Appel passé/);
    expect(messages({ ...base, outcome: 'maybe' })[0]).toMatch(/^Résultat inconnu\./);
  });

  it('refuses an outcome that does not fit the channel, naming those that do', () => {
    expect(messages({ ...base, channel: 'voicemail', outcome: 'reached' })).toEqual([
      'Pour « Message vocal laissé », le résultat est : Message laissé.',
    ]);
    expect(outcomeMismatchMessage('call_in')).toBe(
      'Pour « Appel reçu », le résultat est : Échange avec la personne ou Autre.',
    );
  });
});

describe('one-tap entries', () => {
  it('« Pas de réponse » and « Message laissé » plan no call back', () => {
    expect(presetEntry('no_answer', NOW)).toEqual({
      channel: 'call_out',
      outcome: 'no_answer',
      callbackOn: null,
    });
    expect(presetEntry('message_left', NOW)).toEqual({
      channel: 'voicemail',
      outcome: 'message_left',
      callbackOn: null,
    });
  });

  it('« Rappeler demain » calls back tomorrow in Paris', () => {
    expect(presetEntry('call_back_tomorrow', NOW).callbackOn).toBe('2026-12-04');
    // 23:30 UTC on 3 December is 00:30 on the 4th in Paris: tomorrow is the 5th.
    expect(presetEntry('call_back_tomorrow', new Date('2026-12-03T23:30:00Z')).callbackOn).toBe(
      '2026-12-05',
    );
    // Saturday 5 December: tomorrow is Sunday, kept as it is (see presetEntry).
    expect(presetEntry('call_back_tomorrow', new Date('2026-12-05T09:00:00Z')).callbackOn).toBe(
      '2026-12-06',
    );
  });

  it('every preset is an entry the schema accepts', () => {
    for (const preset of CONTACT_PRESETS) {
      const entry = presetEntry(preset, NOW);
      expect(messages({ ...base, ...entry })).toEqual([]);
    }
  });
});

describe('channels and outcomes (property)', () => {
  it('an entry is accepted exactly when its outcome fits its channel and its dates hold', () => {
    const nowMs = NOW.getTime();
    fc.assert(
      fc.property(
        fc.constantFrom(...CONTACT_CHANNELS),
        fc.constantFrom(...CONTACT_OUTCOMES),
        // From 400 days before now to 1 hour after, by the minute.
        fc.integer({ min: -400 * 24 * 60, max: 60 }),
        fc.option(fc.integer({ min: -10, max: 400 }), { nil: null }),
        (channel, outcome, minutes, callbackDays) => {
          const occurredAt = new Date(nowMs + minutes * 60_000).toISOString();
          const callbackOn =
            callbackDays === null
              ? null
              : new Date(Date.UTC(2026, 11, 3 + callbackDays)).toISOString().slice(0, 10);
          const accepted = schema.safeParse({
            ...base,
            channel,
            outcome,
            occurredAt,
            callbackOn,
          }).success;
          const expected =
            OUTCOMES_BY_CHANNEL[channel].includes(outcome) &&
            minutes <= 5 &&
            minutes >= -365 * 24 * 60 &&
            (callbackDays === null || (callbackDays >= 0 && callbackDays <= 365));
          expect(accepted).toBe(expected);
          expect(outcomeFits(channel, outcome)).toBe(
            OUTCOMES_BY_CHANNEL[channel].includes(outcome),
          );
        },
      ),
    );
  });

  it('every channel has its outcomes, all known, the first being the usual one', () => {
    for (const channel of CONTACT_CHANNELS) {
      const outcomes = OUTCOMES_BY_CHANNEL[channel];
      expect(outcomes.length).toBeGreaterThan(0);
      for (const o of outcomes) expect(CONTACT_OUTCOMES).toContain(o);
    }
  });
});

describe('moving a call back', () => {
  const move = callbackMoveSchema(() => NOW);
  it('needs a date or an owner', () => {
    expect(move.safeParse({}).success).toBe(false);
    expect(move.safeParse({ callbackOwnerId: VISITOR }).success).toBe(true);
    expect(move.safeParse({ callbackOn: '2026-12-10' }).success).toBe(true);
  });
  it('refuses a past date', () => {
    const result = move.safeParse({ callbackOn: '2026-12-01' });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual([
      'La date de rappel ne peut pas être passée.',
    ]);
  });
});
