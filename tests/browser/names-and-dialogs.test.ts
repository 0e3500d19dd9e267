/**
 * Names that say what is seen, and the move of a visit as a dialog (issue 11): axe's "label in
 * name" rule (WCAG 2.5.3, on in checkA11y) finds nothing on the login's demo buttons nor on the
 * planning grid's visits; moving a visit opens a modal dialog by the visit, focused, and Escape
 * gives the focus back to the visit. The list screens offer their export.
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

/** The accessible names of the buttons matching a selector, as Chromium computes them. */
async function accessibleNames(page: Page, selector: string) {
  // The visible text: what is drawn, without what is hidden for screen readers only.
  const snapshot = await page.locator(selector).evaluateAll((elements) =>
    elements.map((e) => {
      const copy = e.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
      return { text: (copy.textContent ?? '').replace(/\s+/g, ' ').trim() };
    }),
  );
  const names: { text: string; name: string }[] = [];
  const buttons = page.locator(selector);
  for (let i = 0; i < snapshot.length; i++) {
    // `- button "name"`, quoted again in YAML when the name holds a colon.
    const line = (await buttons.nth(i).ariaSnapshot()).split('\n')[0]!;
    const name = /button "(.*)"/.exec(line)?.[1] ?? line;
    names.push({ text: snapshot[i]!.text, name });
  }
  return names;
}

describe('accessible names start with the visible text', () => {
  it('on the login page, each demo account’s button', async () => {
    const { users } = await import('../../src/db/schema.js');
    const { eq } = await import('drizzle-orm');
    await world.test.services.db
      .update(users)
      .set({ isDemo: true })
      .where(eq(users.organisationId, world.test.fixtures.orgA.id));
    const { context, page, errors } = await openPage(world);
    await page.goto('/connexion');
    await waitH1(page, 'Se connecter');
    await page.getByRole('heading', { name: 'Comptes de démonstration' }).waitFor();
    const names = await accessibleNames(page, '.demo-accounts button');
    expect(names.length).toBeGreaterThan(3);
    for (const { text, name } of names) {
      expect(text).toBe('Utiliser ce compte');
      expect(name.startsWith(text), name).toBe(true);
      expect(name.length, 'says whose account').toBeGreaterThan(text.length + 3);
    }
    await checkA11y(page, 'connexion avec les comptes de démonstration');
    // The button still fills the form with its account.
    await page
      .getByRole('button', { name: /^Utiliser ce compte \(/ })
      .first()
      .click();
    expect(await page.getByLabel('Adresse e-mail').inputValue()).toMatch(/@a\.test$/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('on the planning grid, each visit; the move opens as a dialog by the visit and gives the focus back', async () => {
    const { context, page, errors } = await openPage(world);
    await login(page, world.test.fixtures.usersA.planner.email);
    await page.goto('/planning');
    await waitH1(page, 'Planning des visites');
    await page.getByLabel('Service local').selectOption({ label: 'Service Beauvais' });
    const visit = page.getByRole('button', { name: /^10:00–11:30 Hélène Lefèvre/ });
    await visit.waitFor();
    const names = await accessibleNames(page, '.visit-chip');
    expect(names.length).toBeGreaterThan(0);
    for (const { text, name } of names) expect(name.startsWith(text), name).toBe(true);
    expect(names[0]!.name).toMatch(/avec .+ : déplacer ou annuler$/);
    // The list screens' export is offered with the filters shown.
    const csv = page.getByRole('link', { name: 'Exporter en CSV' });
    expect(await csv.getAttribute('href')).toMatch(
      /^\/api\/exports\/planning\?localServiceId=[0-9a-f-]+&weekStart=\d{4}-\d{2}-\d{2}&format=csv$/,
    );
    await checkA11y(page, 'planning de la semaine');

    // Keyboard: the visit, Enter, the dialog opens by it with the focus inside.
    await visit.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Visite chez Hélène Lefèvre' });
    await dialog.waitFor();
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
    expect(await page.evaluate(() => document.querySelector('dialog')?.matches(':modal'))).toBe(
      true,
    );
    // Placed by the visit, then again when its content has grown (a ResizeObserver, at the next
    // frame): measured once it fits the window.
    const window = page.viewportSize()!;
    await expect
      .poll(
        async () => {
          const settled = await dialog.boundingBox();
          return settled ? settled.y + settled.height : Infinity;
        },
        { timeout: 5_000 },
      )
      .toBeLessThanOrEqual(window.height);
    const [chip, dialogBox] = await Promise.all([visit.boundingBox(), dialog.boundingBox()]);
    // By the visit (under, above or beside it), not thousands of pixels away, inside the window.
    const [visitBox, box] = [chip!, dialogBox!];
    const vertical = Math.min(
      Math.abs(box.y - (visitBox.y + visitBox.height)),
      Math.abs(visitBox.y - (box.y + box.height)),
    );
    const horizontal = Math.min(
      Math.abs(box.x - (visitBox.x + visitBox.width)),
      Math.abs(visitBox.x - (box.x + box.width)),
    );
    expect(Math.min(vertical, horizontal), JSON.stringify({ visitBox, box })).toBeLessThanOrEqual(
      12,
    );
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(window.height);
    expect(box.x + box.width).toBeLessThanOrEqual(window.width);
    await checkA11y(page, 'déplacer une visite (dialogue)');
    // Tab stays inside the modal dialog.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(
        true,
      );
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-visit-id')))
      .toBe(world.test.fixtures.visitA.id);

    // "Fermer" does the same.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-visit-id')))
      .toBe(world.test.fixtures.visitA.id);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('export buttons', () => {
  it('export what the list’s filters show', async () => {
    const { context, page, errors } = await openPage(world);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    await page.goto('/personnes?statut=waiting');
    await waitH1(page, 'Personnes accompagnées');
    const xlsx = page.getByRole('link', { name: 'Exporter en Excel' });
    expect(await xlsx.getAttribute('href')).toBe('/api/exports/people?status=waiting&format=xlsx');
    const [download] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
    expect(download.suggestedFilename()).toMatch(/^personnes-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await checkA11y(page, 'personnes avec export');
    expect(errors).toEqual([]);
    await context.close();

    // The administrator's audit log says who exported what, with which filters.
    const admin = await openPage(world);
    await login(admin.page, world.test.fixtures.usersA.admin.email);
    await admin.page.goto('/journal?type=read');
    await waitH1(admin.page, 'Journal d’audit');
    await admin.page
      .getByText(/^Personnes en Excel : \d+ lignes?/)
      .first()
      .waitFor();
    await admin.page.getByText('Filtres : status = waiting').first().waitFor();
    await checkA11y(admin.page, 'journal avec un export');
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  }, 120_000);
});
