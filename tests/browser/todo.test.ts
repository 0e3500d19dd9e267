/**
 * « À faire » on the demo (issue 12, section 4): the demo coordinator's home shows its sections
 * with their counts, each line opens the place to act (the person's file at the match panel, the
 * visitor's journey), and the callbacks worklist (/rappels) has its one-tap « Fait » (the contact
 * log's route) that takes the line off the list; every screen
 * checked with axe at 360 and 1280 px. The demo is loaded as `npm start` loads it: the data set,
 * then the planner's weeks and the first meetings planned after them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { startDemoWorld, type DemoWorld } from './demo-world.js';
import { checkA11y, login, openPage, type BrowserWorld } from './helpers.js';

let demo: DemoWorld;
let world: BrowserWorld;
const coordinator = DEMO_ACCOUNTS.find((a) => a.key === 'coordinator')!;
const operator = DEMO_ACCOUNTS.find((a) => a.key === 'operator')!;

beforeAll(async () => {
  demo = await startDemoWorld();
  world = demo.world;
}, 600_000);

afterAll(async () => demo?.close());

describe('À faire on the demo', () => {
  it('shows the coordinator’s day, and each line opens the place to act', async () => {
    const { context, page, errors } = await openPage(world);
    await login(page, coordinator.email, DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'À faire' }).waitFor();
    // Callbacks due today and late, first meetings to attend, trials ending, reviews due,
    // documents to renew, applications waiting: each with its counts.
    for (const name of [
      /^\d+ appels? à rendre, dont \d+ en retard$/,
      /^\d+ premières? rencontres? à accompagner/,
      /^\d+ fins? d’essai/,
      /^\d+ bilans? à faire/,
      /^\d+ documents? à renouveler, dont \d+ expirés?$/,
      /^\d+ candidatures? en attente$/,
    ])
      await page.getByRole('heading', { level: 2, name }).waitFor();
    await checkA11y(page, 'À faire (coordinatrice de la démo)');

    // A trial ending opens the person's file at the match panel.
    const trials = page.locator('#a-faire-trials');
    const trialLink = trials.locator('.todo-line-link').first();
    const trialName = (await trialLink.textContent())!;
    await trialLink.click();
    await page.waitForURL((url) => url.pathname.startsWith('/personnes/'));
    expect(new URL(page.url()).hash).toBe('#suivi-appariement');
    await page.getByRole('heading', { level: 1, name: trialName }).waitFor();

    // A document to renew opens the visitor's journey.
    await page.goto('/');
    const documents = page.locator('#a-faire-documentsExpiring');
    await documents.locator('.todo-line-link').first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/visiteurs/'));
    expect(new URL(page.url()).hash).toBe('#parcours');

    // A call to return opens the person's file.
    await page.goto('/');
    const callbacks = page.locator('#a-faire-callbacks');
    const callName = (await callbacks.locator('.todo-line-link').first().textContent())!;
    await callbacks.locator('.todo-line-link').first().click();
    await page.getByRole('heading', { level: 1, name: callName }).waitFor();

    // The whole service's list, and one section whole.
    await page.goto('/?tous=1');
    await page.getByRole('link', { name: 'Tout le service' }).waitFor();
    expect(
      await page.getByRole('link', { name: 'Tout le service' }).getAttribute('aria-current'),
    ).toBe('page');
    await page.goto('/a-faire/reviews');
    await page.getByRole('heading', { level: 1, name: 'Bilans à faire' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /bilans? à faire/ })
      .waitFor();
    await checkA11y(page, 'Bilans à faire');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('gives the operator her calls to return, each with a one-tap « Fait »', async () => {
    const { context, page, errors } = await openPage(world);
    await login(page, operator.email, DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'À faire' }).waitFor();
    // An operator sees her calls only.
    await page.getByRole('heading', { level: 2, name: /appels? à rendre/ }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      expect.stringMatching(/appels? à rendre, dont \d+ en retard$/),
    ]);
    await page.goto('/rappels');
    await page.getByRole('heading', { level: 1, name: 'Appels à rendre' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /appels? à rendre/ })
      .waitFor();
    const first = page.locator('.todo-line').first();
    await expect.poll(() => first.locator('.badge').textContent()).toBe('En retard');
    await checkA11y(page, 'Appels à rendre (opératrice)');
    // « Fait » marks the callback done (the contact log's POST /api/contacts/:id/callback-done):
    // the line leaves the list and the count goes down.
    const before = (await page
      .getByRole('status')
      .filter({ hasText: /appels? à rendre/ })
      .textContent())!;
    const total = Number(/^(\d+)/.exec(before)![1]);
    const name = (await first.locator('.todo-line-link').textContent())!;
    const done = page.waitForResponse(
      (r) => /\/api\/contacts\/[0-9a-f-]{36}\/callback-done$/.test(r.url()) && r.status() === 200,
    );
    // « de » elided before a vowel: « Rappel d’Odette ».
    await first
      .getByRole('button', { name: new RegExp(`^Fait : Rappel d(e |’)${name} fait$`) })
      .click();
    await done;
    await page.getByText(new RegExp(`^Le rappel d(e |’)${name} est noté comme fait\\.$`)).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: total - 1 ? `${total - 1} appel` : 'Aucun appel à rendre' })
      .waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
