/**
 * Membership that runs itself, in a real browser against the seeded playground: the Super Admin opens the
 * Members page of the Sales academy (filled by its rule on department), makes a join code (shown once) and
 * previews the rule. Screenshot for the README with `npm run screenshots`.
 */
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

describe('join codes and membership rules (real browser)', () => {
  let session: WorkspaceBrowser;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
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
});
