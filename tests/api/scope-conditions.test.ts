/**
 * The plugin's RBAC conditions and default roles against a real Strapi: each persona's Content Manager
 * lists and records hold only their groups' data, a manager with no group sees nothing, and a GroupManager
 * link added or removed applies on the next request with the same token.
 */
import { COURSE_EDITOR_ROLE, GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { bearer, createAdminUser, adminLogin, http } from '../helpers/http';
import { leaked, linkManager, startScopeFixture, type ScopeFixture } from '../helpers/scope-fixture';
import type { TestStrapi } from '../helpers/strapi';
import { COURSE, ENROLLMENT, GROUP, GROUP_MANAGER, LEARNER } from '../helpers/uids';

const CM = '/content-manager/collection-types';

describe('scope conditions and default roles (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;

  beforeAll(async () => {
    ({ app, fx } = await startScopeFixture());
  });

  afterAll(async () => {
    await app?.stop();
  });

  const list = (token: string | null, uid: string, query = '') =>
    http(app.strapi)
      .get(`${CM}/${uid}${query}`)
      .set(token ? bearer(token) : {});
  const ids = (res: { body: { results?: Array<{ documentId: string }> } }) =>
    (res.body.results ?? []).map((r) => r.documentId).sort();

  it('creates both roles once, with conditions on every Content Manager permission', async () => {
    const { strapi } = app;
    await strapi.plugin('groups').service('default-roles').ensureDefaultRoles();
    for (const role of [GROUP_MANAGER_ROLE, COURSE_EDITOR_ROLE]) {
      const found = await strapi.db.query('admin::role').findMany({ where: { code: role.code } });
      expect(found).toHaveLength(1);
      const permissions = await strapi
        .service('admin::permission')
        .findMany({ where: { role: { id: found[0].id } } });
      const contentManager = permissions.filter((p: { action: string }) =>
        p.action.startsWith('plugin::content-manager.')
      );
      expect(contentManager.length).toBeGreaterThan(0);
      for (const permission of contentManager) expect(permission.conditions).toHaveLength(1);
    }
    const manager = await strapi.db
      .query('admin::role')
      .findOne({ where: { code: GROUP_MANAGER_ROLE.code } });
    const actions = (
      await strapi.service('admin::permission').findMany({ where: { role: { id: manager.id } } })
    ).map((p: { action: string; subject: string | null }) => `${p.action} ${p.subject ?? ''}`.trim());
    expect(actions).toContain('plugin::groups.workspace.read');
    expect(actions).not.toContain(`plugin::content-manager.explorer.create ${COURSE}`);
    expect(actions).not.toContain(`plugin::content-manager.explorer.delete ${COURSE}`);
    expect(actions.filter((a: string) => a.startsWith('admin::'))).toEqual([]);
    // Strapi's own Editor and Author get nothing of the plugin's types on a fresh site.
    const editorGrants = await strapi.service('admin::permission').findMany({
      where: {
        role: { code: { $in: ['strapi-editor', 'strapi-author'] } },
        subject: { $in: [GROUP, ENROLLMENT, GROUP_MANAGER] },
      },
    });
    expect(editorGrants).toEqual([]);
  });

  it('shows manager A only group A, its enrollments, links, members and courses', async () => {
    const token = fx.tokens.managerA!;
    const groups = await list(token, GROUP);
    expect(groups.status).toBe(200);
    expect(ids(groups)).toEqual([fx.groups.A.documentId]);
    expect(groups.body.pagination.total).toBe(1);

    const enrollments = await list(token, ENROLLMENT);
    expect(ids(enrollments)).toEqual([fx.enrollments.a1.documentId]);

    const links = await list(token, GROUP_MANAGER);
    expect(ids(links)).toEqual(
      [fx.links.managerA, fx.links.readOnlyA, fx.links.courseEditorA].map((l) => l.documentId).sort()
    );

    const learners = await list(token, LEARNER);
    expect(ids(learners)).toEqual(
      [fx.learners.a1, fx.learners.a2, fx.learners.both].map((l) => l.documentId).sort()
    );

    const courses = await list(token, COURSE);
    expect(ids(courses)).toEqual([fx.courses.A.documentId]);

    for (const res of [groups, enrollments, links, learners, courses]) {
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
    }
  });

  it('answers filters on relations without revealing other groups', async () => {
    const token = fx.tokens.managerA!;
    const groupB = encodeURIComponent(fx.outOfScopeForA[1]);
    const probes: Array<[string, string]> = [
      [LEARNER, `?filters[groups][name][$eq]=${groupB}`],
      [LEARNER, `?filters[groups][id][$eq]=${fx.groups.B.id}`],
      [LEARNER, `?filters[$or][0][groups][name][$startsWith]=Secret`],
      [ENROLLMENT, `?filters[learner][groups][name][$eq]=${groupB}`],
      [ENROLLMENT, `?filters[group][name][$startsWith]=Secret`],
      [GROUP_MANAGER, `?filters[group][members][email][$eq]=${encodeURIComponent(fx.learners.b1.email)}`],
      [GROUP, `?filters[members][groups][name][$eq]=${groupB}`],
      [GROUP, `?filters[members][email][$eq]=${encodeURIComponent(fx.learners.b1.email)}`],
    ];
    for (const [uid, query] of probes) {
      const res = await list(token, uid, query);
      expect([uid, query, res.status, ids(res)]).toEqual([uid, query, 200, []]);
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
    }
    // The same filters still find what is in scope.
    const mine = await list(token, LEARNER, `?filters[groups][id][$eq]=${fx.groups.A.id}`);
    expect(ids(mine)).toEqual(
      [fx.learners.a1, fx.learners.a2, fx.learners.both].map((l) => l.documentId).sort()
    );
    const shared = await list(
      token,
      LEARNER,
      `?filters[username][$eq]=${fx.learners.both.username}&populate=groups`
    );
    expect(ids(shared)).toEqual([fx.learners.both.documentId]);
    expect(leaked(shared.body, fx.outOfScopeForA)).toEqual([]);
  });

  it('reads in-scope records and refuses out-of-scope ones one by one', async () => {
    const token = fx.tokens.managerA!;
    const cases: Array<[string, string, string]> = [
      [GROUP, fx.groups.A.documentId, fx.groups.B.documentId],
      [ENROLLMENT, fx.enrollments.a1.documentId, fx.enrollments.bothInB.documentId],
      [GROUP_MANAGER, fx.links.managerA.documentId, fx.links.managerB.documentId],
      [LEARNER, fx.learners.both.documentId, fx.learners.b1.documentId],
      [COURSE, fx.courses.A.documentId, fx.courses.B.documentId],
    ];
    for (const [uid, mine, theirs] of cases) {
      const ok = await http(app.strapi).get(`${CM}/${uid}/${mine}`).set(bearer(token));
      expect([uid, ok.status]).toEqual([uid, 200]);
      const refused = await http(app.strapi).get(`${CM}/${uid}/${theirs}`).set(bearer(token));
      expect([uid, refused.status]).toEqual([uid, 403]);
      expect(leaked(refused.body, fx.outOfScopeForA)).toEqual([]);
    }
  });

  it('gives the course editor the courses of their groups and no learner data', async () => {
    const token = fx.tokens.courseEditorA!;
    const courses = await list(token, COURSE);
    expect(courses.status).toBe(200);
    expect(ids(courses)).toEqual([fx.courses.A.documentId]);
    const updated = await http(app.strapi)
      .put(`${CM}/${COURSE}/${fx.courses.A.documentId}`)
      .set(bearer(token))
      .send({ title: 'Course A, edited by its editor' });
    expect(updated.status).toBe(200);
    const refused = await http(app.strapi)
      .put(`${CM}/${COURSE}/${fx.courses.B.documentId}`)
      .set(bearer(token))
      .send({ title: 'Hijacked' });
    expect(refused.status).toBe(403);
    for (const uid of [ENROLLMENT, LEARNER, GROUP, GROUP_MANAGER]) {
      expect([uid, (await list(token, uid)).status]).toEqual([uid, 403]);
    }
  });

  it("empties an in-scope enrollment's populated learner, course and group that lie outside the scope", async () => {
    const { strapi } = app;
    // Written around the plugin's rules: an enrollment of group A whose learner is not a member of A and
    // whose course is not one of A's (a learner removed, a course taken off the group since).
    const odd = (await strapi.db.query(ENROLLMENT as never).create({
      data: {
        group: fx.groups.A.id,
        learner: fx.learners.b1.id,
        course: fx.courses.B.id,
        state: 'requested',
        attendance: 'unknown',
        requestedAt: new Date(),
      } as never,
    })) as { id: number; documentId: string };
    const oddInB = (await strapi.db.query(ENROLLMENT as never).create({
      data: { group: fx.groups.B.id, learner: fx.learners.a1.id, course: fx.courses.A.id } as never,
    })) as { id: number; documentId: string };
    try {
      const token = fx.tokens.managerA!;
      type Row = {
        documentId: string;
        learner: unknown;
        course: unknown;
        group: { documentId: string } | null;
      };
      const listed = await list(token, ENROLLMENT, '?pageSize=100');
      expect(listed.status).toBe(200);
      const row = (listed.body.results as Row[]).find((r) => r.documentId === odd.documentId)!;
      expect([row.learner, row.course, row.group?.documentId]).toEqual([null, null, fx.groups.A.documentId]);
      // The enrollment of the shared learner keeps what A's manager may read.
      const mine = (listed.body.results as Row[]).find((r) => r.documentId === fx.enrollments.a1.documentId)!;
      expect(mine.learner).toMatchObject({ documentId: fx.learners.a1.documentId });
      expect(mine.course).toMatchObject({ documentId: fx.courses.A.documentId });
      // The entry's own title names its learner and course as they were written (entry-titles.ts); the
      // populated records are what the scope decides.
      for (const r of listed.body.results as Array<{ documentId: string; title?: string }>) {
        if (r.documentId === odd.documentId) delete r.title;
      }
      expect(leaked(listed.body, fx.outOfScopeForA)).toEqual([]);
      const one = await http(strapi).get(`${CM}/${ENROLLMENT}/${odd.documentId}`).set(bearer(token));
      expect(one.status).toBe(200);
      expect([one.body.data.learner, one.body.data.course]).toEqual([{ count: 0 }, { count: 0 }]);
      expect((listed.body.results as Row[]).map((r) => r.documentId)).not.toContain(oddInB.documentId);
      // A to-many relation populated whole keeps only the manager's records: the shared learner's groups.
      const shared = `?filters[username][$eq]=${fx.learners.both.username}&populate[groups]=true`;
      const groupsOf = (res: { body: { results: Array<{ groups: unknown }> } }) =>
        res.body.results[0]?.groups;
      const ids = (groups: unknown) =>
        (groups as Array<{ documentId: string }>).map((g) => g.documentId).sort();
      expect(ids(groupsOf(await list(token, LEARNER, shared)))).toEqual([fx.groups.A.documentId]);
      expect(ids(groupsOf(await list(fx.tokens.superAdmin!, LEARNER, shared)))).toEqual(
        [fx.groups.A.documentId, fx.groups.B.documentId].sort()
      );
      // The Super Admin sees the same rows whole.
      const all = await list(fx.tokens.superAdmin!, ENROLLMENT, '?pageSize=100');
      const whole = (all.body.results as Row[]).find((r) => r.documentId === odd.documentId)!;
      expect(whole.learner).toMatchObject({ documentId: fx.learners.b1.documentId });
      expect(whole.course).toMatchObject({ documentId: fx.courses.B.documentId });
    } finally {
      await strapi.db.query(ENROLLMENT as never).deleteMany({ where: { id: { $in: [odd.id, oddInB.id] } } });
    }
  });

  it('shows a manager with no group nothing at all, then follows link changes on the next request', async () => {
    const { strapi } = app;
    const lonely = await createAdminUser(strapi, 'lonely-manager@test.local', [GROUP_MANAGER_ROLE.code]);
    const token = await adminLogin(strapi, lonely.email);
    for (const uid of [GROUP, ENROLLMENT, GROUP_MANAGER, LEARNER, COURSE]) {
      const res = await list(token, uid);
      expect([uid, res.status, res.body.results]).toEqual([uid, 200, []]);
      expect(res.body.pagination.total).toBe(0);
    }
    const nothing = await http(strapi).get(`${CM}/${GROUP}/${fx.groups.A.documentId}`).set(bearer(token));
    expect(nothing.status).toBe(403);

    const link = await linkManager(strapi, lonely.id, fx.groups.A, { canViewReports: true });
    expect(ids(await list(token, GROUP))).toEqual([fx.groups.A.documentId]);
    expect(ids(await list(token, ENROLLMENT))).toEqual([fx.enrollments.a1.documentId]);
    const found = await http(strapi).get(`${CM}/${GROUP}/${fx.groups.A.documentId}`).set(bearer(token));
    expect(found.status).toBe(200);

    await strapi.documents(GROUP_MANAGER as never).delete({ documentId: link.documentId });
    expect(ids(await list(token, GROUP))).toEqual([]);
    const gone = await http(strapi).get(`${CM}/${GROUP}/${fx.groups.A.documentId}`).set(bearer(token));
    expect(gone.status).toBe(403);
  });
});
