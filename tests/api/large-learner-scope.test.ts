/**
 * A manager whose groups have more members than SQLite binds in one statement (32,766): the learner
 * condition lists every member for the Content Manager's in-memory checks, but no SQL statement may bind
 * that list. Lists, counts and populated learners ask for the membership instead (scope-filters
 * `membershipForLearnerLists`), and the answers stay exactly the manager's scope.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { recordStatements } from '../helpers/sql';
import {
  adminLogin,
  bearer,
  createAdminUser,
  createLearner,
  http,
  registerSuperAdmin,
} from '../helpers/http';
import { createCourse, createGroup, requestEnrollment } from '../helpers/enrollments';
import { seedLearners, seedMembers } from '../bench/seed';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';

const MEMBERS = 33_000;
const CM = '/content-manager/collection-types';
const LEARNER = 'plugin::users-permissions.user';
const ENROLLMENT = 'plugin::groups.enrollment';

describe('a learner scope larger than SQLite binds (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let token: string;
  let ownerToken: string;
  let members: number[];
  let outsider: { id: number; documentId: string };
  const enrolled: number[] = [];

  /** The most values any statement bound while `fn` ran. */
  const mostBindings = async (fn: () => Promise<unknown>) => {
    const statements = await recordStatements(strapi, fn);
    // A listener that heard nothing would make any bound below pass.
    expect(statements.length).toBeGreaterThan(0);
    return Math.max(...statements.map((statement) => statement.bindings.length));
  };

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    ownerToken = (await registerSuperAdmin(strapi)).token;
    const course = await createCourse(strapi);
    const mine = await createGroup(strapi, { courses: [course.id] });
    members = await seedLearners(strapi, MEMBERS, { prefix: 'bulk', password: 'Bulk-pass-2026' });
    await seedMembers(strapi, mine.id, members);
    const created = await createLearner(strapi, 'outsider-of-the-big-group');
    outsider = { id: created.id, documentId: created.documentId };
    const theirs = await createGroup(strapi, { members: [outsider.id], courses: [course.id] });
    // The outsider has an enrollment of their own, so a leak through the learner filter has a row to show.
    await requestEnrollment(strapi, outsider.id, theirs, course);
    for (const learnerId of [members[0], members[MEMBERS - 1]]) {
      enrolled.push((await requestEnrollment(strapi, learnerId, mine, course)).id);
    }
    const manager = await createAdminUser(strapi, 'big-scope@test.local', [GROUP_MANAGER_ROLE.code]);
    await strapi.documents('plugin::groups.group-manager').create({
      data: { user: manager.id, group: mine.documentId, canManageEnrollments: true, canManageMembers: true },
    } as never);
    token = await adminLogin(strapi, 'big-scope@test.local');
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists and counts the learners of the scope without binding the member list', async () => {
    let res!: Awaited<ReturnType<ReturnType<typeof http>['get']>>;
    const most = await mostBindings(async () => {
      res = await http(strapi).get(`${CM}/${LEARNER}?page=1&pageSize=10&sort=id:DESC`).set(bearer(token));
    });
    expect(res.status).toBe(200);
    expect(res.body.pagination.total).toBe(MEMBERS);
    expect(res.body.results[0].id).toBe(members[MEMBERS - 1]);
    expect(res.body.results.map((r: { id: number }) => r.id)).not.toContain(outsider.id);
    expect(most).toBeLessThan(1000);
  });

  it("lists the scope's enrollments with their learners populated", async () => {
    let res!: Awaited<ReturnType<ReturnType<typeof http>['get']>>;
    const most = await mostBindings(async () => {
      res = await http(strapi).get(`${CM}/${ENROLLMENT}?page=1&pageSize=10`).set(bearer(token));
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { id: number }) => r.id).sort()).toEqual([...enrolled].sort());
    for (const row of res.body.results) expect(row.learner?.username).toMatch(/^bulk\d{6}$/);
    expect(most).toBeLessThan(1000);
  });

  it('reads no member list for a list of enrollments, and still only its learners', async () => {
    const statements = await recordStatements(strapi, async () => {
      const res = await http(strapi).get(`${CM}/${ENROLLMENT}?page=1&pageSize=10`).set(bearer(token));
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: { id: number }) => r.id).sort()).toEqual([...enrolled].sort());
      for (const row of res.body.results) expect(row.learner?.username).toMatch(/^bulk\d{6}$/);
    });
    // The scope service's list of every member id of the manager's groups (services/scope.ts).
    const memberList = /select distinct\W+user_id\W+as\W+id\W+from\W+(\w+\W+)?groups_groups_members_lnk/i;
    expect(statements.filter((statement) => memberList.test(statement.sql))).toEqual([]);
  });

  it('opens a member and refuses a learner outside the scope', async () => {
    const member = await strapi.db.query(LEARNER).findOne({ where: { id: members[1234] } });
    const open = await http(strapi).get(`${CM}/${LEARNER}/${member.documentId}`).set(bearer(token));
    expect(open.status).toBe(200);
    expect(open.body.data.username).toBe(member.username);
    const refused = await http(strapi).get(`${CM}/${LEARNER}/${outsider.documentId}`).set(bearer(token));
    expect(refused.status).toBe(403);
  });

  it("finds no outsider through a filter on a scope enrollment's learner", async () => {
    const url = `${CM}/${ENROLLMENT}?filters[learner][username][$eq]=outsider-of-the-big-group`;
    const owner = await http(strapi).get(url).set(bearer(ownerToken));
    expect(owner.body.pagination.total).toBe(1);
    const res = await http(strapi).get(url).set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body.pagination.total).toBe(0);
  });
});
