/**
 * Sub-groups: a tree of groups, GroupManager links that include the sub-groups of their group, and no leak
 * up, down or sideways on the paths the scope probes attack (the plugin's enrollments, report and export, the
 * Content Manager's lists, single entries and relation picker, the home page counts, the document service
 * as MCP calls it). Also the tree rules (cycle, archived parent, depth, archive and delete of a parent) and
 * re-parenting attacks, two racing requests included.
 *
 *   Root ─┬─ ICU ── Night        Foreign (another root)
 *         └─ Ward
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { expandLinksOverTree, rightsIn, type TreeLink } from '../../common/domain/group-tree';
import { linkFromRow } from '../../common/domain/rights';
import {
  adminLogin,
  bearer,
  createAdminUser,
  createLearner,
  http,
  registerSuperAdmin,
} from '../helpers/http';
import { ALL_RIGHTS, NO_RIGHTS, leaked, linkManager, type Doc } from '../helpers/scope-fixture';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { binary, readWorkbook } from '../helpers/xlsx';
import { COURSE, ENROLLMENT, GROUP, GROUP_MANAGER } from '../helpers/uids';

const CM = '/content-manager/collection-types';
const CM_ROOT = '/content-manager';
const ALL = ALL_RIGHTS;
const READ_ONLY = { ...NO_RIGHTS, canViewReports: true };

type GroupKey = 'root' | 'icu' | 'night' | 'ward' | 'foreign';
type Persona = 'owner' | 'parent' | 'child' | 'direct' | 'rootReader' | 'foreign';

/** Runs document service calls as Strapi's MCP server does: `ctx.state.user` is `{ id }` and nothing else. */
const asMcp = (strapi: Core.Strapi, userId: number, run: () => Promise<unknown>) =>
  strapi.requestContext.run({ state: { user: { id: userId }, auditSource: 'mcp' } } as never, async () => {
    await run();
  });

describe('sub-groups (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  const groups = {} as Record<GroupKey, Doc & { name: string }>;
  const enrollments = {} as Record<GroupKey, Doc>;
  const learnerEmails = {} as Record<GroupKey, string>;
  const tokens = {} as Record<Persona, string>;
  const admins = {} as Record<Exclude<Persona, 'owner'>, { id: number; email: string }>;

  const docs = (uid: string) => strapi.documents(uid as never);
  const get = (persona: Persona, url: string) => http(strapi).get(url).set(bearer(tokens[persona]));
  const put = (persona: Persona, url: string, body: object) =>
    http(strapi).put(url).set(bearer(tokens[persona])).send(body);
  const ids = (rows: Array<{ documentId: string }>) => rows.map((row) => row.documentId).sort();
  const enrollmentsOf = (...keys: GroupKey[]) => keys.map((key) => enrollments[key].documentId).sort();
  const groupsOf = (...keys: GroupKey[]) => keys.map((key) => groups[key].documentId).sort();
  /** Everything that names a group of `keys`: its name, documentId, learner and enrollment. */
  const markersOf = (...keys: GroupKey[]) =>
    keys.flatMap((key) => [
      groups[key].name,
      groups[key].documentId,
      learnerEmails[key],
      enrollments[key].documentId,
    ]);
  const setParent = (child: GroupKey, parent: GroupKey | null) =>
    docs(GROUP).update({
      documentId: groups[child].documentId,
      data: { parent: parent ? groups[parent].documentId : null } as never,
    });

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    tokens.owner = (await registerSuperAdmin(strapi, 'owner-tree@test.local')).token;
    const course = (await docs(COURSE).create({
      data: { title: 'Tree course' } as never,
      status: 'published',
    })) as Doc;
    const make = async (key: GroupKey, name: string, parent: GroupKey | null, extra = {}) => {
      const learner = await createLearner(strapi, `tree-${key}-learner`);
      learnerEmails[key] = learner.email;
      groups[key] = {
        ...((await docs(GROUP).create({
          data: {
            name,
            slug: `tree-${key}`,
            members: [learner.id],
            courses: [course.documentId],
            ...(parent ? { parent: groups[parent].documentId } : {}),
            ...extra,
          } as never,
        })) as Doc),
        name,
      };
      enrollments[key] = (await docs(ENROLLMENT).create({
        data: { learner: learner.id, group: groups[key].documentId, course: course.documentId } as never,
      })) as Doc;
    };
    await make('root', 'Amsterdam', null, { visibility: 'public' });
    await make('icu', 'ICU', 'root');
    await make('night', 'Night shift', 'icu');
    await make('ward', 'Secret ward', 'root');
    await make('foreign', 'Foreign clinic', null);

    const manager = async (persona: Exclude<Persona, 'owner'>) => {
      admins[persona] = await createAdminUser(strapi, `tree-${persona.toLowerCase()}@test.local`, [
        GROUP_MANAGER_ROLE.code,
      ]);
    };
    for (const persona of ['parent', 'child', 'direct', 'rootReader', 'foreign'] as const)
      await manager(persona);
    await linkManager(strapi, admins.parent.id, groups.root, ALL); // includesSubGroups: on by default
    await linkManager(strapi, admins.child.id, groups.icu, ALL);
    await linkManager(strapi, admins.direct.id, groups.root, { ...ALL, includesSubGroups: false });
    await linkManager(strapi, admins.rootReader.id, groups.root, READ_ONLY);
    await linkManager(strapi, admins.rootReader.id, groups.ward, { ...ALL, includesSubGroups: false });
    await linkManager(strapi, admins.foreign.id, groups.foreign, ALL);
    for (const persona of Object.keys(admins) as Array<keyof typeof admins>) {
      tokens[persona] = await adminLogin(strapi, admins[persona].email);
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** What each persona must see of the tree, and what must never reach them. */
  const VISIBLE: Record<Exclude<Persona, 'owner'>, GroupKey[]> = {
    parent: ['root', 'icu', 'night', 'ward'],
    child: ['icu', 'night'],
    direct: ['root'],
    rootReader: ['root', 'icu', 'night', 'ward'],
    foreign: ['foreign'],
  };
  const ALL_KEYS: GroupKey[] = ['root', 'icu', 'night', 'ward', 'foreign'];
  const hidden = (persona: keyof typeof VISIBLE) => ALL_KEYS.filter((key) => !VISIBLE[persona].includes(key));

  it('new links include sub-groups; links stored before the column existed keep their group only', async () => {
    const link = (await linkManager(strapi, admins.foreign.id, groups.night, READ_ONLY)) as Doc;
    const stored = await strapi.db.query(GROUP_MANAGER as never).findOne({ where: { id: link.id } });
    expect(stored.includesSubGroups).toBe(true);
    await strapi.db
      .connection('groups_group_managers')
      .where({ id: link.id })
      .update({ includes_sub_groups: null });
    await strapi.plugin('groups').service('group-tree').keepExistingLinksDirect();
    const after = await strapi.db.query(GROUP_MANAGER as never).findOne({ where: { id: link.id } });
    expect(after.includesSubGroups).toBe(false);
    await docs(GROUP_MANAGER).delete({ documentId: link.documentId });
  });

  it('resolves each manager in one statement to what the pure rule over the tree gives', async () => {
    const rows = (await strapi.db
      .query(GROUP as never)
      .findMany({ populate: { parent: { select: ['id'] } } })) as Array<{
      id: number;
      parent: { id: number } | null;
    }>;
    const parentOf = new Map(rows.map((row) => [row.id, row.parent?.id ?? null]));
    for (const persona of Object.keys(admins) as Array<keyof typeof admins>) {
      const links = (await strapi.db.query(GROUP_MANAGER as never).findMany({
        where: { user: admins[persona].id },
        populate: { group: { select: ['id'] } },
      })) as Array<Record<string, unknown> & { group: { id: number }; includesSubGroups: boolean }>;
      const tree: TreeLink[] = links.map((link) => ({
        ...linkFromRow({ ...link, groupId: link.group.id }),
        includesSubGroups: link.includesSubGroups,
      }));
      const expected = expandLinksOverTree(tree, parentOf);
      const scope = await strapi.plugin('groups').service('scope').getScope({ id: admins[persona].id });
      for (const key of ALL_KEYS) {
        expect([persona, key, rightsIn(scope.links, groups[key].id)]).toEqual([
          persona,
          key,
          rightsIn(expected, groups[key].id),
        ]);
      }
      expect(scope.groupIds).toEqual(VISIBLE[persona].map((key) => groups[key].id).sort((a, b) => a - b));
    }
  });

  describe.each(['parent', 'child', 'direct', 'rootReader', 'foreign'] as const)('%s manager', (persona) => {
    it('lists the enrollments of their groups and sub-groups only, in the workspace and the Content Manager', async () => {
      const workspace = await get(persona, '/groups/enrollments?pageSize=100');
      expect(workspace.status).toBe(200);
      expect(ids(workspace.body.data)).toEqual(enrollmentsOf(...VISIBLE[persona]));
      const cm = await get(persona, `${CM}/${ENROLLMENT}?pageSize=100`);
      expect(cm.status).toBe(200);
      expect(ids(cm.body.results)).toEqual(enrollmentsOf(...VISIBLE[persona]));
      expect(leaked(cm.body, markersOf(...hidden(persona)))).toEqual([]);
    });

    it('sees exactly their groups and their links in the Content Manager and the relation picker', async () => {
      const list = await get(persona, `${CM}/${GROUP}?pageSize=100`);
      expect(ids(list.body.results)).toEqual(groupsOf(...VISIBLE[persona]));
      expect(leaked(list.body, markersOf(...hidden(persona)))).toEqual([]);
      const links = await get(persona, `${CM}/${GROUP_MANAGER}?pageSize=100&populate=*`);
      expect(links.status).toBe(200);
      expect(leaked(links.body, markersOf(...hidden(persona)))).toEqual([]);
      for (const url of [
        `${CM_ROOT}/relations/${ENROLLMENT}/group?pageSize=100`,
        `${CM_ROOT}/relations/${GROUP}/parent?pageSize=100`,
      ]) {
        const picker = await get(persona, url);
        expect([url, picker.status, ids(picker.body.results)]).toEqual([
          url,
          200,
          groupsOf(...VISIBLE[persona]),
        ]);
        expect(leaked(picker.body, markersOf(...hidden(persona)))).toEqual([]);
      }
      for (const key of VISIBLE[persona]) {
        const one = await get(persona, `${CM}/${GROUP}/${groups[key].documentId}`);
        expect(one.status).toBe(200);
        expect(leaked(one.body, markersOf(...hidden(persona)))).toEqual([]);
        const parent = await get(persona, `${CM_ROOT}/relations/${GROUP}/${groups[key].documentId}/parent`);
        expect(leaked(parent.body, markersOf(...hidden(persona)))).toEqual([]);
      }
      for (const key of hidden(persona)) {
        const one = await get(persona, `${CM}/${GROUP}/${groups[key].documentId}`);
        expect([403, 404]).toContain(one.status);
      }
    });

    it('reads reports, exports and home page counts of their groups only', async () => {
      const report = await get(persona, '/groups/reports?pageSize=100');
      expect(report.status).toBe(200);
      expect(leaked(report.body, markersOf(...hidden(persona)))).toEqual([]);
      expect(leaked(report.body, [learnerEmails[VISIBLE[persona][0]]])).toHaveLength(1);
      const counts = await get(persona, `${CM_ROOT}/homepage/count-documents`);
      expect(leaked(counts.body, markersOf(...hidden(persona)))).toEqual([]);
      const file = await http(strapi)
        .get('/groups/reports/export')
        .set(bearer(tokens[persona]))
        .buffer(true)
        .parse(binary as never);
      if (persona === 'rootReader') return; // no export right in the root: covered by the 403 case below
      expect(file.status).toBe(200);
      const cells: string[] = [];
      (await readWorkbook(file.body as Buffer)).eachSheet((sheet) =>
        sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? ''))))
      );
      expect(leaked(cells.join('\n'), markersOf(...hidden(persona)))).toEqual([]);
      for (const key of VISIBLE[persona]) expect(cells.join('\n')).toContain(learnerEmails[key]);
    });
  });

  it("builds a manager's ability on the workspace API and Strapi's admin routes without the scope's lists; the Content Manager keeps them", async () => {
    // Every admin request builds the ability before its route runs; only routes that read records through
    // it need the conditions' lists (conditions/unused-rules.ts).
    const scope = strapi.plugin('groups').service('scope') as Record<string, (...args: never[]) => unknown>;
    const courseLists = jest.spyOn(scope, 'getCourseDocumentIds');
    try {
      for (const url of ['/admin/users/me', `/groups/reports?group=${groups.icu.documentId}&pageSize=100`]) {
        const res = await get('parent', url);
        expect([url, res.status]).toEqual([url, 200]);
      }
      expect(courseLists).not.toHaveBeenCalled();
      const report = await get('child', '/groups/reports?pageSize=100');
      expect(leaked(report.body, markersOf(...hidden('child')))).toEqual([]);
      const courses = await get('parent', `${CM}/${COURSE}?pageSize=100`);
      expect(courses.status).toBe(200);
      expect(courses.body.results.map((row: { title: string }) => row.title)).toEqual(['Tree course']);
      expect(courseLists).toHaveBeenCalled();
      const foreign = await get('child', `${CM}/${GROUP}/${groups.root.documentId}`);
      expect([403, 404]).toContain(foreign.status);
    } finally {
      courseLists.mockRestore();
    }
  });

  it('answers no probe of the parent through filters, populates and sorts on the parent relation', async () => {
    const probes = [
      `${CM}/${GROUP}?filters[parent][name][$eq]=Amsterdam`,
      `${CM}/${GROUP}?filters[parent][documentId][$eq]=${groups.root.documentId}`,
      `${CM}/${GROUP}?populate[parent][populate]=*&sort=parent.name:asc`,
      `${CM}/${ENROLLMENT}?filters[group][parent][name][$startsWith]=Ams&populate[group][populate]=parent`,
      `${CM}/plugin::users-permissions.user?pageSize=100&populate[groups][populate]=parent`,
      `${CM}/${GROUP_MANAGER}?pageSize=100&populate[group][populate]=parent`,
    ];
    for (const url of probes) {
      const res = await get('child', url);
      expect([url, res.status < 500]).toEqual([url, true]);
      expect([url, leaked(res.body, markersOf('root', 'ward', 'foreign'))]).toEqual([url, []]);
      if (url.includes('filters[parent]') && res.status === 200) expect(res.body.results).toEqual([]);
    }
  });

  it('names each group of the overview by the path the manager may see, parents first', async () => {
    const paths = async (persona: Persona) =>
      ((await get(persona, '/groups/workspace/overview')).body.data as Array<{ path: string }>).map(
        (group) => group.path
      );
    expect(await paths('parent')).toEqual([
      'Amsterdam',
      'Amsterdam › ICU',
      'Amsterdam › ICU › Night shift',
      'Amsterdam › Secret ward',
    ]);
    expect(await paths('child')).toEqual(['ICU', 'ICU › Night shift']);
    const overview = await get('child', '/groups/workspace/overview');
    expect(leaked(overview.body, markersOf('root', 'ward', 'foreign'))).toEqual([]);
    expect(overview.body.data[0].parentDocumentId).toBeNull();
    expect(overview.body.data[1].parentDocumentId).toBe(groups.icu.documentId);
  });

  it('keeps the tree order across overview pages and rolls each card up over the sub-groups in scope', async () => {
    const page = async (persona: Persona, query: string) =>
      (await get(persona, `/groups/workspace/overview?${query}`)).body.data as Array<{
        path: string;
        members: number;
        enrollments: number;
        subTree: { subGroups: number; members: number; enrollments: number } | null;
      }>;
    expect((await page('parent', 'pageSize=2&page=2')).map((group) => group.path)).toEqual([
      'Amsterdam › ICU › Night shift',
      'Amsterdam › Secret ward',
    ]);
    const [root, icu, night] = await page('parent', 'pageSize=10');
    expect([root.members, root.subTree]).toEqual([
      1,
      expect.objectContaining({ subGroups: 3, members: 4, enrollments: 4 }),
    ]);
    expect(icu.subTree).toEqual(expect.objectContaining({ subGroups: 1, members: 2, enrollments: 2 }));
    expect(night.subTree).toBeNull();
    // Only over what the reader may see: the child manager's ICU holds no root, the direct manager's root no sub-group.
    expect((await page('child', ''))[0].subTree).toEqual(
      expect.objectContaining({ subGroups: 1, members: 2 })
    );
    expect((await page('direct', ''))[0].subTree).toBeNull();
    expect((await page('parent', 'search=Night')).map((group) => group.path)).toEqual([
      'Amsterdam › ICU › Night shift',
    ]);
  });

  it('filters enrollments, reports, the export and the course lookup to a group and its sub-groups in scope', async () => {
    const listed = async (persona: Persona, url: string) => {
      const res = await get(persona, url);
      return [res.status, res.status === 200 ? ids(res.body.data) : res.body.error?.message];
    };
    const filter = (key: GroupKey, subGroups = true) =>
      `group=${groups[key].documentId}${subGroups ? '&subGroups=true' : ''}&pageSize=100`;
    expect(await listed('parent', `/groups/enrollments?${filter('root')}`)).toEqual([
      200,
      enrollmentsOf('root', 'icu', 'night', 'ward'),
    ]);
    expect(await listed('parent', `/groups/enrollments?${filter('root', false)}`)).toEqual([
      200,
      enrollmentsOf('root'),
    ]);
    expect(await listed('parent', `/groups/reports?${filter('icu')}`)).toEqual([
      200,
      enrollmentsOf('icu', 'night'),
    ]);
    expect(await listed('child', `/groups/reports?${filter('icu')}`)).toEqual([
      200,
      enrollmentsOf('icu', 'night'),
    ]);
    // Sub-groups outside the caller's scope are left out; a group outside it is refused without its name.
    expect(await listed('direct', `/groups/enrollments?${filter('root')}`)).toEqual([
      200,
      enrollmentsOf('root'),
    ]);
    const refused = await get('child', `/groups/reports?${filter('root')}`);
    expect(refused.status).toBe(403);
    expect(leaked(refused.body, markersOf('root', 'ward'))).toEqual([]);
    expect((await get('parent', `/groups/enrollments?${filter('root', false)}&subGroups=maybe`)).status).toBe(
      400
    );

    const exported = await http(strapi)
      .get(`/groups/reports/export?group=${groups.icu.documentId}&subGroups=true`)
      .set(bearer(tokens.parent))
      .buffer(true)
      .parse(binary as never);
    expect(exported.status).toBe(200);
    expect(exported.headers['x-groups-export-rows']).toBe('2');
    // The read-only root manager may export in none of the sub-tree's top: refused, not narrowed.
    expect(
      (await get('rootReader', `/groups/reports/export?group=${groups.root.documentId}&subGroups=true`))
        .status
    ).toBe(403);

    const lookup = await get(
      'parent',
      `/groups/lookup/courses?group=${groups.root.documentId}&subGroups=true`
    );
    expect([lookup.status, lookup.body.data.map((course: { label: string }) => course.label)]).toEqual([
      200,
      ['Tree course'],
    ]);
  });

  describe('Members of a group and its sub-groups', () => {
    interface Row {
      documentId: string;
      email: string;
      group: { documentId: string; path: string };
      canEdit: boolean;
      canManage: boolean;
      canMessage: boolean;
    }
    const membersUrl = (key: GroupKey, subGroups = true) =>
      `/groups/groups/${groups[key].documentId}/members?pageSize=100${subGroups ? '&subGroups=true' : ''}`;
    const rowsOf = async (persona: Persona, key: GroupKey, subGroups = true) => {
      const res = await get(persona, membersUrl(key, subGroups));
      expect(res.status).toBe(200);
      return (res.body.data as Row[]).map((row) => [row.email, row.group.path]).sort();
    };

    it("lists the sub-groups' members in scope, each row naming its group by the path the caller may see", async () => {
      expect(await rowsOf('parent', 'root')).toEqual(
        [
          [learnerEmails.root, 'Amsterdam'],
          [learnerEmails.icu, 'Amsterdam › ICU'],
          [learnerEmails.night, 'Amsterdam › ICU › Night shift'],
          [learnerEmails.ward, 'Amsterdam › Secret ward'],
        ].sort()
      );
      expect(await rowsOf('parent', 'root', false)).toEqual([[learnerEmails.root, 'Amsterdam']]);
      expect(await rowsOf('child', 'icu')).toEqual(
        [
          [learnerEmails.icu, 'ICU'],
          [learnerEmails.night, 'ICU › Night shift'],
        ].sort()
      );
      // A link without its sub-groups widens to nothing; a sub-group outside the scope is left out.
      expect(await rowsOf('direct', 'root')).toEqual([[learnerEmails.root, 'Amsterdam']]);
      expect(await rowsOf('rootReader', 'ward')).toEqual([[learnerEmails.ward, 'Amsterdam › Secret ward']]);
      const searched = await get(
        'parent',
        `${membersUrl('root')}&search=${encodeURIComponent('tree-night')}`
      );
      expect([searched.body.meta, searched.body.data.map((row: Row) => row.email)]).toEqual([
        expect.objectContaining({ subGroups: true, pagination: expect.objectContaining({ total: 1 }) }),
        [learnerEmails.night],
      ]);
      expect((await get('parent', `${membersUrl('root')}&subGroups=maybe`)).status).toBe(400);
    });

    it('refuses a group outside the scope, sub-groups or not, and names nothing of the parent or its other children', async () => {
      for (const [persona, key] of [
        ['child', 'root'],
        ['child', 'ward'],
        ['foreign', 'root'],
      ] as const) {
        const res = await get(persona, membersUrl(key));
        expect([persona, key, res.status]).toEqual([persona, key, 403]);
        expect(leaked(res.body, markersOf('root', 'ward'))).toEqual([]);
      }
      // Reports only in the root (its name known to them): no right to its members, widened or not.
      expect((await get('rootReader', membersUrl('root'))).status).toBe(403);
      const page = await get('child', `${membersUrl('icu')}&pageSize=1&page=2`);
      expect(leaked(page.body, markersOf('root', 'ward', 'foreign'))).toEqual([]);
    });

    it("gives each row the caller's rights in its own group, and edit and remove act on that group", async () => {
      const mixed = await createAdminUser(strapi, 'tree-mixed@test.local', [GROUP_MANAGER_ROLE.code]);
      await linkManager(strapi, mixed.id, groups.root, { ...NO_RIGHTS, canMessageMembers: true });
      await linkManager(strapi, mixed.id, groups.icu, { ...ALL, includesSubGroups: false });
      const token = await adminLogin(strapi, mixed.email);
      const res = await http(strapi).get(membersUrl('root')).set(bearer(token));
      expect(res.status).toBe(200);
      const rights = (res.body.data as Row[])
        .map((row) => [row.group.path, row.canManage, row.canMessage, row.canEdit])
        .sort();
      expect(rights).toEqual(
        [
          ['Amsterdam', false, true, false],
          ['Amsterdam › ICU', true, true, true],
          ['Amsterdam › ICU › Night shift', false, true, false],
          ['Amsterdam › Secret ward', false, true, false],
        ].sort()
      );

      // The night learner's row names Night shift: the child manager edits them there, not through ICU.
      const night = ((await get('child', membersUrl('icu'))).body.data as Row[]).find(
        (row) => row.email === learnerEmails.night
      )!;
      expect([night.group.documentId, night.canManage, night.canEdit]).toEqual([
        groups.night.documentId,
        true,
        true,
      ]);
      const edit = (key: GroupKey) =>
        put('child', `/groups/groups/${groups[key].documentId}/members/${night.documentId}`, {
          username: 'tree-night-learner-renamed',
        });
      expect((await edit('icu')).status).toBe(404);
      expect((await edit('night')).status).toBe(200);
      // The mixed manager may not remove in the night shift (no right there), whatever the list shows.
      const removed = await http(strapi)
        .delete(`/groups/groups/${groups.night.documentId}/members/${night.documentId}`)
        .set(bearer(token));
      expect(removed.status).toBe(403);
    });
  });

  it('offers groups in the lookup by name, each with the path the caller may see', async () => {
    const lookup = async (persona: Persona, search: string) => {
      const res = await get(persona, `/groups/lookup/groups?search=${encodeURIComponent(search)}`);
      return (res.body.data as Array<{ label: string; path: string }>).map((row) => [row.label, row.path]);
    };
    expect(await lookup('owner', 'night')).toEqual([['Night shift', 'Amsterdam › ICU › Night shift']]);
    expect(await lookup('parent', 'icu')).toEqual([['ICU', 'Amsterdam › ICU']]);
    expect(await lookup('child', 'night')).toEqual([['Night shift', 'ICU › Night shift']]);
    expect(await lookup('child', 'amsterdam')).toEqual([]);
    const chosen = await get('child', `/groups/lookup/groups?documentId=${groups.night.documentId}`);
    expect(chosen.body.data).toEqual([
      { documentId: groups.night.documentId, label: 'Night shift', path: 'ICU › Night shift' },
    ]);
  });

  it("names each row's group by the path the reader may see, in the report and the export", async () => {
    const pathOf = async (persona: Persona) => {
      const res = await get(persona, `/groups/reports?group=${groups.night.documentId}`);
      return (res.body.data as Array<{ group: { path: string } }>).map((row) => row.group.path);
    };
    expect(await pathOf('parent')).toEqual(['Amsterdam › ICU › Night shift']);
    expect(await pathOf('child')).toEqual(['ICU › Night shift']);
    const file = await http(strapi)
      .get(`/groups/reports/export?group=${groups.night.documentId}`)
      .set(bearer(tokens.child))
      .buffer(true)
      .parse(binary as never);
    const sheet = (await readWorkbook(file.body as Buffer)).getWorksheet('Enrollments')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(sheet.getRow(2).getCell(header.indexOf('Group path') + 1).value).toBe('ICU › Night shift');
    expect(leaked(JSON.stringify(sheet.getRow(2).values), markersOf('root'))).toEqual([]);
  });

  it('applies the union of rights per group: read-only in the root and its sub-groups, full in the ward', async () => {
    const approve = (key: GroupKey) =>
      http(strapi)
        .post(`/groups/enrollments/${enrollments[key].documentId}/transition`)
        .set(bearer(tokens.rootReader))
        .send({ action: 'waitlist' });
    expect((await approve('icu')).status).toBe(403);
    expect((await approve('root')).status).toBe(403);
    expect((await approve('ward')).status).toBe(200);
    const exportIcu = await get('rootReader', `/groups/reports/export?group=${groups.icu.documentId}`);
    expect(exportIcu.status).toBe(403);
    const cmEdit = await put('rootReader', `${CM}/${ENROLLMENT}/${enrollments.night.documentId}`, {
      reason: 'read-only should not write',
    });
    expect(cmEdit.status).toBe(403);
  });

  it('lets a parent manager work in a grandchild and refuses the child manager the parent', async () => {
    const edit = (persona: Persona, key: GroupKey) =>
      put(persona, `${CM}/${ENROLLMENT}/${enrollments[key].documentId}`, { attendance: 'present' });
    expect((await edit('parent', 'night')).status).toBe(200);
    expect((await edit('child', 'night')).status).toBe(200);
    expect([403, 404]).toContain((await edit('child', 'root')).status);
    expect([403, 404]).toContain((await edit('child', 'ward')).status);
    expect([403, 404]).toContain((await edit('direct', 'icu')).status);
    const members = await get('child', `/groups/groups/${groups.root.documentId}/members`);
    expect(members.status).toBe(403);
    expect(leaked(members.body, markersOf('root'))).toEqual([]);
  });

  describe('re-parenting', () => {
    afterEach(async () => {
      // The tree as the fixture built it, whatever a test did.
      await setParent('icu', 'root');
      await setParent('night', 'icu');
      await setParent('ward', 'root');
      await setParent('foreign', null);
      await setParent('root', null);
    });

    it('refuses managers on every path: attach mine under a foreign group, or a foreign group under mine', async () => {
      const cm = await put('child', `${CM}/${GROUP}/${groups.icu.documentId}`, {
        parent: { connect: [{ documentId: groups.foreign.documentId }] },
      });
      expect(cm.status).toBe(403);
      const attempts: Array<[Exclude<Persona, 'owner'>, GroupKey, GroupKey | null]> = [
        ['child', 'icu', 'foreign'], // mine under a foreign group
        ['child', 'night', 'foreign'],
        ['child', 'foreign', 'night'], // a foreign group under mine
        ['child', 'icu', null], // mine out from under its parent
        ['parent', 'ward', 'icu'], // both mine, but moving needs the site owner
        ['foreign', 'foreign', 'root'],
      ];
      for (const [persona, child, parent] of attempts) {
        await expect(
          asMcp(strapi, admins[persona].id, () =>
            docs(GROUP).update({
              documentId: groups[child].documentId,
              data: { parent: parent ? groups[parent].documentId : null } as never,
            })
          )
        ).rejects.toMatchObject({ name: 'ForbiddenError' });
      }
      const stored = await strapi.db.query(GROUP as never).findMany({ populate: { parent: true } });
      const parentName = (key: GroupKey) =>
        stored.find((row: { documentId: string }) => row.documentId === groups[key].documentId)?.parent
          ?.name ?? null;
      expect([parentName('icu'), parentName('night'), parentName('foreign'), parentName('ward')]).toEqual([
        'Amsterdam',
        'ICU',
        null,
        'Amsterdam',
      ]);
    });

    it('refuses a cycle, an archived parent and a depth past the limit with a sentence', async () => {
      const move = (child: GroupKey, parent: string | null) =>
        put('owner', `${CM}/${GROUP}/${groups[child].documentId}`, {
          parent: parent ? { connect: [{ documentId: parent }] } : null,
        });
      const cycle = await move('root', groups.night.documentId);
      expect(cycle.status).toBe(400);
      expect(cycle.body.error.message).toBe(
        'The group "Amsterdam" cannot be placed under itself or under one of its own sub-groups.'
      );
      expect((await move('icu', groups.icu.documentId)).status).toBe(400);

      const archived = (await docs(GROUP).create({
        data: { name: 'Closed site', slug: 'tree-closed', archivedAt: new Date().toISOString() } as never,
      })) as Doc;
      const underArchived = await move('foreign', archived.documentId);
      expect(underArchived.status).toBe(400);
      expect(underArchived.body.error.message).toBe(
        'The group "Closed site" is archived: choose an active parent group.'
      );

      // Amsterdam › ICU › Night shift is three levels; five chained above Amsterdam would make eight.
      let top: Doc | null = null;
      for (let level = 1; level <= 2; level++) {
        top = (await docs(GROUP).create({
          data: {
            name: `Level ${level}`,
            slug: `tree-level-${level}`,
            ...(top ? { parent: top.documentId } : {}),
          } as never,
        })) as Doc;
      }
      expect((await move('root', top!.documentId)).status).toBe(200); // 2 + 3 = 5 levels: the limit
      const created = await http(strapi)
        .post(`${CM}/${GROUP}`)
        .set(bearer(tokens.owner))
        .send({
          name: 'Sixth level',
          slug: 'tree-sixth',
          parent: { connect: [{ documentId: groups.night.documentId }] },
        });
      expect(created.status).toBe(400);
      expect(created.body.error.message).toBe(
        'Groups nest at most 5 levels deep; placing "Sixth level" under "Night shift" would make 6.'
      );
      await setParent('root', null);
    });

    it('lets two racing requests build no cycle: one wins, the other is refused', async () => {
      const [one, two] = await Promise.all([
        put('owner', `${CM}/${GROUP}/${groups.ward.documentId}`, {
          parent: { connect: [{ documentId: groups.foreign.documentId }] },
        }),
        put('owner', `${CM}/${GROUP}/${groups.foreign.documentId}`, {
          parent: { connect: [{ documentId: groups.ward.documentId }] },
        }),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 400]);
      const stored = await strapi.db.query(GROUP as never).findMany({
        where: { documentId: { $in: groupsOf('ward', 'foreign') } },
        populate: { parent: { select: ['documentId'] } },
      });
      const parents = stored.map((row: { parent: { documentId: string } | null }) => row.parent?.documentId);
      expect(
        parents.filter((p: string | undefined) => p && groupsOf('ward', 'foreign').includes(p))
      ).toHaveLength(1);
    });

    it('takes effect on the next request, both ways', async () => {
      expect(ids((await get('child', '/groups/enrollments?pageSize=100')).body.data)).toContain(
        enrollments.night.documentId
      );
      await setParent('night', 'foreign');
      expect(ids((await get('child', '/groups/enrollments?pageSize=100')).body.data)).toEqual(
        enrollmentsOf('icu')
      );
      expect(ids((await get('foreign', '/groups/enrollments?pageSize=100')).body.data)).toEqual(
        enrollmentsOf('foreign', 'night')
      );
    });
  });

  it('refuses to archive a parent with active sub-groups, and to delete one with sub-groups', async () => {
    const archive = await put('owner', `${CM}/${GROUP}/${groups.icu.documentId}`, {
      archivedAt: new Date().toISOString(),
    });
    expect(archive.status).toBe(400);
    expect(archive.body.error.message).toBe('This group has 1 active sub-group: archive it first.');
    const remove = await http(strapi)
      .delete(`${CM}/${GROUP}/${groups.ward.documentId}`)
      .set(bearer(tokens.owner));
    expect(remove.status).toBe(400); // it has an enrollment
    const empty = (await docs(GROUP).create({
      data: { name: 'Empty parent', slug: 'tree-empty-parent' } as never,
    })) as Doc;
    const leaf = (await docs(GROUP).create({
      data: { name: 'Empty leaf', slug: 'tree-empty-leaf', parent: empty.documentId } as never,
    })) as Doc;
    const parentDelete = await http(strapi)
      .delete(`${CM}/${GROUP}/${empty.documentId}`)
      .set(bearer(tokens.owner));
    expect(parentDelete.status).toBe(400);
    expect(parentDelete.body.error.message).toBe('This group has 1 sub-group: move or delete it first.');
    const bulk = await http(strapi)
      .post(`${CM}/${GROUP}/actions/bulkDelete`)
      .set(bearer(tokens.owner))
      .send({ documentIds: [empty.documentId, leaf.documentId] });
    expect(bulk.status).toBe(200);
  });

  it('does not make the sub-groups of a public group public to learners', async () => {
    const outsider = await createLearner(strapi, 'tree-outsider');
    const login = await http(strapi)
      .post('/api/auth/local')
      .send({ identifier: outsider.email, password: 'Test-pass-2026' });
    const jwt = login.body.jwt as string;
    const course = (await strapi.db
      .query(COURSE as never)
      .findOne({ where: { title: 'Tree course' } })) as Doc;
    const ask = (key: GroupKey) =>
      http(strapi)
        .post('/api/groups/my/enrollments')
        .set(bearer(jwt))
        .send({ groupId: groups[key].documentId, courseId: course.documentId });
    expect((await ask('root')).status).toBe(201);
    expect([403, 404]).toContain((await ask('icu')).status);
    const mine = await http(strapi).get('/api/groups/my/groups').set(bearer(jwt));
    expect(leaked(mine.body, markersOf('icu', 'night', 'ward'))).toEqual([]);
  });
});
