/**
 * Membership that runs itself, against a real Strapi (SQLite, and PostgreSQL in CI): join codes (shown
 * once, stored hashed, expiry, uses decided by the database, attempts limited per learner and per address,
 * two concurrent joins on the last use).
 */
import crypto from 'crypto';
import { INVALID_JOIN_CODE_TEXT } from '../../common/domain/join-codes';
import { createCourse, createGroup, requestEnrollment } from '../helpers/enrollments';
import { binary, readWorkbook } from '../helpers/xlsx';
import { bearer, createLearner, http, learnerLogin, registerSuperAdmin } from '../helpers/http';
import { createManager, createManagerRole, memberIds } from '../helpers/members';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const JOIN_CODE = 'plugin::groups.join-code';
const PER_USER = 5;
const PER_ADDRESS = 8;

describe('membership (real Strapi)', () => {
  let app: TestStrapi;
  let owner: string;
  let managerA: string;
  let managerB: string;
  let groupA: { id: number; documentId: string };
  let groupB: { id: number; documentId: string };
  let courseA: { id: number; documentId: string };
  let otherCourse: { id: number; documentId: string };
  let seq = 0;

  const codes = (groupId: string) => `/groups/groups/${groupId}/join-codes`;
  const newLearner = async () => {
    const learner = await createLearner(app.strapi, `joiner-${++seq}`);
    return { ...learner, jwt: await learnerLogin(app.strapi, learner.email) };
  };
  const join = (jwt: string, code: unknown) =>
    http(app.strapi).post('/api/groups/my/join').set(bearer(jwt)).send({ code });
  const makeCode = async (body: Record<string, unknown> = {}, token = managerA) => {
    const res = await http(app.strapi).post(codes(groupA.documentId)).set(bearer(token)).send(body);
    expect(res.status).toBe(201);
    return res.body.data as { documentId: string; code: string; prefix: string };
  };
  const storedCode = (documentId: string) =>
    app.strapi.db.query(JOIN_CODE).findOne({ where: { documentId } });

  beforeAll(async () => {
    process.env.GROUPS_JOIN_PER_USER = String(PER_USER);
    process.env.GROUPS_JOIN_PER_ADDRESS = String(PER_ADDRESS);
    process.env.GROUPS_REPORT_USER_FIELDS = 'department,employeeNumber,remote';
    app = await bootStrapi();
    const { strapi } = app;
    owner = (await registerSuperAdmin(strapi)).token;
    await createManagerRole(strapi);
    courseA = await createCourse(strapi, 'Course of A');
    otherCourse = await createCourse(strapi, 'Course of nobody');
    groupA = await createGroup(strapi, { enrollmentPolicy: 'approval', courses: [courseA.id] });
    groupB = await createGroup(strapi);
    managerA = (await createManager(strapi, 'codes-a@test.local', [{ groupDocumentId: groupA.documentId }]))
      .token;
    managerB = (await createManager(strapi, 'codes-b@test.local', [{ groupDocumentId: groupB.documentId }]))
      .token;
  });

  afterAll(async () => {
    delete process.env.GROUPS_JOIN_PER_USER;
    delete process.env.GROUPS_JOIN_PER_ADDRESS;
    delete process.env.GROUPS_REPORT_USER_FIELDS;
    await app?.stop();
  });

  // Each test starts in a fresh window of attempts; the limit tests below fill theirs on purpose.
  beforeEach(async () => {
    await app.strapi.db.query('plugin::groups.attempt-counter').deleteMany({ where: {} });
  });

  it('creates a long random code, shows it once and stores only its hash', async () => {
    const created = await makeCode({ label: 'Spring intake', maxUses: 30, courseId: courseA.documentId });
    expect(created.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    expect(created.prefix).toBe(created.code.slice(0, 4));
    const stored = await storedCode(created.documentId);
    const plain = created.code.replace(/-/g, '');
    expect(stored.codeHash).toBe(crypto.createHash('sha256').update(plain).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(plain);

    const list = await http(app.strapi).get(codes(groupA.documentId)).set(bearer(managerA));
    expect(list.status).toBe(200);
    const listed = list.body.data.find((c: { documentId: string }) => c.documentId === created.documentId);
    expect(listed).toMatchObject({
      label: 'Spring intake',
      maxUses: 30,
      uses: 0,
      state: 'active',
      course: { documentId: courseA.documentId, title: 'Course of A' },
    });
    expect(JSON.stringify(list.body)).not.toContain(plain);
    expect(JSON.stringify(list.body)).not.toContain(stored.codeHash);
  });

  it('refuses bad input with a 400 naming the field, and other groups with a 403', async () => {
    const post = (body: unknown, token = managerA, group = groupA.documentId) =>
      http(app.strapi)
        .post(codes(group))
        .set(bearer(token))
        .send(body as object);
    expect((await post({ maxUses: 0 })).body.error.message).toMatch(/maxUses/);
    expect((await post({ expiresAt: '2001-01-01T00:00:00Z' })).body.error.message).toMatch(/expiresAt/);
    expect((await post({ courseId: otherCourse.documentId })).body.error.message).toMatch(/courseId/);
    expect((await post({ surprise: true })).status).toBe(400);
    expect((await post({}, managerB)).status).toBe(403);
    expect((await http(app.strapi).get(codes(groupA.documentId)).set(bearer(managerB))).status).toBe(403);
    expect((await post({}, owner, 'no-such-group')).status).toBe(404);
  });

  it('lets a learner join with the code typed loosely, and asks for the course by the group policy', async () => {
    const { code, documentId } = await makeCode({ courseId: courseA.documentId });
    const learner = await newLearner();
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const res = await join(learner.jwt, typed);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      group: { documentId: groupA.documentId },
      joined: true,
      enrollment: { state: 'requested' },
    });
    expect(await memberIds(app.strapi, groupA.documentId)).toContain(learner.id);
    expect((await storedCode(documentId)).uses).toBe(1);

    // A member already: answered, and no use is spent.
    const again = await join(learner.jwt, code);
    expect(again.status).toBe(200);
    expect(again.body.data.joined).toBe(false);
    expect((await storedCode(documentId)).uses).toBe(1);
  });

  it('answers a wrong, expired, used-up or disabled code with the same sentence', async () => {
    const learner = await newLearner();
    const expired = await makeCode();
    await app.strapi.db.query(JOIN_CODE).update({
      where: { documentId: expired.documentId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const usedUp = await makeCode({ maxUses: 1 });
    expect((await join((await newLearner()).jwt, usedUp.code)).status).toBe(201);
    const disabled = await makeCode();
    const off = await http(app.strapi)
      .post(`${codes(groupA.documentId)}/${disabled.documentId}/disable`)
      .set(bearer(managerA));
    expect(off.body.data.state).toBe('disabled');

    for (const code of ['AAAA-BBBB-CCCC-DDDD-EEEE', expired.code, usedUp.code, disabled.code, 'short']) {
      const res = await join(learner.jwt, code);
      expect([code, res.status, res.body.error.message]).toEqual([code, 400, INVALID_JOIN_CODE_TEXT]);
    }
    expect(await memberIds(app.strapi, groupA.documentId)).not.toContain(learner.id);
    const list = await http(app.strapi).get(codes(groupA.documentId)).set(bearer(managerA));
    const state = (id: string) =>
      list.body.data.find((c: { documentId: string }) => c.documentId === id).state;
    expect([state(expired.documentId), state(usedUp.documentId), state(disabled.documentId)]).toEqual([
      'expired',
      'used-up',
      'disabled',
    ]);
  });

  it('limits attempts per learner in the database, even with a right code after the limit', async () => {
    const { code } = await makeCode();
    const learner = await newLearner();
    for (let i = 0; i < PER_USER; i += 1) {
      expect((await join(learner.jwt, `WRNG-CODE-0000-0000-000${i}`)).status).toBe(400);
    }
    const limited = await join(learner.jwt, code);
    expect(limited.status).toBe(429);
    expect(await memberIds(app.strapi, groupA.documentId)).not.toContain(learner.id);
  });

  it('limits attempts per address across learners', async () => {
    const learners = [await newLearner(), await newLearner(), await newLearner()];
    const statuses: number[] = [];
    for (const learner of learners) {
      for (let i = 0; i < 3; i += 1)
        statuses.push((await join(learner.jwt, 'WRNG-CODE-0000-0000-0000')).status);
    }
    expect(statuses).toEqual([...Array(PER_ADDRESS).fill(400), 429]);
  });

  it('spends the last use once when two learners join at the same moment', async () => {
    const { code, documentId } = await makeCode({ maxUses: 3 });
    await app.strapi.db.query(JOIN_CODE).update({ where: { documentId }, data: { uses: 2 } });
    const [first, second] = [await newLearner(), await newLearner()];
    const answers = await Promise.all([join(first.jwt, code), join(second.jwt, code)]);
    expect(answers.map((res) => res.status).sort()).toEqual([201, 400]);
    expect((await storedCode(documentId)).uses).toBe(3);
    const members = await memberIds(app.strapi, groupA.documentId);
    expect([first.id, second.id].filter((id) => members.includes(id))).toHaveLength(1);
  });

  describe("the site's own user fields in reports", () => {
    let group: { id: number; documentId: string };
    const people: Array<{ id: number; email: string }> = [];
    const report = (query: Record<string, string>) =>
      http(app.strapi).get('/groups/reports').query(query).set(bearer(owner));

    beforeAll(async () => {
      const { strapi } = app;
      const values = [
        { department: 'Sales', employeeNumber: 101, remote: true, locale: 'nl' },
        { department: 'Support', employeeNumber: 102, remote: false, locale: 'en' },
        { department: null, employeeNumber: null, remote: null, locale: 'en' },
      ];
      for (const data of values) {
        const learner = await createLearner(strapi, `fields-${++seq}`);
        await strapi.db.query('plugin::users-permissions.user').update({ where: { id: learner.id }, data });
        people.push(learner);
      }
      group = await createGroup(strapi, { courses: [courseA.id], members: people.map((p) => p.id) });
      for (const person of people) await requestEnrollment(strapi, person.id, group, courseA);
    });

    it('shows the listed attributes, typed, and nothing else of the account', async () => {
      const res = await report({ group: group.documentId, sort: 'email:asc' });
      expect(res.status).toBe(200);
      expect(res.body.meta.userFields).toEqual([
        { name: 'department', kind: 'enumeration', values: ['Sales', 'Support', 'Engineering', 'Finance'] },
        { name: 'employeeNumber', kind: 'number' },
        { name: 'remote', kind: 'boolean' },
      ]);
      expect(res.body.data.map((row: { userFields: unknown }) => row.userFields)).toEqual([
        { department: 'Sales', employeeNumber: 101, remote: true },
        { department: 'Support', employeeNumber: 102, remote: false },
        { department: null, employeeNumber: null, remote: null },
      ]);
      // The learner's locale is an attribute too, but not one the site owner listed.
      expect(JSON.stringify(res.body)).not.toMatch(/"locale"|password/);
    });

    it('filters the report and the enrollment list by them, and refuses unlisted fields and bad values', async () => {
      const emails = (res: { body: { data: Array<{ learner: { email: string } }> } }) =>
        res.body.data.map((row) => row.learner.email);
      expect(emails(await report({ group: group.documentId, userField: 'department:sales' }))).toEqual([
        people[0].email,
      ]);
      expect(emails(await report({ group: group.documentId, userField: 'remote:false' }))).toEqual([
        people[1].email,
      ]);
      const list = await http(app.strapi)
        .get('/groups/enrollments')
        .query({ group: group.documentId, userField: 'employeeNumber:102' })
        .set(bearer(owner));
      expect([list.status, emails(list), list.body.meta.userFields.length]).toEqual([
        200,
        [people[1].email],
        3,
      ]);

      for (const [filter, message] of [
        ['locale:en', /locale is not a report user field; the site lists department, employeeNumber, remote/],
        ['department:Legal', /department must be one of Sales, Support, Engineering, Finance/],
        ['remote:yes', /remote must be true or false/],
        ['password', /must be <attribute>:<value>/],
      ] as const) {
        const res = await report({ group: group.documentId, userField: filter });
        expect([filter, res.status, res.body.error?.message]).toEqual([
          filter,
          400,
          expect.stringMatching(message),
        ]);
      }
    });

    it('exports them as typed columns', async () => {
      const res = await http(app.strapi)
        .get('/groups/reports/export')
        .query({ group: group.documentId, sort: 'email:asc' })
        .set(bearer(owner))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      const sheet = (await readWorkbook(res.body)).getWorksheet('Enrollments')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const at = (name: string) => header.indexOf(name) + 1;
      expect(header.slice(-3)).toEqual(['department', 'employeeNumber', 'remote']);
      const row = sheet.getRow(2);
      expect([
        row.getCell(at('department')).value,
        row.getCell(at('employeeNumber')).value,
        row.getCell(at('remote')).value,
      ]).toEqual(['Sales', 101, true]);
      expect(sheet.getRow(4).getCell(at('remote')).value).toBeNull();
    });
  });
});
