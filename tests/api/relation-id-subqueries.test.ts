/**
 * Relation-id filters on the plugin's types (the shape scope conditions take) are answered with an id
 * subquery on the link table instead of LEFT JOINs, and return exactly the rows the joins would.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { recordStatements } from '../helpers/sql';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { walkedFirstSubquery, type OwnOrder } from '../../server/src/strapi-patches/relation-id-subqueries';

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

  const sqlite = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'sqlite';
  const query = () => strapi.db.query(ENROLLMENT);
  /** The same filter in a form the rewrite leaves to Strapi's joins: the rows the rewrite must return. */
  const byJoins = (groups: number[]) => ({
    group: { $and: [{ id: { $in: groups } }, { id: { $notNull: true } }] },
  });
  /** Ids no group has: lengthen a list without changing what it matches. */
  const absent = (count: number) => Array.from({ length: count }, (_, i) => 10_000_000 + i);

  it('counts a filter that is the subquery alone on the link table, with the same number', async () => {
    const both = [groupIds.a, groupIds.b];
    let total = 0;
    const sql = await sqlOf(async () => {
      total = await query().count({ where: { $and: [{ group: { id: { $in: both } } }] } });
    });
    expect(total).toBe(5);
    expect(total).toBe(await query().count({ where: byJoins(both) }));
    expect(sql).toHaveLength(1);
    // count(*) under the plugin's unique index on the enrollment column (tests/api/one-group-link.test.ts).
    expect(sql[0]).toMatch(/count\((distinct .enrollment_id.|\*)\).* from .groups_enrollments_group_lnk./i);
    expect(sql[0]).not.toMatch(/from .groups_enrollments. as/i);
    // With any other filter beside it, Strapi's own count.
    const withState = await sqlOf(async () => {
      total = await query().count({ where: { group: { id: both }, state: 'requested' } });
    });
    expect(total).toBe(5);
    expect(withState[0]).toMatch(/from .groups_enrollments. as .t0./i);
  });

  it('leaves out an enrollment without a group and counts a group without enrollments as 0', async () => {
    const empty = await createGroup(strapi);
    const orphan = (await query().create({ data: { state: 'requested' } })) as { id: number };
    try {
      const all = [groupIds.a, groupIds.b, empty.id];
      for (const groups of [all, [...all, ...absent(200)]]) {
        expect(await query().count({ where: { group: { id: { $in: groups } } } })).toBe(5);
        const rows = await query().findMany({
          where: { group: { id: { $in: groups } } },
          orderBy: { id: 'asc' },
        });
        expect(ids(rows)).toEqual([...inGroup.a, ...inGroup.b].sort((x, y) => x - y));
        expect(ids(rows)).not.toContain(orphan.id);
      }
      expect(await query().count({ where: { group: { id: empty.id } } })).toBe(0);
      expect(await query().findMany({ where: { group: { id: empty.id } } })).toEqual([]);
    } finally {
      await query().delete({ where: { id: orphan.id } });
    }
  });

  it('asks a filter on most of the groups per row on SQLite in id order, with the rows and order of the joins', async () => {
    const groups = [groupIds.a, groupIds.b, ...absent(150)];
    for (const orderBy of [
      { id: 'asc' },
      { updatedAt: 'desc' },
      { updatedAt: 'asc' },
      { id: 'desc' },
      { requestedAt: 'desc' },
      { requestedAt: 'asc' },
      { progress: 'desc' },
    ] as Array<Record<string, 'asc' | 'desc'>>) {
      let rows: Array<{ id: number }> = [];
      const sql = await sqlOf(async () => {
        rows = await query().findMany({
          where: { group: { id: { $in: groups } } },
          orderBy: [orderBy, { id: 'asc' }],
          limit: 3,
          offset: 1,
        });
      });
      const joined = await query().findMany({
        where: byJoins(groups),
        orderBy: [orderBy, { id: 'asc' }],
        limit: 3,
        offset: 1,
      });
      expect(rows.map((r) => r.id)).toEqual(joined.map((r: { id: number }) => r.id));
      expect(rows).toHaveLength(3);
      // Per row where the page walks the table, or an index of its order, and stops (SQLite: the request
      // and due dates, and updatedAt desc then id, sort-indexes.ts); sorted otherwise, the ids are sorted
      // first and checked until the page is full.
      const walks = !('progress' in orderBy) && orderBy.updatedAt !== 'asc';
      if (sqlite && walks) expect(sql[0]).toMatch(/.l.\..enrollment_id. = .t0.\..id./);
      else expect(sql[0]).not.toMatch(/.t0.\..id. and/);
      if (sqlite && !walks) expect(sql[0]).toMatch(/from \(select .e.\..id. from/);
      // PostgreSQL walks a bounded window of the index, then sorts the scope's rows if the page is not in it.
      if (!sqlite) expect(sql[0].includes('with "walked"')).toBe(walks);
    }
    // With a filter of its own beside the groups, a page keeps the list (sorted first would need it inside).
    const filtered = { $and: [{ group: { id: { $in: groups } } }, { state: 'requested' }] };
    let own: Array<{ id: number }> = [];
    const ownSql = await sqlOf(async () => {
      own = await query().findMany({
        where: filtered,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        limit: 2,
      });
    });
    expect(ownSql[0]).not.toMatch(/from \(select .e.\..id. from/);
    expect(own.map((r) => r.id)).toEqual(
      (
        await query().findMany({
          where: { $and: [byJoins(groups), { state: 'requested' }] },
          orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
          limit: 2,
        })
      ).map((r: { id: number }) => r.id)
    );
    // A short list keeps the list form, whatever share of the groups it names.
    const short = await sqlOf(() => query().findMany({ where: { group: { id: groupIds.a } } }));
    expect(short[0]).not.toMatch(/.t0.\..id.\s*(and|\))/);
  });

  (sqlite ? it.skip : it)(
    "finds a PostgreSQL page's rows by the bounded walk or, past its window, by the scope's own sort",
    async () => {
      const link = {
        name: 'groups_enrollments_group_lnk',
        joinColumn: { name: 'enrollment_id' },
        inverseJoinColumn: { name: 'group_id' },
        targetTable: 'groups_groups',
      };
      const knex = strapi.db.connection;
      const groups = [groupIds.b, groupIds.a];
      for (const order of [
        [{ column: 'requested_at', order: 'desc' }],
        [
          { column: 'updated_at', order: 'desc' },
          { column: 'id', order: 'asc' },
        ],
        [{ column: 'id', order: 'desc' }],
      ] as OwnOrder[]) {
        const all = await knex('groups_enrollments')
          .select('id')
          .whereIn('id', [...inGroup.a, ...inGroup.b])
          .orderBy([...order, { column: 'id', order: 'asc' }]);
        // Window 1: the walk reads one row and the scope's own sort answers; 1,000: the walk alone.
        for (const window of [1, 2, 1000])
          for (const take of [1, 3, 5]) {
            const found = await knex.select('id').from(
              walkedFirstSubquery(strapi, {
                table: 'groups_enrollments',
                order,
                link,
                ids: groups,
                take,
                window,
              }).as('p')
            );
            // The walk's rows may come again from the sort (UNION ALL): an IN list reads each id once.
            expect([...new Set(found.map((r: { id: number }) => r.id))].sort((x, y) => x - y)).toEqual(
              all
                .slice(0, take)
                .map((r: { id: number }) => r.id)
                .sort((x: number, y: number) => x - y)
            );
          }
      }
    }
  );

  // An enrollment linked to two groups by rows written around Strapi: tests/api/one-group-link.test.ts.

  it("takes a list of groups past SQLite's bound-value limit in every form", async () => {
    const groups = [groupIds.b, ...absent(40_000)];
    expect(await query().count({ where: { group: { id: { $in: groups } } } })).toBe(2);
    expect(await query().count({ where: { group: { id: { $in: groups } }, state: 'requested' } })).toBe(2);
    expect(ids(await query().findMany({ where: { group: { id: { $in: groups } } } }))).toEqual(inGroup.b);
    expect(
      ids(
        await query().findMany({ where: { $or: [{ group: { id: { $in: groups } } }, { id: inGroup.a[0] }] } })
      )
    ).toEqual([inGroup.a[0], ...inGroup.b].sort((x, y) => x - y));
  });

  it('serves the Content Manager list filtered by group', async () => {
    let res: Awaited<ReturnType<ReturnType<typeof http>['get']>> | undefined;
    const sql = await sqlOf(async () => {
      res = await http(strapi)
        .get(
          `/content-manager/collection-types/${ENROLLMENT}?page=1&pageSize=10&filters[$and][0][group][id][$eq]=${groupIds.a}`
        )
        .set(bearer(owner));
    });
    if (!res) throw new Error('no response');
    // Its total counts the link rows (the document service's count, through the patched entity manager).
    expect(
      sql.some((statement) =>
        /count\((distinct .enrollment_id.|\*)\).* from .groups_enrollments_group_lnk./i.test(statement)
      )
    ).toBe(true);
    expect(res.status).toBe(200);
    expect(res.body.pagination.total).toBe(3);
    expect(ids(res.body.results)).toEqual(inGroup.a);
  });
});
