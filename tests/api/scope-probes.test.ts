/**
 * PROBES from outside the scope design (issue 3): the requests an attacker holding a Group Manager or a
 * Group Course Editor login would try, beyond the authorization matrix. Personas: manager of A (all rights),
 * read-only manager of A (viewReports), course editor of A, and a Group Manager with no GroupManager link.
 * Every probe asserts the status AND that none of group B's names, emails or documentIds comes back; the
 * "oracle" probes also assert the answer does not change with a guess about group B (a yes/no leak carries
 * no marker).
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { adminLogin, bearer, createAdminUser, http } from '../helpers/http';
import {
  COURSE,
  ENROLLMENT,
  GROUP,
  GROUP_MANAGER,
  LEARNER,
  TYPES,
  buildScopeFixture,
  leaked,
  type ScopeFixture,
} from '../helpers/scope-fixture';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const CM = '/content-manager';
type Scoped = 'managerA' | 'readOnlyA' | 'courseEditorA' | 'noLinks';
const SCOPED: Scoped[] = ['managerA', 'readOnlyA', 'courseEditorA', 'noLinks'];

describe('scope probes (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let fx: ScopeFixture;
  const tokens = {} as Record<Scoped | 'superAdmin' | 'learner', string>;

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    fx = await buildScopeFixture(strapi);
    const lonely = await createAdminUser(strapi, `no-links-${process.pid}@test.local`, [
      GROUP_MANAGER_ROLE.code,
    ]);
    Object.assign(tokens, {
      managerA: fx.tokens.managerA!,
      readOnlyA: fx.tokens.readOnlyA!,
      courseEditorA: fx.tokens.courseEditorA!,
      noLinks: await adminLogin(strapi, lonely.email),
      superAdmin: fx.tokens.superAdmin!,
      learner: fx.tokens.learner!,
    });
  });

  afterAll(async () => app?.stop());

  const call = (persona: keyof typeof tokens | 'anonymous', method: string, path: string, body?: unknown) => {
    const agent = http(strapi) as unknown as Record<string, (p: string) => any>;
    let req = agent[method.toLowerCase()](path);
    if (persona !== 'anonymous') req = req.set(bearer(tokens[persona]));
    return (body === undefined ? req : req.send(body)) as Promise<{
      status: number;
      body: any;
      text: string;
    }>;
  };

  /** Status and markers at once, so a failure names the probe. */
  const expectProbe = async (
    persona: keyof typeof tokens | 'anonymous',
    method: string,
    path: string,
    statuses: number[],
    body?: unknown
  ) => {
    const res = await call(persona, method, path, body);
    const found = leaked(res.body ?? res.text, fx.outOfScopeForA);
    const status = statuses.includes(res.status) ? 'expected' : res.status;
    expect({ persona, method, path, status, leaked: found }).toEqual({
      persona,
      method,
      path,
      status: 'expected',
      leaked: [],
    });
    return res;
  };

  it('LEAK FIXED: the relation picker takes no filters, populate, sort or fields from a scoped admin', async () => {
    const pickers: Array<[string, string, string]> = [
      [ENROLLMENT, 'learner', fx.enrollments.a1.documentId],
      [ENROLLMENT, 'group', fx.enrollments.a1.documentId],
      [ENROLLMENT, 'course', fx.enrollments.a1.documentId],
      [GROUP, 'members', fx.groups.A.documentId],
      [GROUP, 'courses', fx.groups.A.documentId],
      [LEARNER, 'groups', fx.learners.both.documentId],
      [GROUP_MANAGER, 'group', fx.links.managerA.documentId],
    ];
    // The shared learner is in A and B: each of these asks "is there a group called Secret..." or reads B.
    const probes = [
      'filters[groups][name][$startsWith]=Secret',
      'filters[members][email][$startsWith]=secret',
      'filters[enrollments][group][name][$contains]=Secret',
      'filters[$or][0][groups][name][$startsWith]=Secret',
      'populate=groups',
      'populate=*',
      'populate[groups][populate]=members',
      'sort=groups.name:desc',
      'fields[0]=email',
    ];
    for (const persona of ['managerA', 'readOnlyA', 'noLinks'] as const) {
      for (const [model, field, ownId] of pickers) {
        for (const probe of probes) {
          for (const path of [
            `${CM}/relations/${model}/${field}?pageSize=100&${probe}`,
            `${CM}/relations/${model}/${ownId}/${field}?pageSize=100&${probe}`,
          ]) {
            const res = await expectProbe(persona, 'GET', path, [400, 403]);
            expect([path, JSON.stringify(res.body).includes('bothlearner')]).toEqual([path, false]);
          }
        }
        // What the admin panel itself sends still works.
        const plain = await expectProbe(
          persona,
          'GET',
          `${CM}/relations/${model}/${field}?pageSize=10&page=1&_q=a`,
          [200]
        );
        expect(plain.body.results).toBeDefined();
      }
    }
    // A Super Admin keeps Strapi's behaviour.
    const owner = await call(
      'superAdmin',
      'GET',
      `${CM}/relations/${ENROLLMENT}/learner?filters[groups][name][$startsWith]=Secret`
    );
    expect(owner.status).toBe(200);
    expect(owner.body.results.map((r: { documentId: string }) => r.documentId).sort()).toEqual(
      [fx.learners.both.documentId, fx.learners.b1.documentId, fx.learners.b2.documentId].sort()
    );
  });

  it('LEAK FIXED: an entry’s related records list none of group B, not even by documentId', async () => {
    for (const persona of ['managerA', 'readOnlyA'] as const) {
      const res = await expectProbe(
        persona,
        'GET',
        `${CM}/relations/${LEARNER}/${fx.learners.both.documentId}/groups?pageSize=100`,
        [200]
      );
      expect(res.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([
        fx.groups.A.documentId,
      ]);
      expect(res.body.pagination.total).toBe(1);
    }
    const owner = await call(
      'superAdmin',
      'GET',
      `${CM}/relations/${LEARNER}/${fx.learners.both.documentId}/groups?pageSize=100`
    );
    expect(owner.body.results).toHaveLength(2);
  });

  it('LEAK FIXED: UID generation and availability answer only for types the admin may create or edit', async () => {
    const slugOfB = fx.outOfScopeForA.find((m) => m.startsWith('secret-group-b-'))!;
    for (const persona of SCOPED) {
      await expectProbe(persona, 'POST', `${CM}/uid/check-availability`, [403], {
        contentTypeUID: GROUP,
        field: 'slug',
        value: slugOfB,
        data: {},
      });
      await expectProbe(persona, 'POST', `${CM}/uid/generate`, [403], {
        contentTypeUID: GROUP,
        field: 'slug',
        data: { name: fx.outOfScopeForA.find((m) => m.startsWith('Secret-Group-B-')) },
      });
    }
    // The Group Manager role carries the course update permission (under the edit-courses condition), so
    // a manager, like a course editor, may edit courses and needs the slug helper.
    await expectProbe('managerA', 'POST', `${CM}/uid/check-availability`, [200], {
      contentTypeUID: COURSE,
      field: 'slug',
      value: 'some-slug',
      data: {},
    });
    const editor = await expectProbe('courseEditorA', 'POST', `${CM}/uid/generate`, [200], {
      contentTypeUID: COURSE,
      field: 'slug',
      data: { title: 'A new title' },
    });
    expect(editor.body.data).toBe('a-new-title');
    const owner = await call('superAdmin', 'POST', `${CM}/uid/check-availability`, {
      contentTypeUID: GROUP,
      field: 'slug',
      value: slugOfB,
      data: {},
    });
    expect([owner.status, owner.body.isAvailable]).toEqual([200, false]);
  });

  it('LEAK FIXED: a documentId in the body cannot move an entry into another document', async () => {
    const before = {
      a1: await strapi.db
        .query(ENROLLMENT as never)
        .findOne({ where: { documentId: fx.enrollments.a1.documentId } }),
      b1: await strapi.db
        .query(ENROLLMENT as never)
        .findMany({ where: { documentId: fx.enrollments.b1.documentId } }),
      courseA: await strapi.db
        .query(COURSE as never)
        .findMany({ where: { documentId: fx.courses.A.documentId } }),
      courseB: await strapi.db
        .query(COURSE as never)
        .findMany({ where: { documentId: fx.courses.B.documentId } }),
    };
    await expectProbe(
      'managerA',
      'PUT',
      `${CM}/collection-types/${ENROLLMENT}/${fx.enrollments.a1.documentId}`,
      [400, 403],
      {
        documentId: fx.enrollments.b1.documentId,
        state: 'approved',
      }
    );
    await expectProbe(
      'courseEditorA',
      'PUT',
      `${CM}/collection-types/${COURSE}/${fx.courses.A.documentId}`,
      [400, 403],
      {
        documentId: fx.courses.B.documentId,
        title: 'Hijacked',
      }
    );
    await expectProbe('managerA', 'POST', `${CM}/collection-types/${ENROLLMENT}`, [400, 403], {
      documentId: fx.enrollments.b1.documentId,
      learner: { connect: [{ id: fx.learners.a2.id }] },
      group: { connect: [{ id: fx.groups.A.id }] },
      course: { connect: [{ id: fx.courses.A.id }] },
    });
    await expectProbe(
      'managerA',
      'POST',
      `${CM}/collection-types/${ENROLLMENT}/clone/${fx.enrollments.a1.documentId}`,
      [400, 403],
      {
        documentId: fx.enrollments.b1.documentId,
      }
    );
    expect(
      await strapi.db
        .query(ENROLLMENT as never)
        .findOne({ where: { documentId: fx.enrollments.a1.documentId } })
    ).toEqual(before.a1);
    expect(
      await strapi.db
        .query(ENROLLMENT as never)
        .findMany({ where: { documentId: fx.enrollments.b1.documentId } })
    ).toEqual(before.b1);
    expect(
      await strapi.db.query(COURSE as never).findMany({ where: { documentId: fx.courses.A.documentId } })
    ).toEqual(before.courseA);
    expect(
      await strapi.db.query(COURSE as never).findMany({ where: { documentId: fx.courses.B.documentId } })
    ).toEqual(before.courseB);
    // The edit view sends the entry's own documentId back: still fine.
    await expectProbe(
      'courseEditorA',
      'PUT',
      `${CM}/collection-types/${COURSE}/${fx.courses.A.documentId}`,
      [200],
      {
        documentId: fx.courses.A.documentId,
        summary: 'Edited with its own documentId',
      }
    );
  });

  it('HELD: Content Manager lists and entries with populate, sort, paging and search', async () => {
    const own: Record<string, string> = {
      [GROUP]: fx.groups.A.documentId,
      [ENROLLMENT]: fx.enrollments.a1.documentId,
      [GROUP_MANAGER]: fx.links.managerA.documentId,
      [LEARNER]: fx.learners.both.documentId,
      [COURSE]: fx.courses.A.documentId,
    };
    const theirs: Record<string, string> = {
      [GROUP]: fx.groups.B.documentId,
      [ENROLLMENT]: fx.enrollments.b1.documentId,
      [GROUP_MANAGER]: fx.links.managerB.documentId,
      [LEARNER]: fx.learners.b1.documentId,
      [COURSE]: fx.courses.B.documentId,
    };
    const queries = [
      'populate=*&pageSize=100',
      'populate[0]=groups.members&populate[1]=group.members&populate[2]=learner.groups&populate[3]=members.groups&populate[4]=group.managers.user',
      'sort=groups.name:desc',
      'sort=group.name:desc',
      'page=1&pageSize=100000',
      'page=-1&pageSize=-5',
      '_q=secret',
      'fields[0]=name&fields[1]=email&fields[2]=title',
    ];
    for (const persona of SCOPED) {
      for (const uid of TYPES) {
        for (const query of queries) {
          await expectProbe(persona, 'GET', `${CM}/collection-types/${uid}?${query}`, [200, 400, 403]);
        }
        await expectProbe(
          persona,
          'GET',
          `${CM}/collection-types/${uid}/${own[uid]}?populate=*`,
          [200, 403, 404]
        );
        await expectProbe(
          persona,
          'GET',
          `${CM}/collection-types/${uid}/${theirs[uid]}?populate=*`,
          [403, 404]
        );
      }
    }
    // Relation counts in the list: the shared learner's groups count only the groups the manager sees.
    const learners = await expectProbe('managerA', 'GET', `${CM}/collection-types/${LEARNER}`, [200]);
    const shared = learners.body.results.find(
      (r: { documentId: string }) => r.documentId === fx.learners.both.documentId
    );
    expect(shared.groups).toEqual({ count: 1 });
  });

  it('LEAK FIXED: no sorting through a to-many relation to a scoped type (it orders by unreadable records)', async () => {
    for (const persona of SCOPED) {
      await expectProbe(
        persona,
        'GET',
        `${CM}/collection-types/${LEARNER}?sort=groups.name:desc`,
        [400, 403]
      );
      await expectProbe(
        persona,
        'GET',
        `${CM}/collection-types/${GROUP}?sort[0][members][email]=asc`,
        [400, 403]
      );
    }
    // To-one relations stay sortable: the Content Manager's list columns sort by them.
    await expectProbe('managerA', 'GET', `${CM}/collection-types/${ENROLLMENT}?sort=group.name:desc`, [200]);
    await expectProbe(
      'managerA',
      'GET',
      `${CM}/collection-types/${ENROLLMENT}?sort=learner.username:asc`,
      [200]
    );
  });

  it('HELD: filters through relations answer nothing about group B (no yes/no oracle)', async () => {
    const oracles: Array<[string, string]> = [
      [LEARNER, 'filters[groups][name][$startsWith]=Secret'],
      [LEARNER, 'filters[groups][members][email][$startsWith]=secret'],
      [ENROLLMENT, 'filters[group][name][$contains]=Secret'],
      [ENROLLMENT, 'filters[learner][email][$startsWith]=secret'],
      [ENROLLMENT, 'filters[learner][groups][name][$startsWith]=Secret'],
      [GROUP, 'filters[enrollments][learner][email][$startsWith]=secret'],
      [GROUP, 'filters[managers][user][email][$startsWith]=secret'],
      [
        GROUP,
        'filters[$or][0][name][$startsWith]=Secret&filters[$or][1][members][groups][name][$startsWith]=Secret',
      ],
      [GROUP_MANAGER, 'filters[user][email][$startsWith]=secret'],
      [GROUP_MANAGER, 'filters[group][name][$startsWith]=Secret'],
      [COURSE, 'filters[title][$startsWith]=Secret'],
    ];
    for (const persona of SCOPED) {
      for (const [uid, query] of oracles) {
        // Manager A reads every type: their answer must be a list, so the total below is always checked.
        const allowed = persona === 'managerA' ? [200] : [200, 403];
        const res = await expectProbe(persona, 'GET', `${CM}/collection-types/${uid}?${query}`, allowed);
        if (res.status === 200)
          expect([persona, uid, query, res.body.pagination.total]).toEqual([persona, uid, query, 0]);
      }
    }
  });

  it('HELD: home page, counts, history, bulk actions, clone and relation writes', async () => {
    const counts = await expectProbe('noLinks', 'GET', `${CM}/homepage/count-documents`, [200]);
    expect(counts.body.data.draft + counts.body.data.published + counts.body.data.modified).toBe(0);
    for (const persona of SCOPED) {
      await expectProbe(persona, 'GET', `${CM}/homepage/recent-documents?action=update`, [200]);
      await expectProbe(
        persona,
        'GET',
        `${CM}/collection-types/${GROUP}/${fx.groups.B.documentId}/actions/countDraftRelations`,
        [403, 404]
      );
      await expectProbe(
        persona,
        'GET',
        `${CM}/collection-types/${GROUP}/actions/countManyEntriesDraftRelations?documentIds[0]=${fx.groups.B.documentId}`,
        [200, 403]
      );
      await expectProbe(
        persona,
        'GET',
        `${CM}/history-versions?contentType=${GROUP}&documentId=${fx.groups.B.documentId}`,
        [403, 404]
      );
      await expectProbe(persona, 'POST', `${CM}/collection-types/${ENROLLMENT}/actions/bulkDelete`, [403], {
        documentIds: [fx.enrollments.b1.documentId],
      });
      await expectProbe(
        persona,
        'POST',
        `${CM}/collection-types/${ENROLLMENT}/auto-clone/${fx.enrollments.b1.documentId}`,
        [403],
        {}
      );
      await expectProbe(
        persona,
        'POST',
        `${CM}/collection-types/${ENROLLMENT}/clone/${fx.enrollments.a1.documentId}`,
        [403],
        {
          group: { connect: [{ id: fx.groups.B.id }] },
        }
      );
      await expectProbe(
        persona,
        'PUT',
        `${CM}/collection-types/${ENROLLMENT}/${fx.enrollments.a1.documentId}`,
        [403],
        {
          learner: { set: [{ id: fx.learners.b1.id }] },
        }
      );
      await expectProbe(
        persona,
        'PUT',
        `${CM}/collection-types/${LEARNER}/${fx.learners.both.documentId}`,
        [403],
        {
          groups: { set: [{ id: fx.groups.A.id }] },
        }
      );
      await expectProbe(persona, 'POST', `${CM}/collection-types/${LEARNER}`, [400, 403], {
        username: `probe-${persona}`,
        email: `probe-${persona}@learners.test`,
        password: 'Probe-pass-2026',
        groups: { connect: [{ id: fx.groups.B.id }] },
      });
    }
    expect(
      await strapi.db
        .query(ENROLLMENT as never)
        .count({ where: { documentId: fx.enrollments.b1.documentId } })
    ).toBe(1);
    expect(
      await strapi.db.query(LEARNER as never).count({ where: { username: { $startsWith: 'probe-' } } })
    ).toBe(0);
  });

  it('HELD: admin routes, admin tokens and the media library', async () => {
    for (const persona of SCOPED) {
      for (const path of [
        '/admin/users',
        '/admin/roles',
        '/admin/admin-tokens',
        '/admin/api-tokens',
        '/upload/files',
        '/admin/project-settings',
      ]) {
        await expectProbe(persona, 'GET', path, [403]);
      }
      for (const path of [
        '/admin/users/me/permissions',
        '/admin/permissions',
        '/admin/information',
        `${CM}/init`,
      ]) {
        await expectProbe(persona, 'GET', path, [200]);
      }
      await expectProbe(persona, 'POST', '/admin/admin-tokens', [403], {
        name: `probe-${persona}`,
        adminPermissions: [
          { action: 'plugin::content-manager.explorer.read', subject: GROUP, properties: {}, conditions: [] },
        ],
      });
    }
  });

  it('HELD: plugin routes with group B ids, numeric ids, arrays and operators', async () => {
    const B = fx.groups.B.documentId;
    for (const persona of SCOPED) {
      const probes: Array<[string, number[]]> = [
        [`/groups/enrollments?group=${B}`, [403]],
        [`/groups/enrollments?group=${fx.groups.B.id}`, [403, 404]],
        [`/groups/enrollments?group[$or][0]=${B}`, [400, 403]],
        [`/groups/enrollments?group[0]=${fx.groups.A.documentId}&group[1]=${B}`, [403]],
        [`/groups/reports?group=${B}`, [403]],
        ['/groups/reports?search=secret', [200, 403]],
        [`/groups/reports/export?group=${B}`, [403]],
        [`/groups/workspace/groups/${B}/members`, [403]],
        [`/groups/groups/${B}/members`, [403]],
        [`/groups/groups/${fx.groups.B.id}/members`, [403, 404]],
        [`/groups/groups/${B}/invitations`, [403]],
        ['/groups/workspace/overview', [200, 403]],
      ];
      for (const [path, statuses] of probes) await expectProbe(persona, 'GET', path, statuses);
      await expectProbe(persona, 'POST', `/groups/groups/${B}/members`, [400, 403], {
        email: 'x@learners.test',
      });
      // The answer names the ids it was sent (the caller's own input) and refuses them: 403 means "not
      // yours" as everywhere in the plugin (out of scope -> 403); nothing else of B comes back.
      const res = await call(persona, 'POST', '/groups/enrollments/bulk-transition', {
        documentIds: [fx.enrollments.bothInB.documentId],
        action: 'approve',
      });
      const text = JSON.stringify(res.body).split(fx.enrollments.bothInB.documentId).join('<id>');
      expect(leaked(text, fx.outOfScopeForA)).toEqual([]);
      if (res.status === 200) {
        expect(res.body.data).toEqual([expect.objectContaining({ ok: false, code: 'FORBIDDEN' })]);
      } else expect(res.status).toBe(403);
    }
    expect(
      (
        await strapi.db
          .query(ENROLLMENT as never)
          .findOne({ where: { documentId: fx.enrollments.bothInB.documentId } })
      ).state
    ).toBe('requested');
  });

  it('HELD: the content API for a learner of A and for anonymous visitors', async () => {
    for (const persona of ['learner', 'anonymous'] as const) {
      for (const path of [
        '/api/users?populate=*',
        `/api/users/${fx.learners.b1.id}?populate=*`,
        '/api/courses?populate=*',
        '/api/upload/files',
        '/api/users-permissions/roles',
      ]) {
        await expectProbe(persona, 'GET', path, [403]);
      }
      for (const path of [
        '/api/users/me?populate=*',
        '/api/users/me?populate[groups][populate][members]=*',
        '/api/groups/my/groups?populate=*',
        '/api/groups/my/enrollments',
      ]) {
        await expectProbe(persona, 'GET', path, persona === 'learner' ? [200, 400] : [401, 403]);
      }
      await expectProbe(
        persona,
        'POST',
        `/api/groups/my/enrollments/${fx.enrollments.b1.documentId}/cancel`,
        [401, 403, 404],
        {}
      );
      await expectProbe(persona, 'PUT', `/api/users/${fx.learners.a1.id}`, [401, 403], {
        groups: [fx.groups.B.id],
      });
    }
    // A learner of A sees no classmate's email either.
    const me = await call('learner', 'GET', '/api/users/me?populate[groups][populate][members]=*');
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).not.toContain(fx.learners.a2.email);
  });
});
