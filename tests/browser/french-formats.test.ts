/**
 * Formats and French (issue 11), as people read the screens: no ISO date anywhere, phone numbers
 * written the French way as links one per line, role names that agree with the form of address,
 * wording that does not read "Personne" for nobody, and a validation error said at its field
 * with the field's French label, never a technical path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { login, openPage, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;
let alertId: string;

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

beforeAll(async () => {
  world = await startWorld();
  const { visits, visitVisitors, users } = await import('../../src/db/schema.js');
  const { serviceToday, mondayOf } = await import('../../src/domain/common/calendar.js');
  const f = world.test.fixtures;
  const db = world.test.services.db;
  const today = serviceToday();
  const [visit] = await db
    .insert(visits)
    .values({
      organisationId: f.orgA.id,
      localServiceId: f.ls1.id,
      personId: f.p1.id,
      assignmentId: f.assignment.id,
      weekStart: mondayOf(today),
      rank: 7,
      date: today,
      startTime: '10:00',
      durationMinutes: 90,
      crew: 'pair',
    })
    .returning();
  await db.insert(visitVisitors).values([
    { visitId: visit!.id, visitorId: f.v1.id },
    { visitId: visit!.id, visitorId: f.v2.id },
  ]);
  // "Personne ne répond": the alert's text carries the visit's date.
  const visitor = await world.test.login(f.usersA.visitor.email);
  const report = await visitor.post(`/api/visits/${visit!.id}/report`, {
    clientId: crypto.randomUUID(),
    outcome: 'no_answer',
    writtenAt: new Date().toISOString(),
  });
  expect(report.status).toBeLessThan(300);
  alertId = report.body.alertId;
  expect(alertId).toBeTruthy();
  await db
    .update(users)
    .set({ formOfAddress: 'madame' })
    .where(eq(users.id, f.usersA.coordinator.id));
}, 600_000);

afterAll(async () => world?.close());

async function visibleText(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  return page.evaluate(() => document.body.innerText);
}

describe('dates, phones and words on the screens', () => {
  it('shows no ISO date on the coordinator’s, the administrator’s and the visitor’s screens', async () => {
    const f = world.test.fixtures;
    const leaks: string[] = [];
    const check = async (page: Page, url: string) => {
      const text = await visibleText(page, url);
      const found = ISO_DATE.exec(text);
      if (found)
        leaks.push(`${url}: ${text.slice(Math.max(0, found.index - 40), found.index + 20)}`);
      return text;
    };

    const coordinator = await openPage(world);
    await login(coordinator.page, f.usersA.coordinator.email);
    for (const url of [
      '/',
      '/personnes',
      `/personnes/${f.p1.id}`,
      `/personnes/${f.p1.id}/consultations`,
      '/visiteurs',
      `/visiteurs/${f.v1.id}`,
      '/binomes',
      '/signalements',
      '/alertes',
    ])
      await check(coordinator.page, url);
    const alert = await check(coordinator.page, `/alertes/${alertId}`);
    // The alert names who follows it and the person accompanied, and dates the visit in words.
    expect(alert).toMatch(/Suivie par/);
    expect(alert).toMatch(/Personne accompagnée/);
    expect(alert).not.toMatch(/Responsable/);
    expect(alert).toMatch(/Visite du (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ /);
    // Phones as dialled in France, each its own tel: link.
    const phone = coordinator.page.getByRole('link', { name: '06 12 34 56 78' }).first();
    await phone.waitFor();
    expect(await phone.getAttribute('href')).toBe('tel:+33612345678');
    // The coordinator is a woman: her role says so.
    await expect
      .poll(() => coordinator.page.locator('header').innerText())
      .toMatch(/Coordinatrice/);
    expect(coordinator.errors).toEqual([]);
    await coordinator.context.close();

    const planner = await openPage(world);
    await login(planner.page, f.usersA.planner.email);
    const planning = await check(planner.page, '/planning');
    expect(planning).not.toMatch(/minutes en tout/);
    await planner.context.close();

    const admin = await openPage(world);
    await login(admin.page, f.usersA.admin.email);
    const audit = await check(admin.page, '/journal');
    expect(audit).not.toMatch(/person\.read/);
    await check(admin.page, '/utilisateurs');
    await admin.context.close();

    const visitor = await openPage(world);
    await login(visitor.page, f.usersA.visitor.email);
    const today = await check(visitor.page, '/aujourdhui');
    expect(today).toMatch(/(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ /);
    await visitor.context.close();

    expect(leaks).toEqual([]);
  }, 300_000);

  it('shows a bad phone’s error at the field, in plain French, without a technical path', async () => {
    const { context, page, errors } = await openPage(world);
    await login(page, world.test.fixtures.usersA.coordinator.email);
    await page.goto('/personnes/nouvelle');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.locator('#champ-lastName').fill('Durand');
    await page.locator('#champ-firstName').fill('Odette');
    await page.locator('#champ-phones-0-number').fill('12');
    await page.getByRole('button', { name: 'Créer la fiche' }).click();
    const fieldError = page.locator('#champ-phones-0-number-erreur');
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toMatch(/« 12 » est trop court/);
    expect(await page.locator('#champ-phones-0-number').getAttribute('aria-invalid')).toBe('true');
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toMatch(/Téléphone 1/);
    expect(text).not.toMatch(/body\.|phones\.0/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
