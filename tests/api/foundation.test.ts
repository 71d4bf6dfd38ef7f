/**
 * The foundation against a real Strapi: the three content types exist with their relations, the Content
 * Manager serves them to a Super Admin, relations hold both ways, and the plugin's routes answer.
 */
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, createLearner, http, registerSuperAdmin } from '../helpers/http';

const CM = '/content-manager/collection-types';

describe('foundation (real Strapi)', () => {
  let app: TestStrapi;
  let owner: string;

  beforeAll(async () => {
    app = await bootStrapi();
    owner = (await registerSuperAdmin(app.strapi)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('registers the three content types with the configured course type', () => {
    const { strapi } = app;
    const group = strapi.contentType('plugin::groups.group');
    const enrollment = strapi.contentType('plugin::groups.enrollment');
    const manager = strapi.contentType('plugin::groups.group-manager');
    expect(group.attributes).toMatchObject({
      name: { type: 'string', required: true },
      slug: { type: 'uid' },
      visibility: { enum: ['private', 'public'] },
      enrollmentPolicy: { enum: ['approval', 'open', 'closed'] },
      seatLimit: { type: 'integer' },
      members: { target: 'plugin::users-permissions.user', relation: 'manyToMany' },
      courses: { target: 'api::course.course', relation: 'manyToMany' },
      archivedAt: { type: 'datetime' },
    });
    expect(enrollment.attributes).toMatchObject({
      learner: { target: 'plugin::users-permissions.user' },
      group: { target: 'plugin::groups.group' },
      course: { target: 'api::course.course' },
      state: { enum: ['requested', 'waitlisted', 'approved', 'rejected', 'cancelled', 'completed'] },
      attendance: { enum: ['unknown', 'present', 'absent'] },
      decidedBy: { target: 'admin::user' },
      history: { type: 'json' },
    });
    expect(enrollment.attributes).not.toHaveProperty('status');
    expect(manager.attributes).toMatchObject({
      user: { target: 'admin::user' },
      group: { target: 'plugin::groups.group' },
      canViewReports: { type: 'boolean' },
      canExportReports: { type: 'boolean' },
      canManageEnrollments: { type: 'boolean' },
      canManageMembers: { type: 'boolean' },
      canEditCourses: { type: 'boolean' },
      canMessageMembers: { type: 'boolean' },
    });
  });

  it('creates and reads a group with members and courses through the Content Manager', async () => {
    const { strapi } = app;
    const learner = await createLearner(strapi, 'foundation-learner');
    const course = await strapi
      .documents('api::course.course')
      .create({ data: { title: 'Foundations 101' } });

    const created = await http(strapi)
      .post(`${CM}/plugin::groups.group`)
      .set(bearer(owner))
      .send({
        name: 'Foundation group',
        slug: 'foundation-group',
        visibility: 'private',
        enrollmentPolicy: 'approval',
        seatLimit: 5,
        members: { connect: [{ documentId: learner.documentId }] },
        courses: { connect: [{ documentId: course.documentId }] },
      });
    expect(created.status).toBe(201);
    const groupId = created.body.data.documentId;

    const found = await strapi.documents('plugin::groups.group').findOne({
      documentId: groupId,
      populate: { members: true, courses: true },
    });
    expect(found?.members.map((m: { id: number }) => m.id)).toEqual([learner.id]);
    expect(found?.courses.map((c: { documentId: string }) => c.documentId)).toEqual([course.documentId]);

    const listed = await http(strapi).get(`${CM}/plugin::groups.group`).set(bearer(owner));
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((g: { name: string }) => g.name)).toContain('Foundation group');
  });

  it('keeps enrollment relations intact both ways', async () => {
    const { strapi } = app;
    const learner = await createLearner(strapi, 'relation-learner');
    const course = await strapi.documents('api::course.course').create({ data: { title: 'Relations 101' } });
    const group = await strapi.documents('plugin::groups.group').create({
      data: {
        name: 'Relation group',
        slug: 'relation-group',
        members: [learner.documentId],
        courses: [course.documentId],
      },
    });
    const enrollment = await strapi.documents('plugin::groups.enrollment').create({
      data: {
        learner: learner.documentId,
        group: group.documentId,
        course: course.documentId,
        state: 'requested',
        history: [{ at: new Date().toISOString(), by: 'system', from: null, to: 'requested', reason: null }],
      },
      populate: ['learner', 'group', 'course'],
    });
    expect(enrollment.learner.id).toBe(learner.id);
    expect(enrollment.group.documentId).toBe(group.documentId);
    expect(enrollment.course.documentId).toBe(course.documentId);
    expect(enrollment.attendance).toBe('unknown');

    const withEnrollments = await strapi.documents('plugin::groups.group').findOne({
      documentId: group.documentId,
      populate: ['enrollments'],
    });
    expect(withEnrollments?.enrollments.map((e: { documentId: string }) => e.documentId)).toEqual([
      enrollment.documentId,
    ]);

    const res = await http(strapi)
      .get(`${CM}/plugin::groups.enrollment/${enrollment.documentId}`)
      .set(bearer(owner));
    expect(res.status).toBe(200);
    expect(res.body.data.state).toBe('requested');
  });

  it('links a group manager to an admin user and a group', async () => {
    const { strapi } = app;
    const admin = await strapi.db.query('admin::user').findOne({ where: { email: 'owner@test.local' } });
    const group = await strapi
      .documents('plugin::groups.group')
      .create({ data: { name: 'Managed', slug: 'managed' } });
    const link = await strapi.documents('plugin::groups.group-manager').create({
      data: { user: admin.id, group: group.documentId },
      populate: ['user', 'group'],
    });
    expect(link.user.id).toBe(admin.id);
    expect(link.group.documentId).toBe(group.documentId);
    expect(link.canViewReports).toBe(true);
    expect(link.canEditCourses).toBe(false);
  });

  it('rejects enrollment values outside the schema', async () => {
    const res = await http(app.strapi)
      .post(`${CM}/plugin::groups.enrollment`)
      .set(bearer(owner))
      .send({ state: 'teleported', progress: 250 });
    expect(res.status).toBe(400);
  });

  it('serves the plugin admin route to admins only', async () => {
    const anonymous = await http(app.strapi).get('/groups/health');
    expect(anonymous.status).toBe(401);
    const res = await http(app.strapi).get('/groups/health').set(bearer(owner));
    expect(res.status).toBe(200);
    expect(res.body.data.courseContentType).toBe('api::course.course');
  });
});
