/**
 * A site that has not set `invitationUrl`: inviting (alone or by import) is refused with a sentence and
 * writes nothing, while adding existing accounts still works. Archived groups take no new members.
 */
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, createLearner, http, registerSuperAdmin } from '../helpers/http';
import { createGroup, memberIds } from '../helpers/members';

const USERS = 'plugin::users-permissions.user';

describe('members without invitations configured (real Strapi)', () => {
  let app: TestStrapi;
  let owner: string;

  beforeAll(async () => {
    app = await bootStrapi({
      pluginConfig: { courseContentType: 'api::course.course', invitationUrl: null },
    });
    owner = (await registerSuperAdmin(app.strapi)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('refuses to invite, alone or by import, and writes nothing', async () => {
    const { strapi } = app;
    const group = await createGroup(strapi, 'No invitations');
    const invite = await http(strapi)
      .post(`/groups/groups/${group.documentId}/invitations`)
      .set(bearer(owner))
      .send({ email: 'new@example.test' });
    expect(invite.status).toBe(400);
    expect(invite.body.error.message).toMatch(/invitationUrl/);

    const existing = await createLearner(strapi, 'already-here');
    const file = Buffer.from(`email\r\n${existing.email}\r\nnewer@example.test\r\n`);
    const refused = await http(strapi)
      .post(`/groups/groups/${group.documentId}/members-import`)
      .set(bearer(owner))
      .attach('file', file, 'list.csv');
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/invitationUrl/);
    expect(
      await strapi.db
        .query(USERS)
        .count({ where: { email: { $in: ['new@example.test', 'newer@example.test'] } } })
    ).toBe(0);
    expect(await memberIds(strapi, group.documentId)).toEqual([]);

    const onlyExisting = await http(strapi)
      .post(`/groups/groups/${group.documentId}/members-import`)
      .set(bearer(owner))
      .attach('file', Buffer.from(`email\r\n${existing.email}\r\n`), 'list.csv');
    expect(onlyExisting.status).toBe(200);
    expect(await memberIds(strapi, group.documentId)).toEqual([existing.id]);
  });

  it('adds nobody to an archived group', async () => {
    const { strapi } = app;
    const group = await createGroup(strapi, 'Archived', { archivedAt: new Date().toISOString() });
    const learner = await createLearner(strapi, 'late-comer');
    const res = await http(strapi)
      .post(`/groups/groups/${group.documentId}/members`)
      .set(bearer(owner))
      .send({ email: learner.email });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/archived/);
    expect(await memberIds(strapi, group.documentId)).toEqual([]);
  });
});
