/**
 * A read that names groups (report, enrollment list, export) learns the caller's rights over those groups by
 * walking up from them (`scope.scopeOver`, used by `access.readableIn`) instead of reading the whole scope.
 * First a table: for every manager below, every group and both answers of "sub-groups", the part of the scope
 * it reads must give each group of that part the rights the full scope gives, and hold no other group.
 * Then the workspace reads themselves, as each persona, with a group filter: rows, `canManage`, paths, 403
 * and 404.
 *
 *   Amsterdam ─┬─ ICU ─┬─ Night ── Weekend        Rotterdam ── Harbour
 *              │       └─ Old ward (archived)
 *              └─ Surgery ── Day (both archived)
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { RIGHTS, type Right, type Scope } from '../../common/domain/rights';
import { rightsIn } from '../../common/domain/group-tree';
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
import { COURSE, ENROLLMENT, GROUP } from '../helpers/uids';

const ALL = ALL_RIGHTS;
const READ_ONLY = { ...NO_RIGHTS, canViewReports: true };
const EXPORT_ONLY = { ...NO_RIGHTS, canExportReports: true };
const MANAGE_ONLY = { ...NO_RIGHTS, canManageEnrollments: true };
const DIRECT = { includesSubGroups: false };

type GroupKey = 'root' | 'icu' | 'night' | 'weekend' | 'oldWard' | 'surgery' | 'day' | 'other' | 'harbour';
const GROUP_KEYS: GroupKey[] = [
  'root',
  'icu',
  'night',
  'weekend',
  'oldWard',
  'surgery',
  'day',
  'other',
  'harbour',
];
const NAMES: Record<GroupKey, string> = {
  root: 'Amsterdam',
  icu: 'ICU',
  night: 'Night',
  weekend: 'Weekend',
  oldWard: 'Old ward',
  surgery: 'Surgery',
  day: 'Day',
  other: 'Rotterdam',
  harbour: 'Harbour',
};
const PARENT: Record<GroupKey, GroupKey | null> = {
  root: null,
  icu: 'root',
  night: 'icu',
  weekend: 'night',
  oldWard: 'icu',
  surgery: 'root',
  day: 'surgery',
  other: null,
  harbour: 'other',
};
const ancestorsOf = (key: GroupKey): GroupKey[] => {
  const parent = PARENT[key];
  return parent ? [parent, ...ancestorsOf(parent)] : [];
};
const below = (key: GroupKey): GroupKey[] =>
  GROUP_KEYS.filter((candidate) => PARENT[candidate] === key).flatMap((child) => [child, ...below(child)]);

/** Each manager's links: the cases the walk up must get right. */
const MANAGERS: Record<string, Array<[GroupKey, Record<string, boolean>]>> = {
  parent: [['root', ALL]], // an ancestor's link with its sub-groups
  direct: [['root', { ...ALL, ...DIRECT }]], // an ancestor's link without them: the root only
  child: [['icu', ALL]],
  // A read-only parent and a full child: the union in the child, read-only below the child.
  rootReader: [
    ['root', READ_ONLY],
    ['night', { ...ALL, ...DIRECT }],
  ],
  sibling: [['surgery', ALL]], // a link on a sibling reaches nothing of ICU's branch
  // Links at several depths, with and without sub-groups, in two trees.
  mixed: [
    ['root', { ...READ_ONLY, ...DIRECT }],
    ['night', EXPORT_ONLY],
    ['oldWard', { ...MANAGE_ONLY, ...DIRECT }],
    ['other', ALL],
  ],
  twoLinks: [
    ['root', READ_ONLY],
    ['icu', MANAGE_ONLY],
    ['night', { ...EXPORT_ONLY, ...DIRECT }],
  ],
  leafOnly: [['weekend', ALL]],
  archived: [
    ['surgery', { ...READ_ONLY, ...DIRECT }],
    ['day', ALL],
  ], // archived groups count as any group
  unrelated: [['other', ALL]],
  nobody: [],
};
type Manager = keyof typeof MANAGERS;

describe('the scope over named groups (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  const groups = {} as Record<GroupKey, Doc>;
  const enrollments = {} as Record<GroupKey, Doc>;
  const admins = {} as Record<Manager, { id: number; email: string }>;
  const tokens = {} as Record<Manager | 'owner', string>;
  let ownerId: number;

  const docs = (uid: string) => strapi.documents(uid as never);
  const scopes = () => strapi.plugin('groups').service('scope');
  const idOf = (key: GroupKey) => groups[key].id;
  const get = (who: Manager | 'owner', url: string) => http(strapi).get(url).set(bearer(tokens[who]));

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    const owner = await registerSuperAdmin(strapi, 'owner-over@test.local');
    tokens.owner = owner.token;
    ownerId = (await strapi.db.query('admin::user').findOne({ where: { email: 'owner-over@test.local' } }))
      .id as number;
    const course = (await docs(COURSE).create({
      data: { title: 'Over course' } as never,
      status: 'published',
    })) as Doc;
    for (const key of GROUP_KEYS) {
      const learner = await createLearner(strapi, `over-${key.toLowerCase()}-learner`);
      const parent = PARENT[key];
      groups[key] = (await docs(GROUP).create({
        data: {
          name: NAMES[key],
          slug: `over-${key.toLowerCase()}`,
          members: [learner.id],
          courses: [course.documentId],
          ...(parent ? { parent: groups[parent].documentId } : {}),
        } as never,
      })) as Doc;
      enrollments[key] = (await docs(ENROLLMENT).create({
        data: { learner: learner.id, group: groups[key].documentId, course: course.documentId } as never,
      })) as Doc;
    }
    // Leaves first: a group with active sub-groups cannot be archived.
    for (const key of ['oldWard', 'day', 'surgery'] as const) {
      await docs(GROUP).update({
        documentId: groups[key].documentId,
        data: { archivedAt: new Date().toISOString() } as never,
      });
    }
    for (const manager of Object.keys(MANAGERS) as Manager[]) {
      admins[manager] = await createAdminUser(strapi, `over-${manager.toLowerCase()}@test.local`, [
        GROUP_MANAGER_ROLE.code,
      ]);
      for (const [key, rights] of MANAGERS[manager]) {
        await linkManager(strapi, admins[manager].id, groups[key], rights);
      }
      tokens[manager] = await adminLogin(strapi, admins[manager].email);
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** Each group's rights in a scope, by key; groups with none left out. */
  const rightsByGroup = (scope: Scope, keys: readonly GroupKey[] = GROUP_KEYS) =>
    Object.fromEntries(
      keys
        .map((key) => [key, rightsIn(scope.links, idOf(key))] as const)
        .filter(([, rights]) => rights.length)
    );

  describe('scopeOver against the full scope', () => {
    const cases = (Object.keys(MANAGERS) as Manager[]).flatMap((manager) =>
      GROUP_KEYS.flatMap((key) => [[manager, [key], false] as const, [manager, [key], true] as const])
    );

    it.each([
      ...cases,
      // Several named groups at once, in different branches and trees.
      ...(Object.keys(MANAGERS) as Manager[]).flatMap((manager) => [
        [manager, ['weekend', 'day'] as GroupKey[], false] as const,
        [manager, ['icu', 'harbour'] as GroupKey[], true] as const,
      ]),
    ])('%s over %j (sub-groups: %s): the full scope’s rights in that part, nothing else', async (...c) => {
      const [manager, named, subGroups] = c;
      const actor = { id: admins[manager].id };
      const part = [
        ...new Set(named.flatMap((key) => [key, ...ancestorsOf(key), ...(subGroups ? below(key) : [])])),
      ];
      const full = await scopes().getScope(actor);
      const over = await scopes().scopeOver(
        actor,
        named.map((key) => idOf(key)),
        { subGroups }
      );
      expect(over.all).toBe(false);
      expect(rightsByGroup(over)).toEqual(rightsByGroup(full, part));
      expect(over.groupIds).toEqual(
        full.groupIds.filter((id: number) => part.some((key) => idOf(key) === id))
      );
    });

    // The comparison above trusts the full scope (checked against the pure rule in sub-groups.test.ts);
    // these state a few answers outright, so that both cannot be wrong the same way.
    const rightsOf = async (manager: Manager, named: GroupKey[], subGroups = false) =>
      rightsByGroup(
        await scopes().scopeOver(
          { id: admins[manager].id },
          named.map((key) => idOf(key)),
          { subGroups }
        )
      );
    const every = [...RIGHTS];
    const sorted = (rights: Right[]) => [...rights].sort();

    it('states the union per group for the cases the walk up must get right', async () => {
      expect(await rightsOf('parent', ['weekend'])).toEqual({
        root: every,
        icu: every,
        night: every,
        weekend: every,
      });
      expect(await rightsOf('direct', ['weekend'])).toEqual({ root: every });
      expect(await rightsOf('direct', ['root'], true)).toEqual({ root: every });
      expect(await rightsOf('child', ['weekend'])).toEqual({ icu: every, night: every, weekend: every });
      const rootReader = await rightsOf('rootReader', ['night'], true);
      expect(Object.keys(rootReader).sort()).toEqual(['icu', 'night', 'root', 'weekend']);
      expect(rootReader.night).toEqual(every);
      for (const key of ['root', 'icu', 'weekend'] as const) expect(rootReader[key]).toEqual(['viewReports']);
      expect(await rightsOf('sibling', ['night'], true)).toEqual({});
      expect(await rightsOf('sibling', ['day'])).toEqual({ surgery: every, day: every });
      const mixed = await rightsOf('mixed', ['weekend', 'oldWard']);
      expect(mixed).toEqual({
        root: ['viewReports'],
        night: ['exportReports'],
        weekend: ['exportReports'],
        oldWard: ['manageEnrollments'],
      });
      const twoLinks = await rightsOf('twoLinks', ['night']);
      expect(sorted(twoLinks.icu)).toEqual(['manageEnrollments', 'viewReports']);
      expect(sorted(twoLinks.night)).toEqual(['exportReports', 'manageEnrollments', 'viewReports']);
      expect(await rightsOf('leafOnly', ['root'], true)).toEqual({ weekend: every });
      expect(await rightsOf('archived', ['day'])).toEqual({ surgery: ['viewReports'], day: every });
      expect(await rightsOf('unrelated', ['icu'], true)).toEqual({});
      expect(await rightsOf('nobody', ['root'], true)).toEqual({});
    });

    it('gives a Super Admin every group, as the full scope does', async () => {
      const over = await scopes().scopeOver({ id: ownerId }, [idOf('weekend')], { subGroups: true });
      expect(over.all).toBe(true);
      expect((await scopes().getScope({ id: ownerId })).all).toBe(true);
    });
  });

  describe('workspace reads with a group filter', () => {
    type Row = { documentId: string; canManage: boolean; group: { documentId: string; path: string } };
    const filter = (key: GroupKey, subGroups: boolean) =>
      `group=${groups[key].documentId}${subGroups ? '&subGroups=true' : ''}`;
    /** Each row as [group, canManage, path], in group order. */
    const rowsOf = (body: { data: Row[] }) =>
      body.data
        .map((row) => {
          const key = GROUP_KEYS.find((candidate) => groups[candidate].documentId === row.group.documentId)!;
          expect(row.documentId).toBe(enrollments[key].documentId);
          return [key, row.canManage, row.group.path] as const;
        })
        .sort((a, b) => GROUP_KEYS.indexOf(a[0]) - GROUP_KEYS.indexOf(b[0]));
    const read = async (who: Manager | 'owner', path: string, key: GroupKey, subGroups = false) => {
      const res = await get(who, `/groups/${path}?${filter(key, subGroups)}`);
      return res.status === 200 ? [200, rowsOf(res.body)] : [res.status];
    };
    const both = async (who: Manager | 'owner', key: GroupKey, subGroups = false) => {
      const report = await read(who, 'reports', key, subGroups);
      expect(await read(who, 'enrollments', key, subGroups)).toEqual(report);
      return report;
    };
    const exported = async (who: Manager | 'owner', key: GroupKey, subGroups = false) => {
      const res = await http(strapi)
        .get(`/groups/reports/export?${filter(key, subGroups)}`)
        .set(bearer(tokens[who]))
        .buffer(true)
        .parse(binary as never);
      if (res.status !== 200) return [res.status];
      const sheet = (await readWorkbook(res.body as Buffer)).getWorksheet('Enrollments')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const paths: unknown[] = [];
      for (let row = 2; row <= sheet.rowCount; row++)
        paths.push(sheet.getRow(row).getCell(header.indexOf('Group path') + 1).value);
      return [200, paths.sort()];
    };

    it('the parent manager reads a sub-group and its sub-tree, named by the whole path', async () => {
      expect(await both('parent', 'icu')).toEqual([200, [['icu', true, 'Amsterdam › ICU']]]);
      expect(await both('parent', 'icu', true)).toEqual([
        200,
        [
          ['icu', true, 'Amsterdam › ICU'],
          ['night', true, 'Amsterdam › ICU › Night'],
          ['weekend', true, 'Amsterdam › ICU › Night › Weekend'],
          ['oldWard', true, 'Amsterdam › ICU › Old ward'],
        ],
      ]);
      expect(await exported('parent', 'night', true)).toEqual([
        200,
        ['Amsterdam › ICU › Night', 'Amsterdam › ICU › Night › Weekend'],
      ]);
    });

    it('the child manager reads its group without the parent’s name and is refused the parent', async () => {
      expect(await both('child', 'night', true)).toEqual([
        200,
        [
          ['night', true, 'ICU › Night'],
          ['weekend', true, 'ICU › Night › Weekend'],
        ],
      ]);
      expect(await exported('child', 'weekend')).toEqual([200, ['ICU › Night › Weekend']]);
      for (const path of ['reports', 'enrollments', 'reports/export']) {
        const res = await get('child', `/groups/${path}?${filter('root', true)}`);
        expect(res.status).toBe(403);
        expect(leaked(res.body, [NAMES.root, NAMES.surgery])).toEqual([]);
      }
    });

    it('the read-only root manager manages only where its full link is, and exports only there', async () => {
      expect(await both('rootReader', 'night', true)).toEqual([
        200,
        [
          ['night', true, 'Amsterdam › ICU › Night'],
          ['weekend', false, 'Amsterdam › ICU › Night › Weekend'],
        ],
      ]);
      expect(await both('rootReader', 'icu')).toEqual([200, [['icu', false, 'Amsterdam › ICU']]]);
      // Export: the full link's group only, its read-only sub-group left out; the read-only group refused.
      expect(await exported('rootReader', 'night', true)).toEqual([200, ['Amsterdam › ICU › Night']]);
      expect(await exported('rootReader', 'icu')).toEqual([403]);
    });

    it('reads archived groups as any other, through a link on the archived group', async () => {
      expect(await both('archived', 'surgery', true)).toEqual([
        200,
        [
          ['surgery', false, 'Surgery'],
          ['day', true, 'Surgery › Day'],
        ],
      ]);
    });

    it('refuses an unrelated manager (403, naming nothing) and answers an unknown group with a 404', async () => {
      for (const who of ['unrelated', 'sibling', 'nobody'] as const) {
        for (const path of ['reports', 'enrollments', 'reports/export']) {
          for (const subGroups of [false, true]) {
            const res = await get(who, `/groups/${path}?${filter('icu', subGroups)}`);
            expect([who, path, subGroups, res.status]).toEqual([who, path, subGroups, 403]);
            expect(leaked(res.body, [NAMES.icu, NAMES.root, groups.icu.documentId])).toEqual([]);
          }
        }
      }
      // A link without sub-groups does not open them.
      expect(await both('direct', 'icu')).toEqual([403]);
      expect(await both('direct', 'root', true)).toEqual([200, [['root', true, 'Amsterdam']]]);
      for (const who of ['parent', 'unrelated', 'owner'] as const) {
        for (const path of ['reports', 'enrollments', 'reports/export']) {
          const res = await get(who, `/groups/${path}?group=no-such-group&subGroups=true`);
          expect([who, path, res.status, res.body.error?.message]).toEqual([
            who,
            path,
            404,
            'No group has the id no-such-group.',
          ]);
        }
      }
    });

    it('names the group the lookup was asked for by the path the caller may see', async () => {
      const chosen = async (who: Manager | 'owner', key: GroupKey) => {
        const res = await get(who, `/groups/lookup/groups?documentId=${groups[key].documentId}`);
        return res.status === 200 ? res.body.data : res.status;
      };
      const night = (path: string) => [{ documentId: groups.night.documentId, label: 'Night', path }];
      expect(await chosen('parent', 'night')).toEqual(night('Amsterdam › ICU › Night'));
      expect(await chosen('rootReader', 'night')).toEqual(night('Amsterdam › ICU › Night'));
      expect(await chosen('child', 'night')).toEqual(night('ICU › Night'));
      expect(await chosen('owner', 'night')).toEqual(night('Amsterdam › ICU › Night'));
      expect(await chosen('unrelated', 'night')).toBe(403);
      expect(await chosen('direct', 'night')).toBe(403);
    });

    it('gives the Super Admin the same rows, each manageable', async () => {
      expect(await both('owner', 'night', true)).toEqual([
        200,
        [
          ['night', true, 'Amsterdam › ICU › Night'],
          ['weekend', true, 'Amsterdam › ICU › Night › Weekend'],
        ],
      ]);
    });
  });
});
