/**
 * Issue 12's check, walked on the demo as its coordinator on a 360 px phone, with axe: accept a
 * proposal, log the calls, plan the first visit with herself present, start the trial; end a demo
 * trial and hold a demo review taken from « À faire »; end the accepted match for want of
 * affinity (the person is back on the waiting list, prioritaire, the old unit avoided); suspend a
 * volunteer (left out of the proposals and of next week's planning, with the reason). « À faire »
 * (the whole service) is read after each step and changes with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { addDays, serviceToday } from '../../src/domain/common/calendar.js';
import { startDemoWorld, type DemoWorld } from './demo-world.js';
import { checkA11y, login, openPage, PHONE } from './helpers.js';

let demo: DemoWorld;
const coordinator = DEMO_ACCOUNTS.find((a) => a.key === 'coordinator')!;

beforeAll(async () => {
  demo = await startDemoWorld();
}, 600_000);
afterAll(async () => demo?.close());

const waitH1 = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name, exact: typeof name === 'string' }).waitFor();

type Counted = 'firstMeetings' | 'trials' | 'reviews' | 'suspensionsEnding';

/** The whole service's « À faire », section by section: the count its heading starts with. */
async function worklist(page: Page): Promise<Record<Counted, number>> {
  await page.goto('/?tous=1');
  await waitH1(page, 'À faire');
  await page.locator('[id^="a-faire-"]').first().waitFor();
  const counts = {} as Record<Counted, number>;
  for (const key of ['firstMeetings', 'trials', 'reviews', 'suspensionsEnding'] as const) {
    const heading = page.locator(`#a-faire-${key} h2`);
    counts[key] = (await heading.count())
      ? Number(/^(\d+)/.exec((await heading.textContent()) ?? '')?.[1] ?? NaN)
      : 0;
  }
  return counts;
}

/** The match panel's notice, once it says `text` (the panel keeps its last one). */
async function noticeSays(page: Page, text: string) {
  const panel = page.getByRole('region', { name: 'Suivi de l’appariement' });
  await panel
    .getByText(text, { exact: true })
    .waitFor()
    .catch(async (error: unknown) => {
      // What the panel said instead (a refusal names its reason).
      const alerts = await panel.getByRole('alert').allTextContents();
      throw new Error(`${String(error)}\npanel alerts: ${JSON.stringify(alerts)}`);
    });
}

describe('issue 12 on the demo', () => {
  it('walks the follow-up of matches and volunteers, and the worklist follows', async () => {
    const { context, page, errors } = await openPage(demo.world);
    await page.setViewportSize(PHONE);
    await login(page, coordinator.email, DEMO_PASSWORD);
    const start = await worklist(page);
    await checkA11y(page, 'À faire, tout le service (démo, 360 px)');

    // 1. Accept a proposal of the matching screen.
    await page.goto('/appariements');
    await waitH1(page, 'Appariements');
    await page.getByRole('button', { name: 'Proposer des appariements' }).click();
    const firstAccept = page.getByRole('button', { name: /^Accepter l’appariement de / }).first();
    await firstAccept.waitFor();
    const label = (await firstAccept.getAttribute('aria-label'))!;
    const personName = label.replace(/^Accepter l’appariement de /, '');
    const row = page.getByRole('row').filter({ has: firstAccept });
    const personHref = (await row.getByRole('link', { name: personName }).getAttribute('href'))!;
    await checkA11y(page, 'propositions d’appariement (démo)');
    await firstAccept.click();
    await page.getByRole('button', { name: label }).waitFor({ state: 'detached' });

    // 2. On her file: the match accepted; the calls to each side until it is announced.
    await page.goto(`${personHref}#suivi-appariement`);
    await waitH1(page, personName);
    const panel = page.getByRole('region', { name: 'Suivi de l’appariement' });
    // She was waiting: the match just accepted is her only running one.
    const match = panel.locator('.match-life').first();
    const unitLabel = (await match.locator('h3').first().textContent())!.replace(/^Avec /, '');
    await match.locator('[aria-current="step"]', { hasText: 'Appariement accepté' }).waitFor();
    await checkA11y(page, 'appariement accepté (démo)');
    const notReached = match.getByLabel('Personne appelée').locator('option', {
      hasText: '(Pas encore joint)',
    });
    for (let calls = 0; (await notReached.count()) > 0; calls++) {
      expect(calls).toBeLessThan(4);
      const before = await notReached.count();
      const option = (await notReached.first().textContent())!;
      await match.getByLabel('Personne appelée').selectOption({ label: option });
      await match.getByLabel('Résultat de l’appel').selectOption({ label: 'Joint' });
      await match.getByRole('button', { name: 'Noter l’appel' }).click();
      if (before === 1) break; // the last call announces the match: the form goes
      await expect.poll(() => notReached.count()).toBe(before - 1);
    }
    await noticeSays(page, 'Les deux parties sont prévenues : l’appariement est annoncé.');
    await match.locator('[aria-current="step"]', { hasText: 'Annoncé aux deux parties' }).waitFor();

    // 3. The first visit, with me present: one more first meeting to attend.
    // The demo's visitors have visits of their own: a clash is refused with its reason, and
    // the coordinator tries another hour.
    const refusals: string[] = [];
    let accepted = false;
    // Today first; a closed day (a Sunday, a public holiday) sends her to the next ones.
    const tries = [0, 1, 2, 3].flatMap((days) =>
      ['15:00', '10:00', '12:00', '16:00'].map((hour) => ({
        date: addDays(serviceToday(), days),
        hour,
      })),
    );
    for (const { date, hour } of tries) {
      await match.locator('input[type="date"]').first().fill(date);
      await match.getByLabel('Heure de début').fill(hour);
      const answer = page.waitForResponse(
        (r) => r.url().endsWith('/first-visit') && r.request().method() === 'POST',
      );
      await match
        .getByRole('button', { name: 'Planifier la première visite en ma présence' })
        .click();
      accepted = (await answer).ok();
      if (accepted) break;
      const refusal = match.getByRole('alert').first();
      await refusal.waitFor();
      refusals.push(`${date} ${hour} : ${await refusal.textContent()}`);
    }
    expect(accepted, refusals.join('\n')).toBe(true);
    await noticeSays(page, 'La première visite est planifiée.');
    await checkA11y(page, 'première visite planifiée (démo)');
    const planned = await worklist(page);
    expect(planned.firstMeetings).toBe(start.firstMeetings + 1);

    // 4. The first visit done, the trial starts: the first meeting leaves the list.
    await page.goto(`${personHref}#suivi-appariement`);
    await waitH1(page, personName);
    await match.getByRole('button', { name: 'Commencer la période d’essai' }).click();
    await noticeSays(page, 'La période d’essai a commencé.');
    const trialStarted = await worklist(page);
    expect(trialStarted.firstMeetings).toBe(start.firstMeetings);

    // 5. End a demo trial taken from the list: the trial call, then confirm.
    expect(start.trials).toBeGreaterThan(0);
    await page.locator('#a-faire-trials .todo-line-link').first().click();
    await page.waitForURL((url) => url.hash === '#suivi-appariement');
    const trial = panel.locator('.match-life').filter({
      has: page.getByRole('button', { name: 'Terminer l’essai et confirmer l’appariement' }),
    });
    await trial.getByLabel('Personne appelée').selectOption({ index: 0 });
    await trial.getByLabel('Résultat de l’appel').selectOption({ label: 'Joint' });
    await trial.getByRole('button', { name: 'Noter l’appel' }).click();
    await noticeSays(page, 'L’appel est noté.');
    await trial
      .getByRole('button', { name: 'Terminer l’essai et confirmer l’appariement' })
      .click();
    await noticeSays(page, 'L’appariement est confirmé.');
    await checkA11y(page, 'essai terminé (démo)');
    const confirmed = await worklist(page);
    expect(confirmed.trials).toBe(start.trials - 1);

    // 6. Hold a demo review due, with the LSNS-6.
    expect(start.reviews).toBeGreaterThan(0);
    await page.locator('#a-faire-reviews .todo-line-link').first().click();
    await page.waitForURL((url) => url.hash === '#suivi-appariement');
    await panel.getByRole('link', { name: 'Faire le bilan avec le LSNS-6' }).first().click();
    await waitH1(page, 'Bilan de l’appariement');
    await checkA11y(page, 'bilan avec le LSNS-6 (démo, 360 px)');
    await page
      .getByRole('group', { name: 'Satisfaction de la personne' })
      .getByLabel('4 : satisfait')
      .check();
    await page
      .getByRole('group', { name: 'Satisfaction du visiteur' })
      .getByLabel('3 : moyennement satisfait')
      .check();
    for (const group of await page.locator('fieldset:has(legend.question)').all())
      await group.locator('input[type="radio"]').nth(2).check();
    await page.getByRole('button', { name: 'Enregistrer le bilan' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/personnes/'));
    await page.getByText('Le bilan est enregistré.', { exact: true }).waitFor();
    const reviewed = await worklist(page);
    expect(reviewed.reviews).toBe(start.reviews - 1);

    // 7. End the accepted match for want of affinity: back on the waiting list, prioritaire.
    await page.goto(`${personHref}#suivi-appariement`);
    await waitH1(page, personName);
    await match.getByRole('button', { name: 'Arrêter l’appariement' }).click();
    await match.getByLabel('Motif').selectOption({ label: 'Pas d’affinité' });
    await checkA11y(page, 'arrêter un appariement (démo)');
    await match.getByRole('button', { name: 'Arrêter l’appariement' }).click();
    await noticeSays(page, 'L’appariement est arrêté. La personne revient sur la liste d’attente.');
    await page.reload();
    await waitH1(page, personName);
    await page.locator('.status-line').getByText('En attente de visiteur').waitFor();
    await page.locator('.status-line').getByText('Prioritaire', { exact: true }).waitFor();
    await panel.getByText(`Avec ${unitLabel}`, { exact: false }).first().waitFor();
    // Her suggestions: prioritaire, and the unit she left is not among them.
    await page.goto(`${personHref}/binome`);
    await waitH1(page, `Trouver un binôme ou un bénévole pour ${personName}`);
    const suggestions = page.getByRole('region', { name: /^Proposition \d+ : / });
    await suggestions.first().waitFor();
    await page
      .getByText(/prioritaire : appariement précédent arrêté faute d’affinité/)
      .first()
      .waitFor();
    for (const name of await suggestions.evaluateAll((all) =>
      all.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''),
    ))
      expect(name).not.toContain(unitLabel);
    await checkA11y(page, 'suggestions d’une personne prioritaire (démo)');

    // 8. Suspend a volunteer ready to be proposed, for two weeks.
    await page.goto('/visiteurs');
    await waitH1(page, 'Visiteurs');
    await page.locator('main a[href^="/visiteurs/"]').first().waitFor();
    const links = (
      await page
        .locator('main a[href^="/visiteurs/"]')
        .evaluateAll((all) => all.map((a) => a.getAttribute('href')!))
    ).filter((href) => /^\/visiteurs\/[0-9a-f-]{36}$/.test(href));
    let suspended: { href: string; name: string } | null = null;
    const seen: string[] = [];
    for (const href of links) {
      // Active neighbours who do not visit (ADR 0033) are never proposed nor planned: skipped.
      const id = href.split('/').pop()!;
      const neighbour = await page.request.get(`/api/visitors/${id}/neighbour`);
      const roles = neighbour.ok() ? ((await neighbour.json()) as { roles: string[] }).roles : [];
      if (neighbour.ok() && !roles.includes('visits')) continue;
      await page.goto(`${href}#parcours`);
      const journey = page.getByRole('region', { name: 'Parcours' });
      await journey
        .getByText(/^Étape :/)
        .first()
        .waitFor();
      const ready = journey.getByText('Peut être proposé et planifié.');
      await ready.waitFor({ timeout: 3_000 }).catch(() => undefined);
      if (await ready.count()) {
        // The file's title: « Prénom Nom », as the proposals and the planning name them.
        const name = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
        suspended = { href, name };
        break;
      }
      seen.push(`${href} ${roles.join(',')}: ${(await journey.textContent())?.slice(0, 160)}`);
    }
    expect(suspended, `${links.length} links\n${seen.join('\n')}`).not.toBeNull();
    const journey = page.getByRole('region', { name: 'Parcours' });
    const until = addDays(serviceToday(), 14);
    await journey.getByRole('button', { name: 'Suspendre', exact: true }).click();
    await journey.locator('input[name="journeyReason"]').fill('Absence à clarifier');
    await journey.locator('input[name="journeyUntil"]').fill(until);
    await checkA11y(page, 'suspendre un visiteur (démo)');
    await journey.getByRole('button', { name: 'Suspendre', exact: true }).last().click();
    await journey.getByText(/^Suspendu jusqu’au .* : Absence à clarifier$/).waitFor();
    const afterSuspension = await worklist(page);
    expect(afterSuspension.suspensionsEnding).toBe(start.suspensionsEnding + 1);

    // Left out of the proposals, with the reason…
    await page.goto('/appariements');
    await waitH1(page, 'Appariements');
    await page.getByRole('button', { name: 'Proposer des appariements' }).click();
    const leftOut = page.getByRole('region', { name: 'Écartés des propositions' });
    await leftOut
      .getByText(new RegExp(`${suspended!.name}.*suspendu jusqu’au .* : Absence à clarifier`))
      .first()
      .waitFor();
    // …and out of next week's planning, with the reason.
    await page.goto('/planning');
    const notPlanned = page.getByRole('region', { name: 'Visiteurs non planifiés cette semaine' });
    await notPlanned
      .getByRole('listitem')
      .filter({ hasText: suspended!.name })
      .filter({ hasText: /suspendu jusqu’au .* : Absence à clarifier/ })
      .waitFor();
    await checkA11y(page, 'planning, visiteurs non planifiés (démo, 360 px)');
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
