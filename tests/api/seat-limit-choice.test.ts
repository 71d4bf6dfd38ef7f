/**
 * The seat-limit choice (docs/ARCHITECTURE.md, "Seats said honestly"): an approval in a full group is a
 * waitlisting by the site's rule, a 409 naming the seats used when the manager asks to be asked, and an
 * approval past the limit only for a role holding "Approve past a group's seat limit". Racing approvals
 * without that right never pass the limit.
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { PLUGIN_ACTIONS, actionId, type PluginActionUid } from '../../common/domain/permissions';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { adminLogin, bearer, createAdminUser, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { linkManager } from '../helpers/workspace-fixtures';

const ENROLLMENT_UID = 'plugin::groups.enrollment';

describe('approving in a full group (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let learners: Array<{ id: number; documentId: string }>;
  /** Tokens of two managers of every group made here: one may approve past the limit, one may not. */
  const token = { plain: '', overLimit: '' };
  const managerIds = { plain: 0, overLimit: 0 };

  const roleWith = async (name: string, actions: readonly PluginActionUid[]) => {
    const roles = strapi.service('admin::role');
    const role = await roles.create({ name, description: name });
    await roles.assignPermissions(
      role.id,
      actions.map((uid) => ({ action: actionId(uid), subject: null, conditions: [], properties: {} }))
    );
    return role as { id: number; code: string };
  };

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    await registerSuperAdmin(strapi);
    const withoutRight = PLUGIN_ACTIONS.map((a) => a.uid).filter((uid) => uid !== 'enrollments.over-limit');
    const plainRole = await roleWith('Seats: plain manager', withoutRight);
    const overRole = await roleWith('Seats: over-limit manager', [...withoutRight, 'enrollments.over-limit']);
    for (const [key, role] of [
      ['plain', plainRole],
      ['overLimit', overRole],
    ] as const) {
      const user = await createAdminUser(strapi, `seats-${key.toLowerCase()}@test.local`, [role.code]);
      managerIds[key] = user.id;
      token[key] = await adminLogin(strapi, `seats-${key.toLowerCase()}@test.local`);
    }
    learners = await createLearners(strapi, 8);
  });

  afterAll(async () => {
    await app?.stop();
  });

  /** A group of `limit` seats, both managers linked with manageEnrollments, and `count` requests. */
  const group = async (limit: number, count: number) => {
    const course = await createCourse(strapi);
    const made = await createGroup(strapi, {
      seatLimit: limit,
      members: learners.map((l) => l.id),
      courses: [course.id],
    });
    for (const id of Object.values(managerIds))
      await linkManager(strapi, id, made.documentId, { canManageEnrollments: true });
    const enrollments = [];
    for (const learner of learners.slice(0, count))
      enrollments.push(await requestEnrollment(strapi, learner.id, made, course));
    return { ...made, enrollments };
  };

  const approve = (who: keyof typeof token, documentId: string, whenFull?: string) =>
    http(strapi)
      .post(`/groups/enrollments/${documentId}/transition`)
      .set(bearer(token[who]))
      .send({ action: 'approve', ...(whenFull ? { whenFull } : {}) });

  const stateOf = async (documentId: string) =>
    (
      (await strapi.db.query(ENROLLMENT_UID).findOne({ where: { documentId }, select: ['state'] })) as {
        state: string;
      }
    ).state;

  const approvedIn = async (groupId: number) =>
    strapi.db.query(ENROLLMENT_UID).count({ where: { group: { id: groupId }, state: 'approved' } });

  it('keeps the right out of the default Group Manager role', async () => {
    const role = await strapi.db.query('admin::role').findOne({ where: { code: GROUP_MANAGER_ROLE.code } });
    const permissions = (await strapi
      .service('admin::permission')
      .findMany({ where: { role: { id: role.id } } })) as Array<{ action: string }>;
    const actions = permissions.map((p) => p.action);
    expect(actions).toContain(actionId('enrollments.manage'));
    expect(actions).not.toContain(actionId('enrollments.over-limit'));
  });

  it('asks: a 409 that names the seats used, and nothing changes', async () => {
    const g = await group(1, 2);
    expect((await approve('plain', g.enrollments[0].documentId, 'ask')).status).toBe(200);
    const asked = await approve('plain', g.enrollments[1].documentId, 'ask');
    expect(asked.status).toBe(409);
    expect(asked.body.error.message).toBe('The group has no seat left: 1 of 1 seats used.');
    expect(asked.body.error.details).toEqual({ code: 'SEAT_LIMIT', seats: { used: 1, limit: 1 } });
    expect(await stateOf(g.enrollments[1].documentId)).toBe('requested');
  });

  it('without a choice, waitlists as before and says so', async () => {
    const g = await group(1, 2);
    await approve('plain', g.enrollments[0].documentId);
    const waitlisted = await approve('plain', g.enrollments[1].documentId);
    expect(waitlisted.status).toBe(200);
    expect(waitlisted.body.data.state).toBe('waitlisted');
  });

  it('refuses past the limit without the right, with a sentence, and writes nothing', async () => {
    const g = await group(1, 2);
    await approve('plain', g.enrollments[0].documentId);
    const refused = await approve('plain', g.enrollments[1].documentId, 'overLimit');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'Approving past the seat limit takes the right "Approve past a group\'s seat limit", which you do not have, and the group is full: 1 of 1 seats used.'
    );
    expect(await stateOf(g.enrollments[1].documentId)).toBe('requested');
    // A waitlisted enrollment stays on the waitlist.
    await approve('plain', g.enrollments[1].documentId);
    expect((await approve('plain', g.enrollments[1].documentId, 'overLimit')).status).toBe(409);
    expect(await stateOf(g.enrollments[1].documentId)).toBe('waitlisted');
  });

  it('approves past the limit with the right, one or a selection, with history', async () => {
    const g = await group(1, 4);
    await approve('overLimit', g.enrollments[0].documentId);
    const over = await approve('overLimit', g.enrollments[1].documentId, 'overLimit');
    expect(over.status).toBe(200);
    expect(over.body.data.state).toBe('approved');
    const bulk = await http(strapi)
      .post('/groups/enrollments/bulk-transition')
      .set(bearer(token.overLimit))
      .send({
        documentIds: g.enrollments.slice(2).map((e) => e.documentId),
        action: 'approve',
        whenFull: 'overLimit',
      });
    expect(bulk.status).toBe(200);
    expect(bulk.body.meta).toEqual({ succeeded: 2, failed: 0 });
    expect(await approvedIn(g.id)).toBe(4);
    // The overview says how far past the limit the group is.
    const overview = await http(strapi).get('/groups/workspace/overview').set(bearer(token.overLimit));
    const row = overview.body.data.find((x: { documentId: string }) => x.documentId === g.documentId);
    expect(row).toMatchObject({ seatLimit: 1, seatsUsed: 4 });
  });

  it('a selection that asks: the free seats are taken in order, the rest answer with the seats used', async () => {
    const g = await group(2, 4);
    const bulk = await http(strapi)
      .post('/groups/enrollments/bulk-transition')
      .set(bearer(token.plain))
      .send({ documentIds: g.enrollments.map((e) => e.documentId), action: 'approve', whenFull: 'ask' });
    expect(bulk.status).toBe(200);
    expect(
      bulk.body.data.map((item: { ok: boolean; code?: string }) => [item.ok, item.code ?? null])
    ).toEqual([
      [true, null],
      [true, null],
      [false, 'SEAT_LIMIT'],
      [false, 'SEAT_LIMIT'],
    ]);
    expect(bulk.body.data[3]).toMatchObject({ state: 'requested', seats: { used: 2, limit: 2 } });
  });

  it('refuses an unknown choice with a 400 naming the field', async () => {
    const g = await group(1, 1);
    const bad = await approve('plain', g.enrollments[0].documentId, 'always');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('whenFull');
  });

  it('racing approvals past the limit without the right never exceed it', async () => {
    const g = await group(3, 8);
    const responses = await Promise.all(
      g.enrollments.map((e, i) => approve('plain', e.documentId, i % 2 ? 'overLimit' : 'ask'))
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(5);
    expect(await approvedIn(g.id)).toBe(3);
  });
});
