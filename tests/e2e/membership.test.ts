/**
 * Membership that runs itself, in a real browser against the seeded playground: the Super Admin opens the
 * Members page of the Sales academy (filled by its rule on department), makes a join code (shown once) and
 * previews the rule; gives a second group a rule with "one of" values entered one per line; changes a
 * learner's department as the Content Manager does and sees them move between the two groups; and finds
 * the department in the Reports page and its export. Screenshots for the README with `npm run screenshots`.
 */
import type { ListMembersResponse } from '../../common/contracts/members';
import { readWorkbook } from '../helpers/xlsx';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

const GROUP_UID = 'plugin::groups.group';
const USER_UID = 'plugin::users-permissions.user';

jest.setTimeout(300_000);

describe('join codes and membership rules (real browser)', () => {
  let session: WorkspaceBrowser;
  let ownerToken: string;

  /** The admin API as the Super Admin: what the Content Manager and the workspace pages call. */
  const asOwner = async (url: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${session.baseUrl}${url}`, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${ownerToken}`, 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
    return res;
  };
  const memberIdsOf = async (groupDocumentId: string) =>
    (
      (await (
        await asOwner(`/groups/groups/${groupDocumentId}/members?pageSize=100`)
      ).json()) as ListMembersResponse
    ).data.map((m) => m.documentId);

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    ownerToken = ((await login.json()) as { data: { token: string } }).data.token;
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('shows a group’s join codes and its rule with a preview', async () => {
    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups/members`);
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Sales academy' }).click();
    await page.getByRole('heading', { name: 'Joining by rule' }).waitFor();
    await page.getByText(/The rule keeps \d+ members? in the group/).waitFor();

    await page.getByRole('button', { name: 'New join code' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Label').fill('Sales kick-off');
    await form.getByRole('button', { name: 'Create code' }).click();
    const shown = page.locator('[data-new-join-code]');
    await shown.waitFor();
    expect(await shown.textContent()).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await page.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.locator('[data-join-code]').first().waitFor();

    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('[data-rule-preview]').waitFor();
    await page.getByRole('heading', { name: 'Join codes' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'members-membership');
  });

  it('moves a learner between rule-driven groups when the Content Manager changes their department', async () => {
    const groups = (await (
      await asOwner(`/content-manager/collection-types/${GROUP_UID}?pageSize=100`)
    ).json()) as { results: Array<{ documentId: string; name: string }> };
    const sales = groups.results.find((g) => g.name === 'Sales academy')!;
    const created = (await (
      await asOwner(`/content-manager/collection-types/${GROUP_UID}`, {
        method: 'POST',
        body: {
          name: 'Support desk',
          slug: 'support-desk',
          description: 'Everyone in Support or Finance, by rule.',
        },
      })
    ).json()) as { data: { documentId: string } };
    const support = created.data.documentId;

    // The second rule, made in the editor: "one of" takes one value per line.
    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups/members`);
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    await page.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Support desk' }).click();
    await page.getByText('This group has no membership rule.').waitFor();
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await page.getByRole('combobox', { name: 'Attribute' }).click();
    await page.getByRole('option', { name: 'department', exact: true }).click();
    await page.getByRole('combobox', { name: 'Condition' }).click();
    await page.getByRole('option', { name: 'is one of' }).click();
    await page.getByLabel('Values').fill('Support\nFinance');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.locator('[data-rule-preview]').waitFor();
    await page.getByRole('heading', { name: 'Joining by rule' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'members-rule-one-of');
    await page.getByRole('button', { name: 'Save and apply' }).click();
    await page.getByText(/The rule keeps \d+ members? in the group/).waitFor();
    const rule = (await (await asOwner(`/groups/groups/${support}/membership-rule`)).json()) as {
      data: { conditions: unknown };
    };
    expect(rule.data.conditions).toEqual([
      { attribute: 'department', operator: 'oneOf', values: ['Support', 'Finance'] },
    ]);

    // A learner of the Sales academy moves to Support, written as the Content Manager writes it.
    const learners = (await (
      await asOwner(
        `/content-manager/collection-types/${USER_UID}?filters[department][$eq]=Sales&pageSize=1&sort=id:asc`
      )
    ).json()) as { results: Array<{ documentId: string }> };
    const learner = learners.results[0].documentId;
    expect(await memberIdsOf(sales.documentId)).toContain(learner);
    expect(await memberIdsOf(support)).not.toContain(learner);
    await asOwner(`/content-manager/collection-types/${USER_UID}/${learner}`, {
      method: 'PUT',
      body: { department: 'Support' },
    });
    expect(await memberIdsOf(sales.documentId)).not.toContain(learner);
    expect(await memberIdsOf(support)).toContain(learner);

    // The Reports page shows the site's own department column, and so does its export.
    await page.goto(`${session.baseUrl}/admin/plugins/groups/reports`);
    await page.getByRole('heading', { name: 'Status mix per course' }).waitFor();
    // The site's own column, between the status and the dates.
    await page.locator('th', { hasText: /^department$/i }).waitFor();
    await page.mouse.wheel(0, 450);
    await screenshot(page, 'reports-department');
    const exported = await asOwner('/groups/reports/export');
    const sheet = (await readWorkbook(Buffer.from(await exported.arrayBuffer()))).getWorksheet(
      'Enrollments'
    )!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toContain('department');
  });
});
