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
import { recordStatements } from '../helpers/sql';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const JOIN_CODE = 'plugin::groups.join-code';
const GROUP_UID = 'plugin::groups.group';
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
    process.env.GROUPS_MANAGERS_MAY_EDIT_RULES = 'true';
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
    delete process.env.GROUPS_MANAGERS_MAY_EDIT_RULES;
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

  it('allows joining for the Authenticated role once on a site that started before the route existed', async () => {
    const { strapi } = app;
    const PERMISSION = 'plugin::users-permissions.permission';
    const JOIN = 'plugin::groups.join-codes.join';
    const grants = strapi.plugin('groups').service('learner-permissions');
    const store = strapi.store({ type: 'plugin', name: 'groups' });
    const role = await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    const joinAllowed = async () =>
      (await strapi.db.query(PERMISSION).count({ where: { action: JOIN, role: { id: role.id } } })) > 0;
    // An existing site: the flag of the first release, and no join permission yet.
    await strapi.db.query(PERMISSION).deleteMany({ where: { action: JOIN, role: { id: role.id } } });
    await store.set({ key: 'learner-permissions-granted', value: true });
    expect(await grants.grantOnce()).toBe(true);
    expect(await joinAllowed()).toBe(true);
    expect(await store.get({ key: 'learner-permissions-granted' })).toContain(JOIN);
    // The site owner unticks it afterwards: the next start keeps that choice.
    await strapi.db.query(PERMISSION).deleteMany({ where: { action: JOIN, role: { id: role.id } } });
    expect(await grants.grantOnce()).toBe(false);
    expect(await joinAllowed()).toBe(false);
    await strapi.db.query(PERMISSION).create({ data: { action: JOIN, role: role.id } });
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

  describe('membership rules', () => {
    const USER = 'plugin::users-permissions.user';
    const rule = (groupId: string) => `/groups/groups/${groupId}/membership-rule`;
    const sales = {
      match: 'all',
      conditions: [{ attribute: 'department', operator: 'equals', values: ['Sales'] }],
    };
    const put = (groupId: string, body: unknown, token = owner) =>
      http(app.strapi)
        .put(rule(groupId))
        .set(bearer(token))
        .send(body as object);
    const person = async (department: string | null) => {
      const learner = await createLearner(app.strapi, `rule-${++seq}`);
      await app.strapi.db.query(USER).update({ where: { id: learner.id }, data: { department } });
      return learner;
    };
    const setDepartment = (documentId: string, department: string) =>
      // The document service, as the Content Manager writes.
      app.strapi.documents(USER as never).update({ documentId, data: { department } as never });

    it('refuses a rule on an unknown, private or unusable attribute with a 400 naming it', async () => {
      const cases: Array<[unknown, RegExp]> = [
        [{ attribute: 'shoeSize', operator: 'equals', values: ['42'] }, /"shoeSize" is not an attribute/],
        [{ attribute: 'password', operator: 'equals', values: ['x'] }, /"password" is private/],
        [
          { attribute: 'resetPasswordToken', operator: 'equals', values: ['x'] },
          /"resetPasswordToken" is private/,
        ],
        [{ attribute: 'provider', operator: 'equals', values: ['local'] }, /"provider" is private/],
        [
          { attribute: 'employeeNumber', operator: 'equals', values: ['1'] },
          /"employeeNumber" is a integer attribute/,
        ],
        [{ attribute: 'remote', operator: 'endsWith', values: [true] }, /remote is boolean; use equals/],
        [
          { attribute: 'department', operator: 'oneOf', values: ['Sales', 'Legal'] },
          /department is one of Sales/,
        ],
      ];
      for (const [condition, message] of cases) {
        const res = await put(groupA.documentId, { match: 'all', conditions: [condition] });
        expect([condition, res.status, res.body.error.message]).toEqual([
          condition,
          400,
          expect.stringMatching(message),
        ]);
      }
      expect((await put(groupA.documentId, { match: 'some', conditions: [] })).status).toBe(400);
      expect(await app.strapi.db.query('plugin::groups.membership-rule').count({})).toBe(0);
    });

    it('applies at once, follows users in and out, keeps manual members and attributes changes to the rule', async () => {
      const { strapi } = app;
      const [s1, s2, support, manualSupport, manualSales] = [
        await person('Sales'),
        await person('Sales'),
        await person('Support'),
        await person('Support'),
        await person('Sales'),
      ];
      const group = await createGroup(strapi, {
        enrollmentPolicy: 'approval',
        courses: [courseA.id],
        members: [manualSupport.id, manualSales.id],
      });
      // Every Sales user of the site but the one who is a member already (earlier tests made some too).
      const expected = (await strapi.db.query(USER).count({ where: { department: 'Sales' } })) - 1;
      const saved = await put(group.documentId, { ...sales, onLeave: 'leave' });
      expect(saved.status).toBe(200);
      expect(saved.body.meta).toEqual({ added: expected, removed: 0 });
      expect(saved.body.data).toMatchObject({ match: 'all', onLeave: 'leave', ruleMembers: expected });
      let members = await memberIds(strapi, group.documentId);
      expect([s1.id, s2.id, manualSupport.id, manualSales.id].every((id) => members.includes(id))).toBe(true);
      expect(members).not.toContain(support.id);

      // Out: s1 moves to Support through the document service; their open request is cancelled by the rule.
      const enrollment = await requestEnrollment(strapi, s1.id, group, courseA);
      await setDepartment(s1.documentId, 'Support');
      members = await memberIds(strapi, group.documentId);
      expect(members).not.toContain(s1.id);
      const after = await strapi.db
        .query('plugin::groups.enrollment')
        .findOne({ where: { id: enrollment.id } });
      expect(after.state).toBe('cancelled');
      expect(after.history.at(-1)).toMatchObject({
        by: `rule:${saved.body.data.documentId}`,
        from: 'requested',
        to: 'cancelled',
      });

      // In: an update through the query engine, and a registration.
      await strapi.db.query(USER).update({ where: { id: support.id }, data: { department: 'Sales' } });
      const registered = await strapi
        .plugin('users-permissions')
        .service('user')
        .add({
          username: `registered-${++seq}`,
          email: `registered-${seq}@learners.test`,
          provider: 'local',
          confirmed: true,
          department: 'Sales',
        });
      members = await memberIds(strapi, group.documentId);
      expect(members).toEqual(expect.arrayContaining([support.id, registered.id]));

      // Members added by hand stay, whatever their attributes say.
      await setDepartment(manualSales.documentId, 'Finance');
      members = await memberIds(strapi, group.documentId);
      expect(members).toEqual(expect.arrayContaining([manualSupport.id, manualSales.id]));
    });

    it('lets members stay when the rule says so', async () => {
      const mover = await person('Sales');
      const group = await createGroup(app.strapi);
      expect((await put(group.documentId, { ...sales, onLeave: 'stay' })).body.meta.added).toBeGreaterThan(0);
      await setDepartment(mover.documentId, 'Engineering');
      expect(await memberIds(app.strapi, group.documentId)).toContain(mover.id);
    });

    it('previews adds and removes; a manager sees counts of their own groups only, and only for their groups', async () => {
      const group = await createGroup(app.strapi);
      const preview = (token: string, groupId = group.documentId) =>
        http(app.strapi)
          .post(`${rule(groupId)}/preview`)
          .set(bearer(token))
          .send(sales);
      const total = await app.strapi.db.query(USER).count({ where: { department: 'Sales' } });
      expect((await preview(owner)).body.data).toEqual({ adds: total, removes: 0, limited: false });
      // Manager A may edit rules here (managersMayEditRules) for group A, and sees only A's members.
      const inA = await preview(managerA, groupA.documentId);
      expect(inA.status).toBe(200);
      expect(inA.body.data.limited).toBe(true);
      expect(inA.body.data.adds).toBeLessThan(total);
      expect((await preview(managerB, groupA.documentId)).status).toBe(403);
      expect((await put(groupA.documentId, sales, managerB)).status).toBe(403);
    });

    describe('removals by hand and deletions', () => {
      const CM = '/content-manager/collection-types';
      const RULE_MEMBER = 'plugin::groups.rule-member';
      const rows = async (groupId: number) =>
        (await app.strapi.db.query(RULE_MEMBER).findMany({ where: { groupId } })) as Array<{
          userId: number;
          excludedAt: string | null;
        }>;
      const excludedOf = async (groupId: number) =>
        (await rows(groupId))
          .filter((r) => r.excludedAt)
          .map((r) => r.userId)
          .sort();
      const keptOf = async (groupId: number) =>
        (await rows(groupId))
          .filter((r) => !r.excludedAt)
          .map((r) => r.userId)
          .sort();
      const ruleOf = async (groupId: string) =>
        (await http(app.strapi).get(rule(groupId)).set(bearer(owner))).body.data;

      it('records a member removed by hand on any path as left out, and never adds them back silently', async () => {
        const { strapi } = app;
        const [viaGroup, viaLearner, viaPage, viaQuery, mover] = [
          await person('Sales'),
          await person('Sales'),
          await person('Sales'),
          await person('Sales'),
          await person('Sales'),
        ];
        const manual = await person('Sales');
        const group = await createGroup(strapi, { members: [manual.id] });
        expect((await put(group.documentId, { ...sales, onLeave: 'leave' })).status).toBe(200);
        for (const p of [viaGroup, viaLearner, viaPage, viaQuery, mover]) {
          expect(await keptOf(group.id)).toContain(p.id);
        }

        // The Content Manager, from the group's side and from the learner's side.
        const fromGroup = await http(strapi)
          .put(`${CM}/${GROUP_UID}/${group.documentId}`)
          .set(bearer(owner))
          .send({ members: { disconnect: [{ documentId: viaGroup.documentId }] } });
        expect(fromGroup.status).toBe(200);
        const fromLearner = await http(strapi)
          .put(`${CM}/${USER}/${viaLearner.documentId}`)
          .set(bearer(owner))
          .send({ groups: { disconnect: [{ documentId: group.documentId }] } });
        expect(fromLearner.status).toBe(200);
        // The Members page, for a rule member and for a member added by hand who matches the rule too.
        for (const p of [viaPage, manual]) {
          const res = await http(strapi)
            .delete(`/groups/groups/${group.documentId}/members/${p.documentId}`)
            .set(bearer(owner));
          expect(res.status).toBe(200);
        }
        // A direct query-engine write tells nobody: the rule settles it before it looks at the user again.
        await strapi.db
          .query(GROUP_UID)
          .update({ where: { id: group.id }, data: { members: { disconnect: [viaQuery.id] } } });

        const removed = [viaGroup, viaLearner, viaPage, manual, viaQuery];
        for (const p of removed) await setDepartment(p.documentId, 'Sales');
        const members = await memberIds(strapi, group.documentId);
        expect(removed.filter((p) => members.includes(p.id))).toEqual([]);
        expect(await excludedOf(group.id)).toEqual(removed.map((p) => p.id).sort());
        expect(await ruleOf(group.documentId)).toMatchObject({ excluded: 5 });
        expect((await ruleOf(group.documentId)).ruleMembers).toBe((await keptOf(group.id)).length);

        // The rule's own removal, even inside a Content Manager edit of the learner, is no exclusion:
        // the learner comes back when they match again.
        const away = await http(strapi)
          .put(`${CM}/${USER}/${mover.documentId}`)
          .set(bearer(owner))
          .send({ department: 'Support', groups: { connect: [], disconnect: [] } });
        expect(away.status).toBe(200);
        expect(await memberIds(strapi, group.documentId)).not.toContain(mover.id);
        expect((await rows(group.id)).map((r) => r.userId)).not.toContain(mover.id);
        await setDepartment(mover.documentId, 'Sales');
        expect(await memberIds(strapi, group.documentId)).toContain(mover.id);

        // Added again by hand: a member the rule never removes, whatever their department.
        const back = await http(strapi)
          .post(`/groups/groups/${group.documentId}/members`)
          .set(bearer(owner))
          .send({ userId: viaPage.documentId });
        expect(back.status).toBeLessThan(300);
        await setDepartment(viaPage.documentId, 'Finance');
        expect(await memberIds(strapi, group.documentId)).toContain(viaPage.id);
      });

      it("deletes a deleted group's rule and rows, and a deleted user's rows", async () => {
        const { strapi } = app;
        const [stays, goes] = [await person('Sales'), await person('Sales')];
        const group = await createGroup(strapi);
        expect((await put(group.documentId, sales)).status).toBe(200);
        expect(await keptOf(group.id)).toEqual(expect.arrayContaining([stays.id, goes.id]));

        const user = await http(strapi).delete(`${CM}/${USER}/${goes.documentId}`).set(bearer(owner));
        expect(user.status).toBe(200);
        expect(await strapi.db.query(RULE_MEMBER).count({ where: { userId: goes.id } })).toBe(0);

        // A bulk delete of the query engine (no ids in its event) takes the rows along too.
        const bulk = [await person('Sales'), await person('Sales')].map((p) => p.id);
        expect(await keptOf(group.id)).toEqual(expect.arrayContaining(bulk));
        await strapi.db.query(USER).deleteMany({ where: { id: { $in: bulk } } });
        expect(await strapi.db.query(RULE_MEMBER).count({ where: { userId: { $in: bulk } } })).toBe(0);
        expect(await keptOf(group.id)).toContain(stays.id);
        const other = await createGroup(strapi);
        expect((await put(other.documentId, sales)).status).toBe(200);
        await strapi.db.query(GROUP_UID).deleteMany({ where: { id: other.id } });
        expect(await strapi.db.query(RULE_MEMBER).count({ where: { groupId: other.id } })).toBe(0);
        expect(
          await strapi.db.query('plugin::groups.membership-rule').count({ where: { groupId: other.id } })
        ).toBe(0);

        const deleted = await http(strapi)
          .delete(`${CM}/${GROUP_UID}/${group.documentId}`)
          .set(bearer(owner));
        expect(deleted.status).toBe(200);
        expect(await strapi.db.query(RULE_MEMBER).count({ where: { groupId: group.id } })).toBe(0);
        expect(
          await strapi.db.query('plugin::groups.membership-rule').count({ where: { groupId: group.id } })
        ).toBe(0);
      });
    });

    it('takes "one of" values as a list, so a value may hold a comma', async () => {
      const { strapi } = app;
      const named = await createLearner(strapi, `comma-${++seq}`);
      await strapi.db.query(USER).update({ where: { id: named.id }, data: { username: 'Janssen, Piet' } });
      const group = await createGroup(strapi);
      const body = {
        match: 'all',
        conditions: [{ attribute: 'username', operator: 'oneOf', values: ['Janssen, Piet', 'Nobody'] }],
      };
      const preview = await http(strapi)
        .post(`${rule(group.documentId)}/preview`)
        .set(bearer(owner))
        .send(body);
      expect(preview.body.data).toMatchObject({ adds: 1, removes: 0 });
      expect((await put(group.documentId, body)).body.meta).toEqual({ added: 1, removed: 0 });
      expect(await memberIds(strapi, group.documentId)).toEqual([named.id]);
      expect(
        (await http(strapi).get(rule(group.documentId)).set(bearer(owner))).body.data.conditions
      ).toEqual(body.conditions);
      // One text holding several values is not a list.
      const text = await put(group.documentId, {
        ...body,
        conditions: [{ attribute: 'username', operator: 'oneOf', values: 'Janssen, Piet' }],
      });
      expect([text.status, text.body.error.message]).toEqual([400, expect.stringMatching(/values/)]);
    });

    it('applies a rule to 20,000 users in a bounded number of SQL statements', async () => {
      const { strapi } = app;
      const knex = strapi.db.connection;
      const rows = Array.from({ length: 20_000 }, (_, i) => ({
        document_id: `bulkuser${String(i).padStart(16, '0')}`,
        username: `bulk-${i}`,
        email: `bulk-${i}@learners.test`,
        provider: 'local',
        confirmed: true,
        blocked: false,
        department: i % 2 ? 'Engineering' : 'Finance',
        created_at: new Date(),
        updated_at: new Date(),
      }));
      for (let i = 0; i < rows.length; i += 500) await knex('up_users').insert(rows.slice(i, i + 500));
      const group = await createGroup(strapi);
      let res: { status: number; body: Record<string, any> } | undefined;
      const statements = await recordStatements(strapi, async () => {
        res = await put(group.documentId, {
          match: 'any',
          conditions: [{ attribute: 'department', operator: 'oneOf', values: ['Engineering'] }],
        });
      });
      expect(res!.status).toBe(200);
      expect(res!.body.meta.added).toBeGreaterThanOrEqual(10_000);
      expect((await memberIds(strapi, group.documentId)).length).toBe(res!.body.meta.added);
      // Authentication and the permission checks of the request included; not one statement per user.
      expect(statements.length).toBeLessThan(40);

      // Everyone leaves again in a few statements too.
      const leave = await recordStatements(strapi, async () => {
        res = await put(group.documentId, {
          match: 'all',
          conditions: [{ attribute: 'department', operator: 'equals', values: ['Support'] }],
        });
      });
      expect(res!.body.meta.removed).toBeGreaterThanOrEqual(10_000);
      expect(leave.length).toBeLessThan(120);
    });
  });
});
