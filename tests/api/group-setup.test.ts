/**
 * The site owner's Groups screen (real Strapi): who may use its routes, its 400s, the slug that follows the
 * name (also in the Content Manager), managers added by the screen (one link per admin and group, also when
 * raced; the Group Manager role given when missing; seen by the manager on their next request), the
 * edit-courses right with the Group Manager role alone, the rule for courses shared by several groups, the
 * parent group picked on the screen (the tree's rules and their sentences), and the options of Settings →
 * Groups the screen follows (the default enrollment policy, the course edit rule).
 */
import type { Core } from '@strapi/strapi';
import { actionId } from '../../common/domain/permissions';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import {
  adminLogin,
  bearer,
  createAdminUser,
  createLearner,
  http,
  registerSuperAdmin,
} from '../helpers/http';
import { createCourse } from '../helpers/enrollments';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { COURSE, GROUP, GROUP_MANAGER } from '../helpers/uids';

const SETUP = '/groups/setup';
const CM = '/content-manager/collection-types';
const ALL = {
  viewReports: true,
  exportReports: true,
  manageEnrollments: true,
  manageMembers: true,
  editCourses: true,
  messageMembers: true,
};
const NONE = Object.fromEntries(Object.keys(ALL).map((right) => [right, false])) as typeof ALL;

describe('the Groups screen (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let owner: string;
  let manager: { id: number; email: string };
  let managerToken: string;
  let setupHolderToken: string;

  const as = (token: string | null) => ({
    get: (url: string) => (token ? http(strapi).get(url).set(bearer(token)) : http(strapi).get(url)),
    post: (url: string, body: object = {}) => {
      const req = http(strapi).post(url);
      return (token ? req.set(bearer(token)) : req).send(body);
    },
    put: (url: string, body: object) => {
      const req = http(strapi).put(url);
      return (token ? req.set(bearer(token)) : req).send(body);
    },
    delete: (url: string) => {
      const req = http(strapi).delete(url);
      return token ? req.set(bearer(token)) : req;
    },
  });

  const newGroup = async (body: Record<string, unknown>) => {
    const res = await as(owner).post(`${SETUP}/groups`, body);
    expect(res.status).toBe(201);
    return res.body.data as { documentId: string; slug: string; name: string };
  };

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    owner = (await registerSuperAdmin(strapi)).token;
    manager = await createAdminUser(strapi, 'screen-manager@test.local', [GROUP_MANAGER_ROLE.code]);
    managerToken = await adminLogin(strapi, manager.email);
    // A site owner who is not a Super Admin: a role holding only the Groups screen's permission.
    const role = await strapi
      .service('admin::role')
      .create({ name: 'Group setup', description: 'Sets up groups.' });
    await strapi
      .service('admin::role')
      .assignPermissions(role.id, [
        { action: actionId('groups.manage'), subject: null, conditions: [], properties: {} },
      ]);
    const holder = await createAdminUser(strapi, 'setup-holder@test.local', [role.code]);
    setupHolderToken = await adminLogin(strapi, holder.email);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('admits the Super Admin and holders of the permission; managers get 403, anonymous 401', async () => {
    const group = await newGroup({ name: 'Scope check team' });
    await as(managerToken).get(`${SETUP}/groups`).expect(403);
    await as(managerToken).post(`${SETUP}/groups`, { name: 'Not mine' }).expect(403);
    await as(managerToken).get(`${SETUP}/admin-user-options?search=a`).expect(403);
    await as(managerToken).get(`${SETUP}/groups/${group.documentId}/managers`).expect(403);
    await as(null).get(`${SETUP}/groups`).expect(401);

    await as(setupHolderToken).get(`${SETUP}/groups`).expect(200);
    // The Groups screen's permission alone opens no workspace page.
    await as(setupHolderToken).get('/groups/workspace/overview').expect(403);
    await as(setupHolderToken).get('/groups/lookup/groups').expect(403);
    const created = await as(setupHolderToken).post(`${SETUP}/groups`, { name: 'Set up by the holder' });
    expect(created.status).toBe(201);
    const renamed = await as(setupHolderToken).put(`${SETUP}/groups/${created.body.data.documentId}`, {
      description: 'Their own words',
    });
    expect(renamed.status).toBe(200);
    const added = await as(setupHolderToken).post(
      `${SETUP}/groups/${created.body.data.documentId}/managers`,
      {
        userId: manager.id,
        rights: NONE,
      }
    );
    expect(added.status).toBe(201);
  });

  it('answers bad input with a 400 that names the field, and a taken slug or unknown course with a sentence', async () => {
    const bad = async (body: object, message: string | RegExp) => {
      const res = await as(owner).post(`${SETUP}/groups`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    };
    await bad({ name: '' }, 'body.name: is required');
    await bad({ name: 'x', seatLimit: -1 }, 'body.seatLimit: must be 0 or more');
    await bad({ name: 'x', visibility: 'secret' }, 'body.visibility: must be private or public');
    await bad({ name: 'x', colour: 'red' }, /Unrecognized key/);
    await bad({ name: 'x', slug: 'has spaces' }, /body\.slug: may hold only/);
    await bad({ name: 'Tab\tname' }, /body\.name/);
    const taken = await newGroup({ name: 'Taken slug team' });
    await bad(
      { name: 'Other', slug: taken.slug },
      `The slug "${taken.slug}" is already used by the group "Taken slug team".`
    );
    await bad(
      { name: 'x', courseIds: ['nosuchcourse0000000000000'] },
      'No course has the id nosuchcourse0000000000000.'
    );
    await as(owner).get(`${SETUP}/groups?archived=maybe`).expect(400);
    await as(owner).get(`${SETUP}/groups?pageSize=1000`).expect(400);
    const missing = await as(owner).get(`${SETUP}/groups/nosuchgroup00000000000000`);
    expect([missing.status, missing.body.error.message]).toEqual([
      404,
      'No group has the id nosuchgroup00000000000000.',
    ]);
    const noAdmin = await as(owner).post(`${SETUP}/groups/${taken.documentId}/managers`, {
      userId: 999999,
      rights: ALL,
    });
    expect([noAdmin.status, noAdmin.body.error.message]).toEqual([400, 'No admin user has the id 999999.']);
    const missingRight = await as(owner).post(`${SETUP}/groups/${taken.documentId}/managers`, {
      userId: manager.id,
      rights: { viewReports: true },
    });
    expect(missingRight.status).toBe(400);
    expect(missingRight.body.error.message).toMatch(/body\.rights\.exportReports: Required/);
  });

  it('creates a group with courses and members, lists it by search and archived filter, page by page', async () => {
    const course = await createCourse(strapi, 'Wound care basics');
    const learners = [
      await createLearner(strapi, 'setup-learner-1'),
      await createLearner(strapi, 'setup-learner-2'),
    ];
    const group = await newGroup({
      name: 'Utrecht wound care',
      description: 'Evening classes',
      visibility: 'public',
      enrollmentPolicy: 'open',
      seatLimit: 12,
      courseIds: [course.documentId],
      memberIds: learners.map((l) => l.documentId),
    });
    expect(group).toMatchObject({
      slug: 'utrecht-wound-care',
      visibility: 'public',
      enrollmentPolicy: 'open',
      seatLimit: 12,
      memberCount: 2,
      courseCount: 1,
      courses: [{ documentId: course.documentId, title: 'Wound care basics', groupCount: 1 }],
      slugFollowsName: true,
    });
    const options = await as(owner).get(`${SETUP}/course-options?search=wound`).expect(200);
    expect(options.body.data).toEqual([
      { documentId: course.documentId, title: 'Wound care basics', groupCount: 1 },
    ]);
    const learnerOptions = await as(owner).get(`${SETUP}/learner-options?search=setup-learner`).expect(200);
    expect(learnerOptions.body.data.map((l: { username: string }) => l.username)).toEqual([
      'setup-learner-1',
      'setup-learner-2',
    ]);

    for (let i = 1; i <= 7; i += 1) await newGroup({ name: `Paging team ${i}` });
    const page = await as(owner).get(`${SETUP}/groups?search=paging&pageSize=3&page=3`).expect(200);
    expect(page.body.meta.pagination).toEqual({ page: 3, pageSize: 3, pageCount: 3, total: 7 });
    expect(page.body.data.map((g: { name: string }) => g.name)).toEqual(['Paging team 7']);

    await as(owner).post(`${SETUP}/groups/${group.documentId}/archive`).expect(200);
    const active = await as(owner).get(`${SETUP}/groups?search=utrecht`).expect(200);
    expect(active.body.data).toEqual([]);
    const archived = await as(owner).get(`${SETUP}/groups?search=utrecht&archived=archived`).expect(200);
    expect(archived.body.data.map((g: { name: string }) => g.name)).toEqual(['Utrecht wound care']);
    const restored = await as(owner).post(`${SETUP}/groups/${group.documentId}/restore`).expect(200);
    expect(restored.body.data.archivedAt).toBeNull();
  });

  it('keeps the slug in step with the name until it is edited by hand, also in the Content Manager', async () => {
    const group = await newGroup({ name: 'Rotterdam team' });
    const renamed = await as(owner).put(`${SETUP}/groups/${group.documentId}`, {
      name: 'Rotterdam south team',
    });
    expect(renamed.body.data.slug).toBe('rotterdam-south-team');

    // The Content Manager sends the stored slug along with the new name: the slug still follows.
    const cm = await as(owner).put(`${CM}/${GROUP}/${group.documentId}`, {
      name: 'Rotterdam north team',
      slug: 'rotterdam-south-team',
    });
    expect(cm.status).toBe(200);
    expect(cm.body.data.slug).toBe('rotterdam-north-team');

    const byHand = await as(owner).put(`${SETUP}/groups/${group.documentId}`, { slug: 'rdam' });
    expect(byHand.body.data.slugFollowsName).toBe(false);
    const kept = await as(owner).put(`${SETUP}/groups/${group.documentId}`, { name: 'Rotterdam east team' });
    expect(kept.body.data.slug).toBe('rdam');
  });

  it('adds a manager with chosen rights, gives the role they need, and the manager sees the group on the next request', async () => {
    const group = await newGroup({ name: 'Haarlem team' });
    const newcomer = await createAdminUser(strapi, 'newcomer@test.local', []);
    const found = await as(owner).get(`${SETUP}/admin-user-options?search=newcomer`).expect(200);
    expect(found.body.data).toEqual([
      { id: newcomer.id, name: 'newcomer Test', email: 'newcomer@test.local' },
    ]);

    const added = await as(owner).post(`${SETUP}/groups/${group.documentId}/managers`, {
      userId: newcomer.id,
      rights: { ...NONE, viewReports: true, manageMembers: true },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      roleAdded: true,
      data: { user: { id: newcomer.id }, rights: { ...NONE, viewReports: true, manageMembers: true } },
    });
    const token = await adminLogin(strapi, newcomer.email);
    const overview = await as(token).get('/groups/workspace/overview').expect(200);
    expect(JSON.stringify(overview.body)).toContain('Haarlem team');

    const link = added.body.data.documentId as string;
    const updated = await as(owner).put(`${SETUP}/groups/${group.documentId}/managers/${link}`, {
      rights: ALL,
    });
    expect(updated.body.data.rights).toEqual(ALL);
    await as(owner).delete(`${SETUP}/groups/${group.documentId}/managers/${link}`).expect(200);
    const after = await as(token).get('/groups/workspace/overview').expect(200);
    expect(JSON.stringify(after.body)).not.toContain('Haarlem team');
  });

  it('refuses a second link of one admin and group with a sentence, and leaves one when two creates race', async () => {
    const group = await newGroup({ name: 'Delft team' });
    const add = () =>
      as(owner).post(`${SETUP}/groups/${group.documentId}/managers`, { userId: manager.id, rights: ALL });
    const raced = await Promise.all([add(), add()]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 400]);
    const refused = raced.find((r) => r.status === 400)!;
    expect(refused.body.error.message).toBe(
      'screen-manager Test already manages "Delft team"; edit that link instead.'
    );
    const again = await add();
    expect(again.status).toBe(400);
    const links = await as(owner).get(`${SETUP}/groups/${group.documentId}/managers`).expect(200);
    expect(links.body.data).toHaveLength(1);
    expect(
      await strapi.db
        .query(GROUP_MANAGER)
        .count({ where: { user: { id: manager.id }, group: { documentId: group.documentId } } })
    ).toBe(1);
  });

  describe('courses', () => {
    let ownCourse: { documentId: string };
    let sharedCourse: { documentId: string };
    let editor: { id: number; email: string };
    let editorToken: string;

    const editCourse = (documentId: string, title: string) =>
      as(editorToken).put(`${CM}/${COURSE}/${documentId}`, { title });

    beforeAll(async () => {
      ownCourse = await createCourse(strapi, 'Own course');
      sharedCourse = await createCourse(strapi, 'Shared course');
      const mine = await newGroup({
        name: 'Editor team',
        courseIds: [ownCourse.documentId, sharedCourse.documentId],
      });
      await newGroup({ name: 'Other team', courseIds: [sharedCourse.documentId] });
      // The Group Manager role only: no "Group Course Editor" role.
      editor = await createAdminUser(strapi, 'course-right@test.local', [GROUP_MANAGER_ROLE.code]);
      editorToken = await adminLogin(strapi, editor.email);
      await strapi.documents(GROUP_MANAGER).create({
        data: { user: editor.id, group: mine.documentId, canEditCourses: true } as never,
      });
    });

    afterEach(() => {
      strapi.config.set('plugin::groups.courseEditRule', 'all-groups');
    });

    it('lets the edit-courses right work with the Group Manager role alone', async () => {
      const res = await editCourse(ownCourse.documentId, 'Own course, edited');
      expect(res.status).toBe(200);
      expect(res.body.data.title).toBe('Own course, edited');
    });

    it('by default needs the right in every group using a shared course, and says how it is shared', async () => {
      expect((await editCourse(sharedCourse.documentId, 'Shared, edited')).status).toBe(403);
      const sharing = await as(editorToken)
        .get(`/groups/courses/${sharedCourse.documentId}/sharing`)
        .expect(200);
      expect(sharing.body.data).toEqual({ groupCount: 2, rule: 'all-groups', groupsWithoutRight: 1 });
      const options = await as(owner).get(`${SETUP}/course-options?search=shared`).expect(200);
      expect(options.body.data[0]).toMatchObject({ title: 'Shared course', groupCount: 2 });
    });

    it('with courseEditRule any-group, the right in one group using it is enough', async () => {
      strapi.config.set('plugin::groups.courseEditRule', 'any-group');
      expect((await editCourse(sharedCourse.documentId, 'Shared, edited')).status).toBe(200);
      const sharing = await as(editorToken)
        .get(`/groups/courses/${sharedCourse.documentId}/sharing`)
        .expect(200);
      expect(sharing.body.data.rule).toBe('any-group');
    });
  });

  describe('parent groups', () => {
    type Row = { documentId: string; path: string; parent: { documentId: string; path: string } | null };
    const detail = async (documentId: string) =>
      (await as(owner).get(`${SETUP}/groups/${documentId}`).expect(200)).body.data as Row;
    const move = (documentId: string, parentId: string | null, token = owner) =>
      as(token).put(`${SETUP}/groups/${documentId}`, { parentId });
    const refused = async (
      res: { status: number; body: { error: { message: string } } },
      message: string
    ) => {
      expect([res.status, res.body.error.message]).toEqual([400, message]);
    };

    afterEach(() => {
      strapi.config.set('plugin::groups.maxGroupDepth', 5);
    });

    it('creates a group under a parent, shows its path in the form and the list, moves it and takes it to the top', async () => {
      const top = await newGroup({ name: 'Leeuwarden hospital' });
      const ward = await newGroup({ name: 'Leeuwarden intensive care', parentId: top.documentId });
      expect(await detail(ward.documentId)).toMatchObject({
        path: 'Leeuwarden hospital › Leeuwarden intensive care',
        parent: { documentId: top.documentId, name: 'Leeuwarden hospital', path: 'Leeuwarden hospital' },
      });
      const shift = await newGroup({ name: 'Leeuwarden night shift' });
      expect((await move(shift.documentId, ward.documentId)).status).toBe(200);
      const list = await as(owner).get(`${SETUP}/groups?search=leeuwarden`).expect(200);
      expect(list.body.data.map((g: Row) => [g.path, g.parent?.path ?? null])).toEqual([
        ['Leeuwarden hospital', null],
        ['Leeuwarden hospital › Leeuwarden intensive care', 'Leeuwarden hospital'],
        [
          'Leeuwarden hospital › Leeuwarden intensive care › Leeuwarden night shift',
          'Leeuwarden hospital › Leeuwarden intensive care',
        ],
      ]);
      // Other edits leave the parent as it is; null takes the group to the top.
      await as(owner).put(`${SETUP}/groups/${shift.documentId}`, { description: 'Nights' }).expect(200);
      expect((await detail(shift.documentId)).parent?.documentId).toBe(ward.documentId);
      const cleared = await move(shift.documentId, null);
      expect(cleared.body.data).toMatchObject({ parent: null, path: 'Leeuwarden night shift' });

      // The picker offers active groups by path, never the group itself nor its own sub-groups.
      const options = await as(owner)
        .get(`${SETUP}/group-options?search=leeuwarden&exclude=${top.documentId}`)
        .expect(200);
      expect(options.body.data).toEqual([
        { documentId: shift.documentId, name: 'Leeuwarden night shift', path: 'Leeuwarden night shift' },
      ]);
      const all = await as(owner).get(`${SETUP}/group-options?search=intensive`).expect(200);
      expect(all.body.data).toEqual([
        {
          documentId: ward.documentId,
          name: 'Leeuwarden intensive care',
          path: 'Leeuwarden hospital › Leeuwarden intensive care',
        },
      ]);
      await as(owner).get(`${SETUP}/group-options?exclude=not%20an%20id`).expect(400);
    });

    it("refuses a cycle, an archived or unknown parent and a tree too deep, with the tree's sentences", async () => {
      const top = await newGroup({ name: 'Sneek region' });
      const mid = await newGroup({ name: 'Sneek clinic', parentId: top.documentId });
      await refused(
        await move(top.documentId, mid.documentId),
        'The group "Sneek region" cannot be placed under itself or under one of its own sub-groups.'
      );
      await refused(
        await move(top.documentId, top.documentId),
        'The group "Sneek region" cannot be placed under itself or under one of its own sub-groups.'
      );
      const closed = await newGroup({ name: 'Sneek closed ward' });
      await as(owner).post(`${SETUP}/groups/${closed.documentId}/archive`).expect(200);
      await refused(
        await as(owner).post(`${SETUP}/groups`, { name: 'Sneek late ward', parentId: closed.documentId }),
        'The group "Sneek closed ward" is archived: choose an active parent group.'
      );
      await refused(
        await move(mid.documentId, 'nosuchgroup00000000000000'),
        'No group has the id nosuchgroup00000000000000: choose an existing parent group.'
      );
      strapi.config.set('plugin::groups.maxGroupDepth', 2);
      await refused(
        await as(owner).post(`${SETUP}/groups`, { name: 'Sneek ward', parentId: mid.documentId }),
        'Groups nest at most 2 levels deep; placing "Sneek ward" under "Sneek clinic" would make 3.'
      );
      expect((await as(owner).get(`${SETUP}/groups?search=sneek ward`).expect(200)).body.data).toEqual([]);
      const body = await as(owner).post(`${SETUP}/groups`, { name: 'x', parentId: 'has space' });
      expect(body.status).toBe(400);
      expect(body.body.error.message).toMatch(/body\.parentId: must be a document id/);
      expect((await detail(top.documentId)).parent).toBeNull();
    });

    it('lets holders of the Groups screen permission move groups; a workspace manager gets 403', async () => {
      const top = await newGroup({ name: 'Harlingen port' });
      const team = await newGroup({ name: 'Harlingen dock team' });
      await strapi.documents(GROUP_MANAGER).create({
        data: { user: manager.id, group: team.documentId, canManageMembers: true } as never,
      });
      expect((await move(team.documentId, top.documentId, managerToken)).status).toBe(403);
      await as(managerToken).get(`${SETUP}/group-options?search=harlingen`).expect(403);
      // Nor around the screen, through the Content Manager.
      const cm = await as(managerToken).put(`${CM}/${GROUP}/${team.documentId}`, {
        parent: { connect: [{ documentId: top.documentId }] },
      });
      expect(cm.status).toBe(403);
      expect((await detail(team.documentId)).parent).toBeNull();

      const moved = await move(team.documentId, top.documentId, setupHolderToken);
      expect(moved.status).toBe(200);
      expect(moved.body.data.path).toBe('Harlingen port › Harlingen dock team');
      await as(setupHolderToken).get(`${SETUP}/group-options?search=harlingen`).expect(200);
    });
  });

  describe('Settings → Groups options the screen follows', () => {
    const save = (overrides: object) => as(owner).put('/groups/settings', { overrides });

    afterEach(async () => {
      await save({}).expect(200);
    });

    it('starts a new group from the default enrollment policy, read live, and refuses an unknown one', async () => {
      const before = await as(owner).get(`${SETUP}/defaults`).expect(200);
      expect(before.body.data).toEqual({
        enrollmentPolicy: 'approval',
        courseEditRule: 'all-groups',
        maxGroupDepth: 5,
      });
      expect((await newGroup({ name: 'Default policy team' })) as object).toMatchObject({
        enrollmentPolicy: 'approval',
      });

      const saved = await save({ defaultEnrollmentPolicy: 'open' }).expect(200);
      expect(saved.body.data).toMatchObject({
        values: { defaultEnrollmentPolicy: 'open' },
        defaults: { defaultEnrollmentPolicy: 'approval' },
        overridden: ['defaultEnrollmentPolicy'],
      });
      const after = await as(setupHolderToken).get(`${SETUP}/defaults`).expect(200);
      expect(after.body.data.enrollmentPolicy).toBe('open');
      expect(await newGroup({ name: 'Open by default team' })).toMatchObject({ enrollmentPolicy: 'open' });
      // A policy chosen on the form wins.
      expect(await newGroup({ name: 'Closed by choice team', enrollmentPolicy: 'closed' })).toMatchObject({
        enrollmentPolicy: 'closed',
      });

      const bad = await save({ defaultEnrollmentPolicy: 'sometimes' });
      expect([bad.status, bad.body.error.message]).toEqual([
        400,
        'body.overrides.defaultEnrollmentPolicy: must be one of approval, open, closed',
      ]);
      await as(managerToken).get(`${SETUP}/defaults`).expect(403);
    });

    it('applies the course edit rule saved in Settings at once', async () => {
      const course = await createCourse(strapi, 'Settings shared course');
      const mine = await newGroup({ name: 'Settings rule team', courseIds: [course.documentId] });
      await newGroup({ name: 'Settings rule other team', courseIds: [course.documentId] });
      const editor = await createAdminUser(strapi, 'settings-rule@test.local', [GROUP_MANAGER_ROLE.code]);
      const token = await adminLogin(strapi, editor.email);
      await strapi.documents(GROUP_MANAGER).create({
        data: { user: editor.id, group: mine.documentId, canEditCourses: true } as never,
      });
      const edit = () => as(token).put(`${CM}/${COURSE}/${course.documentId}`, { title: 'Edited' });
      expect((await edit()).status).toBe(403);

      await save({ courseEditRule: 'any-group' }).expect(200);
      expect((await edit()).status).toBe(200);
      const sharing = await as(token).get(`/groups/courses/${course.documentId}/sharing`).expect(200);
      expect(sharing.body.data.rule).toBe('any-group');
      expect((await as(owner).get(`${SETUP}/groups/${mine.documentId}`)).body.data.courseEditRule).toBe(
        'any-group'
      );
      const bad = await save({ courseEditRule: 'some-groups' });
      expect([bad.status, bad.body.error.message]).toEqual([
        400,
        'body.overrides.courseEditRule: must be one of all-groups, any-group',
      ]);
    });
  });

  it('keeps group writes of a Group Manager refused in the Content Manager', async () => {
    const group = await newGroup({ name: 'Guarded team' });
    const res = await as(managerToken).put(`${CM}/${GROUP}/${group.documentId}`, { name: 'Taken over' });
    expect(res.status).toBe(403);
  });
});
