/**
 * The import screen on a messy register (issue 11): blank line, warnings, communes read, the
 * question "which commune?" answered before the import is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkA11y, login, openPage, startWorld, type BrowserWorld } from './helpers.js';
import { messyRegisterCsv } from '../fixtures/messy-register.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
}, 180_000);
afterAll(async () => world?.close());

const waitH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

describe('importing a messy register', () => {
  it('shows what each commune was read as, asks which Thièvres, then imports', async () => {
    const { context, page, errors } = await openPage(world);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    await page.goto('/imports');
    await waitH1(page, 'Importer un fichier');
    const file = messyRegisterCsv('-web');
    await page.locator('input[type="file"]').setInputFiles({
      name: file.fileName,
      mimeType: 'text/csv',
      buffer: file.bytes,
    });
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
    const report = page.getByRole('region', { name: /Vérification de « registre-ccas.csv »/ });
    await report.waitFor({ timeout: 30_000 });
    await report.getByText('Lignes vides ignorées : 6.').waitFor();
    const communes = report.getByRole('table', { name: 'Communes reconnues' });
    expect(
      await communes.getByRole('row').filter({ hasText: 'ST JUST EN CHAUSSEE' }).textContent(),
    ).toContain('Saint-Just-en-Chaussée');
    expect(await report.textContent()).toMatch(/non éligible.*16 ans/);
    await checkA11y(page, 'rapport d’import d’un registre');

    // Choosing the commune, re-checking, then importing (the server refuses before the choice).
    const choice = report.getByRole('combobox', { name: /THIEVRES/ });
    await choice.selectOption({ label: '62760 Thièvres (80)' });
    await report.getByRole('button', { name: 'Appliquer les choix et vérifier à nouveau' }).click();
    await report
      .getByRole('table', { name: 'Communes reconnues' })
      .getByRole('row')
      .filter({ hasText: '62760 Thièvres (80)' })
      .waitFor();
    await report.getByRole('button', { name: 'Importer seulement les lignes valides' }).click();
    const result = page.getByRole('region', { name: '3. Résultat de l’import' });
    await result.waitFor({ timeout: 60_000 });
    expect(await result.textContent()).toMatch(/8 fiches créées/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
