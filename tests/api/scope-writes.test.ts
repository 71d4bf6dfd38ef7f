/**
 * Writes stay inside the actor's groups whichever way they arrive: Content Manager create, clone, update,
 * delete and bulk delete, and the document service as Strapi's MCP server calls it (a user with an id and no
 * roles). Each refusal is checked against the database: nothing was written.
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { IN_MY_GROUPS } from '../../server/src/conditions';
import { adminLogin, bearer, createAdminUser, createLearner, http } from '../helpers/http';
import { leaked, linkManager, startScopeFixture, type ScopeFixture } from '../helpers/scope-fixture';
import type { TestStrapi } from '../helpers/strapi';
import { COURSE, ENROLLMENT, GROUP, GROUP_MANAGER, LEARNER } from '../helpers/uids';

const CM = '/content-manager/collection-types';

/** Runs document service calls as Strapi's MCP server does: `ctx.state.user` is `{ id }` and nothing else. */
const asMcp = (strapi: Core.Strapi, userId: number, run: () => Promise<unknown>) =>
  strapi.requestContext.run({ state: { user: { id: userId }, auditSource: 'mcp' } } as never, async () => {
    await run();
  });

describe('scope guard on writes (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;
  let deleterToken: string;
  let readOnlyDeleterToken: string;

  beforeAll(async () => {
    ({ app, fx } = await startScopeFixture());
    // A site role that adds "delete enrollments in my groups", to reach the delete and bulk delete paths.
    const { strapi } = app;
    const role = await strapi
      .service('admin::role')
      .create({ name: 'Enrollment cleaner', code: 'enrollment-cleaner' });
    await strapi.service('admin::role').assignPermissions(role.id, [
      {
        action: 'plugin::content-manager.explorer.delete',
        subject: ENROLLMENT,
        properties: {},
        conditions: [IN_MY_GROUPS],
      },
    ]);
    const deleter = await createAdminUser(strapi, 'deleter-a@test.local', [
      GROUP_MANAGER_ROLE.code,
      role.code,
    ]);
    await linkManager(strapi, deleter.id, fx.groups.A, { canManageEnrollments: true });
    deleterToken = await adminLogin(strapi, deleter.email);
    const readOnlyDeleter = await createAdminUser(strapi, 'ro-deleter-a@test.local', [
      GROUP_MANAGER_ROLE.code,
      role.code,
    ]);
    await linkManager(strapi, readOnlyDeleter.id, fx.groups.A, {
      canViewReports: true,
      canManageEnrollments: false,
    });
    readOnlyDeleterToken = await adminLogin(strapi, readOnlyDeleter.email);
  });

  afterAll(async () => {
    await app?.stop();
  });

  const count = (uid: string, where: Record<string, unknown> = {}) =>
    app.strapi.db.query(uid as never).count({ where });
  const groupOf = async (documentId: string) =>
    (
      (await app.strapi.db
        .query(ENROLLMENT)
        .findOne({ where: { documentId }, populate: { group: { select: ['id'] } } })) as {
        group: { id: number };
      }
    ).group.id;
  const connect = (doc: { id: number; documentId: string }) => ({
    connect: [{ id: doc.id, documentId: doc.documentId }],
  });

  it('lets manager A create an enrollment in A only', async () => {
    const token = fx.tokens.managerA!;
    const before = await count(ENROLLMENT);
    const inA = await http(app.strapi)
      .post(`${CM}/${ENROLLMENT}`)
      .set(bearer(token))
      .send({ learner: connect(fx.learners.a2), group: connect(fx.groups.A), course: connect(fx.courses.A) });
    expect(inA.status).toBe(201);
    for (const body of [
      { learner: connect(fx.learners.both), group: connect(fx.groups.B), course: connect(fx.courses.B) },
      { learner: connect(fx.learners.a2), course: connect(fx.courses.A) },
      { learner: connect(fx.learners.b1), group: connect(fx.groups.A), course: connect(fx.courses.A) },
      { learner: fx.learners.a2.id, group: fx.groups.B.documentId, course: fx.courses.B.documentId },
    ]) {
      const res = await http(app.strapi).post(`${CM}/${ENROLLMENT}`).set(bearer(token)).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 403]);
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
    }
    expect(await count(ENROLLMENT)).toBe(before + 1);
  });

  it('refuses moving or copying an enrollment to another group, and read-only managers changing it', async () => {
    const id = fx.enrollments.a1.documentId;
    const move = await http(app.strapi)
      .put(`${CM}/${ENROLLMENT}/${id}`)
      .set(bearer(fx.tokens.managerA!))
      .send({ group: { connect: [{ id: fx.groups.B.id }], disconnect: [{ id: fx.groups.A.id }] } });
    expect(move.status).toBe(403);
    expect(await groupOf(id)).toBe(fx.groups.A.id);

    const before = await count(ENROLLMENT, { group: { id: fx.groups.B.id } });
    const copy = await http(app.strapi)
      .post(`${CM}/${ENROLLMENT}/clone/${id}`)
      .set(bearer(fx.tokens.managerA!))
      .send({ group: { connect: [{ id: fx.groups.B.id }], disconnect: [{ id: fx.groups.A.id }] } });
    expect(copy.status).toBe(403);
    const copyTheirs = await http(app.strapi)
      .post(`${CM}/${ENROLLMENT}/clone/${fx.enrollments.b1.documentId}`)
      .set(bearer(fx.tokens.managerA!))
      .send({});
    expect(copyTheirs.status).toBe(403);
    expect(leaked(copyTheirs.body, fx.outOfScopeForA)).toEqual([]);
    expect(await count(ENROLLMENT, { group: { id: fx.groups.B.id } })).toBe(before);

    const readOnly = await http(app.strapi)
      .put(`${CM}/${ENROLLMENT}/${id}`)
      .set(bearer(fx.tokens.readOnlyA!))
      .send({ attendance: 'present' });
    expect(readOnly.status).toBe(403);
    const stored = await app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId: id } });
    expect(stored.attendance).toBe('unknown');

    const fine = await http(app.strapi)
      .put(`${CM}/${ENROLLMENT}/${id}`)
      .set(bearer(fx.tokens.managerA!))
      .send({ attendance: 'present' });
    expect(fine.status).toBe(200);
  });

  it('deletes in bulk only what the actor may delete, and all-or-nothing', async () => {
    const { strapi } = app;
    const learner = await createLearner(strapi, 'bulk-delete-learner');
    await strapi.documents(GROUP as never).update({
      documentId: fx.groups.A.documentId,
      data: { members: { connect: [learner.id] } } as never,
    });
    const mine = (await strapi.documents(ENROLLMENT as never).create({
      data: {
        learner: learner.id,
        group: fx.groups.A.documentId,
        course: fx.courses.A.documentId,
      } as never,
    })) as { documentId: string };
    const refused = await http(strapi)
      .post(`${CM}/${ENROLLMENT}/actions/bulkDelete`)
      .set(bearer(readOnlyDeleterToken))
      .send({ documentIds: [mine.documentId] });
    expect(refused.status).toBe(403);
    expect(await count(ENROLLMENT, { documentId: mine.documentId })).toBe(1);

    const theirs = fx.enrollments.b1.documentId;
    const mixed = await http(strapi)
      .post(`${CM}/${ENROLLMENT}/actions/bulkDelete`)
      .set(bearer(deleterToken))
      .send({ documentIds: [mine.documentId, theirs] });
    expect(mixed.status).toBe(403);
    expect(await count(ENROLLMENT, { documentId: theirs })).toBe(1);
    expect(await count(ENROLLMENT, { documentId: mine.documentId })).toBe(1);
    const onlyMine = await http(strapi)
      .post(`${CM}/${ENROLLMENT}/actions/bulkDelete`)
      .set(bearer(deleterToken))
      .send({ documentIds: [mine.documentId] });
    expect(onlyMine.status).toBe(200);
    expect(await count(ENROLLMENT, { documentId: mine.documentId })).toBe(0);

    const one = await http(strapi).delete(`${CM}/${ENROLLMENT}/${theirs}`).set(bearer(deleterToken));
    expect(one.status).toBe(403);
    expect(await count(ENROLLMENT, { documentId: theirs })).toBe(1);
  });

  it('lets a manager create learners placed in their groups, with the default role only', async () => {
    const { strapi } = app;
    const token = fx.tokens.managerA!;
    const authenticated = await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    const vip = await strapi.db
      .query('plugin::users-permissions.role')
      .create({ data: { name: 'VIP', type: 'vip', description: 'More rights' } });
    const learner = (n: string, extra: Record<string, unknown>) => ({
      username: `made-by-a-${n}`,
      email: `made-by-a-${n}@learners.test`,
      password: 'Learner-pass-1',
      confirmed: true,
      role: connect(authenticated),
      ...extra,
    });
    const ok = await http(strapi)
      .post(`${CM}/${LEARNER}`)
      .set(bearer(token))
      .send(learner('ok', { groups: connect(fx.groups.A) }));
    expect(ok.status).toBe(201);
    const cases: Array<[string, Record<string, unknown>]> = [
      ['no group', learner('none', {})],
      ['group B', learner('b', { groups: connect(fx.groups.B) })],
      ['A and B', learner('ab', { groups: { connect: [{ id: fx.groups.A.id }, { id: fx.groups.B.id }] } })],
      ['VIP role', learner('vip', { groups: connect(fx.groups.A), role: connect(vip) })],
    ];
    for (const [label, body] of cases) {
      const res = await http(strapi).post(`${CM}/${LEARNER}`).set(bearer(token)).send(body);
      // users-permissions' Content Manager controller turns every error of a create into a 400.
      expect([label, res.status, res.body.error.message]).toEqual([
        label,
        expect.any(Number),
        expect.any(String),
      ]);
      expect([400, 403]).toContain(res.status);
      expect(res.body.error.message).not.toBe('Forbidden');
    }
    expect(await count(LEARNER, { username: { $startsWith: 'made-by-a-' } })).toBe(1);
    // The read-only manager may not add learners even to their own group.
    const readOnly = await http(strapi)
      .post(`${CM}/${LEARNER}`)
      .set(bearer(fx.tokens.readOnlyA!))
      .send(learner('ro', { groups: connect(fx.groups.A) }));
    expect([400, 403]).toContain(readOnly.status);
    expect(readOnly.body.error.message).toMatch(/groups whose members you manage/);
    expect(await count(LEARNER, { username: { $startsWith: 'made-by-a-' } })).toBe(1);
  });

  it('keeps a shared learner in the groups the manager does not run', async () => {
    const { strapi } = app;
    const both = fx.learners.both.documentId;
    const removeFromB = await http(strapi)
      .put(`${CM}/${LEARNER}/${both}`)
      .set(bearer(fx.tokens.managerA!))
      .send({ groups: { disconnect: [{ id: fx.groups.B.id }] } });
    expect(removeFromB.status).toBe(403);
    const addToB = await http(strapi)
      .put(`${CM}/${LEARNER}/${fx.learners.a1.documentId}`)
      .set(bearer(fx.tokens.managerA!))
      .send({ groups: { connect: [{ id: fx.groups.B.id }] } });
    expect(addToB.status).toBe(403);
    const row = await strapi.db
      .query(LEARNER)
      .findOne({ where: { documentId: both }, populate: { groups: { select: ['id'] } } });
    expect(row.groups.map((g: { id: number }) => g.id).sort()).toEqual(
      [fx.groups.A.id, fx.groups.B.id].sort()
    );
    const rename = await http(strapi)
      .put(`${CM}/${LEARNER}/${both}`)
      .set(bearer(fx.tokens.managerA!))
      .send({ username: `renamed-${fx.learners.both.username}` });
    expect(rename.status).toBe(200);
  });

  it('holds on the document service as MCP calls it', async () => {
    const { strapi } = app;
    const managerA = fx.admins.managerA.id;
    const docs = (uid: string) => strapi.documents(uid as never);
    const refusals: Array<[string, () => Promise<unknown>]> = [
      ['create a group', () => docs(GROUP).create({ data: { name: 'Mine now', slug: 'mine-now' } as never })],
      [
        'rename group A',
        () => docs(GROUP).update({ documentId: fx.groups.A.documentId, data: { name: 'Renamed' } as never }),
      ],
      ['delete group B', () => docs(GROUP).delete({ documentId: fx.groups.B.documentId })],
      [
        'link myself to B',
        () =>
          docs(GROUP_MANAGER).create({ data: { user: managerA, group: fx.groups.B.documentId } as never }),
      ],
      [
        'raise my own rights',
        () =>
          docs(GROUP_MANAGER).update({
            documentId: fx.links.readOnlyA.documentId,
            data: { canManageEnrollments: true } as never,
          }),
      ],
      [
        'move an enrollment to B',
        () =>
          docs(ENROLLMENT).update({
            documentId: fx.enrollments.a1.documentId,
            data: { group: fx.groups.B.documentId } as never,
          }),
      ],
      [
        'copy an enrollment to B',
        () =>
          docs(ENROLLMENT).clone({
            documentId: fx.enrollments.a1.documentId,
            data: { group: fx.groups.B.id } as never,
          }),
      ],
      [
        'delete an enrollment of B',
        () => docs(ENROLLMENT).delete({ documentId: fx.enrollments.b1.documentId }),
      ],
    ];
    for (const [label, run] of refusals) {
      await expect(asMcp(strapi, managerA, run).then(() => `${label}: allowed`)).rejects.toMatchObject({
        name: 'ForbiddenError',
      });
    }
    // The read-only manager cannot change members, the full manager can.
    await expect(
      asMcp(strapi, fx.admins.readOnlyA.id, () =>
        docs(GROUP).update({
          documentId: fx.groups.A.documentId,
          data: { members: { connect: [fx.learners.b2.id] } } as never,
        })
      )
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    await asMcp(strapi, managerA, () =>
      docs(GROUP).update({
        documentId: fx.groups.A.documentId,
        data: { members: { connect: [fx.learners.b2.id] } } as never,
      })
    );
    await asMcp(strapi, managerA, () =>
      docs(GROUP).update({
        documentId: fx.groups.A.documentId,
        data: { members: { disconnect: [fx.learners.b2.id] } } as never,
      })
    );
    expect((await strapi.db.query(GROUP).findOne({ where: { id: fx.groups.B.id } })).name).toContain(
      'Secret-Group-B'
    );
    expect(await count(GROUP_MANAGER, { user: { id: managerA } })).toBe(1);
    // Someone the plugin cannot place is refused outright.
    await expect(
      strapi.requestContext.run({ state: { user: { id: managerA } } } as never, async () => {
        await docs(ENROLLMENT).update({
          documentId: fx.enrollments.a1.documentId,
          data: { reason: 'who?' } as never,
        });
      })
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
  });

  it('lets course editors edit only their groups’ courses, and site editors their courses as before', async () => {
    const { strapi } = app;
    const editor = fx.admins.courseEditorA.id;
    const docs = strapi.documents(COURSE as never);
    await expect(
      asMcp(strapi, editor, () =>
        docs.update({ documentId: fx.courses.B.documentId, data: { title: 'Mine' } as never })
      )
    ).rejects.toMatchObject({ name: 'ForbiddenError' });
    await expect(
      asMcp(strapi, editor, () => docs.create({ data: { title: 'New' } as never }))
    ).rejects.toMatchObject({
      name: 'ForbiddenError',
    });
    await asMcp(strapi, editor, () =>
      docs.update({ documentId: fx.courses.A.documentId, data: { summary: 'Edited over MCP' } as never })
    );
    const created = await http(strapi)
      .post(`${CM}/${COURSE}`)
      .set(bearer(fx.tokens.strapiEditor!))
      .send({ title: 'A course by the site editor' });
    expect(created.status).toBe(201);
  });
});
