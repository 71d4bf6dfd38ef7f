/**
 * Sub-groups in a real browser against the seeded playground: the Overview shows the tree a manager may
 * see (Leiden hospital › Intensive care › Night shift), each sub-group named after its visible ancestors.
 * Iris manages Intensive care with its sub-groups, Noah only Night shift, Rosa reads the whole hospital.
 * A parent's card rolls its sub-groups' figures up, and leads to the report of the group and its sub-groups.
 * The Members page lists a group and its sub-groups, each row naming its group by path, and its pickers name
 * groups by path too.
 */
import {
  DEMO_USERS,
  screenshot,
  startWorkspaceBrowser,
  type WorkspaceBrowser,
} from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const WORKSPACE = '/admin/plugins/groups';

describe('sub-groups in the workspace (real browser)', () => {
  let session: WorkspaceBrowser;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
  });

  afterAll(async () => {
    await session?.stop();
  });

  const overviewOf = async (email: string) => {
    const page = await session.openAs(email);
    await page.goto(`${session.baseUrl}${WORKSPACE}`);
    return page;
  };

  it('shows a parent manager their group and its sub-groups, and nothing above or beside', async () => {
    const page = await overviewOf(DEMO_USERS.parentManager.email);
    await page.getByRole('heading', { name: 'Intensive care' }).waitFor();
    const night = page.getByRole('region', { name: 'Night shift' });
    await night.getByText('Sub-group of Intensive care').waitFor();
    for (const name of ['Leiden hospital', 'Surgery', 'Amsterdam nursing team']) {
      expect(await page.getByText(name).count()).toBe(0);
    }
    await screenshot(page, 'overview-sub-groups');
    await page.close();
  });

  it('shows a child manager only their child, and the root reader the whole tree', async () => {
    const child = await overviewOf(DEMO_USERS.childManager.email);
    await child.getByRole('heading', { name: 'Night shift' }).waitFor();
    for (const name of ['Leiden hospital', 'Intensive care', 'Surgery']) {
      expect(await child.getByText(name).count()).toBe(0);
    }
    await child.close();
    const reader = await overviewOf(DEMO_USERS.rootReader.email);
    await reader.getByRole('heading', { name: 'Leiden hospital' }).waitFor();
    await reader
      .getByRole('region', { name: 'Night shift' })
      .getByText('Sub-group of Leiden hospital › Intensive care')
      .waitFor();
    await screenshot(reader, 'overview-sub-groups-root');
    await reader.close();
  });

  it("rolls the parent manager's figures up and filters Reports to the group and its sub-groups", async () => {
    const page = await overviewOf(DEMO_USERS.parentManager.email);
    const card = page.getByRole('region', { name: 'Intensive care' });
    const totals = card.getByRole('region', { name: 'With its sub-group' });
    await totals.waitFor();
    // Intensive care's 3 members and Night shift's 3.
    await totals.getByText('6', { exact: true }).first().waitFor();
    expect(
      await page.getByRole('region', { name: 'Night shift' }).getByText('With its sub-group').count()
    ).toBe(0);
    await screenshot(page, 'overview-sub-groups-totals'); // axe runs with each screenshot: 0 violations

    await totals.getByRole('link', { name: 'Report of this group and its sub-groups' }).click();
    await page.waitForURL(/\/reports\?.*subGroups=true/);
    const checkbox = page.getByRole('checkbox', { name: 'This group and its sub-groups' });
    await checkbox.waitFor();
    expect(await checkbox.getAttribute('aria-checked')).toBe('true');
    // Rows of both groups, each named by its path; nothing of the hospital above.
    await page.getByText('Intensive care › Night shift').first().waitFor();
    expect(await page.getByText('Leiden hospital').count()).toBe(0);
    await screenshot(page, 'reports-sub-groups');

    // Unticked, the report narrows to Intensive care alone.
    await checkbox.click();
    await page.waitForURL((url) => !url.search.includes('subGroups'));
    await page.getByText('Intensive care › Night shift').first().waitFor({ state: 'detached' });
    await page.close();
  });

  it('lists the members of a group and its sub-groups by path, and refuses the child manager the parent', async () => {
    const page = await session.openAs(DEMO_USERS.parentManager.email);
    await page.goto(`${session.baseUrl}${WORKSPACE}/members`);
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    // The picker names each group by the path the manager may see.
    const picker = page.getByRole('combobox', { name: 'Group' });
    await picker.click();
    await page.getByRole('option', { name: 'Intensive care › Night shift' }).click();
    await page.waitForURL(/group=/);
    const nightUrl = page.url();
    await picker.click();
    await page.getByRole('option', { name: 'Intensive care', exact: true }).click();
    await page.waitForURL((url) => url.href !== nightUrl);

    await page.getByRole('checkbox', { name: 'This group and its sub-groups' }).click();
    await page.waitForURL(/subGroups=true/);
    const night = page.locator('tr[data-member-group="Intensive care › Night shift"]');
    await night.first().waitFor();
    expect(await page.locator('thead th', { hasText: 'Group' }).count()).toBe(1);
    expect(await page.locator('tr[data-member-group="Intensive care"]').count()).toBeGreaterThan(0);
    expect(await page.getByText('Leiden hospital').count()).toBe(0);
    // Each sub-group row acts in its own group: its message names it.
    const mail = night.first().getByRole('button', { name: /^Email .+ in Intensive care › Night shift$/ });
    expect(await mail.count()).toBe(1);
    await screenshot(page, 'members-sub-groups'); // axe runs with each screenshot: 0 violations
    await mail.click();
    await page
      .getByRole('dialog')
      .getByText(/in Intensive care › Night shift$/)
      .first()
      .waitFor();
    await screenshot(page, 'members-sub-groups-message');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    const parentUrl = page.url();

    // The Enrollments filter and the register dialog use the same picker: paths there too.
    await page.goto(`${session.baseUrl}${WORKSPACE}/enrollments`);
    await page.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Intensive care › Night shift' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Register a learner' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Intensive care › Night shift' }).waitFor();
    await screenshot(page, 'register-group-paths');
    await page.close();

    // Noah runs Night shift only: the parent's address, widened, is not one of his groups.
    const child = await session.openAs(DEMO_USERS.childManager.email);
    await child.goto(parentUrl);
    await child.getByText('This group is not one of yours, or it does not exist.').waitFor();
    expect(await child.getByText('Intensive care').count()).toBe(0);
    await child.close();
  });
});
