/**
 * The Members page in a real browser against the built, seeded playground, with the playground's email
 * going to a real SMTP server on 127.0.0.1: Anna lists and searches her group's members, imports a sheet
 * (a bad row blocks it, a good one invites a newcomer whose email arrives), edits and removes a member, and
 * messages the group. Bram, who holds no member rights, has no Members page. Screenshots go to
 * docs/screenshots for the README.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { ListMembersResponse } from '../../common/contracts/members';
import type { OverviewResponse } from '../../common/contracts/workspace';
import { launchBrowser, loginAdmin } from '../helpers/browser';
import { E2E_ARTIFACTS, startPlayground, type PlaygroundServer } from '../helpers/playground-server';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import { ROOT } from '../helpers/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DEMO_USERS, DEMO_PASSWORD } = require('../../playground/scripts/demo-data');

jest.setTimeout(300_000);

const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');

const sheet = async (rows: string[][]) => {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('Members');
  ws.addRow(['email', 'username']);
  rows.forEach((row) => ws.addRow(row));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'members-')), 'class.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
};

describe('members page (real browser, real SMTP)', () => {
  let server: PlaygroundServer;
  let smtp: TestSmtp;
  let browser: Browser;
  let annaToken: string;

  const api = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${server.baseUrl}${url}`, { headers: { Authorization: `Bearer ${annaToken}` } });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const dismissBanners = async (page: Page) => {
    const readMore = page.getByRole('link', { name: /read blog post/i });
    const shown = await readMore
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) await page.getByRole('button', { name: /close the banner/i }).click();
  };

  const screenshot = async (page: Page, name: string) => {
    await page.mouse.move(1400, 980);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };

  const openAs = async (email: string) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await loginAdmin(page, server.baseUrl, email, DEMO_PASSWORD);
    await dismissBanners(page);
    return page;
  };

  beforeAll(async () => {
    fs.mkdirSync(E2E_ARTIFACTS, { recursive: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    smtp = await startSmtp();
    server = await startPlayground({ SMTP_PORT: String(smtp.port) });
    browser = await launchBrowser();
    const login = await fetch(`${server.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.managerA.email, password: DEMO_PASSWORD }),
    });
    annaToken = ((await login.json()) as { data: { token: string } }).data.token;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it('lets a manager run their group’s members', async () => {
    const overview = await api<OverviewResponse>('/groups/workspace/overview');
    const group = overview.data.find((g) => g.rights.manageMembers)!;
    const before = await api<ListMembersResponse>(`/groups/groups/${group.documentId}/members?pageSize=100`);
    expect(before.data.length).toBeGreaterThan(1);

    const page = await openAs(DEMO_USERS.managerA.email);
    await page.goto(`${server.baseUrl}/admin/plugins/groups`);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/admin\/plugins\/groups\/members/);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    const first = before.data[0];
    await page.getByText(first.email).waitFor();
    await screenshot(page, 'members');

    // Message every member.
    smtp.clear();
    await page.getByRole('button', { name: 'Message' }).click();
    const message = page.getByRole('dialog');
    await message.getByLabel('Subject').fill('Room change');
    await message.getByLabel('Message').fill('We meet in room 4 tomorrow.');
    await screenshot(page, 'members-message');
    await message.getByRole('button', { name: 'Send' }).click();
    await page
      .getByText(new RegExp(`Sent to ${before.data.length} of ${before.data.length} members`))
      .waitFor();
    expect(smtp.messages).toHaveLength(before.data.length);
    // Let the notification go before the next screenshot.
    await page
      .getByText(/Sent to \d+ of/)
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    expect(smtp.messages.every((m) => m.subject === 'Room change')).toBe(true);

    // Search narrows the list to one member.
    await page.getByRole('searchbox').fill(first.email);
    await page.getByRole('searchbox').press('Enter');
    await page.waitForURL(/_q=/);
    await page.getByText(before.data[1].email).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /clear the search/i }).click();
    await page.getByText(before.data[1].email).waitFor();

    // Import: a bad row blocks the file; a clean file invites the newcomer.
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(
      await sheet([
        ['newcomer@school.demo', 'newcomer'],
        ['=HYPERLINK("x")', ''],
        ['not-an-email', ''],
      ])
    );
    await dialog.getByText('2 with errors').waitFor();
    await dialog.getByText(/formula, or text starting with/).waitFor();
    expect(await dialog.getByRole('button', { name: /Import \d+ rows?$/ }).isDisabled()).toBe(true);
    await screenshot(page, 'members-import');

    await dialog
      .locator('input[type=file]')
      .setInputFiles(await sheet([['newcomer@school.demo', 'newcomer']]));
    await dialog.getByText('1 to invite').waitFor();
    await dialog.getByRole('button', { name: 'Import 1 row' }).click();
    await page.getByText(/Imported: 0 added, 1 invited \(1 invitations sent/).waitFor();
    await page.getByRole('heading', { name: 'Pending invitations (1)' }).waitFor();
    expect(smtp.to('newcomer@school.demo')).toHaveLength(1);
    expect(smtp.to('newcomer@school.demo')[0].subject).toBe(`You are invited to join ${group.name}`);

    // Edit a member's name.
    await page.getByRole('button', { name: `Edit ${first.username}` }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Name').fill(`${first.username}-renamed`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`${first.username}-renamed is saved.`).waitFor();
    await page.getByText(`${first.username}-renamed`, { exact: true }).waitFor();

    // Remove another member after confirming.
    const leaving = before.data[before.data.length - 1];
    await page.getByRole('button', { name: `Remove ${leaving.username} from the group` }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: /confirm/i })
      .click();
    await page.getByText(new RegExp(`${leaving.username} left the group`)).waitFor();
    const after = await api<ListMembersResponse>(`/groups/groups/${group.documentId}/members?pageSize=100`);
    expect(after.data.map((m) => m.documentId)).not.toContain(leaving.documentId);

    await page.close();
  });

  it('shows no Members page to a manager without member rights', async () => {
    const page = await openAs(DEMO_USERS.managerB.email);
    await page.goto(`${server.baseUrl}/admin/plugins/groups`);
    await page.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await page.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await page.close();
  });
});
