/**
 * "Trouver un binôme ou un bénévole" on a waiting person's file (issue 11): the best units with
 * their explanation and the map, then accepting one; the file then shows the pair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, login, openPage, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

const waitH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

describe('matching one waiting person from her file', () => {
  it('shows the best units, their explanation and the map, and accepts one', async () => {
    const { db } = world.test.services;
    const { visitorAvailability } = await import('../../src/db/schema.js');
    // The fixture pair (Inès and Hugo) is free on weekdays.
    for (const v of [world.test.fixtures.v1, world.test.fixtures.v2]) {
      await db.insert(visitorAvailability).values(
        [1, 2, 3, 4, 5].map((weekday) => ({
          visitorId: v.id,
          weekday,
          startTime: '09:00',
          endTime: '18:00',
        })),
      );
    }
    const { context, page, errors } = await openPage(world);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    const odette = world.test.fixtures.p3;
    await page.goto(`/personnes/${odette.id}`);
    await waitH1(page, 'Odette Moreau');
    await page.getByRole('link', { name: 'Trouver un binôme ou un bénévole' }).click();
    await waitH1(page, 'Trouver un binôme ou un bénévole pour Odette Moreau');

    const first = page.getByRole('region', {
      name: /^Proposition 1 : Inès Martin et Hugo Bernard/,
    });
    await first.waitFor();
    expect(await first.textContent()).toMatch(/\d+ min en voiture, 5 créneaux communs/);
    // The map draws the person, the two visitors and the trips, with no tiles (offline tests).
    await page.getByRole('img', { name: /^Carte : domicile d’Odette Moreau/ }).waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('.proposal-map svg path').length >= 5,
    );
    await checkA11y(page, 'propositions pour une personne');

    await first
      .getByRole('button', {
        name: 'Accepter : confier Odette Moreau à Inès Martin et Hugo Bernard',
      })
      .click();
    await waitH1(page, 'Odette Moreau');
    await page
      .getByText(
        'Odette Moreau est confiée à Inès Martin et Hugo Bernard : les visites peuvent commencer.',
      )
      .waitFor();
    expect(await page.locator('.status-line').textContent()).toContain('Visites en cours');
    // No longer waiting: the action is gone.
    expect(await page.getByRole('link', { name: 'Trouver un binôme ou un bénévole' }).count()).toBe(
      0,
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
