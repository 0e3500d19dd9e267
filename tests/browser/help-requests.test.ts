/**
 * Neighbour-help requests (issue 13) on a phone (360 px), checked with axe: an operator takes a
 * call from a senior who is not online and not yet known, creates her minimal file and posts a
 * weekly shopping request for her with her agreement; the request page lists its dates, one is
 * cancelled alone with its reason; the list finds it. The public page, for a carer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { checkA11y, login, openPage, PHONE, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

describe('neighbour-help requests', () => {
  it('an operator posts a weekly shopping request for a senior who is not online', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, world.test.fixtures.usersA.operator.email);
    await page.goto('/entraide');
    await page.getByRole('heading', { level: 1, name: 'Demandes d’entraide' }).waitFor();
    await checkA11y(page, 'liste des demandes d’entraide');
    await page.getByRole('link', { name: 'Appel entrant' }).click();
    await page.getByRole('heading', { level: 1, name: 'Appel entrant' }).waitFor();

    // A number nobody has: the operator creates her file.
    await page.getByLabel('Numéro qui appelle').fill('03 44 98 76 54');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByText(/Personne n’a le numéro 03 44 98 76 54/).waitFor();
    expect(
      await page
        .getByRole('radio', { name: 'Une personne qui n’est pas encore connue de l’association' })
        .isChecked(),
    ).toBe(true);
    await page.getByRole('radio', { name: 'Madame' }).check();
    await page.getByLabel(/^Nom de la personne/).fill('Marchand');
    await page.getByLabel(/^Prénom de la personne/).fill('Yvonne');
    await page.getByLabel(/^Commune de la personne/).fill('Beauvais');
    expect(await page.getByLabel(/^Téléphone de la personne/).inputValue()).toBe('03 44 98 76 54');

    // Missing kind and consent: refused in French, nothing written.
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await page.getByText('Choisissez le type d’aide demandée.').first().waitFor();

    await page.getByLabel('Type d’aide').selectOption('shopping');
    await page.getByLabel('Précisions').fill('Courses au supermarché, liste préparée.');
    await page.getByRole('radio', { name: 'Chaque semaine' }).check();
    const firstDate = addDays(serviceToday(), 2);
    await page.getByLabel('Première date').fill(firstDate);
    await page.getByLabel('À partir de').fill('09:30');
    await page.getByLabel(/^Jusqu’à/).fill('11:00');
    await page
      .getByRole('checkbox', {
        name: 'La personne est d’accord pour être mise en relation avec un voisin',
      })
      .check();
    await checkA11y(page, 'appel entrant, demande remplie');
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();

    await page.getByRole('heading', { level: 1, name: 'Courses pour Yvonne Marchand' }).waitFor();
    await page
      .getByText(/^Chaque (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche), 09:30 – 11:00/)
      .waitFor();
    const dates = page.getByRole('region', { name: 'Les dates' });
    const cancel = dates.getByRole('button', { name: /^Annuler cette date du / });
    expect(await cancel.count()).toBeGreaterThanOrEqual(8);
    await checkA11y(page, 'page d’une demande d’entraide');

    // The second date is cancelled alone, with its reason.
    await cancel.nth(1).click();
    await dates.getByRole('radio', { name: 'Personne absente' }).check();
    await checkA11y(page, 'annulation d’une date');
    await dates.getByRole('button', { name: 'Annuler cette date', exact: true }).click();
    await page.getByText(/^La date du .+ est annulée\.$/).waitFor();
    await dates.getByText('Annulée — Personne absente').waitFor();
    expect(await dates.getByText('Annulée — Personne absente').count()).toBe(1);

    // The list finds it by commune.
    await page.goto('/entraide?commune=beauv&aide=shopping');
    await page.getByRole('link', { name: 'Yvonne Marchand' }).first().waitFor();
    await page.goto('/entraide?aide=gardening');
    await page.getByText('Aucune demande d’entraide ne correspond à ces critères.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('a carer asks on the public page, in plain French', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await page.goto(`/demande-entraide/${world.test.fixtures.orgA.id}`);
    await page.getByRole('heading', { level: 1, name: 'Demander un coup de main' }).waitFor();
    await page.getByRole('radio', { name: 'Pour un proche (parent, voisin…)' }).check();
    await page.getByLabel('Nom et prénom de la personne à aider').fill('Lucienne Bernard');
    await page.getByLabel('Vos nom et prénom').fill('Paul Bernard');
    await page.getByLabel('Votre téléphone').fill('06 12 34 56 79');
    await page.getByLabel('Type d’aide').selectOption('appointment');
    await page.getByLabel('Destination').fill('Cabinet médical, 3 rue de la Gare');
    await page.getByLabel(/^Commune/).fill('Beauvais');
    await page.getByLabel(/^Date/).fill(addDays(serviceToday(), 3));
    await page.getByLabel('À partir de').fill('14:00');
    await page.getByLabel(/^Jusqu’à/).fill('16:00');
    await page
      .getByRole('checkbox', {
        name: 'La personne aidée est d’accord pour être mise en relation avec un voisin bénévole',
      })
      .check();
    await checkA11y(page, 'demande d’entraide publique');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demande envoyée' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
