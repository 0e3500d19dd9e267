/**
 * The visitor's phone without network, in a real Chromium with the service worker: after a first
 * visit online, the app reopens offline on the day (not on the login page, not blank), with the
 * time of the last synchronisation and the next days; a report written offline is listed in the
 * outbox, survives a reload, and is sent once when the network returns. Only the server's answer
 * signs out. Also: the round of the day (map and one itinerary link), and "nobody answers" eight
 * hours before the slot, asked first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { checkA11y, login, openPage, PHONE, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);

afterAll(async () => {
  await world?.close();
});

const waitH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

async function visitOf(personId: string, date: string, startTime: string, rank: number) {
  const { visits, visitVisitors } = await import('../../src/db/schema.js');
  const { mondayOf } = await import('../../src/domain/common/calendar.js');
  const f = world.test.fixtures;
  const [row] = await world.test.services.db
    .insert(visits)
    .values({
      organisationId: f.orgA.id,
      localServiceId: f.ls1.id,
      personId,
      weekStart: mondayOf(date),
      rank,
      date,
      startTime,
      durationMinutes: 90,
      crew: 'pair',
    })
    .returning();
  await world.test.services.db.insert(visitVisitors).values([
    { visitId: row!.id, visitorId: f.v1.id },
    { visitId: row!.id, visitorId: f.v2.id },
  ]);
  return row!.id;
}

describe('the visitor’s phone without network', () => {
  it('reopens offline on the day with its sync time and the next days, lists and then sends a report written offline', async () => {
    const { people, visitReports, sessions } = await import('../../src/db/schema.js');
    const { addDays, serviceToday } = await import('../../src/domain/common/calendar.js');
    const f = world.test.fixtures;
    const db = world.test.services.db;
    const today = serviceToday();
    // Marcel has no coordinates: the itinerary finds him by his address.
    await db
      .update(people)
      .set({ street: '5 rue de la Paix', latitude: null, longitude: null })
      .where(eq(people.id, f.p2.id));
    // Just after midnight: inside the check-in window whenever the test runs.
    const first = await visitOf(f.p1.id, today, '00:00', 11);
    await visitOf(f.p2.id, today, '00:30', 12);
    await visitOf(f.p1.id, addDays(today, 2), '10:15', 13);

    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.visitor.email);
    await page.goto('/aujourdhui');
    await waitH1(page, 'Mes visites du jour');
    await page.getByText(/^Dernière synchronisation : /).waitFor();

    // The round of the day: in order, one link for the maps app, and the map.
    const round = page.getByRole('region', { name: 'Ma tournée' });
    expect(await round.getByRole('listitem').allTextContents()).toEqual([
      '00:00 : Hélène Lefèvre',
      '00:30 : Marcel Durand',
    ]);
    const href = await round
      .getByRole('link', { name: 'Ouvrir l’itinéraire dans l’application de cartes' })
      .getAttribute('href');
    const itinerary = new URL(href!);
    expect(itinerary.origin + itinerary.pathname).toBe('https://www.google.com/maps/dir/');
    expect(itinerary.searchParams.get('waypoints')).toBe('49.43,2.08');
    expect(itinerary.searchParams.get('destination')).toBe('5 rue de la Paix, 60000 Beauvais');
    await round.getByRole('img', { name: /Carte de la tournée : 1 étapes?/ }).waitFor();

    // The service worker has stored the app shell.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // A page loaded before its worker was active is taken over by `clients.claim()`; when that
    // races the page's own load, the next opening of the app is controlled (as on a real phone).
    const controlled = () =>
      page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
        timeout: 10_000,
      });
    await controlled().catch(async () => {
      await page.reload();
      await waitH1(page, 'Mes visites du jour');
      await controlled();
    });

    // No network: the app reopens on the day, as last synchronised.
    await context.setOffline(true);
    // Chromium's offline emulation does not always hold for a request that a controlled page's
    // service worker lets through to the network (it once reached the server in CI): the API is
    // also cut here, as it is on a phone with no signal.
    await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await waitH1(page, 'Mes visites du jour');
    await page
      .getByText('Pas de réseau : voici vos visites telles qu’elles sont gardées')
      .waitFor();
    const syncLine = await page.getByText(/^Dernière synchronisation : /).textContent();
    expect(syncLine).toMatch(
      /^Dernière synchronisation : (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \S+ à \d{2} h \d{2}$/,
    );
    const morning = page.getByRole('article', { name: '00:00 – 01:30 : Hélène Lefèvre' });
    await morning.getByRole('link', { name: '06 12 34 56 78' }).waitFor();
    const next = page.getByRole('region', { name: 'Les 7 prochains jours' });
    await next.getByText('10:15 – 11:45 : Hélène Lefèvre').waitFor();
    await next.getByText('Beauvais').first().waitFor();

    // A report written offline waits in the outbox, listed.
    await morning.getByRole('button', { name: 'Écrire le compte rendu' }).click();
    await morning.getByRole('radio', { name: 'A eu lieu' }).check();
    await morning.getByLabel('Durée (minutes)').fill('70');
    await morning.getByRole('button', { name: 'Envoyer le compte rendu' }).click();
    await page.getByText(/Pas de réseau : le compte rendu est gardé/).waitFor();
    const outbox = page.getByRole('region', { name: 'En attente d’envoi' });
    await outbox
      .getByText(/^Hélène Lefèvre, visite du \S+ \d{1,2} \S+ à 00 h 00 : visite faite \(écrit à/)
      .waitFor();

    // Still there after the app is closed and reopened without network.
    await page.reload();
    await waitH1(page, 'Mes visites du jour');
    await page
      .getByRole('region', { name: 'En attente d’envoi' })
      .getByText(/^Hélène Lefèvre, visite du/)
      .waitFor();
    expect(await db.select().from(visitReports).where(eq(visitReports.visitId, first))).toEqual([]);

    // Back online: sent once, and the outbox is empty.
    await context.unroute('**/api/**');
    await context.setOffline(false);
    await morning.getByText('Compte rendu envoyé : visite faite').waitFor({ timeout: 40_000 });
    await page.getByRole('region', { name: 'En attente d’envoi' }).waitFor({ state: 'detached' });
    const stored = await db.select().from(visitReports).where(eq(visitReports.visitId, first));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ outcome: 'done', durationMinutes: 70 });
    await checkA11y(page, 'aujourd’hui, tournée et jours suivants');

    // The server ends the session: then, and only then, the phone signs out.
    await db.delete(sessions).where(eq(sessions.userId, f.usersA.visitor.id));
    await page.reload();
    await page.waitForURL((url) => url.pathname.startsWith('/connexion'));
    expect(await page.evaluate(() => localStorage.getItem('convivialite.session'))).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('asks before sending “nobody answers” eight hours before the slot, then sends it', async () => {
    const { visitReports } = await import('../../src/db/schema.js');
    const { serviceInstant, serviceToday } = await import('../../src/domain/common/calendar.js');
    const f = world.test.fixtures;
    const today = serviceToday();
    const visitId = await visitOf(f.p3.id, today, '14:30', 14);

    const { context, page, errors } = await openPage(world);
    // The phone's clock says 06:30 in Paris (the server judges the report by when it was written).
    await page.clock.setFixedTime(serviceInstant(today, 6 * 60 + 30));
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.visitor.email);
    await page.goto('/aujourdhui');
    await waitH1(page, 'Mes visites du jour');
    const visit = page.getByRole('article', { name: '14:30 – 16:00 : Odette Moreau' });
    await visit.getByRole('button', { name: 'Écrire le compte rendu' }).click();
    await visit.getByRole('radio', { name: /Personne ne répond/ }).check();
    await visit.getByRole('button', { name: 'Envoyer le compte rendu' }).click();
    await visit
      .getByRole('alert')
      .getByText(
        'La visite commence à 14 h 30 : il est plus d’une heure avant. Êtes-vous bien devant chez la personne, sans réponse ?',
      )
      .waitFor();
    expect(
      await world.test.services.db
        .select()
        .from(visitReports)
        .where(eq(visitReports.visitId, visitId)),
    ).toEqual([]);
    await checkA11y(page, 'personne ne répond, hors de la fenêtre');
    await visit.getByRole('button', { name: 'Oui, personne ne répond : envoyer' }).click();
    await page.getByText(/Alerte urgente envoyée au coordinateur/).waitFor();
    const [stored] = await world.test.services.db
      .select()
      .from(visitReports)
      .where(eq(visitReports.visitId, visitId));
    expect(stored).toMatchObject({ outcome: 'no_answer' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('says why an early arrival is refused and sends it again once confirmed', async () => {
    const { visits } = await import('../../src/db/schema.js');
    const { serviceToday } = await import('../../src/domain/common/calendar.js');
    const f = world.test.fixtures;
    const visitId = await visitOf(f.p2.id, serviceToday(), '21:30', 15);
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.visitor.email);
    // The server's clock cannot be set from here: its 409 is played for the first, unconfirmed
    // arrival (the API test checks the server's own); the confirmed one goes to the real server.
    const sent: unknown[] = [];
    await page.route(`**/api/visits/${visitId}/check-in`, async (route) => {
      const body = route.request().postDataJSON() as { confirmOutsideWindow?: boolean };
      sent.push(body);
      if (body.confirmOutsideWindow) return route.continue();
      return route.fulfill({
        status: 409,
        contentType: 'application/json',
        body: JSON.stringify({
          error: 'outside_window',
          message:
            'Vous signalez votre arrivée plus d’une heure avant la visite de 21 h 30. Vérifiez qu’il s’agit de la bonne visite, puis confirmez.',
          window: 'too_early',
          opensAt: '20:30',
        }),
      });
    });
    await page.goto('/aujourdhui');
    await waitH1(page, 'Mes visites du jour');
    const visit = page.getByRole('article', { name: '21:30 – 23:00 : Marcel Durand' });
    await visit.getByRole('button', { name: 'Je suis arrivé(e)' }).click();
    await visit
      .getByRole('alert')
      .getByText(/^Vous signalez votre arrivée plus d’une heure avant la visite de 21 h 30\./)
      .waitFor();
    await checkA11y(page, 'arrivée hors de la fenêtre');
    await visit.getByRole('button', { name: 'Oui, je suis arrivé(e)' }).click();
    await visit.getByText('Sur place').waitFor();
    expect(sent).toEqual([{}, { confirmOutsideWindow: true }]);
    const [row] = await world.test.services.db.select().from(visits).where(eq(visits.id, visitId));
    expect(row!.checkedInAt).not.toBeNull();
    expect(errors.filter((e) => !/409/.test(e))).toEqual([]);
    await context.close();
  }, 120_000);
});
