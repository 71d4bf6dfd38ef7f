/**
 * Relation-id filters on the plugin's types (the shape scope conditions take) are answered with an id
 * subquery on the link table instead of LEFT JOINs, and return exactly the rows the joins would.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { recordStatements } from '../helpers/sql';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';

const ENROLLMENT = 'plugin::groups.enrollment';

describe('relation-id filters become link-table subqueries (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let owner: string;
  const inGroup: Record<'a' | 'b', number[]> = { a: [], b: [] };
  const groupIds: Record<'a' | 'b', number> = { a: 0, b: 0 };

  const sqlOf = async (fn: () => Promise<unknown>) =>
    (await recordStatements(strapi, fn))
      .map((statement) => statement.sql)
      .filter((sql) => sql.includes('groups_enrollments'));

  const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id).sort((x, y) => x - y);

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    owner = (await registerSuperAdmin(strapi)).token;
    const course = await createCourse(strapi);
    const learners = await createLearners(strapi, 5);
    for (const [key, count] of [
      ['a', 3],
      ['b', 2],
    ] as const) {
      const members = learners.slice(0, count).map((l) => l.id);
      const group = await createGroup(strapi, { members, courses: [course.id] });
      groupIds[key] = group.id;
      for (const learnerId of members) {
        inGroup[key].push((await requestEnrollment(strapi, learnerId, group, course)).id);
      }
    }
    inGroup.a.sort((x, y) => x - y);
    inGroup.b.sort((x, y) => x - y);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('filters by group id with a subquery, no join, and the same rows', async () => {
    let rows: Array<{ id: number }> = [];
    const sql = await sqlOf(async () => {
      rows = await strapi.db.query(ENROLLMENT).findMany({ where: { group: { id: { $in: [groupIds.a] } } } });
    });
    expect(ids(rows)).toEqual(inGroup.a);
    expect(sql[0]).toMatch(/in \(select .enrollment_id. from .groups_enrollments_group_lnk./i);
    expect(sql[0]).not.toMatch(/join/i);
  });

  it('rewrites counts, $eq and numeric strings, inside $and and $or', async () => {
    expect(await strapi.db.query(ENROLLMENT).count({ where: { group: { id: groupIds.b } } })).toBe(2);
    const either = await strapi.db.query(ENROLLMENT).findMany({
      where: { $or: [{ group: { id: { $eq: String(groupIds.a) } } }, { group: { id: groupIds.b } }] },
    });
    expect(ids(either)).toEqual([...inGroup.a, ...inGroup.b].sort((x, y) => x - y));
    const both = await strapi.db.query(ENROLLMENT).findMany({
      where: { $and: [{ group: { id: { $in: [groupIds.a, groupIds.b] } } }, { id: { $in: inGroup.b } }] },
    });
    expect(ids(both)).toEqual(inGroup.b);
  });

  it('leaves $not and other relation filters to the joins', async () => {
    let rows: Array<{ id: number }> = [];
    const sql = await sqlOf(async () => {
      rows = await strapi.db.query(ENROLLMENT).findMany({ where: { $not: { group: { id: groupIds.a } } } });
    });
    expect(ids(rows)).toEqual(inGroup.b);
    expect(sql[0]).toMatch(/join/i);
    const byName = await strapi.db
      .query(ENROLLMENT)
      .findMany({ where: { group: { id: groupIds.a, slug: 'x' } } });
    expect(byName).toEqual([]);
  });

  it('serves the Content Manager list filtered by group', async () => {
    const res = await http(strapi)
      .get(
        `/content-manager/collection-types/${ENROLLMENT}?page=1&pageSize=10&filters[$and][0][group][id][$eq]=${groupIds.a}`
      )
      .set(bearer(owner));
    expect(res.status).toBe(200);
    expect(res.body.pagination.total).toBe(3);
    expect(ids(res.body.results)).toEqual(inGroup.a);
  });
});
