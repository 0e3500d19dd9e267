/**
 * The professionals' directory on a phone (issue 13): a coordinator adds a plumber at 360 px; an
 * operator looks up a plumber serving Lormes (and finds no gardener there); the professional opens
 * the yearly link and confirms "tout est juste". Each screen checked with axe.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { professionalChecks } from '../../src/db/schema.js';
import { checkA11y, login, openPage, PHONE, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

const waitH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

async function noOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('the professionals’ directory on a phone', () => {
  let plumberId: string;

  it('a coordinator adds a plumber serving Lormes', async () => {
    const f = world.test.fixtures;
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.coordinator.email);
    await page.goto('/professionnels/nouveau');
    await waitH1(page, 'Ajouter un professionnel');
    await page.getByLabel('Métier').selectOption('plumber');
    await page.getByLabel('Nom de l’entreprise').fill('Plomberie du Morvan');
    await page.getByLabel('Téléphone').fill('03.86.22.14.55');
    const served = page.getByRole('group', { name: 'Communes où il intervient' });
    await served.getByLabel('Code postal').fill('58140');
    await served.getByLabel('Commune').fill('Lormes');
    await page.getByRole('button', { name: 'Ajouter une plage horaire' }).click();
    const hours = page.getByRole('group', { name: 'Horaires' });
    await hours.getByLabel('À').fill('07:00');
    await checkA11y(page, 'formulaire professionnel');
    await noOverflow(page);
    // The end before the start: refused in French, on the field.
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page
      .getByText(/l’heure de fin \(07:00\) doit être après l’heure de début/)
      .first()
      .waitFor();
    await hours.getByLabel('À').fill('12:00');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await waitH1(page, 'Plomberie du Morvan');
    await page.getByText('lundi : 08:00–12:00').waitFor();
    plumberId = new URL(page.url()).pathname.split('/').pop()!;
    await checkA11y(page, 'fiche professionnel');
    await noOverflow(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an operator looks up a plumber serving Lormes, at 360 px', async () => {
    const f = world.test.fixtures;
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.operator.email);
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Professionnels' })
      .click();
    await waitH1(page, 'Professionnels');
    await page.getByText('Services payants, hors bénévolat.').waitFor();
    await page.getByLabel('Métier').selectOption('plumber');
    await page.getByLabel('Code postal').fill('58140');
    await page.getByLabel('Commune').fill('Lormes');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('link', { name: 'Plomberie du Morvan' }).waitFor();
    await page.getByText('1 professionnel', { exact: true }).waitFor();
    // The fixture's plumber serves Beauvais only: not listed.
    expect(await page.getByRole('link', { name: 'Plomberie A' }).count()).toBe(0);
    await checkA11y(page, 'annuaire des professionnels');
    await noOverflow(page);

    // No gardener there: the empty state.
    await page.getByLabel('Métier').selectOption('gardener');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByText('Aucun professionnel ne correspond à cette recherche.').waitFor();
    await checkA11y(page, 'annuaire vide');

    await page.getByLabel('Métier').selectOption('plumber');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('link', { name: 'Plomberie du Morvan' }).click();
    await waitH1(page, 'Plomberie du Morvan');
    // Operators look up; they do not change the directory.
    expect(await page.getByRole('button', { name: 'Vérifié aujourd’hui' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the professional confirms "tout est juste" by the yearly link', async () => {
    const f = world.test.fixtures;
    const token = 'lien-de-verification-navigateur-0123456789';
    await world.test.services.db.insert(professionalChecks).values({
      organisationId: f.orgA.id,
      professionalId: plumberId,
      tokenHash: createHash('sha256').update(token).digest('hex'),
      recipient: 'contact@plomberie-du-morvan.test',
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await page.goto(`/pro/verification?jeton=${token}`);
    await waitH1(page, 'Vos coordonnées sont-elles toujours justes ?');
    await page.getByText('Plomberie du Morvan').first().waitFor();
    await checkA11y(page, 'vérification par le professionnel');
    await noOverflow(page);
    await page.getByRole('button', { name: 'Corriger mes coordonnées' }).click();
    await waitH1(page, 'Corriger mes coordonnées');
    await checkA11y(page, 'correction par le professionnel');
    await noOverflow(page);
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Tout est juste' }).click();
    await waitH1(page, 'Merci');
    await page.getByText(/Vos coordonnées sont confirmées/).waitFor();
    // A used link says so, plainly.
    await page.goto(`/pro/verification?jeton=${token}`);
    await page.getByText(/Ce lien n’est plus valable/).waitFor();
    expect(errors.filter((e) => !/400/.test(e))).toEqual([]);
    await context.close();
  });
});
