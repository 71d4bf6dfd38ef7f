/**
 * Refusals in words, in Dutch: Anna opens a group of another manager by its URL (the Members page, the
 * Enrollments filter) and reads that the group is not one of hers, with nothing of that group on screen; she
 * edits a member who also belongs to a group she does not manage and reads why the server refused, in the
 * admin's language. Screenshots in tests/e2e/artifacts (docs/screenshots with `npm run screenshots`).
 */
import type { ListMembersResponse } from '../../common/contracts/members';
import type { OverviewResponse } from '../../common/contracts/workspace';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const OUT_OF_SCOPE_NL = 'Deze groep hoort niet bij jouw groepen, of bestaat niet.';

describe('refusals in words (real browser, Dutch)', () => {
  let session: WorkspaceBrowser;
  /** The API as the Super Admin sees it: every group and its members. */
  let owner: <T>(url: string) => Promise<T>;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    owner = async <T>(url: string) =>
      (await (
        await fetch(`${session.baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as T;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('shows a page that says a foreign group is not hers, and a refused edit in words', async () => {
    const all = await owner<OverviewResponse>('/groups/workspace/overview?pageSize=100');
    const mine = await session.api<OverviewResponse>('/groups/workspace/overview?pageSize=100');
    const foreign = all.data.find((g) => !mine.data.some((m) => m.documentId === g.documentId))!;
    const shared = mine.data.find((g) => g.rights.manageMembers && g.documentId !== foreign.documentId)!;

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

    // A member of Anna's group who is also in a group she does not manage: the edit is refused in Dutch.
    const members = await session.api<ListMembersResponse>(
      `/groups/groups/${shared.documentId}/members?pageSize=100`
    );
    const outside = await owner<ListMembersResponse>(
      `/groups/groups/${foreign.documentId}/members?pageSize=100`
    );
    const both = members.data.find((m) => outside.data.some((o) => o.documentId === m.documentId))!;
    expect(both).toBeDefined();
    await page.goto(
      `${session.baseUrl}/admin/plugins/groups/members?group=${shared.documentId}&_q=${encodeURIComponent(both.email!)}`
    );
    await page.getByRole('button', { name: `${both.username} bewerken` }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Naam').fill(`${both.username}-x`);
    await edit.getByRole('button', { name: 'Opslaan' }).click();
    await page
      .getByText(/Deze cursist is ook lid van groepen die je niet beheert/)
      .first()
      .waitFor();
    expect(await page.getByText('Forbidden').count()).toBe(0);
    await screenshot(page, 'refusal-in-words-nl');
  });
});
