/** What the matching routes answer (their `schema.response`): proposals for the waiting list. */
import { z } from 'zod';
import { id, type WireOf } from '../common/api.js';

// ---------------------------------------------------------------- answers

const point = z.object({ lat: z.number(), lon: z.number() });

/** A person of the answer: name, commune and home on the map (names only, nothing of the file). */
const personRef = z.object({
  id,
  firstName: z.string(),
  lastName: z.string(),
  communeName: z.string().nullable(),
  location: point.nullable().describe('Le domicile sur la carte, ou null s’il n’est pas localisé'),
});

/** A unit (pair or volunteer alone) proposed for a person, and why. */
const unitOption = z.object({
  unitId: id,
  homes: z.array(point).describe('Les domiciles des membres, pour la carte'),
  unitKind: z.enum(['pair', 'volunteer']),
  unitLabel: z.string().describe('Les noms des membres'),
  cost: z.number().describe('Coût en points (un point = une minute de trajet)'),
  explanation: z.string().describe('Pourquoi, en français : trajet, créneaux communs, intérêts'),
  travelMinutes: z
    .number()
    .int()
    .describe('Trajet aller, en minutes, pour le membre le plus éloigné'),
  commonDays: z
    .array(z.number().int())
    .describe('Jours avec un créneau commun (0 = lundi … 6 = dimanche)'),
  sharedInterests: z.array(z.string()),
  hasFreePlace: z.boolean().describe('Reste-t-il une place une fois les propositions acceptées'),
  parts: z
    .object({
      travel: z.number(),
      tightAvailability: z.number(),
      noSharedInterest: z.number(),
      unmetLanguagePreference: z.number(),
      changeOfUnit: z.number(),
    })
    .describe('Le coût, critère par critère'),
});

/** The units of a match that ended for want of affinity: left out, unless the coordinator asks. */
const avoidedUnits = z
  .array(z.object({ unitId: id, unitLabel: z.string(), included: z.boolean() }))
  .describe(
    'Binômes ou bénévoles d’un appariement arrêté faute d’affinité : écartés, sauf si demandé (included)',
  );
/** Binômes and volunteers not proposed because they are not ready (journey, documents). */
const leftOutUnits = z
  .array(z.object({ unitLabel: z.string(), reasons: z.array(z.string()) }))
  .describe('Binômes et bénévoles écartés (parcours, suspension, documents), avec la raison');

export const proposalsAnswer = z.object({
  localServiceId: id.nullable(),
  people: z.number().int().describe('Personnes considérées'),
  units: z.number().int().describe('Binômes et bénévoles seuls considérés'),
  matched: z.number().int(),
  unmatched: z.number().int(),
  totalCost: z.number(),
  travelTimes: z
    .enum(['osrm', 'estimate'])
    .describe('Temps de trajet routiers (osrm) ou estimés à vol d’oiseau'),
  mode: z.enum(['keep', 'reoptimise']),
  proposals: z.array(
    z.object({
      person: personRef,
      current: z
        .object({ unitId: id, unitLabel: z.string() })
        .nullable()
        .describe('Ré-optimisation : qui visite la personne aujourd’hui'),
      unchanged: z.boolean().describe('La personne garde qui la visite aujourd’hui'),
      choice: unitOption.nullable(),
      alternatives: z.array(unitOption),
      unmatchedReason: z.string().nullable().describe('Sans proposition : pourquoi, en français'),
      priority: z.boolean().describe('Prioritaire : appariement précédent arrêté faute d’affinité'),
      avoided: avoidedUnits,
    }),
  ),
  notLocated: z
    .array(personRef)
    .describe('Personnes en attente dont le domicile n’est pas localisé'),
  leftOut: leftOutUnits,
});

/** GET /api/matching/people/:id/suggestions: the best units for one waiting person. */
export const suggestionsAnswer = z.object({
  person: personRef,
  travelTimes: z.enum(['osrm', 'estimate']),
  units: z.number().int().describe('Binômes et bénévoles seuls considérés'),
  suggestions: z.array(unitOption).describe('Les meilleurs d’abord'),
  noneReason: z.string().nullable().describe('Sans proposition : pourquoi, en français'),
  priority: z.boolean().describe('Prioritaire : appariement précédent arrêté faute d’affinité'),
  avoided: avoidedUnits,
  leftOut: leftOutUnits,
});

export const acceptedView = z.object({
  accepted: z.number().int().describe('Appariements acceptés'),
});

// ---------------------------------------------------------------- what the web app reads

export type ProposalsAnswer = WireOf<typeof proposalsAnswer>;
export type Accepted = WireOf<typeof acceptedView>;
export type SuggestionsAnswer = WireOf<typeof suggestionsAnswer>;
