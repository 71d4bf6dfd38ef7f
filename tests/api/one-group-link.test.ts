/**
 * One group link per enrollment (`server/src/strapi-patches/one-group-link.ts`): the unique index the plugin
 * creates at boot, Strapi's own ways of moving an enrollment to another group under it, a raw second link
 * refused, the index after a restart, and the exact count of rows that do not allow it.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { recordStatements } from '../helpers/sql';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';

const ENROLLMENT = 'plugin::groups.enrollment';
const GROUP = 'plugin::groups.group';
const LINK = 'groups_enrollments_group_lnk';
const INDEX = `${LINK}_one_uq`;
const postgres = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres';

describe('one group link per enrollment (real Strapi)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let owner: string;
  const group: Record<'a' | 'b', { id: number; documentId: string }> = {
    a: { id: 0, documentId: '' },
    b: { id: 0, documentId: '' },
  };
  /** Enrollments by group at the start: a has 3, b has 2. */
  const inGroup: Record<'a' | 'b', Array<{ id: number; documentId: string }>> = { a: [], b: [] };

  const knex = () => strapi.db.connection as unknown as Knex;
  const hasIndex = async () =>
    postgres
      ? ((await knex().raw('select 1 from pg_indexes where indexname = ?', [INDEX])) as { rows: unknown[] })
          .rows.length > 0
      : ((await knex().raw('pragma index_list(??)', [LINK])) as Array<{ name: string }>).some(
          (index) => index.name === INDEX
        );
  const groupsOf = async (enrollmentId: number) =>
    (
      (await knex()(LINK).where({ enrollment_id: enrollmentId }).select('group_id')) as Array<{
        group_id: number;
      }>
    ).map((row) => Number(row.group_id));
  const countSql = async (groups: number[]) => {
    let total = 0;
    const sql = (
      await recordStatements(strapi, async () => {
        total = await strapi.db.query(ENROLLMENT).count({ where: { group: { id: { $in: groups } } } });
      })
    ).map((statement) => statement.sql);
    return { total, sql: sql.join('\n') };
  };
  const byJoins = (groups: number[]) =>
    strapi.db
      .query(ENROLLMENT)
      .count({ where: { group: { $and: [{ id: { $in: groups } }, { id: { $notNull: true } }] } } });

  beforeAll(async () => {
    app = await bootStrapi();
    strapi = app.strapi;
    owner = (await registerSuperAdmin(strapi)).token;
    const course = await createCourse(strapi);
    // Every learner is a member of both groups, and the course is in both: a move is allowed by the rules.
    const learners = (await createLearners(strapi, 5)).map((l) => l.id);
    for (const key of ['a', 'b'] as const) {
      group[key] = await createGroup(strapi, { members: learners, courses: [course.id] });
    }
    for (const [key, from, to] of [
      ['a', 0, 3],
      ['b', 3, 5],
    ] as const) {
      for (const learnerId of learners.slice(from, to)) {
        const created = await requestEnrollment(strapi, learnerId, group[key], course);
        inGroup[key].push({ id: created.id, documentId: created.documentId });
      }
    }
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('creates a unique index on the enrollment column at boot, and counts link rows with count(*)', async () => {
    expect(await hasIndex()).toBe(true);
    const both = [group.a.id, group.b.id];
    const { total, sql } = await countSql(both);
    expect(total).toBe(5);
    expect(total).toBe(await byJoins(both));
    expect(sql).toMatch(new RegExp(`count\\(\\*\\).* from .${LINK}.`, 'i'));
    expect(sql).not.toMatch(/distinct/i);
    expect((await countSql([group.b.id])).total).toBe(2);
  });

  it('refuses a second group link written around Strapi', async () => {
    expect(await groupsOf(inGroup.a[0].id)).toEqual([group.a.id]);
    const refused = await knex()(LINK)
      .insert({ enrollment_id: inGroup.a[0].id, group_id: group.b.id })
      .then(
        () => null,
        (error: Error) => error
      );
    expect(refused?.message ?? 'the second link was written').toMatch(/unique|duplicate/i);
    expect(await groupsOf(inGroup.a[0].id)).toEqual([group.a.id]);
  });

  it('moves an enrollment to another group in every way Strapi writes the relation', async () => {
    const [first] = inGroup.a;
    const query = strapi.db.query(ENROLLMENT);
    // The query engine's connect (Strapi inserts the new link before deleting the old one).
    await query.update({ where: { id: first.id }, data: { group: { connect: [{ id: group.b.id }] } } });
    expect(await groupsOf(first.id)).toEqual([group.b.id]);
    // Connected to the group it has: nothing changes.
    await query.update({ where: { id: first.id }, data: { group: { connect: [group.b.id] } } });
    expect(await groupsOf(first.id)).toEqual([group.b.id]);
    // A plain id, and set.
    await query.update({ where: { id: first.id }, data: { group: group.a.id } });
    expect(await groupsOf(first.id)).toEqual([group.a.id]);
    await query.update({ where: { id: first.id }, data: { group: { set: [{ id: group.b.id }] } } });
    expect(await groupsOf(first.id)).toEqual([group.b.id]);
    // The Content Manager's form: connect the new group, disconnect the old one.
    const res = await http(strapi)
      .put(`/content-manager/collection-types/${ENROLLMENT}/${first.documentId}`)
      .set(bearer(owner))
      .send({
        group: {
          connect: [{ documentId: group.a.documentId }],
          disconnect: [{ documentId: group.b.documentId }],
        },
      });
    expect(res.status).toBe(200);
    expect(await groupsOf(first.id)).toEqual([group.a.id]);
    // From the group's side, through the query engine (the document service refuses it: entry-titles).
    const [second] = inGroup.b;
    await strapi.db
      .query(GROUP)
      .update({ where: { id: group.a.id }, data: { enrollments: { connect: [{ id: second.id }] } } });
    expect(await groupsOf(second.id)).toEqual([group.a.id]);
    await strapi.db.query(GROUP).update({
      where: { id: group.b.id },
      data: { enrollments: [...inGroup.b.map((e) => e.id), first.id] },
    });
    expect(await groupsOf(first.id)).toEqual([group.b.id]);
    expect(await groupsOf(second.id)).toEqual([group.b.id]);
    // Back as at the start; one link per enrollment throughout, and the count as the joins'.
    await query.update({ where: { id: first.id }, data: { group: { connect: [group.a.id] } } });
    const rows = (await knex()(LINK).select('enrollment_id')) as Array<{ enrollment_id: number }>;
    expect(new Set(rows.map((r) => r.enrollment_id)).size).toBe(rows.length);
    expect((await countSql([group.a.id])).total).toBe(await byJoins([group.a.id]));
    expect((await countSql([group.a.id])).total).toBe(3);
    expect((await countSql([group.a.id, group.b.id])).total).toBe(5);
  });

  it('leaves an enrollment in its group when a move fails, inside and outside a transaction', async () => {
    const [first] = inGroup.a;
    const query = strapi.db.query(ENROLLMENT);
    expect(await groupsOf(first.id)).toEqual([group.a.id]);
    const absent = async (uid: string) =>
      Number(
        (
          (await strapi.db.query(uid as never).findOne({ select: ['id'], orderBy: { id: 'desc' } })) as {
            id: number;
          }
        ).id
      ) + 1000;
    const [noGroup, noEnrollment] = [await absent(GROUP), await absent(ENROLLMENT)];
    // The refusal as a value: once an earlier test file has loaded SQLite's driver, its errors are built by
    // that file's Error, which `rejects.toThrow()` of this file does not recognise as thrown.
    const refusal = (write: () => Promise<unknown>) =>
      write().then(
        () => 'the move was written',
        (error: { message?: unknown }) => (typeof error?.message === 'string' ? null : String(error))
      );
    for (const [how, write] of [
      // Outside a transaction: Strapi writes the relations in one of its own, after the hooks.
      [
        'enrollment, query engine',
        () => query.update({ where: { id: first.id }, data: { group: { connect: [noGroup] } } }),
      ],
      [
        'group, query engine',
        () =>
          strapi.db
            .query(GROUP)
            .update({ where: { id: group.b.id }, data: { enrollments: [first.id, noEnrollment] } }),
      ],
      [
        "enrollment, the caller's transaction",
        () =>
          strapi.db.transaction(() =>
            query.update({ where: { id: first.id }, data: { group: { set: [{ id: noGroup }] } } })
          ),
      ],
    ] as const) {
      expect([how, await refusal(write)]).toEqual([how, null]);
      expect([how, await groupsOf(first.id)]).toEqual([how, [group.a.id]]);
    }
    // A move that succeeds afterwards still leaves one link.
    await query.update({ where: { id: first.id }, data: { group: group.b.id } });
    expect(await groupsOf(first.id)).toEqual([group.b.id]);
    await query.update({ where: { id: first.id }, data: { group: { connect: [group.a.id] } } });
    expect(await groupsOf(first.id)).toEqual([group.a.id]);
    expect(await groupsOf(inGroup.b[0].id)).toEqual([group.b.id]);
  });

  it('keeps the index after a restart and a schema sync', async () => {
    app = await app.restart();
    strapi = app.strapi;
    expect(await hasIndex()).toBe(true);
    expect((await countSql([group.a.id, group.b.id])).sql).toMatch(/count\(\*\)/i);
    // A restart only diffs the schema when Strapi's own changed: run the full three-way diff as well.
    await strapi.db.schema.syncSchema();
    expect(await hasIndex()).toBe(true);
  });

  // One restart fewer than a test of its own: the index is dropped here, so the last boot builds a lost index.
  it('stays exact, counting with DISTINCT, while rows give an enrollment two groups; builds the index again once they are clean', async () => {
    await knex().raw('drop index ??', [INDEX]);
    await knex()(LINK).insert({ enrollment_id: inGroup.a[0].id, group_id: group.b.id });
    app = await app.restart();
    strapi = app.strapi;
    try {
      expect(await hasIndex()).toBe(false);
      const both = [group.a.id, group.b.id];
      const absent = Array.from({ length: 200 }, (_, i) => 10_000_000 + i);
      for (const groups of [both, [...both, ...absent]]) {
        const counted = await countSql(groups);
        expect(counted.sql).toMatch(/count\(distinct .enrollment_id.\)/i);
        expect(counted.total).toBe(5);
        expect(
          await strapi.db.query(ENROLLMENT).findMany({ where: { group: { id: { $in: groups } } } })
        ).toHaveLength(5);
      }
      expect((await countSql([group.b.id])).total).toBe(3);
      expect(await byJoins([group.b.id])).toBe(3);
    } finally {
      await knex()(LINK).where({ enrollment_id: inGroup.a[0].id, group_id: group.b.id }).delete();
    }
    // Clean rows: the next boot builds the lost index again.
    app = await app.restart();
    strapi = app.strapi;
    expect(await hasIndex()).toBe(true);
    const counted = await countSql([group.a.id, group.b.id]);
    expect(counted.sql).toMatch(/count\(\*\)/i);
    expect(counted.total).toBe(5);
  });
});
