import { describe, expect, it } from 'vitest';
import {
  checkNotifyChannel,
  checkOffers,
  DEFAULT_HELP_KINDS,
  defaultHelpKindRows,
  HELP_KIND_CODE,
  helpKindCodeOf,
  neighbourValidation,
  NOT_A_NEIGHBOUR,
  rolesWithNeighbourHelp,
  slotsOfPeriods,
} from './model.js';
import { neighbourProfileSchema, neighbourPublicSignUpSchema } from './api.js';

const kinds = DEFAULT_HELP_KINDS.map((k) => ({ ...k, active: k.code !== 'gardening' }));
const rules = [
  { key: 'charter', label: 'Charte du bénévole signée', expires: false, currentVersion: '2' },
  { key: 'insurance', label: 'Attestation d’assurance', expires: true, currentVersion: null },
];
const docs = [
  { kind: 'charter', version: '2', receivedOn: '2026-01-10', expiresOn: null },
  { kind: 'insurance', version: null, receivedOn: '2026-01-10', expiresOn: '2027-06-30' },
];
const neighbour = {
  kind: 'volunteer',
  roles: ['neighbour_help'],
  journeyStage: 'active',
  suspendedReason: null,
  suspendedUntil: null,
  endedOn: null,
};

describe('help kinds', () => {
  it('every organisation starts with the eight kinds of issue 13, valid codes, in order', () => {
    const rows = defaultHelpKindRows('org');
    expect(rows.map((r) => r.label)).toEqual([
      'Courses',
      'Transport ou accompagnement à un rendez-vous',
      'Compagnie',
      'Appels téléphoniques',
      'Petits travaux',
      'Jardinage',
      'Démarches administratives',
      'Aide numérique',
    ]);
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const row of rows) expect(row.code).toMatch(HELP_KIND_CODE);
  });

  it('a new kind gets a code from its label, unique in the organisation', () => {
    expect(helpKindCodeOf('Lecture à voix haute', [])).toBe('lecture_a_voix_haute');
    expect(helpKindCodeOf('Courses', ['courses'])).toBe('courses_2');
    expect(helpKindCodeOf('Courses', ['courses', 'courses_2'])).toBe('courses_3');
    expect(helpKindCodeOf('  « 1 » !', [])).toMatch(HELP_KIND_CODE);
    expect(helpKindCodeOf('x'.repeat(120), [])).toMatch(HELP_KIND_CODE);
  });
});

describe('a neighbour’s offer', () => {
  it('refuses an unknown or deactivated kind, naming the kinds offered', () => {
    expect(checkOffers(['shopping', 'company'], kinds)).toEqual({ ok: true });
    const unknown = checkOffers(['plomberie'], kinds);
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.message).toContain('« plomberie »');
      expect(unknown.message).toContain('« Courses »');
      expect(unknown.message).not.toContain('« Jardinage »');
    }
    expect(checkOffers(['gardening'], kinds).ok).toBe(false);
    expect(checkOffers([], kinds).ok).toBe(false);
  });

  it('an SMS or a call needs a phone, an e-mail an address', () => {
    expect(checkNotifyChannel('sms', { email: 'a@b.fr', phone: null })).toMatchObject({
      ok: false,
      field: 'phone',
    });
    expect(checkNotifyChannel('phone_call', { email: null, phone: '+33612345678' }).ok).toBe(true);
    expect(checkNotifyChannel('email', { email: null, phone: '+33612345678' })).toMatchObject({
      ok: false,
      field: 'email',
    });
  });

  it('refuses 500 km, 0 km and a limit of 0 with a clear French message', () => {
    const base = { offers: ['shopping'], maxDistanceKm: 5, weeklyLimit: 2, notifyBy: 'sms' };
    expect(neighbourProfileSchema.safeParse(base).success).toBe(true);
    const far = neighbourProfileSchema.safeParse({ ...base, maxDistanceKm: 500 });
    expect(far.success).toBe(false);
    expect(far.error?.issues[0]?.message).toContain('entre 1 et 50 km');
    expect(neighbourProfileSchema.safeParse({ ...base, maxDistanceKm: 0 }).success).toBe(false);
    const limit = neighbourProfileSchema.safeParse({ ...base, weeklyLimit: 0 });
    expect(limit.error?.issues[0]?.message).toContain('par semaine');
    const channel = neighbourProfileSchema.safeParse({ ...base, notifyBy: 'pigeon' });
    expect(channel.error?.issues[0]?.message).toContain('par SMS');
  });

  it('the public sign-up refuses a phone that is not a phone and asks for consent', () => {
    const input = {
      lastName: 'Roy',
      firstName: 'Anne',
      phone: '12',
      postalCode: '60000',
      communeName: 'Beauvais',
      offers: ['shopping'],
      maxDistanceKm: 3,
      notifyBy: 'sms',
      periods: [{ weekday: 2, period: 'morning' }],
    };
    const result = neighbourPublicSignUpSchema.safeParse(input);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('phone');
    expect(paths).toContain('consent');
    const ok = neighbourPublicSignUpSchema.parse({
      ...input,
      phone: '06 12 34 56 78',
      consent: true,
    });
    expect(ok.phone).toBe('+33612345678');
    expect(ok.weeklyLimit).toBe(2);
  });

  it('the periods ticked become weekly availability slots, once each', () => {
    expect(
      slotsOfPeriods([
        { weekday: 3, period: 'afternoon' },
        { weekday: 1, period: 'morning' },
        { weekday: 3, period: 'afternoon' },
        { weekday: 3, period: 'evening' },
      ]),
    ).toEqual([
      { weekday: 1, startTime: '09:00', endTime: '12:00' },
      { weekday: 3, startTime: '14:00', endTime: '18:00' },
      { weekday: 3, startTime: '18:00', endTime: '20:00' },
    ]);
  });

  it('saving an offer adds the neighbour role and keeps visits only when asked or already there', () => {
    expect(rolesWithNeighbourHelp(['visits'], null)).toEqual(['visits', 'neighbour_help']);
    expect(rolesWithNeighbourHelp(['visits'], false)).toEqual(['neighbour_help']);
    expect(rolesWithNeighbourHelp(['neighbour_help'], null)).toEqual(['neighbour_help']);
    expect(rolesWithNeighbourHelp(['neighbour_help'], true)).toEqual(['visits', 'neighbour_help']);
  });
});

describe('a validated neighbour', () => {
  const today = '2026-12-03';

  it('is active with the charter in its current version and a valid insurance', () => {
    expect(neighbourValidation(neighbour, docs, rules, today, 30)).toEqual({
      validated: true,
      reasons: [],
      warnings: [],
    });
  });

  it('is not validated before the interview, without insurance, suspended, or without the role', () => {
    const applying = neighbourValidation(
      { ...neighbour, journeyStage: 'applied' },
      docs,
      rules,
      today,
      30,
    );
    expect(applying.validated).toBe(false);
    expect(applying.reasons.join(' ')).toMatch(/Candidature reçue/);
    const uninsured = neighbourValidation(neighbour, docs.slice(0, 1), rules, today, 30);
    expect(uninsured.validated).toBe(false);
    expect(uninsured.reasons.join(' ')).toMatch(/assurance/i);
    const oldCharter = neighbourValidation(
      neighbour,
      [{ ...docs[0]!, version: '1' }, docs[1]!],
      rules,
      today,
      30,
    );
    expect(oldCharter.validated).toBe(false);
    const suspended = neighbourValidation(
      { ...neighbour, journeyStage: 'suspended', suspendedReason: 'Plainte à examiner' },
      docs,
      rules,
      today,
      30,
    );
    expect(suspended.reasons.join(' ')).toContain('Plainte à examiner');
    const visitorOnly = neighbourValidation(
      { ...neighbour, roles: ['visits'] },
      docs,
      rules,
      today,
      30,
    );
    expect(visitorOnly).toMatchObject({ validated: false, reasons: [NOT_A_NEIGHBOUR] });
  });

  it('warns of an insurance expiring soon, still validated', () => {
    const soon = neighbourValidation(
      neighbour,
      [docs[0]!, { ...docs[1]!, expiresOn: '2026-12-20' }],
      rules,
      today,
      30,
    );
    expect(soon.validated).toBe(true);
    expect(soon.warnings.length).toBe(1);
  });
});
