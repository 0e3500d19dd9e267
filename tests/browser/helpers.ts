/**
 * Browser-test plumbing: build the web app when needed, start the real server on a free port with
 * a fresh test database and fixtures, drive Debian's Chromium, and check pages with axe-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { TEST_PASSWORD } from '../helpers/fixtures.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };

/** The web app must exist before the server starts: the server only serves it if it is there. */
function ensureWebBuild(): void {
  if (existsSync(`${projectRoot}/dist/web/index.html`)) return;
  execFileSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}

export interface BrowserWorld {
  test: TestApp;
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function startWorld(): Promise<BrowserWorld> {
  ensureWebBuild();
  const test = await createTestApp();
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const address = test.app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    test,
    browser,
    baseUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await browser.close();
      await test.close();
    },
  };
}

/** A fresh browser context (its own cookies) and page; page errors fail the test. */
export async function openPage(
  world: BrowserWorld,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  // The server decides "today" in UTC (see the report): the browser uses the same day, so that
  // "today" is never "in the future" for the server around midnight.
  const context = await world.browser.newContext({
    baseURL: world.baseUrl,
    viewport: DESKTOP,
    locale: 'fr-FR',
    timezoneId: 'UTC',
  });
  const errors: string[] = [];
  // Every Content-Security-Policy violation fails the test (the server's policy is strict:
  // http/hardening.ts), whether or not the browser also logs it to the console.
  await context.exposeBinding('__reportCspViolation', (_source, violation: string) => {
    errors.push(`csp: ${violation}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation(v: string): void })
        .__reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text()))
      errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

export interface AxeResult {
  screen: string;
  width: number;
  violations: { id: string; impact: string | null | undefined; help: string; nodes: string[] }[];
}

/** Every axe run of the suite, for the summary printed at the end. */
export const axeLog: AxeResult[] = [];

async function runAxe(page: Page, screen: string, width: number): Promise<AxeResult> {
  const results = await new AxeBuilder({ page })
    // "Label in name" (WCAG 2.5.3) is marked experimental in axe, so off unless asked for: on.
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const result: AxeResult = {
    screen,
    width,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    })),
  };
  axeLog.push(result);
  return result;
}

/** axe-core (WCAG 2.1 A and AA) at 1280 px and at 360 px: zero violations expected. */
export async function checkA11y(page: Page, screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const original = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  const desktop = await runAxe(page, screen, DESKTOP.width);
  await page.setViewportSize(PHONE);
  const phone = await runAxe(page, screen, PHONE.width);
  // At 360 px nothing may overflow sideways (reflow, WCAG 1.4.10).
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  await page.setViewportSize(original);
  expect(desktop.violations, `${screen} at 1280 px`).toEqual([]);
  expect(phone.violations, `${screen} at 360 px`).toEqual([]);
  expect(overflow, `${screen} scrolls sideways at 360 px`).toBeLessThanOrEqual(0);
}

export async function login(page: Page, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto('/connexion');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: false }).first().fill(password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** Presses Tab until the focused element matches, failing after `max` presses. */
export async function tabTo(
  page: Page,
  describe: string,
  matches: () => boolean,
  max = 60,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches)) return;
  }
  throw new Error(`Tab never reached ${describe}`);
}

/** The focused element has a visible focus indicator (an outline or a focus ring shadow). */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const style = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return { outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow, tag: el.tagName };
  });
  expect(style, 'an element has the focus').not.toBeNull();
  const visible =
    (style!.outline !== 'none' && style!.width !== '0px') ||
    (style!.shadow && style!.shadow !== 'none');
  expect(visible, `focus is visible on ${style!.tag}`).toBeTruthy();
}
