/**
 * Members admin API against a real Strapi, with real email delivery to an SMTP server on 127.0.0.1:
 * list, add, invite (the emailed link works end to end), edit, message with the hourly limit (through the
 * email outbox: one row per member, a retry of the same rows, queued rows), and scope.
 */
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { PASSWORD, bearer, createLearner, http, learnerLogin, registerSuperAdmin } from '../helpers/http';
import { createGroup, createManager, createManagerRole, memberIds } from '../helpers/members';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { OutboxService } from '../../server/src/services/outbox';

const MESSAGES_PER_HOUR = 8;

describe('members admin API (real Strapi, real SMTP)', () => {
  let app: TestStrapi;
  let smtp: TestSmtp;
  let owner: string;
  let groupA: { id: number; documentId: string; name: string };
  let groupB: { id: number; documentId: string; name: string };
  let managerA: string;
  let readOnlyA: string;
  let managerB: string;
  let learners: Array<{ id: number; documentId: string; email: string; username: string }>;

  const members = (groupId: string) => `/groups/groups/${groupId}/members`;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    process.env.GROUPS_MESSAGES_PER_HOUR = String(MESSAGES_PER_HOUR);
    app = await bootStrapi();
    const { strapi } = app;
    owner = (await registerSuperAdmin(strapi)).token;
    await createManagerRole(strapi);
    groupA = await createGroup(strapi, 'Alpha class');
    groupB = await createGroup(strapi, 'Beta class');
    learners = [];
    for (const name of ['anna', 'bram', 'carla', 'daan', 'eva'])
      learners.push(await createLearner(strapi, name));
    await strapi.documents('plugin::groups.group').update({
      documentId: groupA.documentId,
      data: { members: learners.slice(0, 4).map((l) => l.documentId) } as never,
    });
    await strapi.documents('plugin::groups.group').update({
      documentId: groupB.documentId,
      data: { members: [learners[3].documentId, learners[4].documentId] } as never,
    });
    managerA = (await createManager(strapi, 'manager-a@test.local', [{ groupDocumentId: groupA.documentId }]))
      .token;
    readOnlyA = (
      await createManager(strapi, 'readonly-a@test.local', [
        { groupDocumentId: groupA.documentId, canManageMembers: false, canMessageMembers: false },
      ])
    ).token;
    managerB = (await createManager(strapi, 'manager-b@test.local', [{ groupDocumentId: groupB.documentId }]))
      .token;
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  describe('list', () => {
    it('lists the members of a managed group with search and pagination', async () => {
      const res = await http(app.strapi)
        .get(members(groupA.documentId))
        .query({ pageSize: 2 })
        .set(bearer(managerA));
      expect(res.status).toBe(200);
      expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 4 });
      expect(res.body.data.map((m: { username: string }) => m.username)).toEqual(['anna', 'bram']);
      expect(res.body.data[0]).not.toHaveProperty('password');

      const found = await http(app.strapi)
        .get(members(groupA.documentId))
        .query({ search: 'CAR' })
        .set(bearer(managerA));
      expect(found.body.data.map((m: { email: string }) => m.email)).toEqual(['carla@learners.test']);
    });

    it('refuses groups outside the scope, unknown groups and bad queries', async () => {
      expect((await http(app.strapi).get(members(groupA.documentId)).set(bearer(managerB))).status).toBe(403);
      expect((await http(app.strapi).get(members(groupA.documentId)).set(bearer(readOnlyA))).status).toBe(
        403
      );
      expect((await http(app.strapi).get(members('no-such-group')).set(bearer(managerA))).status).toBe(404);
      expect((await http(app.strapi).get(members(groupA.documentId))).status).toBe(401);
      const bad = await http(app.strapi)
        .get(members(groupA.documentId))
        .query({ pageSize: 1000 })
        .set(bearer(managerA));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/pageSize/);
      const unknown = await http(app.strapi)
        .get(members(groupA.documentId))
        .query({ sort: 'password' })
        .set(bearer(managerA));
      expect(unknown.status).toBe(400);
    });

    it('says per member whether the caller may edit their account, by the rule the edit route applies', async () => {
      const { strapi } = app;
      const canEdit = async (token: string, groupId: string) =>
        Object.fromEntries(
          (await http(strapi).get(members(groupId)).set(bearer(token))).body.data.map(
            (m: { username: string; canEdit: boolean }) => [m.username, m.canEdit]
          )
        );
      // Daan is also in group B, which manager A does not manage; the Super Admin may edit everyone.
      const byA = await canEdit(managerA, groupA.documentId);
      expect(byA.daan).toBe(false);
      expect(byA).toMatchObject({ anna: true, bram: true, carla: true });
      expect(Object.values(await canEdit(owner, groupA.documentId)).every(Boolean)).toBe(true);
      expect(await canEdit(managerB, groupB.documentId)).toMatchObject({ daan: false, eva: true });
    });

    it('lets the Super Admin list any group', async () => {
      const res = await http(app.strapi).get(members(groupB.documentId)).set(bearer(owner));
      expect(res.status).toBe(200);
      expect(res.body.meta.pagination.total).toBe(2);
    });
  });

  describe('add an existing user', () => {
    it('adds by email and by id, and says when someone is a member already', async () => {
      const eva = learners[4];
      const byEmail = await http(app.strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerA))
        .send({ email: 'EVA@learners.test' });
      expect(byEmail.status).toBe(201);
      expect(byEmail.body.data).toMatchObject({ outcome: 'added', member: { documentId: eva.documentId } });
      expect(await memberIds(app.strapi, groupA.documentId)).toContain(eva.id);

      const again = await http(app.strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerA))
        .send({ userId: eva.documentId });
      expect(again.status).toBe(200);
      expect(again.body.data.outcome).toBe('already-member');
    });

    it('refuses unknown and blocked accounts, bad bodies and managers without the right', async () => {
      const { strapi } = app;
      const unknown = await http(strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerA))
        .send({ email: 'nobody@learners.test' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(/invite/);

      const blocked = await createLearner(strapi, 'blocked-one');
      await strapi.db
        .query('plugin::users-permissions.user')
        .update({ where: { id: blocked.id }, data: { blocked: true } });
      const refused = await http(strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerA))
        .send({ email: blocked.email });
      expect(refused.status).toBe(400);
      expect(await memberIds(strapi, groupA.documentId)).not.toContain(blocked.id);

      const both = await http(strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerA))
        .send({ email: 'x@learners.test', userId: 'abc' });
      expect(both.status).toBe(400);
      const extra = await http(strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerA))
        .send({ email: 'eva@learners.test', role: 1 });
      expect(extra.status).toBe(400);

      expect(
        (
          await http(strapi)
            .post(members(groupA.documentId))
            .set(bearer(readOnlyA))
            .send({ email: 'eva@learners.test' })
        ).status
      ).toBe(403);
      const outside = await http(strapi)
        .post(members(groupA.documentId))
        .set(bearer(managerB))
        .send({ email: learners[4].email });
      expect(outside.status).toBe(403);
    });
  });

  describe('invite by email', () => {
    it('creates an unconfirmed account, emails a link, and the learner joins when they confirm', async () => {
      const { strapi } = app;
      smtp.clear();
      const res = await http(strapi)
        .post(`/groups/groups/${groupA.documentId}/invitations`)
        .set(bearer(managerA))
        .send({ email: 'Newcomer@Example.test', username: 'newcomer' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ outcome: 'invited', emailSent: true });

      const account = await strapi.db.query('plugin::users-permissions.user').findOne({
        where: { email: 'newcomer@example.test' },
        populate: ['role'],
      });
      expect(account).toMatchObject({
        username: 'newcomer',
        confirmed: false,
        blocked: false,
        password: null,
      });
      expect(account.role.type).toBe('authenticated');
      expect(await memberIds(strapi, groupA.documentId)).not.toContain(account.id);

      const pending = await http(strapi)
        .get(`/groups/groups/${groupA.documentId}/invitations`)
        .set(bearer(managerA));
      expect(pending.body.data).toEqual([
        expect.objectContaining({ email: 'newcomer@example.test', expired: false }),
      ]);

      const mails = smtp.to('newcomer@example.test');
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toBe('You are invited to join Alpha class');
      expect(mails[0].replyTo).toContain('manager-a@test.local');
      const link = /(http:\/\/localhost:1337\/confirm-invitation\?token=\S+)/.exec(mails[0].text)?.[1];
      expect(link).toBeDefined();
      expect(mails[0].html).toContain('confirm-invitation?token=');
      const token = decodeURIComponent(new URL(link!).searchParams.get('token')!);

      const check = await http(strapi).post('/api/groups/invitations/check').send({ token });
      expect(check.status).toBe(200);
      expect(check.body.data).toMatchObject({
        email: 'newcomer@example.test',
        group: { name: 'Alpha class' },
        needsPassword: true,
      });

      const noPassword = await http(strapi).post('/api/groups/invitations/accept').send({ token });
      expect(noPassword.status).toBe(400);
      const shortPassword = await http(strapi)
        .post('/api/groups/invitations/accept')
        .send({ token, password: 'short' });
      expect(shortPassword.status).toBe(400);

      const accepted = await http(strapi)
        .post('/api/groups/invitations/accept')
        .send({ token, password: PASSWORD });
      expect(accepted.status).toBe(200);
      expect(accepted.body.jwt).toEqual(expect.any(String));
      expect(accepted.body.groups).toEqual([{ documentId: groupA.documentId, name: 'Alpha class' }]);
      expect(await memberIds(strapi, groupA.documentId)).toContain(account.id);

      const me = await http(strapi)
        .get('/api/users/me')
        .set(bearer(await learnerLogin(strapi, 'newcomer@example.test')));
      expect(me.status).toBe(200);
      expect(me.body.confirmed).toBe(true);

      const reused = await http(strapi)
        .post('/api/groups/invitations/accept')
        .send({ token, password: PASSWORD });
      expect(reused.status).toBe(400);
      const forged = await http(strapi)
        .post('/api/groups/invitations/accept')
        .send({ token: 'x'.repeat(43), password: PASSWORD });
      expect(forged.status).toBe(400);
      const pendingAfter = await http(strapi)
        .get(`/groups/groups/${groupA.documentId}/invitations`)
        .set(bearer(managerA));
      expect(pendingAfter.body.data).toEqual([]);
    });

    it('adds a confirmed account at once instead of inviting it', async () => {
      smtp.clear();
      const res = await http(app.strapi)
        .post(`/groups/groups/${groupB.documentId}/invitations`)
        .set(bearer(managerB))
        .send({ email: learners[0].email });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ outcome: 'added', emailSent: false });
      expect(await memberIds(app.strapi, groupB.documentId)).toContain(learners[0].id);
      expect(smtp.messages).toHaveLength(0);
    });

    it('renews the invitation of an account that never confirmed, and revokes one', async () => {
      const { strapi } = app;
      smtp.clear();
      const first = await http(strapi)
        .post(`/groups/groups/${groupB.documentId}/invitations`)
        .set(bearer(managerB))
        .send({ email: 'slow@example.test' });
      expect(first.body.data.outcome).toBe('invited');
      const list = await http(strapi)
        .get(`/groups/groups/${groupB.documentId}/invitations`)
        .set(bearer(managerB));
      const invitationId = list.body.data[0].documentId;
      const resent = await http(strapi)
        .post(`/groups/groups/${groupB.documentId}/invitations/${invitationId}/resend`)
        .set(bearer(managerB));
      expect(resent.status).toBe(200);
      const mails = smtp.to('slow@example.test');
      expect(mails).toHaveLength(2);
      const oldToken = new URL(/(http\S+)/.exec(mails[0].text)![1]).searchParams.get('token')!;
      expect(
        (await http(strapi).post('/api/groups/invitations/check').send({ token: oldToken })).status
      ).toBe(400);

      // The same address invited to a second group: one account, a second invitation.
      const second = await http(strapi)
        .post(`/groups/groups/${groupA.documentId}/invitations`)
        .set(bearer(managerA))
        .send({ email: 'slow@example.test' });
      expect(second.body.data.outcome).toBe('invited');
      expect(
        await strapi.db
          .query('plugin::users-permissions.user')
          .count({ where: { email: 'slow@example.test' } })
      ).toBe(1);

      const current = await http(strapi)
        .get(`/groups/groups/${groupB.documentId}/invitations`)
        .set(bearer(managerB));
      const outsider = await http(strapi)
        .delete(`/groups/groups/${groupB.documentId}/invitations/${current.body.data[0].documentId}`)
        .set(bearer(managerA));
      expect(outsider.status).toBe(403);
      const revoked = await http(strapi)
        .delete(`/groups/groups/${groupB.documentId}/invitations/${current.body.data[0].documentId}`)
        .set(bearer(managerB));
      expect(revoked.status).toBe(200);
      const newest = new URL(/(http\S+)/.exec(smtp.to('slow@example.test')[1].text)![1]).searchParams.get(
        'token'
      )!;
      expect((await http(strapi).post('/api/groups/invitations/check').send({ token: newest })).status).toBe(
        400
      );
    });

    it('says when an invitation could not be emailed, and gives a fresh link to copy', async () => {
      const { strapi } = app;
      smtp.refuse('Mailbox unavailable', ['bounce@example.test']);
      try {
        const res = await http(strapi)
          .post(`/groups/groups/${groupB.documentId}/invitations`)
          .set(bearer(managerB))
          .send({ email: 'bounce@example.test' });
        expect(res.status).toBe(201);
        expect(res.body.data).toMatchObject({ outcome: 'invited', emailSent: false });
        expect(res.body.data.invitation.emailError).toMatch(/Mailbox unavailable/);
      } finally {
        smtp.refuse(null);
      }
      const list = await http(strapi)
        .get(`/groups/groups/${groupB.documentId}/invitations`)
        .set(bearer(managerB));
      const failed = list.body.data.find((row: { email: string }) => row.email === 'bounce@example.test');
      expect(failed.emailError).toMatch(/Mailbox unavailable/);

      const linkPath = `/groups/groups/${groupB.documentId}/invitations/${failed.documentId}/link`;
      expect((await http(strapi).post(linkPath).set(bearer(managerA))).status).toBe(403);
      const link = await http(strapi).post(linkPath).set(bearer(managerB));
      expect(link.status).toBe(200);
      const token = new URL(link.body.data.link).searchParams.get('token')!;
      const check = await http(strapi).post('/api/groups/invitations/check').send({ token });
      expect(check.status).toBe(200);
      expect(check.body.data.email).toBe('bounce@example.test');
      // A second link replaces the first.
      await http(strapi).post(linkPath).set(bearer(managerB));
      expect((await http(strapi).post('/api/groups/invitations/check').send({ token })).status).toBe(400);

      // Once an email gets through, the list no longer says it failed.
      const resent = await http(strapi)
        .post(`/groups/groups/${groupB.documentId}/invitations/${failed.documentId}/resend`)
        .set(bearer(managerB));
      expect(resent.body.data.emailSent).toBe(true);
      const after = await http(strapi)
        .get(`/groups/groups/${groupB.documentId}/invitations`)
        .set(bearer(managerB));
      expect(
        after.body.data.find((row: { email: string }) => row.email === 'bounce@example.test').emailError
      ).toBeNull();
      await http(strapi)
        .delete(`/groups/groups/${groupB.documentId}/invitations/${failed.documentId}`)
        .set(bearer(managerB));
    });

    it('refuses bad addresses, taken usernames and blocked accounts', async () => {
      const url = `/groups/groups/${groupA.documentId}/invitations`;
      expect(
        (await http(app.strapi).post(url).set(bearer(managerA)).send({ email: 'not-an-email' })).status
      ).toBe(400);
      const taken = await http(app.strapi)
        .post(url)
        .set(bearer(managerA))
        .send({ email: 'fresh@example.test', username: 'anna' });
      expect(taken.status).toBe(400);
      expect(taken.body.error.message).toMatch(/username/);
      expect(
        await app.strapi.db
          .query('plugin::users-permissions.user')
          .count({ where: { email: 'fresh@example.test' } })
      ).toBe(0);
      const formula = await http(app.strapi)
        .post(url)
        .set(bearer(managerA))
        .send({ email: 'f@example.test', username: '=HYPERLINK("x")' });
      expect(formula.status).toBe(400);
    });
  });

  describe('edit', () => {
    it('changes the username and email of a member', async () => {
      const carla = learners[2];
      const res = await http(app.strapi)
        .put(`${members(groupA.documentId)}/${carla.documentId}`)
        .set(bearer(managerA))
        .send({ username: 'carla-v', email: 'Carla.V@learners.test' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ username: 'carla-v', email: 'carla.v@learners.test' });
      const login = await http(app.strapi)
        .post('/api/auth/local')
        .send({ identifier: 'carla.v@learners.test', password: PASSWORD });
      expect(login.status).toBe(200);
    });

    it('refuses role, password and blocked, clashes, non-members and shared learners', async () => {
      const { strapi } = app;
      const bram = learners[1];
      const url = `${members(groupA.documentId)}/${bram.documentId}`;
      for (const body of [
        { role: 1 },
        { password: 'Another-pass-1' },
        { blocked: true },
        { confirmed: false },
        {},
      ]) {
        expect((await http(strapi).put(url).set(bearer(managerA)).send(body)).status).toBe(400);
      }
      for (const [field, value] of [
        ['email', learners[0].email],
        ['username', 'anna'],
      ]) {
        const clash = await http(strapi)
          .put(url)
          .set(bearer(managerA))
          .send({ [field]: value });
        expect(clash.status).toBe(400);
        expect(clash.body.error.message).toBe(`${field}: ${value} belongs to another account.`);
      }
      const stored = await strapi.db
        .query('plugin::users-permissions.user')
        .findOne({ where: { id: bram.id } });
      expect(stored).toMatchObject({ username: 'bram', email: 'bram@learners.test', blocked: false });

      // Eva is not a member of B's... she is: but Bram is not a member of group B.
      expect(
        (
          await http(strapi)
            .put(`${members(groupB.documentId)}/${bram.documentId}`)
            .set(bearer(managerB))
            .send({ username: 'bram-x' })
        ).status
      ).toBe(404);
      expect((await http(strapi).put(url).set(bearer(managerB)).send({ username: 'bram-x' })).status).toBe(
        403
      );

      // Daan is in A and B: manager A alone may not rename him; the Super Admin may.
      const daan = learners[3];
      const shared = await http(strapi)
        .put(`${members(groupA.documentId)}/${daan.documentId}`)
        .set(bearer(managerA))
        .send({ username: 'daan-x' });
      expect(shared.status).toBe(403);
      const byOwner = await http(strapi)
        .put(`${members(groupA.documentId)}/${daan.documentId}`)
        .set(bearer(owner))
        .send({ username: 'daan-x' });
      expect(byOwner.status).toBe(200);
    });
  });

  describe('remove', () => {
    it('removes a member and cancels their open enrollments in that group only, with history', async () => {
      const { strapi } = app;
      const enrollment = strapi.plugin('groups').service('enrollment');
      const course = await strapi
        .documents('api::course.course' as never)
        .create({ data: { title: 'Removal 101' } as never });
      const learner = await createLearner(strapi, 'leaving');
      for (const group of [groupA, groupB]) {
        await strapi.documents('plugin::groups.group').update({
          documentId: group.documentId,
          data: {
            members: { connect: [learner.documentId] },
            courses: { connect: [course.documentId] },
          } as never,
        });
      }
      const request = (group: { documentId: string }) =>
        enrollment.request({
          learnerId: learner.id,
          groupDocumentId: group.documentId,
          courseDocumentId: course.documentId,
          actor: { kind: 'learner', userId: learner.id },
        });
      const inA = await request(groupA);
      const inB = await request(groupB);

      const outsider = await http(strapi)
        .delete(`${members(groupA.documentId)}/${learner.documentId}`)
        .set(bearer(managerB));
      expect(outsider.status).toBe(403);
      const readOnly = await http(strapi)
        .delete(`${members(groupA.documentId)}/${learner.documentId}`)
        .set(bearer(readOnlyA));
      expect(readOnly.status).toBe(403);
      expect(await memberIds(strapi, groupA.documentId)).toContain(learner.id);

      const res = await http(strapi)
        .delete(`${members(groupA.documentId)}/${learner.documentId}`)
        .set(bearer(managerA));
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ removed: true, cancelledEnrollments: 1 });
      expect(await memberIds(strapi, groupA.documentId)).not.toContain(learner.id);
      expect(await memberIds(strapi, groupB.documentId)).toContain(learner.id);

      const cancelled = await strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { documentId: inA.documentId } });
      expect(cancelled.state).toBe('cancelled');
      expect(cancelled.history.at(-1)).toMatchObject({
        from: 'requested',
        to: 'cancelled',
        by: expect.stringMatching(/^admin:/),
      });
      const untouched = await strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { documentId: inB.documentId } });
      expect(untouched.state).toBe('requested');

      const again = await http(strapi)
        .delete(`${members(groupA.documentId)}/${learner.documentId}`)
        .set(bearer(managerA));
      expect(again.status).toBe(404);
    });
  });

  describe('message the group', () => {
    it('emails every member one by one and reports the count', async () => {
      smtp.clear();
      const res = await http(app.strapi)
        .post(`/groups/groups/${groupB.documentId}/messages`)
        .set(bearer(managerB))
        .send({
          subject: 'Room change',
          body: 'Tomorrow we meet in room 4.\n\nSee you there!',
          recipients: { kind: 'all' },
        });
      expect(res.status).toBe(200);
      const expected = (await memberIds(app.strapi, groupB.documentId)).length;
      expect(res.body.data).toMatchObject({ recipients: expected, sent: expected, failed: 0 });
      expect(smtp.messages).toHaveLength(expected);
      for (const mail of smtp.messages) {
        expect(mail.to).toHaveLength(1);
        expect(mail.subject).toBe('Room change');
        expect(mail.text).toContain('Tomorrow we meet in room 4.');
        expect(mail.replyTo).toContain('manager-b@test.local');
      }
      expect(smtp.messages[0].html).toContain('<p>Tomorrow we meet in room 4.</p>');
    });

    it('sends to a filtered subset or to chosen members only', async () => {
      smtp.clear();
      const filtered = await http(app.strapi)
        .post(`/groups/groups/${groupA.documentId}/messages`)
        .set(bearer(managerA))
        .send({ subject: 'Hi', body: '<b>not markup</b>', recipients: { kind: 'filter', search: 'anna' } });
      expect(filtered.status).toBe(200);
      expect(filtered.body.data.sent).toBe(1);
      expect(smtp.messages.map((m) => m.to[0])).toEqual(['anna@learners.test']);
      expect(smtp.messages[0].html).toContain('&lt;b&gt;not markup&lt;/b&gt;');

      const outsider = await http(app.strapi)
        .post(`/groups/groups/${groupA.documentId}/messages`)
        .set(bearer(managerA))
        .send({
          subject: 'Hi',
          body: 'x',
          recipients: { kind: 'selected', userIds: [learners[4].documentId, 'nope'] },
        });
      expect(outsider.status).toBe(400);
      expect(smtp.messages).toHaveLength(1);
    });

    it('refuses managers without the message right and other groups', async () => {
      const body = { subject: 'Hi', body: 'x', recipients: { kind: 'all' } };
      for (const [token, sent, status] of [
        [readOnlyA, body, 403],
        [managerB, body, 403],
        [managerA, { ...body, subject: '' }, 400],
      ] as const) {
        const res = await http(app.strapi)
          .post(`/groups/groups/${groupA.documentId}/messages`)
          .set(bearer(token))
          .send(sent);
        expect(res.status).toBe(status);
      }
    });

    it('names the recipients a send failed for, does not count them, and retries them', async () => {
      const { strapi } = app;
      const path = `/groups/groups/${groupA.documentId}/messages`;
      const ids = await memberIds(strapi, groupA.documentId);
      const refused = (await strapi.db.query('plugin::users-permissions.user').findMany({
        where: { id: { $in: ids } },
        select: ['documentId', 'email'],
        orderBy: { id: 'asc' },
        limit: 2,
      })) as Array<{ documentId: string; email: string }>;
      // Manager A has sent one email this hour (to anna); the failed ones are given back.
      const remaining = MESSAGES_PER_HOUR - 1 - (ids.length - 2);
      smtp.clear();
      smtp.refuse(
        'Mailbox unavailable',
        refused.map((l) => l.email)
      );
      try {
        const res = await http(strapi)
          .post(path)
          .set(bearer(managerA))
          .send({ subject: 'Partly', body: 'x', recipients: { kind: 'all' } });
        expect(res.status).toBe(200);
        expect(res.body.data).toMatchObject({
          recipients: ids.length,
          sent: ids.length - 2,
          failed: 2,
          remainingThisHour: remaining,
        });
        const failures = res.body.data.failures as Array<Record<string, string>>;
        expect(failures.map((f) => f.userId).sort()).toEqual(refused.map((l) => l.documentId).sort());
        for (const failure of failures) {
          expect(failure.reason).toMatch(/Mailbox unavailable/);
          expect(refused.map((l) => l.email)).toContain(failure.email);
        }
        expect(smtp.messages).toHaveLength(ids.length - 2);

        // A retry while the relay still refuses: nothing sent, nothing spent.
        const again = await http(strapi)
          .post(path)
          .set(bearer(managerA))
          .send({
            subject: 'Partly',
            body: 'x',
            recipients: { kind: 'selected', userIds: failures.map((f) => f.userId) },
          });
        expect(again.body.data).toMatchObject({ sent: 0, failed: 2, remainingThisHour: remaining });
      } finally {
        smtp.refuse(null);
      }
      const retried = await http(strapi)
        .post(path)
        .set(bearer(managerA))
        .send({
          subject: 'Partly',
          body: 'x',
          recipients: { kind: 'selected', userIds: refused.map((l) => l.documentId) },
        });
      expect(retried.body.data).toMatchObject({
        sent: 2,
        failed: 0,
        failures: [],
        remainingThisHour: remaining - 2,
      });
      expect(smtp.messages).toHaveLength(ids.length);

      // The group's log: newest first, with what reached the members; only for the message right.
      const log = await http(strapi).get(path).set(bearer(managerA));
      expect(log.status).toBe(200);
      expect(log.body.data.slice(0, 3)).toEqual([
        expect.objectContaining({ subject: 'Partly', recipients: 2, sent: 2, failed: 0 }),
        expect.objectContaining({ subject: 'Partly', recipients: 2, sent: 0, failed: 2 }),
        expect.objectContaining({
          subject: 'Partly',
          recipients: ids.length,
          sent: ids.length - 2,
          failed: 2,
          sentBy: 'manager-a Test',
        }),
      ]);
      for (const token of [readOnlyA, managerB]) {
        expect((await http(strapi).get(path).set(bearer(token))).status).toBe(403);
      }
    });

    it('enforces the hourly limit per manager across requests, sending nothing past it', async () => {
      smtp.clear();
      // Manager B has sent to group B's members once already this hour.
      const used = (await memberIds(app.strapi, groupB.documentId)).length;
      const body = { subject: 'Again', body: 'x', recipients: { kind: 'all' } };
      let sentTotal = used;
      for (;;) {
        const res = await http(app.strapi)
          .post(`/groups/groups/${groupB.documentId}/messages`)
          .set(bearer(managerB))
          .send(body);
        if (res.status !== 200) {
          expect(res.status).toBe(429);
          expect(res.body.error.message).toMatch(/more email/);
          break;
        }
        sentTotal += res.body.data.sent;
        // A limit that never bites would loop forever: fail instead.
        expect(sentTotal).toBeLessThanOrEqual(MESSAGES_PER_HOUR);
      }
      expect(sentTotal).toBeLessThanOrEqual(MESSAGES_PER_HOUR);
      expect(smtp.messages.length + used).toBe(sentTotal);
      // Another manager's allowance is their own.
      const other = await http(app.strapi)
        .post(`/groups/groups/${groupA.documentId}/messages`)
        .set(bearer(managerA))
        .send({ subject: 'Mine', body: 'x', recipients: { kind: 'filter', search: 'bram' } });
      expect(other.status).toBe(200);
    });

    it('keeps to the limit when one manager sends several messages at the same moment', async () => {
      const { strapi } = app;
      const { token } = await createManager(strapi, 'burst@test.local', [
        { groupDocumentId: groupB.documentId },
      ]);
      const recipients = (await memberIds(strapi, groupB.documentId)).length;
      smtp.clear();
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          http(strapi)
            .post(`/groups/groups/${groupB.documentId}/messages`)
            .set(bearer(token))
            .send({ subject: `Burst ${i}`, body: 'x', recipients: { kind: 'all' } })
        )
      );
      const statuses = responses.map((r) => r.status).sort();
      const accepted = Math.floor(MESSAGES_PER_HOUR / recipients);
      expect(statuses).toEqual([...Array(accepted).fill(200), ...Array(5 - accepted).fill(429)]);
      expect(smtp.messages).toHaveLength(accepted * recipients);
    });
  });

  describe('messages through the outbox', () => {
    type Row = Awaited<ReturnType<OutboxService['list']>>[number];
    const outbox = () => app.strapi.plugin('groups').service('outbox') as OutboxService;
    const path = () => `/groups/groups/${groupA.documentId}/messages`;
    const rowsOf = (messageId: string) => outbox().list({ batchKey: `member-message:${messageId}` });
    const byId = (rows: Row[]) => [...rows].sort((a, b) => a.id - b.id);
    let serial = 0;
    /** A manager of group A with a whole hour's allowance of their own. */
    const freshManager = async () => {
      serial += 1;
      return (
        await createManager(app.strapi, `outbox-${serial}@test.local`, [
          { groupDocumentId: groupA.documentId },
        ])
      ).token;
    };
    const send = (token: string, subject: string) =>
      http(app.strapi)
        .post(path())
        .set(bearer(token))
        .send({ subject, body: 'x', recipients: { kind: 'all' } });
    const retry = (token: string, messageId: string, groupId = groupA.documentId) =>
      http(app.strapi).post(`/groups/groups/${groupId}/messages/${messageId}/retry`).set(bearer(token));
    const emailsOfA = async () =>
      (
        (await app.strapi.db.query('plugin::users-permissions.user').findMany({
          where: { id: { $in: await memberIds(app.strapi, groupA.documentId) }, blocked: { $ne: true } },
          select: ['documentId', 'email'],
          orderBy: { id: 'asc' },
        })) as Array<{ documentId: string; email: string }>
      ).map((l) => ({ ...l, email: l.email.toLowerCase() }));

    beforeEach(async () => {
      // Whatever earlier tests left due (decision emails of removed members) is sent first, so each test
      // sees only its own message's rows.
      await outbox().drain();
      smtp.clear();
      smtp.refuse(null);
    });

    it('writes one outbox row per member, keyed by message and member, so a member gets one message once', async () => {
      const token = await freshManager();
      const members = await emailsOfA();
      const res = await send(token, 'Once each');
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        recipients: members.length,
        sent: members.length,
        failed: 0,
        queued: 0,
      });
      const batch = `member-message:${res.body.data.messageId}`;
      const rows = await rowsOf(res.body.data.messageId);
      expect(rows.map((row) => row.dedupeKey).sort()).toEqual(
        members.map((m) => `${batch}:${m.documentId}`).sort()
      );
      expect(rows.every((row) => row.kind === 'member-message' && row.groupId === groupA.id)).toBe(true);
      expect(rows.every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
      expect(smtp.messages).toHaveLength(members.length);
      expect(smtp.messages.every((mail) => mail.replyTo.includes(`outbox-${serial}@test.local`))).toBe(true);

      // The same rows written again (a second node reacting to the same message): no new row, no email.
      await outbox().enqueue(
        rows.map((row) => ({
          kind: row.kind,
          to: row.to,
          dedupeKey: row.dedupeKey,
          batchKey: batch,
          subject: 'again',
        }))
      );
      await outbox().drain();
      expect(byId(await rowsOf(res.body.data.messageId))).toEqual(byId(rows));
      expect(smtp.messages).toHaveLength(members.length);
    });

    it('retries the failed emails from the same rows within the limit, and never a sent one', async () => {
      const token = await freshManager();
      const members = await emailsOfA();
      const refused = members.slice(0, 2);
      smtp.refuse(
        'Mailbox unavailable',
        refused.map((m) => m.email)
      );
      const first = await send(token, 'Retry me');
      expect(first.body.data).toMatchObject({ sent: members.length - 2, failed: 2, queued: 0 });
      const messageId = first.body.data.messageId as string;
      const before = byId(await rowsOf(messageId));
      expect(
        before
          .filter((row) => row.state === 'failed')
          .map((row) => row.to)
          .sort()
      ).toEqual(refused.map((m) => m.email).sort());
      // Failed emails are not spent: the allowance left is the hour's limit minus what was sent.
      expect(first.body.data.remainingThisHour).toBe(MESSAGES_PER_HOUR - (members.length - 2));

      // Still refused: the retry fails again, and spends nothing.
      const stillRefused = await retry(token, messageId);
      expect(stillRefused.status).toBe(200);
      expect(stillRefused.body.data).toMatchObject({ messageId, recipients: 2, sent: 0, failed: 2 });
      expect(stillRefused.body.data.remainingThisHour).toBe(MESSAGES_PER_HOUR - (members.length - 2));
      expect(stillRefused.body.data.failures.map((f: { userId: string }) => f.userId).sort()).toEqual(
        refused.map((m) => m.documentId).sort()
      );

      smtp.refuse(null);
      smtp.clear();
      const retried = await retry(token, messageId);
      expect(retried.body.data).toMatchObject({
        messageId,
        recipients: 2,
        sent: 2,
        failed: 0,
        queued: 0,
        failures: [],
        remainingThisHour: MESSAGES_PER_HOUR - members.length,
      });
      // The same rows (same ids and dedupe keys), now sent; the members who had it got nothing again.
      const after = byId(await rowsOf(messageId));
      expect(after.map((row) => [row.id, row.dedupeKey])).toEqual(
        before.map((row) => [row.id, row.dedupeKey])
      );
      expect(after.every((row) => row.state === 'sent')).toBe(true);
      expect(smtp.messages.map((mail) => mail.to[0].toLowerCase()).sort()).toEqual(
        refused.map((m) => m.email).sort()
      );

      // Nothing failed any more: a retry sends nothing.
      const nothing = await retry(token, messageId);
      expect(nothing.body.data).toMatchObject({ recipients: 0, sent: 0, failed: 0, queued: 0 });
      expect(smtp.messages).toHaveLength(2);

      const log = await http(app.strapi).get(path()).set(bearer(token));
      expect(log.body.data.find((m: { documentId: string }) => m.documentId === messageId)).toMatchObject({
        recipients: members.length,
        sent: members.length,
        failed: 0,
        queued: 0,
      });

      // Only in its own group, with the message right there.
      const unknown = await retry(token, 'nosuchmessage1234567890a');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.details.key).toBe('server.messages.none');
      expect((await retry(managerB, messageId, groupB.documentId)).status).toBe(404);
      expect((await retry(readOnlyA, messageId)).status).toBe(403);
      expect((await retry(managerB, messageId)).status).toBe(403);
    });

    it('sends each failed email once when retries and the outbox worker race for the rows', async () => {
      const token = await freshManager();
      const members = await emailsOfA();
      smtp.refuse(
        'Mailbox unavailable',
        members.map((m) => m.email)
      );
      const first = await send(token, 'Race');
      expect(first.body.data).toMatchObject({ sent: 0, failed: members.length });
      smtp.refuse(null);
      smtp.clear();
      outbox().startWorker(5);
      let results: Array<{ recipients: number; sent: number; queued: number; failed: number }>;
      try {
        const [one, two] = await Promise.all([
          retry(token, first.body.data.messageId),
          retry(token, first.body.data.messageId),
          outbox().drain(),
          outbox().drain(),
        ]);
        results = [one.body.data, two.body.data];
      } finally {
        await outbox().stopWorker();
      }
      await outbox().drain();
      // One retry reset the rows; the other found nothing failed. Each row went out once, from whichever
      // drain claimed it.
      expect(results.map((r) => r.recipients).sort((a, b) => a - b)).toEqual([0, members.length]);
      expect(results.reduce((sum, r) => sum + r.sent + r.queued, 0)).toBe(members.length);
      expect(members.map((m) => smtp.to(m.email).length)).toEqual(members.map(() => 1));
      expect((await rowsOf(first.body.data.messageId)).every((row) => row.state === 'sent')).toBe(true);
    });

    it('reports emails another node claimed first as queued, counts them, and logs them once sent', async () => {
      const token = await freshManager();
      const members = await emailsOfA();
      const service = outbox();
      const drain = service.drain;
      // Another node's worker claims one row between the message's commit and this request's own drain.
      service.drain = async (options) => {
        service.drain = drain;
        await service.claim({ limit: 1 });
        return drain.call(service, options);
      };
      let res;
      try {
        res = await send(token, 'Partly queued');
      } finally {
        service.drain = drain;
      }
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        recipients: members.length,
        sent: members.length - 1,
        failed: 0,
        queued: 1,
        // A queued email counts: it will be sent.
        remainingThisHour: MESSAGES_PER_HOUR - members.length,
      });
      expect(smtp.messages).toHaveLength(members.length - 1);
      const entry = async () =>
        (await http(app.strapi).get(path()).set(bearer(token))).body.data.find(
          (m: { documentId: string }) => m.documentId === res.body.data.messageId
        );
      expect(await entry()).toMatchObject({ sent: members.length - 1, queued: 1, failed: 0 });
      // A claimed row is not the manager's to retry.
      expect((await retry(token, res.body.data.messageId)).body.data).toMatchObject({ recipients: 0 });

      // The claiming node died; once its lease is over a worker sends the row, once.
      await service.drain({ now: new Date(Date.now() + 60 * 60_000) });
      expect(await entry()).toMatchObject({ sent: members.length, queued: 0, failed: 0 });
      expect(members.map((m) => smtp.to(m.email).length)).toEqual(members.map(() => 1));
    });
  });

  describe('search for accounts to add', () => {
    const candidates = (groupId: string, token: string, search?: string) =>
      http(app.strapi)
        .get(`/groups/groups/${groupId}/member-candidates`)
        .query(search === undefined ? {} : { search })
        .set(bearer(token));
    const emails = (res: { body: { data: Array<{ email: string }> } }) =>
      res.body.data.map((c) => c.email).sort();

    it('finds members of the manager’s other groups by name or email, never accounts outside them', async () => {
      const { strapi } = app;
      const { token: both } = await createManager(strapi, 'manager-ab@test.local', [
        { groupDocumentId: groupA.documentId },
        { groupDocumentId: groupB.documentId },
      ]);
      const inA = await memberIds(strapi, groupA.documentId);
      const inB = await memberIds(strapi, groupB.documentId);
      // The accounts as they are now (earlier tests renamed some).
      const current = (await strapi.db.query('plugin::users-permissions.user').findMany({
        where: { id: { $in: inA.filter((id) => !inB.includes(id)) }, blocked: { $ne: true } },
        select: ['id', 'username', 'email'],
      })) as Array<{ id: number; username: string; email: string }>;
      const expected = current.map((l) => l.email).sort();
      expect(expected.length).toBeGreaterThan(0);
      const all = await candidates(groupB.documentId, both);
      expect(all.status).toBe(200);
      // Exactly the members of A who are not in B: no account of no group of this manager.
      expect(emails(all)).toEqual(expected);
      const first = current.find((l) => l.email === expected[0])!;
      expect(emails(await candidates(groupB.documentId, both, first.username.toUpperCase()))).toEqual([
        first.email,
      ]);
      expect(emails(await candidates(groupB.documentId, both, first.email))).toEqual([first.email]);
      expect(all.body.data[0]).not.toHaveProperty('password');

      // Manager B sees no member of A: the search does not say that an address has an account.
      expect(emails(await candidates(groupB.documentId, managerB, first.email))).toEqual([]);
      // The Super Admin may add any account.
      expect(emails(await candidates(groupB.documentId, owner, first.email))).toEqual([first.email]);
    });

    it('refuses other groups, the read-only manager and over-long searches', async () => {
      expect((await candidates(groupB.documentId, managerA)).status).toBe(403);
      expect((await candidates(groupA.documentId, readOnlyA)).status).toBe(403);
      const long = await candidates(groupA.documentId, managerA, 'x'.repeat(500));
      expect(long.status).toBe(400);
    });
  });
});
