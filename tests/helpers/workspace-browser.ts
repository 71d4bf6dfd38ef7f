/**
 * What the browser tests of the manager workspace start from: the built, seeded playground, a browser,
 * pages logged in as a demo user, Anna's view of the API to check what a page did, and screenshots: in the
 * untracked tests/e2e/artifacts/screenshots by default, in the README's docs/screenshots only when asked
 * (`npm run screenshots`), so `npm test` leaves a clean work tree.
 */
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, loginAdmin } from './browser';
import { E2E_ARTIFACTS, startPlayground, type PlaygroundServer } from './playground-server';
import { ROOT } from './strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const demoData = require('../../playground/scripts/demo-data');

type DemoUser = { email: string; firstname: string; lastname: string };
export const DEMO_USERS: Record<
  'superAdmin' | 'managerA' | 'managerB' | 'editorA' | 'parentManager' | 'childManager' | 'rootReader',
  DemoUser
> = demoData.DEMO_USERS;
export const DEMO_PASSWORD: string = demoData.DEMO_PASSWORD;

export const SCREENSHOTS =
  process.env.GROUPS_SCREENSHOTS === 'docs'
    ? path.join(ROOT, 'docs', 'screenshots')
    : path.join(E2E_ARTIFACTS, 'screenshots');

/** Strapi's own "new Media Library" banner would hide the top of every screenshot. */
const dismissBanners = async (page: Page) => {
  const readMore = page.getByRole('link', { name: /read blog post/i });
  const shown = await readMore
    .waitFor({ timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
  if (shown) await page.getByRole('button', { name: /close the banner/i }).click();
};

/**
 * axe-core's WCAG 2 A and AA rules on what the page shows now; every screenshot is checked, so each page and
 * dialog a test pictures keeps 0 violations.
 */
export const expectAccessible = async (page: Page, name: string) => {
  // Evaluated through the DevTools protocol, so the admin's Content Security Policy does not block it.
  await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const found = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }).then((result) =>
      result.violations.map((v) => v.id + ' (' + v.nodes.length + '): ' + v.nodes[0].target.join(' ') + ' ' + v.nodes[0].html.slice(0, 160) + ' ' + (v.nodes[0].failureSummary || '').slice(0, 200)))`
  )) as string[];
  expect({ page: name, violations: found }).toEqual({ page: name, violations: [] });
};

export const screenshot = async (page: Page, name: string) => {
  // No hover tooltip or toast in the pictures of the README.
  await page.mouse.move(1400, 980);
  // Nor a modal caught halfway through fading in.
  await page.evaluate(
    `Promise.all(document.getAnimations()
      .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
      .map((a) => a.finished))`
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  await expectAccessible(page, name);
};

export interface WorkspaceBrowser {
  baseUrl: string;
  /** The API as Anna (manager of Amsterdam and Rotterdam) sees it. */
  api: <T>(url: string) => Promise<T>;
  /** A new page, logged in to the admin panel as this demo user. */
  openAs: (email: string) => Promise<Page>;
  stop: () => Promise<void>;
}

/** `env` goes to the playground (e.g. the port of a test SMTP server). */
export const startWorkspaceBrowser = async (env: Record<string, string> = {}): Promise<WorkspaceBrowser> => {
  fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const server: PlaygroundServer = await startPlayground(env);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  const stop = async () => {
    await browser.close();
    await server.stop();
  };
  const login = await fetch(`${server.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: DEMO_USERS.managerA.email, password: DEMO_PASSWORD }),
  });
  const annaToken = ((await login.json()) as { data: { token: string } }).data.token;

  return {
    baseUrl: server.baseUrl,
    stop,
    api: async <T>(url: string): Promise<T> => {
      const res = await fetch(`${server.baseUrl}${url}`, {
        headers: { Authorization: `Bearer ${annaToken}` },
      });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    openAs: async (email: string) => {
      const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
      await loginAdmin(page, server.baseUrl, email, DEMO_PASSWORD);
      await dismissBanners(page);
      return page;
    },
  };
};
