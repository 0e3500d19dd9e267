/**
 * The volunteer's journey (issue 12) in the browser, at 360 px with axe: a phone user applies
 * through the public form; a coordinator suspends a volunteer from her file and sees the reason on
 * the matching screen.
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

describe('the volunteer’s journey', () => {
  it('a phone user applies through the public form and sees the confirmation', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await page.goto(`/devenir-benevole/${world.test.fixtures.orgA.id}`);
    await waitH1(page, 'Devenir bénévole');
    await checkA11y(page, 'formulaire public de candidature');
    await page.locator('input[name="lastName"]').fill('Garnier');
    await page.locator('input[name="firstName"]').fill('Chloé');
    await page.locator('input[name="phone"]').fill('06 12 34 56 78');
    await page.locator('input[name="postalCode"]').fill('60000');
    await page.locator('input[name="communeName"]').fill('Beauvais');
    await page.getByLabel('À pied').check();
    await page.locator('textarea[name="wish"]').fill('Discuter et se promener');
    await page.locator('input[name="availability"]').fill('Le jeudi après-midi');
    // Without the consent: refused, with the reason.
    await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await page.getByText('Cochez la case pour accepter').first().waitFor();
    await page.getByLabel(/J’accepte que l’association enregistre/).check();
    await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
    await waitH1(page, 'Candidature envoyée');
    await page.getByText(/Votre candidature est bien arrivée/).waitFor();
    await checkA11y(page, 'candidature envoyée');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('a coordinator enters the application of someone who calls, and the file opens at its first step', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    await page.goto('/visiteurs');
    await page.getByRole('link', { name: 'Candidature par téléphone' }).click();
    await waitH1(page, 'Candidature reçue par téléphone');
    await checkA11y(page, 'candidature reçue par téléphone');
    await page.getByLabel('Service civique').check();
    await page.locator('input[name="lastName"]').fill('Roux');
    await page.locator('input[name="firstName"]').fill('Malik');
    await page.locator('input[name="postalCode"]').fill('60000');
    await page.locator('input[name="communeName"]').fill('Beauvais');
    await page.getByLabel('Vélo').check();
    await page.locator('textarea[name="wish"]').fill('Jouer aux cartes');
    await page.locator('input[name="availability"]').fill('Le samedi matin');
    // Neither e-mail nor phone: refused with the reason, nothing created.
    await page.getByRole('button', { name: 'Enregistrer la candidature' }).click();
    await page
      .getByText('Indiquez une adresse e-mail ou un numéro de téléphone.')
      .first()
      .waitFor();
    await checkA11y(page, 'candidature par téléphone refusée');
    await page.locator('input[name="phone"]').fill('0612345679');
    await page.getByRole('button', { name: 'Enregistrer la candidature' }).click();
    await waitH1(page, 'Malik Roux');
    await page.getByText('La candidature est enregistrée.').waitFor();
    const panel = page.getByRole('region', { name: 'Parcours' });
    await panel.getByText('Candidature reçue', { exact: true }).waitFor();
    await panel.getByText(/^Candidature du .* \(notée après un appel\)$/).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('suspending a volunteer from her file shows the reason on the matching screen', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    const jeanne = world.test.fixtures.v3;
    await page.goto(`/visiteurs/${jeanne.id}`);
    await waitH1(page, 'Jeanne Petit');
    const panel = page.getByRole('region', { name: 'Parcours' });
    await panel.getByText('Peut être proposé et planifié.').waitFor();
    await panel.getByRole('button', { name: 'Suspendre', exact: true }).click();
    await panel.locator('input[name="journeyReason"]').fill('Plainte à examiner');
    await checkA11y(page, 'parcours : suspendre');
    await panel.getByRole('button', { name: 'Suspendre', exact: true }).last().click();
    await panel.getByText('Le parcours est passé à l’étape « Suspendu ».').waitFor();
    await panel.getByText('suspendu : Plainte à examiner', { exact: true }).waitFor();

    await page.goto('/appariements');
    await page
      .getByRole('button', { name: /Proposer/ })
      .first()
      .click();
    const leftOut = page.getByRole('region', { name: 'Écartés des propositions' });
    await leftOut.waitFor();
    expect(await leftOut.textContent()).toContain(
      'Jeanne Petit (bénévole) : suspendu : Plainte à examiner',
    );
    await checkA11y(page, 'propositions avec écartés');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
