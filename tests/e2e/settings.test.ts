/**
 * Settings → Groups in a real browser against the built, seeded playground, with its email going to a real
 * SMTP server on 127.0.0.1: the Super Admin changes an option and sees it marked as changed, edits an email
 * template (an unknown variable is refused with its line named), previews it and sends themselves a test,
 * then opens the overdue reminder's template with its variables and previews it.
 * Anna, a Group Manager, has no Groups settings. Screenshots go to docs/screenshots with `npm run screenshots`.
 */
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import type { OverviewResponse } from '../../common/contracts/workspace';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

describe('Settings → Groups (real browser, real SMTP)', () => {
  let smtp: TestSmtp;
  let session: WorkspaceBrowser;

  beforeAll(async () => {
    smtp = await startSmtp();
    session = await startWorkspaceBrowser({ SMTP_PORT: String(smtp.port) });
  });

  afterAll(async () => {
    await session?.stop();
    await smtp?.stop();
  });

  it('lets the site owner change an option and edit, preview and test an email template', async () => {
    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}/admin/settings`);
    await page.getByRole('link', { name: 'Options' }).click();
    await page.waitForURL(/\/admin\/settings\/groups\/options/);
    await page.getByRole('heading', { name: 'Groups settings' }).waitFor();

    const perHour = page.getByLabel('Messages per hour');
    await perHour.fill('120');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved; they apply now.').waitFor();
    await page.getByText(/Changed here; the config file says 500\./).waitFor();
    await page
      .getByText('Settings saved; they apply now.')
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await screenshot(page, 'settings-options');

    // users-permissions has an "Email templates" link of its own.
    await page.locator('a[href="/admin/settings/groups/templates"]').click();
    await page.waitForURL(/\/admin\/settings\/groups\/templates/);
    await page.getByRole('heading', { name: 'Email templates' }).waitFor();
    const body = page.getByLabel('Body');
    await body.fill('Hello {{learnerName}},\n\nWelcome to {{coursTitle}}.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/body, line 3: unknown variable \{\{coursTitle\}\}/).waitFor();

    await body.fill('Hello {{learnerName}},\n\nWelcome to {{courseTitle}} in {{groupName}}.');
    await page.getByRole('button', { name: 'Preview with sample data' }).click();
    await page.getByText('Subject: You have a place in Safe lifting').waitFor();
    const preview = page.frameLocator('iframe[title="Preview of the email"]');
    await preview.getByText('Welcome to Safe lifting in Amsterdam nursing team.').waitFor();
    await screenshot(page, 'settings-templates');

    smtp.clear();
    await page.getByRole('button', { name: 'Send me a test email' }).click();
    await page.getByText(`A test email went to ${DEMO_USERS.superAdmin.email}.`).waitFor();
    expect(smtp.to(DEMO_USERS.superAdmin.email).map((m) => m.subject)).toEqual([
      'You have a place in Safe lifting',
    ]);

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Template saved; the next email of this kind uses it.').waitFor();
    await page.getByText(/Your own words, saved/).waitFor();
    await page
      .getByText('Template saved; the next email of this kind uses it.')
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);

    // Reminders are templates like the decisions: their variables listed, the opt-out link among them.
    await page.getByRole('combobox', { name: 'Email' }).click();
    await page.getByRole('option', { name: 'Reminder: overdue' }).click();
    await page
      .getByText(/To the learner once a week while an approved enrollment is past its due date/)
      .waitFor();
    await page.locator('code', { hasText: '{{optOutLink}}' }).waitFor();
    await page.getByRole('button', { name: 'Preview with sample data' }).click();
    await page.getByText('Subject: Safe lifting is overdue').waitFor();
    await page
      .frameLocator('iframe[title="Preview of the email"]')
      .getByText('https://example.com/api/groups/notifications/opt-out?token=sample')
      .waitFor();
    await screenshot(page, 'settings-templates-reminder');
    await page.close();
  });

  it('serves the demo site’s invitation page, which accepts an invitation through the Content API', async () => {
    // The invitation URL set live in Settings, pointing at this test's playground.
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const owner = ((await login.json()) as { data: { token: string } }).data.token;
    const admin = (url: string, method: string, body: unknown, token = owner) =>
      fetch(`${session.baseUrl}${url}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const saved = await admin('/groups/settings', 'PUT', {
      overrides: { messagesPerHour: 120, invitationUrl: `${session.baseUrl}/confirm-invitation` },
    });
    expect(saved.status).toBe(200);

    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const group = overview.data.find((g) => g.rights.manageMembers)!;
    smtp.clear();
    const anna = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.managerA.email, password: DEMO_PASSWORD }),
    });
    const annaToken = ((await anna.json()) as { data: { token: string } }).data.token;
    const invited = await admin(
      `/groups/groups/${group.documentId}/invitations`,
      'POST',
      { email: 'invitee@school.demo', username: 'invitee' },
      annaToken
    );
    expect(invited.status).toBeLessThan(300);
    const [mail] = smtp.to('invitee@school.demo');
    const link = new RegExp(`(${session.baseUrl}/confirm-invitation\\?token=\\S+)`).exec(mail.text)?.[1];
    expect(link).toBeDefined();

    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(link!);
    await page.getByText(`you are invited to join ${group.name}`).waitFor();
    await page.getByLabel(/Choose a password/).fill('A-good-password-1');
    await screenshot(page, 'confirm-invitation');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByText(`You are now a member of ${group.name}`).waitFor();
    await page.close();
  });

  it('shows a Group Manager no Groups settings', async () => {
    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.goto(`${session.baseUrl}/admin/settings/groups/options`);
    await page.getByText(/don't have the permissions|do not have the permissions/i).waitFor();
    expect(await page.getByRole('heading', { name: 'Groups settings' }).count()).toBe(0);
    await page.close();
  });
});
