/**
 * The site owner's Groups screen in a real browser against the built, seeded playground: the Super Admin
 * sets up a new group with two members and a manager with chosen rights, counting every click after
 * opening the screen (at most 8), and the new manager (Eva, until now only a course editor) sees the group
 * on her next request. Screenshots go to docs/screenshots for the README with `npm run screenshots`.
 */
import type { Locator } from 'playwright-core';
import type { CourseOption, LearnerOption, PickerResponse } from '../../common/contracts/group-setup';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const MAX_CLICKS = 8;

describe('Groups screen (real browser)', () => {
  let session: WorkspaceBrowser;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('sets up a group with two members and a manager in at most 8 clicks; the manager sees it at once', async () => {
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const ownerToken = ((await login.json()) as { data: { token: string } }).data.token;
    const learners = (await (
      await fetch(`${session.baseUrl}/groups/setup/learner-options`, {
        headers: { Authorization: `Bearer ${ownerToken}` },
      })
    ).json()) as PickerResponse<LearnerOption>;
    const [first, second] = learners.data;
    const name = 'Zwolle evening nurses';

    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups/setup`);
    await page.getByRole('heading', { name: 'Set up groups' }).waitFor();
    await page.getByRole('link', { name: 'Amsterdam nursing team' }).waitFor();
    await screenshot(page, 'group-setup-list');

    let clicks = 0;
    const click = async (target: Locator) => {
      clicks += 1;
      await target.click();
    };
    const pick = async (text: string, option: string) => {
      await page.keyboard.type(text);
      await click(page.getByRole('option', { name: option }));
    };

    await click(page.getByRole('link', { name: 'New group' }));
    await page.getByRole('heading', { name: 'New group' }).waitFor();
    // The name field has the focus: typing needs no click.
    await page.keyboard.type(name);
    await page
      .getByRole('textbox', { name: /^Slug/ })
      .and(page.locator('[value="zwolle-evening-nurses"]'))
      .waitFor();

    await click(page.getByRole('combobox', { name: 'Add a learner' }));
    await pick(first.username, `${first.username} (${first.email})`);
    // Picking empties the field and keeps the focus there, ready for the next name; if not, that is a click.
    const focused = await page.evaluate(
      "document.activeElement && document.activeElement.getAttribute('role')"
    );
    if (focused !== 'combobox') await click(page.getByRole('combobox', { name: 'Add a learner' }));
    await pick(second.username, `${second.username} (${second.email})`);
    await page.getByRole('button', { name: `Remove ${second.username} (${second.email})` }).waitFor();
    expect(clicks).toBe(4);
    await page
      .getByRole('button', { name: `Remove ${second.username} (${second.email})` })
      .scrollIntoViewIfNeeded();
    await screenshot(page, 'group-setup-new');

    await click(page.getByRole('button', { name: 'Create group' }));
    await page.waitForURL(/\/setup\/[a-z0-9]+\?managers=add/);
    await page.getByRole('heading', { name }).waitFor();
    // The admin user picker has the focus after creating: typing needs no click.
    const eva = DEMO_USERS.editorA;
    await pick('eva', `${eva.firstname} ${eva.lastname} (${eva.email})`);
    await click(page.getByRole('checkbox', { name: 'Edit courses' }).last());
    await click(page.getByRole('button', { name: 'Add manager' }));
    await page
      .getByText(/They were given the Group Manager role/)
      .first()
      .waitFor();
    await page.locator(`[data-manager="${eva.email}"]`).waitFor();

    // New group, the learner field, two learners, Create group, Eva, Edit courses, Add manager.
    expect(clicks).toBeLessThanOrEqual(MAX_CLICKS);
    expect(clicks).toBe(8);
    await page
      .getByText(/They were given the Group Manager role/)
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await screenshot(page, 'group-setup-managers');

    // Eva's next request: the workspace lists the new group with the rights she was given.
    const evaPage = await session.openAs(eva.email);
    await evaPage.goto(`${session.baseUrl}/admin/plugins/groups`);
    await evaPage.getByText(name).first().waitFor();
    const evaLogin = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: eva.email, password: DEMO_PASSWORD }),
    });
    const evaToken = ((await evaLogin.json()) as { data: { token: string } }).data.token;
    const overview = (await (
      await fetch(`${session.baseUrl}/groups/workspace/overview`, {
        headers: { Authorization: `Bearer ${evaToken}` },
      })
    ).json()) as { data: Array<{ name: string; members: number; rights: Record<string, boolean> }> };
    const group = overview.data.find((g) => g.name === name)!;
    expect(group.rights).toMatchObject({ editCourses: true, manageMembers: true, messageMembers: true });
  });

  it('says where a course is edited that several groups use it', async () => {
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const ownerToken = ((await login.json()) as { data: { token: string } }).data.token;
    const courses = (await (
      await fetch(`${session.baseUrl}/groups/setup/course-options`, {
        headers: { Authorization: `Bearer ${ownerToken}` },
      })
    ).json()) as PickerResponse<CourseOption>;
    const shared = courses.data.find((course) => course.groupCount > 1)!;
    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.goto(
      `${session.baseUrl}/admin/content-manager/collection-types/api::course.course/${shared.documentId}`
    );
    await page.getByText(`Shared by ${shared.groupCount} groups`).waitFor();
    await page.getByText(/edit-courses right in all of these groups/).waitFor();
    await screenshot(page, 'course-shared-notice');
  });
});
