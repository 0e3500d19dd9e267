/**
 * Active neighbours (issue 13) in the browser, at 360 px with axe: a neighbour signs up on the
 * public page (refused first for 500 km, in French); the animator finds them in the list,
 * filtered by kind of help; an administrator adds a kind of help in the settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, login, openPage, PHONE, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

const waitH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

const fitsThePhone = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    PHONE.width,
  );

describe('active neighbours', () => {
  it('a neighbour signs up on the public page from a phone', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await page.goto(`/devenir-voisin-actif/${world.test.fixtures.orgA.id}`);
    await waitH1(page, 'Devenir voisin actif');
    await checkA11y(page, 'page publique « Devenir voisin actif »');
    await fitsThePhone(page);
    await page.locator('input[name="lastName"]').fill('Garnier');
    await page.locator('input[name="firstName"]').fill('Chloé');
    await page.locator('input[name="phone"]').fill('06 12 34 56 78');
    await page.locator('input[name="postalCode"]').fill('60000');
    await page.locator('input[name="communeName"]').fill('Beauvais');
    await page.getByLabel('Courses', { exact: true }).check();
    await page.getByLabel('Compagnie', { exact: true }).check();
    await page.locator('input[name="maxDistanceKm"]').fill('500');
    await page.getByRole('group', { name: 'Mardi' }).getByLabel('Matin').check();
    await page.getByRole('group', { name: 'Samedi' }).getByLabel('Après-midi').check();
    await page.getByLabel('Par SMS').check();
    await page.getByLabel(/J’accepte que l’association enregistre/).check();
    await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
    // 500 km: refused, with the reason in French.
    await page
      .getByText(/entre 1 et 50 km/)
      .first()
      .waitFor();
    await checkA11y(page, 'inscription refusée : 500 km');
    await page.locator('input[name="maxDistanceKm"]').fill('4');
    await page.getByRole('button', { name: 'Envoyer mon inscription' }).click();
    await waitH1(page, 'Inscription envoyée');
    await page.getByText(/Votre inscription est bien arrivée/).waitFor();
    await checkA11y(page, 'inscription envoyée');
    await fitsThePhone(page);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('the animator finds the new neighbour in the list, by kind of help', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    await page.goto('/voisins');
    await waitH1(page, 'Voisins actifs');
    await page.getByText('GARNIER Chloé').waitFor();
    await page.getByLabel('Type d’aide').selectOption({ label: 'Aide numérique' });
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('Aucun voisin actif ne correspond à ces filtres.').waitFor();
    await checkA11y(page, 'liste des voisins actifs, vide');
    await page.getByLabel('Type d’aide').selectOption({ label: 'Compagnie' });
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByText('GARNIER Chloé').waitFor();
    expect(await page.getByText('Candidature reçue').count()).toBeGreaterThan(0);
    await checkA11y(page, 'liste des voisins actifs');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('an administrator adds a kind of help in the settings', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, world.test.fixtures.usersA.admin.email);
    await page.goto('/organisation');
    const section = page.getByRole('region', { name: 'Types d’aide' });
    await section.getByText('Aide numérique').waitFor();
    await section.getByLabel('Nouveau type d’aide').fill('Lecture à voix haute');
    await section.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByText('Type d’aide « Lecture à voix haute » ajouté.').waitFor();
    await section.getByRole('button', { name: 'Désactiver « Jardinage »' }).click();
    await page.getByText('Type d’aide « Jardinage » désactivé.').waitFor();
    await checkA11y(page, 'types d’aide');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
