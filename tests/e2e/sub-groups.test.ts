/**
 * Sub-groups in a real browser against the seeded playground: the Overview shows the tree a manager may
 * see (Leiden hospital › Intensive care › Night shift), each sub-group named after its visible ancestors.
 * Iris manages Intensive care with its sub-groups, Noah only Night shift, Rosa reads the whole hospital.
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
});
