/**
 * One GroupManager link per admin user and group: refused with a sentence through the Content Manager
 * (create, update, clone) and the document service, impossible in the database (a unique index on the
 * link's pair key) also when writers race; and a group's reverse relations (managers, enrollments) are not
 * changed from the group.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { otherPostgresConnection, untilSomeoneWaits } from '../helpers/sql';
import { ENROLLMENT, GROUP, GROUP_MANAGER } from '../helpers/uids';

const CM = '/content-manager/collection-types';
const DUPLICATE = 'Anna de Vries already manages "Amsterdam nursing team"; edit that link instead.';

describe('one manager link per admin user and group (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let token: string;
  let anna: { id: number };
  let bram: { id: number };
  let amsterdam: { id: number; documentId: string };
  let leiden: { id: number; documentId: string };

  const adminUser = (email: string, firstname: string, lastname: string) =>
    strapi.service('admin::user').create({
      email,
      firstname,
      lastname,
      password: 'Test-pass-2026',
      isActive: true,
      registrationToken: null,
      roles: [],
    }) as Promise<{ id: number }>;

  const linksOf = (userId: number, groupId: number) =>
    strapi.db.query(GROUP_MANAGER).count({ where: { user: { id: userId }, group: { id: groupId } } });

  const cmCreate = (user: number, group: string, extra: Record<string, unknown> = {}) =>
    http(strapi)
      .post(`${CM}/${GROUP_MANAGER}`)
      .set(bearer(token))
      .send({ user: { connect: [{ id: user }] }, group: { connect: [{ documentId: group }] }, ...extra });

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    token = (await registerSuperAdmin(strapi)).token;
    anna = await adminUser('anna@test.local', 'Anna', 'de Vries');
    bram = await adminUser('bram@test.local', 'Bram', 'Jansen');
    const named = async (name: string) => {
      const group = await createGroup(strapi);
      await strapi.documents(GROUP).update({ documentId: group.documentId, data: { name } as never });
      return group;
    };
    amsterdam = await named('Amsterdam nursing team');
    leiden = await named('Leiden team');
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('refuses a second identical link in the Content Manager, with a sentence, and keeps one', async () => {
    const first = await cmCreate(anna.id, amsterdam.documentId);
    expect(first.status).toBe(201);
    expect(first.body.data.title).toBe('Anna de Vries — Amsterdam nursing team');

    const second = await cmCreate(anna.id, amsterdam.documentId, { canEditCourses: true });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toBe(DUPLICATE);
    expect(await linksOf(anna.id, amsterdam.id)).toBe(1);
  });

  it('refuses it through the document service, on create, on an update that changes the pair, and on clone', async () => {
    await expect(
      strapi
        .documents(GROUP_MANAGER)
        .create({ data: { user: anna.id, group: amsterdam.documentId } as never })
    ).rejects.toMatchObject({ name: 'ValidationError', message: DUPLICATE });

    const other = await strapi
      .documents(GROUP_MANAGER)
      .create({ data: { user: anna.id, group: leiden.documentId } as never });
    expect(other.title).toBe('Anna de Vries — Leiden team');
    await expect(
      strapi
        .documents(GROUP_MANAGER)
        .update({ documentId: other.documentId, data: { group: amsterdam.documentId } as never })
    ).rejects.toMatchObject({ name: 'ValidationError', message: DUPLICATE });
    const moved = await http(strapi)
      .put(`${CM}/${GROUP_MANAGER}/${other.documentId}`)
      .set(bearer(token))
      .send({ group: { connect: [{ documentId: amsterdam.documentId }] } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.message).toBe(DUPLICATE);
    expect(await linksOf(anna.id, leiden.id)).toBe(1);

    // Rights change on an existing link: the pair stays, nothing is refused.
    const rights = await http(strapi)
      .put(`${CM}/${GROUP_MANAGER}/${other.documentId}`)
      .set(bearer(token))
      .send({ canEditCourses: true });
    expect(rights.status).toBe(200);

    const cloned = await http(strapi)
      .post(`${CM}/${GROUP_MANAGER}/clone/${other.documentId}`)
      .set(bearer(token))
      .send({});
    expect(cloned.status).toBe(400);
    expect(cloned.body.error.message).toBe(
      'Anna de Vries already manages "Leiden team"; edit that link instead.'
    );
    await expect(
      strapi.documents(GROUP_MANAGER).clone({ documentId: other.documentId })
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect(await linksOf(anna.id, leiden.id)).toBe(1);
  });

  it('leaves exactly one link when five Content Manager creates race', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => cmCreate(bram.id, amsterdam.documentId))
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
    for (const refused of responses.filter((r) => r.status === 400)) {
      expect(refused.body.error.message).toBe(
        'Bram Jansen already manages "Amsterdam nursing team"; edit that link instead.'
      );
    }
    expect(await linksOf(bram.id, amsterdam.id)).toBe(1);
  });

  it('leaves exactly one link when the document service creates race', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        strapi.documents(GROUP_MANAGER).create({ data: { user: bram.id, group: leiden.documentId } as never })
      )
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await linksOf(bram.id, leiden.id)).toBe(1);
  });

  it('the database itself refuses a second row for one pair; on PostgreSQL also from another connection', async () => {
    const meta = strapi.db.metadata.get(GROUP_MANAGER as never) as unknown as { tableName: string };
    const row = (documentId: string) => ({
      document_id: documentId,
      pair_key: `${anna.id}:${amsterdam.id}`,
      can_view_reports: true,
      can_export_reports: true,
      can_manage_enrollments: true,
      can_manage_members: true,
      can_edit_courses: false,
      can_message_members: true,
    });
    const indexes = (await (
      strapi.db as unknown as {
        dialect: { schemaInspector: { getIndexes: (table: string) => Promise<unknown[]> } };
      }
    ).dialect.schemaInspector.getIndexes(meta.tableName)) as Array<{ name: string; type?: string }>;
    expect(indexes).toContainEqual(
      expect.objectContaining({ name: 'groups_group_managers_pair_key_unique', type: 'unique' })
    );
    const keyed = (key: string, documentId: string) =>
      strapi.db.connection(meta.tableName).insert({ ...row(documentId), pair_key: key });
    await keyed('999998:999999', 'rawpair00000000000000001');
    // The driver's error is read by its message: better-sqlite3's errors are not `Error`s in a later
    // test file's realm, which `toThrow` needs.
    const refused = await keyed('999998:999999', 'rawpair00000000000000002').then(
      () => null,
      (error: { message?: string }) => error
    );
    expect(String(refused?.message)).toMatch(/unique/i);
    // Every link the plugin wrote carries the key of its admin user and group.
    const links = (await strapi.db.query(GROUP_MANAGER).findMany({
      select: ['id', 'pairKey'],
      populate: { user: { select: ['id'] }, group: { select: ['id'] } },
    })) as Array<{ pairKey: string | null; user: { id: number } | null; group: { id: number } | null }>;
    for (const link of links.filter((l) => l.user && l.group)) {
      expect(link.pairKey).toBe(`${link.user?.id}:${link.group?.id}`);
    }

    if ((process.env.DATABASE_CLIENT ?? 'sqlite') !== 'postgres') return;
    // A second connection (as a second Strapi node would hold) takes the pair first and commits while this
    // Strapi's create waits on the index: the create is then refused with the sentence, not a 500.
    const carla = await adminUser('carla@test.local', 'Carla', 'Smit');
    const other = await otherPostgresConnection();
    try {
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO "${meta.tableName}" (document_id, pair_key, can_view_reports, can_export_reports, can_manage_enrollments, can_manage_members, can_edit_courses, can_message_members) VALUES ('othernode000000000000001', $1, true, true, true, true, false, true)`,
        [`${carla.id}:${leiden.id}`]
      );
      const running = cmCreate(carla.id, leiden.documentId).then((r) => r);
      await untilSomeoneWaits(other);
      await other.query('COMMIT');
      const refused = await running;
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toBe(
        'Carla Smit already manages "Leiden team"; edit that link instead.'
      );
    } finally {
      await other.end();
    }
    expect(await linksOf(carla.id, leiden.id)).toBe(0);
  });

  describe("a group's reverse relations", () => {
    it('refuses connecting or disconnecting managers and enrollments from the group, whichever way', async () => {
      const link = await strapi.db
        .query(GROUP_MANAGER)
        .findOne({ where: { user: { id: anna.id }, group: { id: leiden.id } }, select: ['documentId'] });
      const steal = await http(strapi)
        .put(`${CM}/${GROUP}/${amsterdam.documentId}`)
        .set(bearer(token))
        .send({ managers: { connect: [{ documentId: link.documentId }], disconnect: [] } });
      expect(steal.status).toBe(400);
      expect(steal.body.error.message).toContain("A group's managers cannot be changed from the group");
      expect(await linksOf(anna.id, leiden.id)).toBe(1);

      const [learner] = await createLearners(strapi, 1);
      const course = await createCourse(strapi);
      await strapi.documents(GROUP).update({
        documentId: leiden.documentId,
        data: { members: [learner.id], courses: [course.id] } as never,
      });
      const enrollment = await requestEnrollment(strapi, learner.id, leiden, course);
      await expect(
        strapi.documents(GROUP).update({
          documentId: amsterdam.documentId,
          data: { enrollments: { connect: [enrollment.documentId] } } as never,
        })
      ).rejects.toMatchObject({ name: 'ValidationError' });
      await expect(
        strapi.documents(GROUP).update({ documentId: leiden.documentId, data: { managers: [] } as never })
      ).rejects.toMatchObject({ name: 'ValidationError' });
      const stays = await strapi.db
        .query(ENROLLMENT)
        .findOne({ where: { documentId: enrollment.documentId }, populate: { group: { select: ['id'] } } });
      expect(stays.group.id).toBe(leiden.id);
    });

    it('still saves a group form that leaves them as they are', async () => {
      const saved = await http(strapi)
        .put(`${CM}/${GROUP}/${leiden.documentId}`)
        .set(bearer(token))
        .send({
          name: 'Leiden team',
          description: 'Ward training',
          managers: { connect: [], disconnect: [] },
          enrollments: { connect: [], disconnect: [] },
        });
      expect(saved.status).toBe(200);
      expect(await linksOf(anna.id, leiden.id)).toBe(1);
    });
  });
});
