/**
 * The demo's professionals' directory (issue 13, ADR 0035): a few paid services of the Oise
 * organisation, serving communes of its territories, with opening hours; one checked lately, one
 * due for its yearly check (the campaign asks it), one without e-mail (staff check it by phone),
 * one no longer listed. PURE: rows for the seed, dates relative to the demo's today.
 */
import type { professionalCommunes, professionals } from '../db/schema.js';
import { addDays } from '../domain/common/calendar.js';

type Commune = { postalCode: string; communeName: string; departmentCode: string };

export interface DemoProfessionals {
  professionals: (typeof professionals.$inferInsert & { id: string })[];
  professionalCommunes: (typeof professionalCommunes.$inferInsert)[];
}

const WEEKDAYS_8_TO_18 = [0, 1, 2, 3, 4].flatMap((weekday) => [
  { weekday, start: '08:00', end: '12:00' },
  { weekday, start: '14:00', end: '18:00' },
]);

/**
 * `communes`: the organisation's communes (its territories), in a stable order; `uuid` gives the
 * ids (the generator's deterministic ids).
 */
export function demoProfessionals(
  organisationId: string,
  communes: readonly Commune[],
  today: string,
  uuid: () => string,
): DemoProfessionals {
  const out: DemoProfessionals = { professionals: [], professionalCommunes: [] };
  if (!communes.length) return out;
  const home = communes[0]!;
  const around = (from: number, count: number) =>
    Array.from(
      { length: Math.min(count, communes.length) },
      (_, i) => communes[(from + i) % communes.length]!,
    );
  const add = (
    values: Omit<typeof professionals.$inferInsert, 'organisationId' | 'id'>,
    served: readonly Commune[],
  ) => {
    const id = uuid();
    out.professionals.push({ id, organisationId, ...values });
    const seen = new Set<string>();
    for (const c of served) {
      const key = `${c.departmentCode}|${c.communeName}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.professionalCommunes.push({ professionalId: id, organisationId, ...c });
    }
  };
  add(
    {
      trade: 'plumber',
      businessName: 'Plomberie Martin et fils',
      contactName: 'Julien Martin',
      phone: '+33344450101',
      email: 'contact@plomberie-martin.example',
      website: 'https://plomberie-martin.example/',
      postalCode: home.postalCode,
      communeName: home.communeName,
      street: '12 rue de la République',
      hours: [...WEEKDAYS_8_TO_18, { weekday: 5, start: '09:00', end: '12:00' }],
      worksPublicHolidays: true,
      lastCheckedOn: addDays(today, -90),
      checkedVia: 'staff',
      notes: 'Dépannages urgents le samedi matin.',
    },
    around(0, 8),
  );
  add(
    {
      trade: 'electrician',
      businessName: 'Élec Services Picardie',
      phone: '+33344450202',
      email: 'bonjour@elec-picardie.example',
      hours: WEEKDAYS_8_TO_18,
      lastCheckedOn: addDays(today, -400),
      checkedVia: 'link',
    },
    around(2, 6),
  );
  add(
    {
      trade: 'home_hairdresser',
      businessName: 'Coiffure à domicile Sandrine',
      contactName: 'Sandrine Leroy',
      phone: '+33612345601',
      hours: [1, 3, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
      lastCheckedOn: addDays(today, -200),
      checkedVia: 'staff',
    },
    around(0, 12),
  );
  add(
    {
      trade: 'taxi',
      businessName: 'Taxi Conventionné du Beauvaisis',
      phone: '+33344450303',
      email: 'taxi-beauvaisis@example.org',
      hours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '06:00', end: '21:00' })),
      worksPublicHolidays: true,
      lastCheckedOn: addDays(today, -30),
      checkedVia: 'staff',
    },
    around(1, 15),
  );
  add(
    {
      trade: 'gardener',
      businessName: 'Les Jardins de Paul',
      contactName: 'Paul Dubois',
      phone: '+33687654321',
      hours: [2, 3].map((weekday) => ({ weekday, start: '08:30', end: '16:30' })),
      lastCheckedOn: addDays(today, -700),
      checkedVia: 'staff',
      active: false,
      notes: 'A cessé son activité : retiré de l’annuaire.',
    },
    around(4, 3),
  );
  return out;
}
