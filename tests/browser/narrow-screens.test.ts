/**
 * Every screen of the app (every route of src/web/App.tsx), as each role that may open it, with
 * real records of the fixtures: no horizontal scroll at 320 and 360 px (reflow, WCAG 1.4.10), and
 * axe-core (WCAG 2.1 A and AA) with zero violations at 320, 360 and 1280 px. A route added to
 * App.tsx without a line here fails the first test.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { rolesFor, ROLES, type Action } from '../../src/domain/permissions/policy.js';
import type { Fixtures } from '../helpers/fixtures.js';
import { axeLog, login, openPage, startWorld, type BrowserWorld } from './helpers.js';

let world: BrowserWorld;

beforeAll(async () => {
  world = await startWorld();
  // The visitor's day with its longest texts: a visit reported "nobody answers" (the badge that
  // made a 360 px page 430 px wide), another planned, and the next days.
  const { visits, visitVisitors, visitReports } = await import('../../src/db/schema.js');
  const { addDays, mondayOf, serviceToday } = await import('../../src/domain/common/calendar.js');
  const f = world.test.fixtures;
  const db = world.test.services.db;
  const today = serviceToday();
  const made: string[] = [];
  for (const [date, startTime, personId] of [
    [today, '09:00', f.p1.id],
    [today, '14:30', f.p2.id],
    [addDays(today, 1), '10:15', f.p1.id],
  ] as const) {
    const [row] = await db
      .insert(visits)
      .values({
        organisationId: f.orgA.id,
        localServiceId: f.ls1.id,
        personId,
        weekStart: mondayOf(date),
        date,
        startTime,
        durationMinutes: 90,
        crew: 'pair',
      })
      .returning();
    await db.insert(visitVisitors).values([
      { visitId: row!.id, visitorId: f.v1.id },
      { visitId: row!.id, visitorId: f.v2.id },
    ]);
    made.push(row!.id);
  }
  await db.update(visits).set({ status: 'not_done' }).where(eq(visits.id, made[0]!));
  await db.insert(visitReports).values({
    organisationId: f.orgA.id,
    visitId: made[0]!,
    clientId: crypto.randomUUID(),
    outcome: 'no_answer',
    writtenAt: new Date(),
    submittedBy: f.usersA.visitor.id,
  });
}, 180_000);

afterAll(async () => {
  const failing = axeLog.filter((r) => r.violations.length);
  console.info(`axe-core: ${axeLog.length} runs, ${failing.length} with violations`);
  await world?.close();
});

interface Screen {
  /** The route as App.tsx declares it. */
  route: string;
  /** The address opened, with real ids. */
  url: (f: Fixtures) => string;
  /** The action the route requires (RequirePermission); none: any signed-in user. */
  action?: Action;
  /** axe rules left to another part of the work, with who owns them. */
  skipRules?: string[];
}

const PUBLIC_SCREENS: Screen[] = [
  { route: '/connexion', url: () => '/connexion' },
  { route: '/mot-de-passe-oublie', url: () => '/mot-de-passe-oublie' },
  { route: '/mot-de-passe/nouveau', url: () => '/mot-de-passe/nouveau?jeton=inconnu' },
  { route: '/invitation', url: () => '/invitation?jeton=inconnu' },
  {
    route: '/devenir-benevole/:organisationId',
    url: (f) => `/devenir-benevole/${f.orgA.id}`,
  },
  {
    route: '/demande-entraide/:organisationId',
    url: (f) => `/demande-entraide/${f.orgA.id}`,
  },
  {
    route: '/devenir-voisin-actif/:organisationId',
    url: (f) => `/devenir-voisin-actif/${f.orgA.id}`,
  },
  // The professional's yearly check: an unknown link says so.
  { route: '/pro/verification', url: () => '/pro/verification?jeton=inconnu' },
];

const SIGNED_IN_SCREENS: Screen[] = [
  { route: 'index', url: () => '/' },
  { route: 'personnes', url: () => '/personnes', action: 'person.list' },
  { route: 'personnes/nouvelle', url: () => '/personnes/nouvelle', action: 'person.create' },
  { route: 'personnes/:id', url: (f) => `/personnes/${f.p1.id}`, action: 'person.read' },
  {
    route: 'personnes/:id/modifier',
    url: (f) => `/personnes/${f.p1.id}/modifier`,
    action: 'person.update',
  },
  {
    route: 'personnes/:id/evaluation',
    url: (f) => `/personnes/${f.p2.id}/evaluation`,
    action: 'evaluation.create',
  },
  {
    route: 'personnes/:id/statut',
    url: (f) => `/personnes/${f.p1.id}/statut`,
    action: 'person.transition',
  },
  {
    route: 'personnes/:id/binome',
    url: (f) => `/personnes/${f.p3.id}/binome`,
    action: 'matching.suggest',
  },
  {
    route: 'personnes/:id/consentement',
    url: (f) => `/personnes/${f.p1.id}/consentement`,
    action: 'consent.create',
  },
  {
    route: 'personnes/:id/fusion',
    url: (f) => `/personnes/${f.p1.id}/fusion`,
    action: 'person.merge',
  },
  {
    route: 'personnes/:id/consultations',
    url: (f) => `/personnes/${f.p1.id}/consultations`,
    action: 'person.views',
  },
  {
    route: 'appariements/:id/bilan',
    url: (f) => `/appariements/${f.assignment.id}/bilan`,
    action: 'match.review',
  },
  { route: 'voisins', url: () => '/voisins', action: 'neighbour.list' },
  { route: 'voisins/inscription', url: () => '/voisins/inscription', action: 'neighbour.manage' },
  { route: 'visiteurs', url: () => '/visiteurs', action: 'visitor.list' },
  { route: 'visiteurs/nouveau', url: () => '/visiteurs/nouveau', action: 'visitor.create' },
  {
    route: 'visiteurs/candidature',
    url: () => '/visiteurs/candidature',
    action: 'journey.manage',
  },
  { route: 'visiteurs/:id', url: (f) => `/visiteurs/${f.v1.id}`, action: 'visitor.read' },
  {
    route: 'visiteurs/:id/modifier',
    url: (f) => `/visiteurs/${f.v1.id}/modifier`,
    action: 'visitor.update',
  },
  { route: 'ma-fiche', url: () => '/ma-fiche', action: 'visitor.read' },
  { route: 'binomes', url: () => '/binomes', action: 'pair.list' },
  { route: 'appariements', url: () => '/appariements', action: 'matching.propose' },
  {
    route: 'planning',
    url: () => '/planning',
    action: 'planning.read',
  },
  { route: 'aujourdhui', url: () => '/aujourdhui', action: 'visit.own' },
  { route: 'rappels', url: () => '/rappels', action: 'contact.list' },
  { route: 'a-faire/:section', url: () => '/a-faire/callbacks', action: 'todo.read' },
  { route: 'alertes', url: () => '/alertes', action: 'alert.list' },
  { route: 'alertes/:id', url: (f) => `/alertes/${f.alertA.id}`, action: 'alert.list' },
  { route: 'signalements', url: () => '/signalements', action: 'referral.list' },
  { route: 'signalements/nouveau', url: () => '/signalements/nouveau', action: 'referral.create' },
  { route: 'signalements/:id', url: (f) => `/signalements/${f.refA.id}`, action: 'referral.read' },
  { route: 'imports', url: () => '/imports', action: 'import.run' },
  { route: 'journal', url: () => '/journal', action: 'audit.read' },
  { route: 'organisation', url: () => '/organisation', action: 'organisation.update' },
  { route: 'utilisateurs', url: () => '/utilisateurs', action: 'user.list' },
  // Training and the young visitors' insertion (issue 12).
  { route: 'formations', url: () => '/formations', action: 'training.read' },
  // Neighbour-help requests (issue 13).
  { route: 'entraide', url: () => '/entraide', action: 'help_request.list' },
  { route: 'entraide/appel', url: () => '/entraide/appel', action: 'help_request.create' },
  {
    route: 'entraide/:id',
    url: (f) => `/entraide/${f.helpRequestA.id}`,
    action: 'help_request.read',
  },
  {
    route: 'formations/:id',
    url: (f) => `/formations/${f.trainingA.id}`,
    action: 'training.read',
  },
  {
    route: 'rapports/jeunes-visiteurs',
    url: () => '/rapports/jeunes-visiteurs?annee=2025',
    action: 'stats.read',
  },
  // The professionals' directory (issue 13).
  { route: 'professionnels', url: () => '/professionnels', action: 'professional.list' },
  {
    route: 'professionnels/nouveau',
    url: () => '/professionnels/nouveau',
    action: 'professional.manage',
  },
  {
    route: 'professionnels/:id',
    url: (f) => `/professionnels/${f.proA.id}`,
    action: 'professional.read',
  },
  { route: '*', url: () => '/nulle-part' },
];

const WIDTHS = [320, 360, 1280] as const;

interface Finding {
  screen: string;
  width: number;
  what: string;
}

/** The screen has finished loading: its heading is there, no "Chargement…" left, network idle. */
async function settle(page: Page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 15_000 });
}

async function check(page: Page, screen: string, skipRules: string[] = []): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 740 });
    // Let the layout settle at the new width (maps, grids).
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    if (width < 1000) {
      const overflow = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        widest: [...document.querySelectorAll('body *')]
          .filter(
            (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
          )
          .slice(0, 3)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').slice(0, 40)}"`,
          ),
      }));
      if (overflow.scroll > overflow.client)
        found.push({
          screen,
          width,
          what: `scrolls sideways: ${overflow.scroll} px > ${overflow.client} px (${overflow.widest.join(' | ')})`,
        });
    }
    let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
    if (skipRules.length) builder = builder.disableRules(skipRules);
    const results = await builder.analyze();
    const violations = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
    axeLog.push({ screen, width, violations });
    for (const v of violations)
      found.push({ screen, width, what: `axe ${v.id}: ${v.help} (${v.nodes.join(' | ')})` });
  }
  return found;
}

const report = (findings: Finding[]) =>
  findings.map((f) => `${f.screen} @${f.width}px: ${f.what}`).join('\n');

describe('every screen at 320, 360 and 1280 px', () => {
  it('knows every route of App.tsx', () => {
    const source = readFileSync(new URL('../../src/web/App.tsx', import.meta.url), 'utf8');
    const routes = [...source.matchAll(/<Route\s+(?:index|path="([^"]+)")/g)].map(
      (m) => m[1] ?? 'index',
    );
    const known = [...PUBLIC_SCREENS, ...SIGNED_IN_SCREENS].map((s) => s.route);
    expect(routes.filter((r) => !known.includes(r))).toEqual([]);
    expect(known.filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('public pages', async () => {
    const { context, page, errors } = await openPage(world);
    const findings: Finding[] = [];
    for (const screen of PUBLIC_SCREENS) {
      await page.goto(screen.url(world.test.fixtures));
      await settle(page);
      findings.push(...(await check(page, screen.route, screen.skipRules)));
    }
    expect(report(findings)).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  for (const role of ROLES) {
    it(`as ${role}`, async () => {
      const f = world.test.fixtures;
      const user = f.usersA[role];
      const screens = SIGNED_IN_SCREENS.filter(
        (s) => !s.action || rolesFor(s.action).includes(role),
      );
      const { context, page, errors } = await openPage(world);
      await login(page, user.email);
      const findings: Finding[] = [];
      for (const screen of screens) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(screen.url(f));
        await settle(page);
        findings.push(...(await check(page, `${screen.route} (${role})`, screen.skipRules)));
      }
      expect(report(findings)).toBe('');
      expect(errors).toEqual([]);
      await context.close();
    }, 600_000);
  }
});
