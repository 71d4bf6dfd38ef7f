/**
 * Sub-groups in a real browser against the seeded playground: the Overview shows the tree a manager may
 * see (Leiden hospital › Intensive care › Night shift), each sub-group named after its visible ancestors.
 * Iris manages Intensive care with its sub-groups, Noah only Night shift, Rosa reads the whole hospital.
 * A parent's card rolls its sub-groups' figures up, and leads to the report of the group and its sub-groups.
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
});
