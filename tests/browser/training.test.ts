/**
 * Training sessions on a phone (issue 12): a coordinator plans a session, marks who came on the
 * attendance sheet at 360 px, and sees it on the visitor's « Formation » panel; the contract and
 * outcome of a young visitor; the insertion report. Each screen checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { formatLongDate } from '../../src/domain/common/french.js';
import { checkA11y, login, openPage, PHONE, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

const waitH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

describe('training sessions on a phone', () => {
  it('plans a session, marks attendance at 360 px, and shows it on the visitor’s file', async () => {
    const f = world.test.fixtures;
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.coordinator.email);
    // The phone's menu: the entry for roles with training.read.
    await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page
      .getByRole('navigation', { name: 'Menu principal' })
      .getByRole('link', { name: 'Formations et séances' })
      .click();
    await waitH1(page, 'Formations et séances');
    await page.getByRole('link', { name: 'Accueil des nouveaux visiteurs' }).waitFor();
    await checkA11y(page, 'formations et séances');

    // Plan a practice-analysis session held yesterday.
    const heldOn = addDays(serviceToday(), -1);
    const form = page.getByRole('region', { name: 'Programmer une séance' });
    await form.getByLabel('Type de séance').selectOption('practice_analysis');
    await form.getByLabel('Intitulé').fill('Analyse de la pratique de décembre');
    await form.getByLabel('Date').fill(heldOn);
    await form.getByLabel('Heure de début').fill('14:00');
    await form.getByLabel('Heure de fin').fill('16:30');
    await form.getByLabel('Lieu').fill('Maison des associations');
    await form.getByRole('button', { name: 'Programmer la séance' }).click();
    await waitH1(page, 'Analyse de la pratique de décembre');
    await page.getByText(`La séance du ${formatLongDate(heldOn)} est programmée.`).waitFor();
    await page.getByText('La liste de cette séance est vide : ajoutez des visiteurs.').waitFor();

    // Tick Inès and Hugo, add them, mark Inès present and Hugo absent, save.
    const add = page.getByRole('group', { name: 'Ajouter à la liste' });
    await add.getByLabel('Rechercher un visiteur').fill('ines');
    await add.getByLabel(/^Inès Martin/).check();
    await add.getByLabel('Rechercher un visiteur').fill('');
    await add.getByLabel(/^Hugo Bernard/).check();
    await add.getByRole('button', { name: 'Ajouter à la liste' }).click();
    const ines = page.getByRole('group', { name: 'Inès Martin', exact: true });
    const hugo = page.getByRole('group', { name: 'Hugo Bernard', exact: true });
    await ines.waitFor();
    await checkA11y(page, 'feuille de présence');
    await ines.getByText('Présence', { exact: true }).click();
    await hugo.getByText('Absence', { exact: true }).click();
    await page.getByRole('button', { name: 'Enregistrer la feuille de présence' }).click();
    await page.getByText('La feuille de présence est enregistrée.').waitFor();
    // Not wider than the phone.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    // Inès's file: the panel shows the practice analysis she attended.
    await page.goto(`/visiteurs/${f.v1.id}`);
    await waitH1(page, 'Inès Martin');
    const panel = page.getByRole('region', { name: 'Formation', exact: true });
    await panel.getByText('Analyse de la pratique : 1').waitFor();
    await panel.getByText(formatLongDate(heldOn)).first().waitFor();
    expect(await panel.textContent()).toContain('Module de formation : 1');

    // Her contract, then her outcome (the note shows the CNIL reminder).
    await panel.getByRole('button', { name: 'Modifier le contrat' }).click();
    await panel.getByLabel('Type de contrat').selectOption('cdd_insertion');
    await panel.getByLabel('Début du contrat').fill('2024-01-08');
    await panel.getByLabel('Fin du contrat').fill(addDays(serviceToday(), -2));
    await panel.getByRole('button', { name: 'Enregistrer le contrat' }).click();
    await panel.getByText('Le contrat est enregistré.').waitFor();
    await panel.getByText('CDD d’insertion').waitFor();
    await panel.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    await panel.getByLabel('Situation à la sortie').selectOption('job');
    await panel.getByText(/sans détail de santé/).waitFor();
    await panel.getByLabel('Précisions').fill('CDI d’agente de service.');
    await checkA11y(page, 'fiche visiteur, formation');
    await panel.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    await panel.getByText('La sortie est enregistrée.').waitFor();
    await panel.getByText(/^Emploi, le /).waitFor();

    // The insertion report of this year counts her.
    await page.goto('/rapports/jeunes-visiteurs');
    await waitH1(page, 'Insertion des jeunes visiteurs');
    await page.getByRole('heading', { name: 'Contrats terminés : 1' }).waitFor();
    const outcomes = page.getByRole('table', { name: 'Situation à la sortie' });
    expect(await outcomes.getByRole('row', { name: /^Emploi/ }).textContent()).toContain('1');
    await checkA11y(page, 'insertion des jeunes visiteurs');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('refuses presence marks on a session to come, and offers only registration there', async () => {
    const f = world.test.fixtures;
    const { context, page, errors } = await openPage(world);
    await page.setViewportSize(PHONE);
    await login(page, f.usersA.coordinator.email);
    await page.goto('/formations');
    await waitH1(page, 'Formations et séances');
    const form = page.getByRole('region', { name: 'Programmer une séance' });
    await form.getByLabel('Type de séance').selectOption('seminar');
    await form.getByLabel('Intitulé').fill('Séminaire annuel');
    await form.getByLabel('Date').fill(addDays(serviceToday(), 20));
    await form.getByRole('button', { name: 'Programmer la séance' }).click();
    await waitH1(page, 'Séminaire annuel');
    await page.getByText(/^Séance à venir/).waitFor();
    const add = page.getByRole('group', { name: 'Ajouter à la liste' });
    await add.getByLabel(/^Jeanne Petit/).check();
    await add.getByRole('button', { name: 'Ajouter à la liste' }).click();
    const jeanne = page.getByRole('group', { name: 'Jeanne Petit', exact: true });
    await jeanne.waitFor();
    // A session to come: registered or excused only.
    expect(await jeanne.getByRole('radio').count()).toBe(2);
    await page.getByRole('button', { name: 'Enregistrer la feuille de présence' }).click();
    await page.getByText('La feuille de présence est enregistrée.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
