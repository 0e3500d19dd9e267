/**
 * « Suivi de l’appariement » (ADR 0028) walked as a coordinator on the test world: accept, the
 * calls with each side, the first visit with me present, the trial, its end, the review with the
 * LSNS-6, the end for want of affinity; the person is back on the waiting list and the old pair
 * is left out of her suggestions. Each screen is checked with axe at 1280 and 360 px.
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

describe('the life of a match on the person’s file', () => {
  it('walks a match from acceptance to its end for want of affinity', async () => {
    const { db } = world.test.services;
    const { visitorAvailability } = await import('../../src/db/schema.js');
    const f = world.test.fixtures;
    await db.insert(visitorAvailability).values(
      [f.v1, f.v2, f.v3].flatMap((v) =>
        [1, 2, 3, 4, 5].map((weekday) => ({
          visitorId: v.id,
          weekday,
          startTime: '09:00',
          endTime: '18:00',
        })),
      ),
    );
    const { context, page, errors } = await openPage(world);
    await login(page, f.usersA.coordinator.email);
    await page.goto(`/personnes/${f.p3.id}/binome`);
    await waitH1(page, 'Trouver un binôme ou un bénévole pour Odette Moreau');
    await page
      .getByRole('button', {
        name: 'Accepter : confier Odette Moreau à Inès Martin et Hugo Bernard',
      })
      .click();
    await waitH1(page, 'Odette Moreau');

    const panel = page.getByRole('region', { name: 'Suivi de l’appariement' });
    await panel.getByRole('heading', { name: 'Avec Inès Martin et Hugo Bernard' }).waitFor();
    await panel.locator('[aria-current="step"]', { hasText: 'Appariement accepté' }).waitFor();
    await checkA11y(page, 'suivi d’un appariement accepté');

    // The three calls: the person, then each visitor of the pair.
    for (const who of ['Odette Moreau', 'Inès Martin', 'Hugo Bernard']) {
      await panel
        .getByLabel('Personne appelée')
        .selectOption({ label: `${who} (Pas encore joint)` });
      await panel.getByLabel('Résultat de l’appel').selectOption({ label: 'Joint' });
      await panel.getByRole('button', { name: 'Noter l’appel' }).click();
      await panel
        .getByText(
          who === 'Hugo Bernard'
            ? 'Les deux parties sont prévenues : l’appariement est annoncé.'
            : 'L’appel est noté.',
        )
        .waitFor();
    }
    await panel.locator('[aria-current="step"]', { hasText: 'Annoncé aux deux parties' }).waitFor();

    await panel.getByLabel('Heure de début').fill('15:00');
    await panel
      .getByRole('button', { name: 'Planifier la première visite en ma présence' })
      .click();
    await panel.getByText('La première visite est planifiée.').waitFor();
    await checkA11y(page, 'première visite planifiée');

    await panel.getByRole('button', { name: 'Commencer la période d’essai' }).click();
    await panel.getByText('La période d’essai a commencé.').waitFor();

    await panel.getByLabel('Personne appelée').selectOption({ index: 0 });
    await panel.getByLabel('Résultat de l’appel').selectOption({ label: 'Joint' });
    await panel.getByRole('button', { name: 'Noter l’appel' }).click();
    await panel.getByText('L’appel est noté.').waitFor();
    await panel
      .getByRole('button', { name: 'Terminer l’essai et confirmer l’appariement' })
      .click();
    await panel.getByText('L’appariement est confirmé.').waitFor();
    await checkA11y(page, 'appariement confirmé');

    await panel.getByRole('link', { name: 'Faire le bilan avec le LSNS-6' }).click();
    await waitH1(page, 'Bilan de l’appariement');
    await checkA11y(page, 'bilan d’un appariement');
    await page
      .getByRole('group', { name: 'Satisfaction de la personne' })
      .getByLabel('4 : satisfait')
      .check();
    await page
      .getByRole('group', { name: 'Satisfaction du visiteur' })
      .getByLabel('5 : très satisfait')
      .check();
    for (const group of await page.locator('fieldset:has(legend.question)').all())
      await group.locator('input[type="radio"]').nth(1).check();
    await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
    await waitH1(page, 'Odette Moreau');
    await page.getByText('Le bilan est enregistré.').waitFor();

    await panel.getByRole('button', { name: 'Arrêter l’appariement' }).click();
    await panel.getByLabel('Motif').selectOption({ label: 'Pas d’affinité' });
    await checkA11y(page, 'fin d’un appariement');
    await panel.getByRole('button', { name: 'Arrêter l’appariement' }).click();
    await page
      .getByText('L’appariement est arrêté. La personne revient sur la liste d’attente.')
      .waitFor();

    await page.reload();
    await waitH1(page, 'Odette Moreau');
    await page.getByText('En attente de visiteur').first().waitFor();
    await panel.getByText(/Avec Inès Martin et Hugo Bernard : .* \(Pas d’affinité\)/).waitFor();
    await checkA11y(page, 'appariement terminé');

    await page.goto(`/personnes/${f.p3.id}/binome`);
    await waitH1(page, 'Trouver un binôme ou un bénévole pour Odette Moreau');
    await page.getByRole('region', { name: /^Proposition 1 : Jeanne Petit/ }).waitFor();
    expect(await page.getByRole('region', { name: /Inès Martin et Hugo Bernard/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
