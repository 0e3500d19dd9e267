import { describe, expect, it } from 'vitest';
import { serviceInstant } from '../common/calendar.js';
import { checkHelpKind, helpKindLabel } from './kinds.js';
import { datesToGenerate, horizonEnd, isoWeekdayOf, occurrenceDates } from './occurrences.js';
import { endRequestSchema, publicRequestSchema, staffRequestSchema } from './schemas.js';

const weekly = (startsOn: string, endsOn: string | null = null) => ({
  recurrence: 'weekly' as const,
  startsOn,
  endsOn,
  weekday: isoWeekdayOf(startsOn),
});

describe('occurrences of a request', () => {
  it('gives the one-off date once, inside the window only', () => {
    const once = {
      recurrence: 'once' as const,
      startsOn: '2026-12-10',
      endsOn: null,
      weekday: null,
    };
    expect(occurrenceDates(once, '2026-12-01', '2026-12-31')).toEqual(['2026-12-10']);
    expect(occurrenceDates(once, '2026-12-11', '2026-12-31')).toEqual([]);
  });

  it('gives every Tuesday of a weekly series, from its first day', () => {
    // 2026-12-08 is a Tuesday.
    expect(isoWeekdayOf('2026-12-08')).toBe(2);
    expect(occurrenceDates(weekly('2026-12-08'), '2026-12-01', '2026-12-31')).toEqual([
      '2026-12-08',
      '2026-12-15',
      '2026-12-22',
      '2026-12-29',
    ]);
  });

  it('keeps the same weekday and local time across the changes of time (March and October)', () => {
    // Last Sunday of March 2027: the 28th; of October 2027: the 31st.
    const spring = occurrenceDates(weekly('2027-03-23'), '2027-03-20', '2027-04-10');
    expect(spring).toEqual(['2027-03-23', '2027-03-30', '2027-04-06']);
    const autumn = occurrenceDates(weekly('2027-10-26'), '2027-10-20', '2027-11-10');
    expect(autumn).toEqual(['2027-10-26', '2027-11-02', '2027-11-09']);
    // 09:00 in Paris is 08:00 UTC before the spring change and 07:00 UTC after it.
    expect(serviceInstant(spring[0]!, 540).toISOString()).toBe('2027-03-23T08:00:00.000Z');
    expect(serviceInstant(spring[1]!, 540).toISOString()).toBe('2027-03-30T07:00:00.000Z');
    expect(serviceInstant(autumn[1]!, 540).toISOString()).toBe('2027-11-02T08:00:00.000Z');
  });

  it('stops at the end of the series (its last day included)', () => {
    expect(occurrenceDates(weekly('2026-12-08', '2026-12-22'), '2026-12-01', '2027-03-01')).toEqual(
      ['2026-12-08', '2026-12-15', '2026-12-22'],
    );
    expect(occurrenceDates(weekly('2026-12-08', '2026-12-21'), '2026-12-01', '2027-03-01')).toEqual(
      ['2026-12-08', '2026-12-15'],
    );
  });

  it('extends the horizon from where it stopped, never before today', () => {
    const series = weekly('2026-12-08');
    const first = datesToGenerate(series, null, '2026-12-03');
    expect(first[0]).toBe('2026-12-08');
    expect(first.at(-1)! <= horizonEnd('2026-12-03')).toBe(true);
    expect(first).toHaveLength(8);
    // A week later the job adds the one new Tuesday.
    expect(datesToGenerate(series, horizonEnd('2026-12-03'), '2026-12-10')).toEqual(['2027-02-02']);
    // A horizon left behind (the job did not run): from today, not from the past.
    expect(datesToGenerate(series, '2026-12-15', '2027-01-05')[0]).toBe('2027-01-05');
  });
});

describe('kinds of help', () => {
  const kinds = [
    { code: 'shopping', label: 'Courses', active: true },
    { code: 'piano_lessons', label: 'Leçons de piano', active: true },
    { code: 'gardening', label: 'Jardinage', active: false },
  ];
  it('accepts the organisation’s active kinds only, and names them when it refuses', () => {
    expect(checkHelpKind('shopping', kinds)).toBeNull();
    expect(checkHelpKind('piano_lessons', kinds)).toBeNull();
    expect(checkHelpKind('gardening', kinds)).toBe(
      'Type d’aide inconnu. Types possibles : Courses, Leçons de piano.',
    );
    expect(checkHelpKind('juggling', kinds)).toMatch(/^Type d’aide inconnu\./);
  });
  it('names a kind by the organisation’s label, a default’s, or its code', () => {
    expect(helpKindLabel('piano_lessons', kinds)).toBe('Leçons de piano');
    expect(helpKindLabel('paperwork', [])).toBe('Démarches administratives');
    expect(helpKindLabel('gone_kind', [])).toBe('gone_kind');
  });
});

const clock = () => new Date('2026-12-03T10:00:00Z');
const valid = {
  personId: '2b1a7a5e-1c7e-4d7e-9a44-1c1f1b2b3c4d',
  channel: 'phone',
  postedBy: 'person',
  helpKind: 'shopping',
  urgency: 'normal',
  consentToContact: true,
  place: 'home',
  recurrence: 'weekly',
  startsOn: '2026-12-08',
  startTime: '09:00',
  endTime: '11:00',
};
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.message);

describe('a request’s input', () => {
  const schema = staffRequestSchema(clock);

  it('accepts a weekly shopping request', () => {
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it('refuses a request with no kind, in French', () => {
    const { helpKind: _k, ...noKind } = valid;
    expect(messages(schema.safeParse(noKind))).toContain('Choisissez le type d’aide demandée.');
    // A code's shape is the schema's; whether the organisation has it is the service's.
    expect(messages(schema.safeParse({ ...valid, helpKind: 'Piano !' })).join()).toMatch(
      /Type d’aide inconnu/,
    );
    expect(messages(schema.safeParse({ ...valid, helpKind: 'piano' }))).toEqual([]);
  });

  it('refuses a date in the past, an end before the start, a window that ends first', () => {
    expect(messages(schema.safeParse({ ...valid, startsOn: '2026-12-02' })).join()).toMatch(
      /ne peut pas être passée/,
    );
    expect(messages(schema.safeParse({ ...valid, endsOn: '2026-12-07' })).join()).toMatch(
      /avant sa première date/,
    );
    expect(messages(schema.safeParse({ ...valid, endTime: '08:00' })).join()).toMatch(
      /après l’heure de début/,
    );
  });

  it('refuses a request without the person’s agreement', () => {
    expect(messages(schema.safeParse({ ...valid, consentToContact: false })).join()).toMatch(
      /accord de la personne/,
    );
  });

  it('refuses a phone that is not a phone; reads every French way of writing one', () => {
    expect(messages(schema.safeParse({ ...valid, callerPhone: '12' })).join()).toMatch(/court/);
    for (const written of ['06 12 34 56 78', '+33 6 12 34 56 78', '0033612345678', '6 12 34 56 78'])
      expect(schema.parse({ ...valid, callerPhone: written }).callerPhone).toBe('+33612345678');
  });

  it('asks for a destination for a lift, and for the carer’s details on the public page', () => {
    expect(messages(schema.safeParse({ ...valid, helpKind: 'appointment' })).join()).toMatch(
      /où la personne doit se rendre/,
    );
    const page = publicRequestSchema(clock);
    const { personId: _p, channel: _c, ...fields } = valid;
    const carer = { ...fields, postedBy: 'carer', seniorName: 'Mme Roux', communeName: 'Beauvais' };
    expect(messages(page.safeParse(carer)).join()).toMatch(/votre nom/);
    expect(
      page.safeParse({ ...carer, carerName: 'Paul Roux', carerPhone: '06 12 34 56 78' }).success,
    ).toBe(true);
  });

  it('ends a series today or later', () => {
    expect(endRequestSchema(clock).safeParse({ lastOn: '2026-12-01' }).success).toBe(false);
    expect(endRequestSchema(clock).safeParse({ lastOn: null }).success).toBe(true);
  });
});
