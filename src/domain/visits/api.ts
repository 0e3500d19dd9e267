/** What the visits routes answer (their `schema.response`): the visitor's day, reports, a person's visits. */
import { z } from 'zod';
import { day, id, timestamp, type WireOf } from '../common/api.js';

const phone = z.object({ number: z.string(), label: z.string().nullish() });

/**
 * The visitor's day. The phone keeps it offline (src/web/visits/TodayPage.tsx): at a door without
 * signal the visitor still has the address, the phone numbers, the access notes and the partner.
 */
export const myDayView = z.object({
  date: day,
  visits: z.array(
    z.object({
      id,
      date: day,
      startTime: z.string().describe('HH:MM'),
      endTime: z.string().describe('HH:MM'),
      durationMinutes: z.number().int(),
      place: z.string().describe('home, walk, errands ou club'),
      status: z.string().describe('planned, done ou not_done'),
      checkedInAt: timestamp.nullable(),
      checkedOutAt: timestamp.nullable(),
      person: z.object({
        id,
        name: z.string(),
        address: z.string(),
        phones: z.array(phone),
        accessNotes: z.string().nullable(),
        location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
        emergencyContacts: z.array(
          z.object({ name: z.string(), phone: z.string().nullable(), relationship: z.string() }),
        ),
      }),
      partners: z.array(
        z.object({
          id,
          name: z.string(),
          phone: z.string().nullable(),
          role: z.string().describe('member ou substitute'),
        }),
      ),
      report: z.object({ outcome: z.string(), clientId: id, createdAt: timestamp }).nullable(),
    }),
  ),
  upcoming: z
    .array(
      z.object({
        id,
        date: day,
        startTime: z.string(),
        endTime: z.string().describe('HH:MM'),
        personId: id,
        personName: z.string(),
        communeName: z.string().nullable(),
        address: z.string(),
        phones: z.array(phone),
        accessNotes: z.string().nullable(),
        location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
      }),
    )
    .describe(
      'Les visites prévues des 7 jours suivants, avec l’adresse et les téléphones : le téléphone les garde pour la tournée sans réseau',
    ),
});

export const reportAnswer = z.object({
  id: id.describe('Le compte rendu'),
  visitId: id,
  duplicate: z.boolean().describe('Déjà reçu (même identifiant client) : rien n’a été écrit'),
  alertId: id.nullable().describe('L’alerte levée par ce compte rendu'),
});

export const personVisitList = z.object({
  items: z.array(
    z.object({
      id,
      date: day,
      startTime: z.string(),
      status: z.string(),
      cancelReason: z.string().nullable(),
      visitors: z.array(z.string()).describe('Noms des visiteurs'),
      report: z
        .object({
          outcome: z.string(),
          durationMinutes: z.number().int().nullable(),
          activities: z.array(z.string()),
          mood: z.string().nullable(),
          observations: z.string().nullable(),
          concern: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  page: z.number().int(),
  hasMore: z.boolean(),
});

export const checkedInView = z.object({ id, checkedInAt: timestamp });

export const checkedOutView = z.object({ id, checkedOutAt: timestamp });

export const calendarLinkView = z.object({ active: z.boolean(), createdAt: timestamp.nullable() });

export const calendarLinkCreatedView = z.object({
  url: z.string().describe('Adresse secrète du flux iCalendar (.ics)'),
});

export const calendarLinkRevokedView = z.object({ revoked: z.boolean() });

// ---------------------------------------------------------------- what the web app reads

export type MyDay = WireOf<typeof myDayView>;
export type DayVisit = MyDay['visits'][number];
export type UpcomingVisit = MyDay['upcoming'][number];
export type PersonVisitList = WireOf<typeof personVisitList>;
export type CalendarLink = WireOf<typeof calendarLinkView>;
export type CalendarLinkCreated = WireOf<typeof calendarLinkCreatedView>;
