/**
 * Error answers carry the key of their sentence and its values beside the English message, so the admin
 * shows them in the reader's language; every key they carry is translated in English and Dutch. A
 * representative set: an access refusal (the missing right, the group named only to a manager linked to it),
 * an unknown group, a role without the plugin's permission, a placement rule from the domain, a file check,
 * bad input (the field and the contract's words for its problem).
 */
import en from '../../admin/src/translations/en.json';
import nl from '../../admin/src/translations/nl.json';
import { messageText, type Message } from '../../common/domain/messages';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, createAdminUser, adminLogin, http, registerSuperAdmin } from '../helpers/http';
import { createManager, createManagerRole } from '../helpers/members';
import { createCourse, createGroup, enrollNewMember } from '../helpers/enrollments';

interface ErrorBody {
  error: { status: number; name: string; message: string; details: Message & Record<string, unknown> };
}

/** The key and values an answer carries, after checking they are translated and say what `message` says. */
const keyed = (res: { status: number; body: unknown }, status: number) => {
  expect(res.status).toBe(status);
  const { error } = res.body as ErrorBody;
  const { key, values } = error.details;
  expect(typeof key).toBe('string');
  expect((en as Record<string, string>)[key]).toBeTruthy();
  expect((nl as Record<string, string>)[key]).toBeTruthy();
  expect((nl as Record<string, string>)[key]).not.toBe((en as Record<string, string>)[key]);
  expect(messageText({ key, values })).toBe(error.message);
  return { key, values, message: error.message };
};

describe('message keys in error answers (real Strapi)', () => {
  let app: TestStrapi;
  let manager: string;
  let editor: string;
  let groupA: { documentId: string };
  let groupB: { documentId: string };
  let course: { id: number; documentId: string };
  let learner: { documentId: string };

  beforeAll(async () => {
    app = await bootStrapi();
    const { strapi } = app;
    await registerSuperAdmin(strapi);
    await createManagerRole(strapi, [
      'workspace.read',
      'members.manage',
      'members.message',
      'enrollments.manage',
    ]);
    course = await createCourse(strapi);
    groupA = await createGroup(strapi, { courses: [course.id] });
    groupB = await createGroup(strapi);
    manager = (
      await createManager(strapi, 'keys-a@test.local', [
        { groupDocumentId: groupA.documentId, canManageEnrollments: true },
      ])
    ).token;
    await createAdminUser(strapi, 'keys-editor@test.local', ['strapi-editor']);
    editor = await adminLogin(strapi, 'keys-editor@test.local');
    learner = (await enrollNewMember(strapi, { group: groupA.documentId, course: course.documentId }))
      .learner;
  });

  afterAll(async () => {
    await app?.stop();
  });

  const get = (token: string, url: string) => http(app.strapi).get(url).set(bearer(token));

  it('names the missing right, and the group only to a manager linked to it', async () => {
    const foreign = keyed(await get(manager, `/groups/groups/${groupB.documentId}/members`), 403);
    expect(foreign.message).toBe(
      'You do not have the right "manage members" or "message members" in this group.'
    );
    expect(foreign.key).toBe('server.access.missingRightHere');
    expect(foreign.values?.rights).toEqual({
      key: 'server.access.either',
      values: {
        first: { key: 'server.right.manageMembers' },
        second: { key: 'server.right.messageMembers' },
      },
    });
    expect(JSON.stringify(foreign)).not.toContain(groupB.documentId);
  });

  it('says when no group has the id', async () => {
    const unknown = keyed(await get(manager, '/groups/groups/nosuchgroup123/members'), 404);
    expect(unknown).toMatchObject({ key: 'server.access.noGroup', values: { ids: 'nosuchgroup123' } });
  });

  it('names the permission a role lacks instead of "Policy Failed"', async () => {
    const refused = keyed(await get(editor, `/groups/groups/${groupA.documentId}/members`), 403);
    expect(refused.key).toBe('server.access.noPermission');
    expect(refused.message).toContain('members.manage');
  });

  it('gives a domain rule (one active enrollment) its key', async () => {
    const res = await http(app.strapi)
      .post('/groups/enrollments')
      .set(bearer(manager))
      .send({ learner: learner.documentId, group: groupA.documentId, course: course.documentId });
    const twice = keyed(res, 400);
    expect(twice.key).toBe('server.enrollment.alreadyActive');
    expect(twice.message).toMatch(/^The learner already has an active/);
  });

  it('refuses editing a member of another manager\'s group in words, not a bare "Forbidden"', async () => {
    await app.strapi.documents('plugin::groups.group').update({
      documentId: groupB.documentId,
      data: { members: { connect: [learner.documentId] } } as never,
    });
    const res = await http(app.strapi)
      .put(`/groups/groups/${groupA.documentId}/members/${learner.documentId}`)
      .set(bearer(manager))
      .send({ username: 'renamed-by-a' });
    expect(keyed(res, 403)).toMatchObject({
      key: 'server.access.otherManagersMember',
      message: expect.stringMatching(/^This learner is also a member of groups you do not manage/),
    });
    expect((res.body as ErrorBody).error.name).toBe('ForbiddenError');
  });

  it('gives a file check its key', async () => {
    const res = await http(app.strapi)
      .post(`/groups/groups/${groupA.documentId}/members-import/preview`)
      .set(bearer(manager))
      .attach('file', Buffer.from('hello'), 'members.pdf');
    expect(keyed(res, 400)).toEqual({
      key: 'server.members.fileType',
      message: 'Upload a .xlsx or .csv file.',
    });
  });

  it('gives bad input its key: the field, and the problem in words of the catalogue', async () => {
    const res = await get(manager, `/groups/enrollments?group=${groupA.documentId}&page=0`);
    expect(res.status).toBe(400);
    const { error } = res.body as ErrorBody;
    expect(error.message).toBe('query.page: must be 1 or more');
    expect(error.details).toMatchObject({
      key: 'server.validation.field',
      values: { path: 'query.page', problem: { key: 'server.validation.problem.oneOrMore' } },
    });
    expect(messageText(error.details)).toBe(error.message);
    expect((nl as Record<string, string>)['server.validation.problem.oneOrMore']).toBe('moet 1 of meer zijn');
  });
});
