/**
 * The demo as a new user finds it: the Super Admin logs in to the built admin panel, the Groups menu entry
 * opens the plugin, and the three content types hold the demo data in the Content Manager.
 */
import fs from 'fs';
import path from 'path';
import type { Browser } from 'playwright-core';
import { launchBrowser, loginAdmin } from '../helpers/browser';
import { E2E_ARTIFACTS, startPlayground, type PlaygroundServer } from '../helpers/playground-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEMO_USERS, DEMO_PASSWORD } = require('../../playground/scripts/demo-data');

jest.setTimeout(180_000);

describe('demo admin panel (real browser)', () => {
  let server: PlaygroundServer;
  let browser: Browser;

  beforeAll(async () => {
    fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });
    server = await startPlayground();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the Groups plugin and the demo data to the Super Admin', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await loginAdmin(page, server.baseUrl, DEMO_USERS.superAdmin.email, DEMO_PASSWORD);

    await page.getByRole('link', { name: 'Groups' }).first().click();
    await page.waitForURL(/\/admin\/plugins\/groups/);
    await page.screenshot({ path: path.join(E2E_ARTIFACTS, 'groups-home.png') });

    // The Content Manager lists as many entries as the demo seeded (counted through its own API).
    const login = await fetch(`${server.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const total = async (uid: string) => {
      const res = await fetch(`${server.baseUrl}/content-manager/collection-types/${uid}?page=1&pageSize=1`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return ((await res.json()) as { pagination: { total: number } }).pagination.total;
    };
    const enrollments = await total('plugin::groups.enrollment');
    const links = await total('plugin::groups.group-manager');
    expect(enrollments).toBeGreaterThanOrEqual(28);
    expect(links).toBeGreaterThanOrEqual(4);
    for (const [uid, text] of [
      ['plugin::groups.group', 'Amsterdam nursing team'],
      ['plugin::groups.enrollment', `${enrollments} entries found`],
      ['plugin::groups.group-manager', `${links} entries found`],
    ]) {
      await page.goto(`${server.baseUrl}/admin/content-manager/collection-types/${uid}`);
      await page.getByText(text).first().waitFor({ timeout: 20_000 });
    }
    await page.close();
  });
});
