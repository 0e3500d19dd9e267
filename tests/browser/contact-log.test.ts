/**
 * The contact log on a person's file (issue 12), on a phone (360 px): the empty state, a one-tap
 * « Pas de réponse » listed at once, then the full form with the CNIL reminder, a call back noted
 * and marked done. Checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, login, openPage, PHONE, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

describe('the contact log on a person’s file', () => {
  it('logs a one-tap « Pas de réponse » and lists it, then a call back through the form', async () => {
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, world.test.fixtures.usersA.operator.email);
    const person = world.test.fixtures.p2;
    await page.goto(`/personnes/${person.id}`);
    await page
      .getByRole('heading', { level: 1, name: `${person.firstName} ${person.lastName}` })
      .waitFor();
    const panel = page.getByRole('region', { name: 'Journal des contacts' });
    await panel.getByText('Aucun contact noté pour l’instant.').waitFor();
    await checkA11y(page, 'journal des contacts vide');

    await panel.getByRole('button', { name: 'Pas de réponse', exact: true }).click();
    await panel.getByText('C’est noté : Pas de réponse.').waitFor();
    const entries = panel.locator('.contact-log > li');
    await entries.first().waitFor();
    expect(await entries.count()).toBe(1);
    expect(await entries.first().textContent()).toMatch(/^Appel passé — Pas de réponse.*noté par /);
    expect(await panel.getByText('Aucun contact noté pour l’instant.').count()).toBe(0);

    // The full form, with the CNIL reminder where the note is typed.
    await panel.getByRole('button', { name: 'Noter un autre contact' }).click();
    const form = panel.getByRole('form', { name: 'Noter un contact' });
    await form.getByLabel('Canal').selectOption('home_visit');
    expect(await form.getByLabel('Résultat').inputValue()).toBe('reached');
    await form.getByLabel('Note').fill('A demandé des visites le mardi.');
    await form
      .getByText(
        'Notez des faits utiles au suivi, sans détail de santé ni jugement (recommandation de la CNIL).',
      )
      .waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('À rappeler le').fill(tomorrow);
    await form.getByLabel('Qui rappelle').waitFor();
    await checkA11y(page, 'formulaire du journal des contacts');
    await form.getByRole('button', { name: 'Enregistrer le contact' }).click();
    await panel.getByText('Le contact est noté.').waitFor();
    await entries.nth(1).waitFor();
    expect(await entries.count()).toBe(2);
    // Newest first by the time of the contact: the form's time is to the minute, so the visit may
    // come just before or after the call noted in the same minute.
    const latest = entries.filter({ hasText: /^Visite à domicile — Échange avec la personne/ });
    expect(await latest.count()).toBe(1);
    expect(await latest.textContent()).toMatch(/À rappeler le .+ par /);

    await latest.getByRole('button', { name: 'Rappel fait' }).click();
    await panel.getByText('Le rappel est marqué comme fait.').waitFor();
    await latest.getByText(/^Rappel fait le /).waitFor();
    expect(await latest.getByRole('button', { name: 'Rappel fait' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
