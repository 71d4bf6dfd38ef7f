/**
 * The Notifications page in a real browser against the built, seeded playground, with a real SMTP server:
 * Anna (manager of Amsterdam and Rotterdam) approves a request, opens Notifications, sees the learner's
 * email in her groups' log, and changes her own preferences (new requests in a daily digest, no weekly
 * digest), which the API then returns. The page is pictured and checked with axe-core.
 */
import type { NotificationLogResponse, PreferencesResponse } from '../../common/contracts/notifications';
import type { EnrollmentListResponse, OverviewResponse } from '../../common/contracts/workspace';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

describe('notifications page (real browser)', () => {
  let session: WorkspaceBrowser;
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtp();
    session = await startWorkspaceBrowser({ SMTP_PORT: String(smtp.port), GROUPS_WORKER_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await session?.stop();
    await smtp?.stop();
  });

  it('a manager sees the log of her groups and changes her preferences', async () => {
    // Anna approves a request of Amsterdam: the learner's email is written with the approval.
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.managerA.email, password: DEMO_PASSWORD }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const amsterdam = overview.data.find((g) => g.name === 'Amsterdam nursing team')!;
    const [request] = (
      await session.api<EnrollmentListResponse>(
        `/groups/enrollments?group=${amsterdam.documentId}&state=requested`
      )
    ).data;
    const approved = await fetch(`${session.baseUrl}/groups/enrollments/${request.documentId}/transition`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'approve' }),
    });
    expect(approved.status).toBe(200);
    const learnerEmail = request.learner.email!;
    // The playground's worker sends it; the log then says Sent.
    while (smtp.to(learnerEmail).length === 0) await new Promise((r) => setTimeout(r, 100));

    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.getByRole('link', { name: 'Groups' }).first().click();
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.waitForURL(/\/admin\/plugins\/groups\/notifications$/);
    await page.getByRole('heading', { name: 'Sent emails' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: learnerEmail });
    await row.getByText('Request approved').waitFor();
    await row.getByText('Sent', { exact: true }).waitFor();
    expect(await page.getByText('Utrecht open safety days').count()).toBe(0);

    await page.getByRole('combobox', { name: 'New requests in my groups' }).click();
    await page.getByRole('option', { name: 'One digest a day' }).click();
    await page.getByRole('checkbox', { name: /A weekly digest of my groups/ }).click();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Your preferences are saved.').waitFor();
    expect(await session.api<PreferencesResponse>('/groups/notifications/preferences')).toEqual({
      data: { newRequests: 'daily', weeklyDigest: false },
    });
    const log = await session.api<NotificationLogResponse>('/groups/notifications');
    expect(
      log.data.every((entry) => entry.group === null || entry.group.name !== 'Utrecht open safety days')
    ).toBe(true);
    await page.getByText('Your preferences are saved.').waitFor({ state: 'detached' });
    await screenshot(page, 'notifications');
  });
});
