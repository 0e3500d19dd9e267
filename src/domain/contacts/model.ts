/**
 * The contact log (issue 12, ADR 0027): every call, message, letter, home visit or meeting with a
 * person, one of their carers or a visitor, with its outcome, a short note and, when someone must
 * call back, the date and who does it.
 *
 * This module says which channels and outcomes exist, which outcome fits which channel, and what
 * the one-tap entries of the contact panel stand for. Pure: no server, database or web code.
 */
import { addDays, serviceToday } from '../common/calendar.js';

export const CONTACT_CHANNELS = [
  'call_out',
  'call_in',
  'voicemail',
  'sms',
  'email',
  'letter',
  'home_visit',
  'meeting',
] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_OUTCOMES = [
  'reached',
  'no_answer',
  'message_left',
  'wrong_number',
  'sent',
  'other',
] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** A note is short: what the follow-up needs (the CNIL reminder is shown where it is typed). */
export const NOTE_MAX = 1000;

/** What a contact is about, when another capability writes it (the life of a match, the journey). */
export const CONTACT_PURPOSES = ['match_announcement', 'trial_check', 'review', 'journey'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];

/** Server-side wording (error messages); the screens read the same codes from the catalogue. */
export const CHANNEL_LABELS: Readonly<Record<ContactChannel, string>> = {
  call_out: 'Appel passé',
  call_in: 'Appel reçu',
  voicemail: 'Message vocal laissé',
  sms: 'SMS',
  email: 'E-mail',
  letter: 'Courrier',
  home_visit: 'Visite à domicile',
  meeting: 'Rencontre',
};

export const OUTCOME_LABELS: Readonly<Record<ContactOutcome, string>> = {
  reached: 'Échange avec la personne',
  no_answer: 'Pas de réponse',
  message_left: 'Message laissé',
  wrong_number: 'Numéro erroné',
  sent: 'Envoyé',
  other: 'Autre',
};

/**
 * The outcomes that make sense for each channel, the usual one first (the form preselects it).
 * A voicemail is by definition a message left; a letter, an SMS or an e-mail is sent (an SMS to a
 * number that is not the person's is a wrong number); a call or a home visit reaches someone or
 * not. "reached" is what the retention rules count as a contact (src/server/rights/retention.ts):
 * a visit or a meeting that took place is "reached".
 */
export const OUTCOMES_BY_CHANNEL: Readonly<Record<ContactChannel, readonly ContactOutcome[]>> = {
  call_out: ['reached', 'no_answer', 'wrong_number', 'other'],
  call_in: ['reached', 'other'],
  voicemail: ['message_left'],
  sms: ['sent', 'wrong_number', 'other'],
  email: ['sent', 'other'],
  letter: ['sent', 'other'],
  home_visit: ['reached', 'no_answer', 'other'],
  meeting: ['reached', 'other'],
};

export function outcomeFits(channel: ContactChannel, outcome: ContactOutcome): boolean {
  return OUTCOMES_BY_CHANNEL[channel].includes(outcome);
}

/** "Pour « Appel reçu », le résultat est : Échange avec la personne ou Autre." */
export function outcomeMismatchMessage(channel: ContactChannel): string {
  const labels = OUTCOMES_BY_CHANNEL[channel].map((o) => OUTCOME_LABELS[o]);
  const list =
    labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} ou ${labels.at(-1)}`;
  return `Pour « ${CHANNEL_LABELS[channel]} », le résultat est : ${list}.`;
}

/** The one-tap entries of the contact panel, as the mutual-aid dispatch tools have them. */
export const CONTACT_PRESETS = ['no_answer', 'message_left', 'call_back_tomorrow'] as const;
export type ContactPreset = (typeof CONTACT_PRESETS)[number];

export interface PresetEntry {
  channel: ContactChannel;
  outcome: ContactOutcome;
  /** AAAA-MM-JJ, or null: no call back planned. */
  callbackOn: string | null;
}

/**
 * What a one-tap entry records, at `now`:
 * - « Pas de réponse »: a call made that nobody answered;
 * - « Message laissé »: a voicemail left;
 * - « Rappeler demain »: a call nobody answered, to call again tomorrow — tomorrow in Paris, so an
 *   entry at 00:30 on the 4th (23:30 UTC on the 3rd) calls back on the 5th. Tomorrow is tomorrow
 *   even on a Saturday: the call back then falls on Sunday, and since the worklist shows overdue
 *   calls first, it comes first on Monday. Someone who wants Monday uses the full form.
 */
export function presetEntry(preset: ContactPreset, now: Date = new Date()): PresetEntry {
  switch (preset) {
    case 'no_answer':
      return { channel: 'call_out', outcome: 'no_answer', callbackOn: null };
    case 'message_left':
      return { channel: 'voicemail', outcome: 'message_left', callbackOn: null };
    case 'call_back_tomorrow':
      return {
        channel: 'call_out',
        outcome: 'no_answer',
        callbackOn: addDays(serviceToday(now), 1),
      };
  }
}
