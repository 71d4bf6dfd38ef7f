/**
 * The Content Manager forms of Group, Enrollment and GroupManager as the plugin sets them at bootstrap:
 * labels, help, titles that name things and read-only reverse relations; a layout the site owner changed
 * is never overwritten; the titles follow renames and cannot be written by a client.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { linkManager } from '../helpers/workspace-fixtures';
import { ENROLLMENT, GROUP, GROUP_MANAGER } from '../helpers/uids';

const CM = '/content-manager/collection-types';

interface Configuration {
  settings: Record<string, unknown> & { mainField: string };
  metadatas: Record<
    string,
    {
      edit: { label: string; description: string; editable: boolean; visible: boolean; mainField?: string };
      list: { label: string };
    }
  >;
  layouts: { list: string[]; edit: unknown[] };
}

describe('readable Content Manager forms (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let token: string;

  const configuration = async (uid: string): Promise<Configuration> => {
    const res = await http(strapi)
      .get(`/content-manager/content-types/${uid}/configuration`)
      .set(bearer(token));
    expect(res.status).toBe(200);
    return res.body.data.contentType;
  };
  const saveConfiguration = async (uid: string, config: Configuration) => {
    const { settings, layouts } = config;
    // The answer adds each relation's title field to its list metadata; the admin panel leaves it out too.
    const metadatas = Object.fromEntries(
      Object.entries(config.metadatas).map(([name, { edit, list }]) => {
        const { mainField: _shown, ...stored } = list as typeof list & { mainField?: unknown };
        return [name, { edit, list: stored }];
      })
    );
    const res = await http(strapi)
      .put(`/content-manager/content-types/${uid}/configuration`)
      .set(bearer(token))
      .send({ settings, metadatas, layouts });
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 200, error: undefined });
  };
  const applyLayouts = () => strapi.plugin('groups').service('content-manager-layouts').apply();

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    token = (await registerSuperAdmin(strapi)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('labels and explains every field, titles entries by name and keeps reverse relations read-only', async () => {
    const group = await configuration(GROUP);
    expect(group.metadatas.enrollmentPolicy.edit).toMatchObject({
      label: 'Enrollment policy',
      description: expect.stringMatching(/approval: .*open: .*closed: /),
    });
    expect(group.metadatas.seatLimit.edit.label).toBe('Seat limit');
    expect(group.metadatas.managers.edit).toMatchObject({ editable: false, mainField: 'title' });
    expect(group.metadatas.enrollments.edit).toMatchObject({ editable: false, mainField: 'title' });
    expect(group.settings.mainField).toBe('name');
    expect(group.layouts.list).toEqual(['name', 'visibility', 'enrollmentPolicy', 'seatLimit', 'archivedAt']);

    const link = await configuration(GROUP_MANAGER);
    expect(link.settings.mainField).toBe('title');
    expect(link.metadatas.user.edit).toMatchObject({ label: 'Admin user', mainField: 'email' });
    expect(link.metadatas.canEditCourses.edit.description).toContain('Group Course Editor');
    expect(link.metadatas.title.edit).toMatchObject({ editable: false, visible: false });
    expect(link.layouts.list[0]).toBe('title');

    const enrollment = await configuration(ENROLLMENT);
    expect(enrollment.settings.mainField).toBe('title');
    expect(enrollment.metadatas.state.edit.label).toBe('Status');
    expect(enrollment.metadatas.history.edit.editable).toBe(false);

    for (const config of [group, link, enrollment]) {
      for (const [name, meta] of Object.entries(config.metadatas)) {
        if (['id', 'documentId', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'].includes(name)) continue;
        expect({ name, label: meta.edit.label }).not.toEqual({ name, label: name });
        expect({ name, description: meta.edit.description }).toEqual({
          name,
          description: expect.any(String),
        });
        expect(meta.edit.description.length).toBeGreaterThan(0);
      }
    }
  });

  it('never overwrites what the site owner changed, and fills in what is still Strapi’s default', async () => {
    const group = await configuration(GROUP);
    group.metadatas.name.edit.label = 'Team name';
    group.metadatas.seatLimit.edit.description = 'Our own help';
    group.layouts.list = ['name', 'slug'];
    // As Strapi generates it for a type it has just met (and as it stays after an upgrade of the plugin).
    group.metadatas.visibility.edit.label = 'visibility';
    group.metadatas.visibility.edit.description = '';
    await saveConfiguration(GROUP, group);
    const link = await configuration(GROUP_MANAGER);
    link.settings.mainField = 'id';
    link.metadatas.user.edit.mainField = 'firstname';
    await saveConfiguration(GROUP_MANAGER, link);

    await applyLayouts();

    const after = await configuration(GROUP);
    expect(after.metadatas.name.edit.label).toBe('Team name');
    expect(after.metadatas.seatLimit.edit.description).toBe('Our own help');
    expect(after.layouts.list).toEqual(['name', 'slug']);
    expect(after.metadatas.visibility.edit.label).toBe('Visibility');
    expect(after.metadatas.visibility.edit.description).toContain('private:');
    const linkAfter = await configuration(GROUP_MANAGER);
    expect(linkAfter.settings.mainField).toBe('title');
    expect(linkAfter.metadatas.user.edit.mainField).toBe('email');

    // A label the owner set stays on a second run too.
    await applyLayouts();
    expect((await configuration(GROUP)).metadatas.name.edit.label).toBe('Team name');
  });

  describe('titles', () => {
    let anna: { id: number };
    let groupDoc: { id: number; documentId: string };
    let enrollmentDoc: { documentId: string };
    let learner: { id: number; username: string };
    let course: { id: number; documentId: string };

    beforeAll(async () => {
      anna = await strapi.service('admin::user').create({
        email: 'anna@test.local',
        firstname: 'Anna',
        lastname: 'de Vries',
        password: 'Test-pass-2026',
        isActive: true,
        registrationToken: null,
        roles: [],
      });
      [learner] = await createLearners(strapi, 1);
      course = await createCourse(strapi, 'Wound care basics');
      groupDoc = await createGroup(strapi, { members: [learner.id], courses: [course.id] });
      await strapi
        .documents(GROUP)
        .update({ documentId: groupDoc.documentId, data: { name: 'Amsterdam nursing team' } as never });
      await linkManager(strapi, anna.id, groupDoc.documentId);
      enrollmentDoc = await requestEnrollment(strapi, learner.id, groupDoc, course);
    });

    const listTitles = async (uid: string) => {
      const res = await http(strapi).get(`${CM}/${uid}?page=1&pageSize=100`).set(bearer(token));
      expect(res.status).toBe(200);
      return (res.body.results as Array<{ title: string }>).map((r) => r.title);
    };

    it('list a manager link and an enrollment by the names they join', async () => {
      expect(await listTitles(GROUP_MANAGER)).toContain('Anna de Vries — Amsterdam nursing team');
      expect(await listTitles(ENROLLMENT)).toContain(
        `${learner.username} — Wound care basics — Amsterdam nursing team`
      );
      // The group form's managers picker shows the links by title.
      const picker = await http(strapi)
        .get(`/content-manager/relations/${GROUP}/${groupDoc.documentId}/managers`)
        .set(bearer(token));
      expect(picker.status).toBe(200);
      expect(picker.body.results.map((r: { title: string }) => r.title)).toEqual([
        'Anna de Vries — Amsterdam nursing team',
      ]);
      // The admin user picker on a link shows emails, which tell admins with one first name apart.
      const users = await http(strapi)
        .get(`/content-manager/relations/${GROUP_MANAGER}/user`)
        .set(bearer(token));
      expect(users.status).toBe(200);
      expect(users.body.results.map((r: { email: string }) => r.email)).toContain('anna@test.local');
    });

    it('follow renames of the group, the admin user, the learner and the course', async () => {
      await strapi
        .documents(GROUP)
        .update({ documentId: groupDoc.documentId, data: { name: 'Amsterdam wards' } as never });
      await strapi.service('admin::user').updateById(anna.id, { lastname: 'Jong' });
      await strapi.documents('plugin::users-permissions.user').update({
        documentId: (learner as unknown as { documentId: string }).documentId,
        data: { username: 'noor' } as never,
      });
      await strapi
        .documents('api::course.course' as never)
        .update({ documentId: course.documentId, data: { title: 'Wound care' } as never });
      expect(await listTitles(GROUP_MANAGER)).toContain('Anna Jong — Amsterdam wards');
      expect(await listTitles(ENROLLMENT)).toContain('noor — Wound care — Amsterdam wards');
    });

    it('cannot be written by a client, and are filled in at bootstrap for rows that have none', async () => {
      const before = (await listTitles(ENROLLMENT))[0];
      const res = await http(strapi)
        .put(`${CM}/${ENROLLMENT}/${enrollmentDoc.documentId}`)
        .set(bearer(token))
        .send({ title: 'Forged', attendance: 'present' });
      expect(res.status).toBe(200);
      expect(res.body.data.title).toBe(before);
      const created = await http(strapi)
        .post(`${CM}/${GROUP_MANAGER}`)
        .set(bearer(token))
        .send({ user: { connect: [{ id: (await registerOther()).id }] }, title: 'Forged' });
      expect(created.status).toBe(201);
      expect(created.body.data.title).toBe('Other Admin — (no group)');

      const titles = strapi.plugin('groups').service('entry-titles');
      for (const uid of [ENROLLMENT, GROUP_MANAGER]) {
        const table = (strapi.db.metadata.get(uid as never) as unknown as { tableName: string }).tableName;
        await strapi.db.connection(table).update({ title: null });
      }
      await titles.backfill();
      expect(await listTitles(ENROLLMENT)).toEqual([before]);
      expect(await listTitles(GROUP_MANAGER)).toEqual(
        expect.arrayContaining(['Anna Jong — Amsterdam wards', 'Other Admin — (no group)'])
      );
    });

    const registerOther = () =>
      strapi.service('admin::user').create({
        email: 'other@test.local',
        firstname: 'Other',
        lastname: 'Admin',
        password: 'Test-pass-2026',
        isActive: true,
        registrationToken: null,
        roles: [],
      }) as Promise<{ id: number }>;
  });
});
