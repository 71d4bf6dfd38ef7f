/**
 * The site owner's Groups screen in a real browser against the built, seeded playground: the Super Admin
 * sets up a new group with two members and a manager with chosen rights, counting every click after
 * opening the screen (at most 8), and the new manager (Eva, until now only a course editor) sees the group
 * on her next request. The site owner places a group under a parent picked by name (and reads the tree's
 * refusal in the form), sets the options the screen follows in Settings → Groups, and an admin holding only
 * the Groups screen's permission reaches it from the main menu while the workspace stays closed to them.
 * Screenshots go to docs/screenshots for the README with `npm run screenshots`.
 */
import type { Locator } from 'playwright-core';
import type { CourseOption, LearnerOption, PickerResponse } from '../../common/contracts/group-setup';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const MAX_CLICKS = 8;

const SETUP_ONLY = { email: 'sophie.setup@groups.demo', firstname: 'Sophie', lastname: 'Visser' };

describe('Groups screen (real browser)', () => {
  let session: WorkspaceBrowser;

  let ownerToken: string | undefined;
  /** Logged in once: Strapi allows five logins of one admin in five minutes, and each page logs in too. */
  const superAdminToken = async (): Promise<string> => {
    if (!ownerToken) {
      const login = await fetch(`${session.baseUrl}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
      });
      ownerToken = ((await login.json()) as { data: { token: string } }).data.token;
    }
    return ownerToken;
  };
  /** The admin API as the Super Admin. */
  const asOwner = async <T>(url: string, method = 'GET', body?: unknown): Promise<T> => {
    const token = await superAdminToken();
    const res = await fetch(`${session.baseUrl}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('sets up a group with two members and a manager in at most 8 clicks; the manager sees it at once', async () => {
    const ownerToken = await superAdminToken();
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

  it('places a group under a parent picked by name, and shows the refusal of the tree in the form', async () => {
    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups/setup`);
    await page.getByRole('link', { name: 'Rotterdam onboarding' }).click();
    await page.getByRole('heading', { name: 'Rotterdam onboarding' }).waitFor();
    await page.getByText(/None: the group is at the top/).waitFor();

    const parent = page.getByRole('combobox', { name: 'Parent group' });
    await parent.click();
    await page.keyboard.type('amsterdam');
    await page.getByRole('option', { name: 'Amsterdam nursing team' }).click();
    await page.getByText('Under Amsterdam nursing team. Clear it to place the group at the top.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').first().waitFor();
    // The header names the group by its path once saved.
    await page.getByText('Amsterdam nursing team › Rotterdam onboarding').waitFor();
    await page
      .getByText('Saved.')
      .first()
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await parent.scrollIntoViewIfNeeded();
    await screenshot(page, 'group-setup-parent');

    // A parent archived between the pick and the save: the server's sentence shows in the form.
    const closing = await asOwner<{ data: { documentId: string } }>('/groups/setup/groups', 'POST', {
      name: 'Capelle closing team',
    });
    await parent.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('capelle');
    await page.getByRole('option', { name: 'Capelle closing team' }).click();
    await asOwner(`/groups/setup/groups/${closing.data.documentId}/archive`, 'POST');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .getByText('The group "Capelle closing team" is archived: choose an active parent group.')
      .waitFor();
    const stored = await asOwner<{ data: Array<{ name: string; parent: { name: string } | null }> }>(
      '/groups/setup/groups?search=rotterdam%20onboarding'
    );
    expect(stored.data[0].parent?.name).toBe('Amsterdam nursing team');

    await page.goto(`${session.baseUrl}/admin/plugins/groups/setup?search=rotterdam`);
    // The list names each group's parent by its path.
    await page
      .locator('tr', { hasText: 'Rotterdam onboarding' })
      .getByText('Amsterdam nursing team', { exact: true })
      .waitFor();
    await screenshot(page, 'group-setup-list-parents');
    await page.close();
  });

  it('sets the default enrollment policy and the course edit rule in Settings; a new group starts from them', async () => {
    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}/admin/settings/groups/options`);
    await page.getByRole('heading', { name: 'Groups settings' }).waitFor();
    await page.getByRole('radio', { name: /^Open/ }).click();
    await page.getByRole('radio', { name: /^Any one group using it/ }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved; they apply now.').waitFor();
    await page
      .getByText('Settings saved; they apply now.')
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await screenshot(page, 'group-setup-settings');

    await page.goto(`${session.baseUrl}/admin/plugins/groups/setup/new`);
    await page.getByRole('heading', { name: 'New group' }).waitFor();
    try {
      await page.getByRole('radio', { name: /^Open/, checked: true }).waitFor();
      const defaults = await asOwner<{ data: { enrollmentPolicy: string; courseEditRule: string } }>(
        '/groups/setup/defaults'
      );
      expect(defaults.data).toMatchObject({ enrollmentPolicy: 'open', courseEditRule: 'any-group' });
    } finally {
      // The other tests expect the config file's options.
      await asOwner('/groups/settings', 'PUT', { overrides: {} });
      await page.close();
    }
  });

  it('opens the Groups screen from the main menu for an admin holding only its permission; not the workspace', async () => {
    const role = await asOwner<{ data: { id: number } }>('/admin/roles', 'POST', {
      name: 'Group setup only',
      description: 'Sets up groups and their managers.',
    });
    await asOwner(`/admin/roles/${role.data.id}/permissions`, 'PUT', {
      permissions: [
        { action: 'plugin::groups.groups.manage', subject: null, conditions: [], properties: {} },
      ],
    });
    const user = await asOwner<{ data: { registrationToken: string } }>('/admin/users', 'POST', {
      ...SETUP_ONLY,
      roles: [role.data.id],
    });
    const registered = await fetch(`${session.baseUrl}/admin/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        registrationToken: user.data.registrationToken,
        userInfo: { firstname: SETUP_ONLY.firstname, lastname: SETUP_ONLY.lastname, password: DEMO_PASSWORD },
      }),
    });
    expect(registered.status).toBe(200);

    const page = await session.openAs(SETUP_ONLY.email);
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('heading', { name: 'Set up groups' }).waitFor();
    await page.getByRole('link', { name: 'Amsterdam nursing team' }).waitFor();
    expect(await page.getByRole('link', { name: 'Overview' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Enrollments' }).count()).toBe(0);
    await screenshot(page, 'group-setup-only');
    await page.goto(`${session.baseUrl}/admin/plugins/groups/enrollments`);
    await page.getByText(/don't have the permissions|do not have the permissions/i).waitFor();
    await page.close();

    // A workspace manager sees the workspace and no Groups screen.
    const anna = await session.openAs(DEMO_USERS.managerA.email);
    await anna.goto(`${session.baseUrl}/admin/plugins/groups`);
    await anna.getByRole('link', { name: 'Enrollments', exact: true }).waitFor();
    expect(await anna.getByRole('link', { name: 'Set up groups' }).count()).toBe(0);
    await anna.goto(`${session.baseUrl}/admin/plugins/groups/setup`);
    await anna.getByText(/don't have the permissions|do not have the permissions/i).waitFor();
    expect(await anna.getByRole('heading', { name: 'Set up groups' }).count()).toBe(0);
    await anna.close();
  });

  it('says where a course is edited that several groups use it', async () => {
    const ownerToken = await superAdminToken();
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
