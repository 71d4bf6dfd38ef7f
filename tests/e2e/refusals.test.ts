/**
 * Refusals in words, in Dutch: Anna opens a group of another manager by its URL (the Members page, the
 * Enrollments filter) and reads that the group is not one of hers, with nothing of that group on screen;
 * she approves a request that was cancelled meanwhile and reads the server's refusal in Dutch, the states
 * it names included; her export on a node where too many run reads the 429's sentence in Dutch, until she
 * closes it. Screenshots in tests/e2e/artifacts (docs/screenshots with `npm run screenshots`).
 */
import type { EnrollmentListResponse, OverviewResponse } from '../../common/contracts/workspace';
import { MESSAGES } from '../../common/domain/messages';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const OUT_OF_SCOPE_NL = 'Deze groep hoort niet bij jouw groepen, of bestaat niet.';

describe('refusals in words (real browser, Dutch)', () => {
  let session: WorkspaceBrowser;
  /** The API as the Super Admin sees it: every group and its members. */
  let owner: <T>(url: string, body?: unknown) => Promise<T>;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    owner = async <T>(url: string, body?: unknown) =>
      (await (
        await fetch(`${session.baseUrl}${url}`, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
      ).json()) as T;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('shows a page that says a foreign group is not hers', async () => {
    const all = await owner<OverviewResponse>('/groups/workspace/overview?pageSize=100');
    const mine = await session.api<OverviewResponse>('/groups/workspace/overview?pageSize=100');
    const foreign = all.data.find((g) => !mine.data.some((m) => m.documentId === g.documentId))!;

    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.evaluate("localStorage.setItem('strapi-admin-language', 'nl')");

    // The Members page by URL: no fallback to one of her own groups, nothing of the foreign group.
    await page.goto(`${session.baseUrl}/admin/plugins/groups/members?group=${foreign.documentId}`);
    await page.getByText(OUT_OF_SCOPE_NL).waitFor();
    expect(await page.getByText(foreign.name).count()).toBe(0);
    expect(await page.getByRole('table').count()).toBe(0);
    await screenshot(page, 'out-of-scope-nl');

    // The Enrollments page with the foreign group as its filter says the same.
    await page.goto(`${session.baseUrl}/admin/plugins/groups/enrollments?group=${foreign.documentId}`);
    await page.getByText(OUT_OF_SCOPE_NL).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
  });

  it("says in Dutch why the server refused her action, not in English and not 'Forbidden'", async () => {
    const mine = await session.api<OverviewResponse>('/groups/workspace/overview?pageSize=100');
    const rows = async (group: string) =>
      (
        await session.api<EnrollmentListResponse>(
          `/groups/enrollments?pageSize=100&group=${group}&state=requested&sort=learner:asc`
        )
      ).data;
    let group = mine.data[0].documentId;
    for (const candidate of mine.data) {
      if ((await rows(candidate.documentId)).length > 0) {
        group = candidate.documentId;
        break;
      }
    }
    const [request] = await rows(group);
    expect(request).toBeDefined();

    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.evaluate("localStorage.setItem('strapi-admin-language', 'nl')");
    await page.goto(`${session.baseUrl}/admin/plugins/groups/enrollments?group=${group}&state=requested`);
    const approve = page.getByRole('button', { name: `Goedkeuren ${request.learner.username}` });
    await approve.waitFor();

    // Meanwhile the site owner unenrolls the learner; Anna's page still offers the approval.
    await owner(`/groups/enrollments/${request.documentId}/transition`, { action: 'unenroll' });
    await approve.click();
    const refusal = page.getByText(
      'Een inschrijving die geannuleerd is, kan aangevraagd worden, niet goedgekeurd.'
    );
    await refusal.waitFor();
    expect(await page.getByText('Forbidden').count()).toBe(0);
    expect(await page.getByText(/can become|cannot change/).count()).toBe(0);
    await screenshot(page, 'refusal-nl');
  });

  it('says in Dutch that too many exports run when the export answers 429, until she closes it', async () => {
    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.evaluate("localStorage.setItem('strapi-admin-language', 'nl')");
    // The answer of a node whose exports and line are full (tests/api/export-concurrency.test.ts checks
    // that the server sends exactly this); the page is what is tested here.
    await page.route('**/groups/reports/export?**', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '60' },
        body: JSON.stringify({
          data: null,
          error: {
            status: 429,
            name: 'RateLimitError',
            message: MESSAGES['server.reports.exportBusy'],
            details: { key: 'server.reports.exportBusy', retryAfter: 60, reason: 'full' },
          },
        }),
      })
    );
    await page.goto(`${session.baseUrl}/admin/plugins/groups/reports`);
    const exportButton = page.getByRole('button', { name: 'Exporteren naar Excel' });
    await exportButton.click();
    const sentence = 'Er lopen te veel exports tegelijk. Probeer het over een minuut opnieuw.';
    // An alert (read out when it appears), with the server's sentence in her language.
    const busy = page.getByRole('alert').filter({ hasText: sentence });
    await busy.waitFor();
    expect(await page.getByText(MESSAGES['server.reports.exportBusy']).count()).toBe(0);
    expect(await exportButton.isEnabled()).toBe(true);
    await screenshot(page, 'export-busy-nl');
    // It stays until closed.
    await page
      .locator('[data-sonner-toast]')
      .filter({ hasText: sentence })
      .getByRole('button', { name: 'Sluiten' })
      .click();
    await busy.waitFor({ state: 'detached' });
  });
});
