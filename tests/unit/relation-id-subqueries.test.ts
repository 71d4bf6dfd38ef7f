import type { Core } from '@strapi/strapi';
import { expandIdLists, markIdLists } from '../../server/src/strapi-patches/id-list-markers';
import {
  checksPerRow,
  ownOrder,
  readsInIdOrder,
  readsInIndexOrder,
  relationIds,
  rewriteWhere,
  soleIdSubquery,
  whereIdIn,
} from '../../server/src/strapi-patches/relation-id-subqueries';
import { linkedIds, oneGroupIndexName } from '../../server/src/strapi-patches/one-group-link';
import knexFactory from 'knex';

describe('relationIds: which relation filters speak only of the related id', () => {
  it.each([
    [{ id: 3 }, [3]],
    [{ id: '3' }, [3]],
    [{ id: { $eq: 4 } }, [4]],
    [{ id: { $in: [1, 2, '3'] } }, [1, 2, 3]],
    [{ id: { $in: [] } }, []],
    [{ $and: [{ id: { $in: [1, 2, 3] } }, { id: { $in: [2, 3, 4] } }] }, [2, 3]],
    [{ $or: [{ id: 1 }, { id: { $in: [2, 1] } }] }, [1, 2]],
    [{ id: { $in: [1, 2] }, $and: [{ id: 2 }] }, [2]],
    [{ $and: [{ $or: [{ id: 1 }, { id: 2 }] }, { id: { $in: [2, 5] } }] }, [2]],
  ])('%j → %j', (filter, ids) => {
    expect(relationIds(filter)).toEqual(ids);
  });

  it.each([
    [{}],
    [{ name: 'A' }],
    [{ id: 1, name: 'A' }],
    [{ id: { $gt: 1 } }],
    [{ id: { $in: [1], $eq: 1 } }],
    [{ id: 'abc' }],
    [{ id: { $in: 'abc' } }],
    [{ $and: [{ id: 1 }, { slug: 'x' }] }],
    [{ $and: [] }],
    [{ $not: { id: 1 } }],
    [3],
    [null],
  ])('%j is left to the joins', (filter) => {
    expect(relationIds(filter)).toBeNull();
  });
});

describe('rewriteWhere', () => {
  const links: Record<
    string,
    { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } }
  > = {
    group: { name: 'lnk', joinColumn: { name: 'enrollment_id' }, inverseJoinColumn: { name: 'group_id' } },
  };
  const rewrite = (where: unknown) =>
    rewriteWhere(
      where,
      (attribute) => links[attribute],
      (link, ids) => `SUB(${link.name}:${ids.join(',')})`
    );

  it('replaces relation-id filters at the root, in $and and in $or, and leaves the input untouched', () => {
    const where = { state: 'approved', group: { id: { $in: [1, 2] } } };
    expect(rewrite(where)).toEqual({ state: 'approved', $and: [{ id: { $in: 'SUB(lnk:1,2)' } }] });
    expect(where).toEqual({ state: 'approved', group: { id: { $in: [1, 2] } } });
    expect(rewrite({ $or: [{ group: { id: 1 } }, { state: 'x' }] })).toEqual({
      $or: [{ $and: [{ id: { $in: 'SUB(lnk:1)' } }] }, { state: 'x' }],
    });
    expect(rewrite({ $and: [{ id: 5 }], group: { id: 2 } })).toEqual({
      $and: [{ id: 5 }, { id: { $in: 'SUB(lnk:2)' } }],
    });
  });

  it('meets each subquery with the operator chosen for its link and ids', () => {
    const perRow = rewriteWhere(
      { $or: [{ group: { id: { $in: [1, 2] } } }, { group: { id: 3 } }] },
      (attribute) => links[attribute],
      (link, ids) => `SUB(${link.name}:${ids.join(',')})`,
      (_link, ids) => (ids.length > 1 ? '$eq' : '$in')
    );
    expect(perRow).toEqual({
      $or: [{ $and: [{ id: { $eq: 'SUB(lnk:1,2)' } }] }, { $and: [{ id: { $in: 'SUB(lnk:3)' } }] }],
    });
  });

  it('never rewrites under $not, other relations or filters on other fields', () => {
    const untouched = [
      { $not: { group: { id: 1 } } },
      { learner: { id: 1 } },
      { group: { name: 'A' } },
      { group: { id: 1, name: 'A' } },
    ];
    for (const where of untouched) expect(rewrite(where)).toEqual(where);
  });
});

describe('soleIdSubquery: a count whose filter is one id subquery and nothing else', () => {
  const sub = { subquery: true };
  it.each([
    [{ id: { $in: sub } }],
    [{ $and: [{ id: { $in: sub } }] }],
    [{ $and: [{ $or: [{ $and: [{ id: { $in: sub } }] }] }] }],
    [{ $and: [{}, { id: { $in: sub } }, {}] }],
  ])('%j → the subquery', (where) => {
    expect(soleIdSubquery(where)).toBe(sub);
  });

  it.each([
    [{ id: { $in: sub }, state: 'approved' }],
    [{ $and: [{ id: { $in: sub } }, { state: 'approved' }] }],
    [{ $or: [{ id: { $in: sub } }, { state: 'approved' }] }],
    // `{}` in an $or matches every row: the $or is no longer the subquery alone.
    [{ $or: [{ id: { $in: sub } }, {}] }],
    [{ $or: [{}] }],
    [{ $and: [] }],
    [{ $and: [{}] }],
    [{ $not: { id: { $in: sub } } }],
    [{ id: { $in: sub, $ne: 3 } }],
    [{ id: { $notIn: sub } }],
    [{ id: sub }],
    [{}],
    [null],
    [[{ id: { $in: sub } }]],
  ])('%j is not', (where) => {
    expect(soleIdSubquery(where)).toBeNull();
  });
});

describe('checksPerRow: a filter is checked per row when it names at least half of the related rows, and 100', () => {
  it.each([
    [501, 501, true],
    [250, 500, true],
    [249, 500, false],
    [3, 500, false],
    [50, 500, false],
    [100, 150, true],
    [100, 3, true],
    [99, 150, false],
    [2, 3, false],
    [0, 0, false],
  ])('%i of %i → %s', (scoped, rows, expected) => {
    expect(checksPerRow(scoped, rows)).toBe(expected);
  });
});

describe('whereIdIn: bound values, or integer literals past what SQLite binds', () => {
  const knex = knexFactory({ client: 'better-sqlite3', useNullAsDefault: true });
  const sqlOf = (ids: number[], options?: { unindexed?: boolean }) =>
    whereIdIn(knex('lnk').select('owner'), 'target', ids, options).toSQL();

  afterAll(() => knex.destroy());

  it('binds a short list', () => {
    const { sql, bindings } = sqlOf([3, 1, 2]);
    expect(sql).toBe('select `owner` from `lnk` where `target` in (?, ?, ?)');
    expect(bindings).toEqual([3, 1, 2]);
  });

  it('writes a long list as literals, with nothing bound', () => {
    const ids = Array.from({ length: 40_000 }, (_, i) => i + 1);
    const { sql, bindings } = sqlOf(ids);
    expect(bindings).toEqual([]);
    expect(sql).toBe(`select \`owner\` from \`lnk\` where \`target\` in (${ids.join(', ')})`);
  });

  it('matches nothing for an empty list, and can keep the column from its index', () => {
    expect(sqlOf([]).sql).toBe('select `owner` from `lnk` where 1 = 0');
    expect(sqlOf([7], { unindexed: true }).sql).toBe('select `owner` from `lnk` where +`target` in (?)');
  });

  it('refuses anything but safe integers', () => {
    expect(() => sqlOf([1, 1.5])).toThrow();
    expect(() => sqlOf([1, Number.MAX_SAFE_INTEGER + 1])).toThrow();
    expect(() => sqlOf(['1) or (1=1' as unknown as number])).toThrow();
  });
});

describe('readsInIdOrder: pages the per-row form serves by stopping early', () => {
  it.each([
    [undefined, true],
    [null, true],
    [[], true],
    ['id', true],
    [{ id: 'asc' }, true],
    [[{ id: 'desc' }, { title: 'asc' }], true],
    ['title', false],
    [{ updatedAt: 'desc' }, false],
    [[{ requestedAt: 'desc' }, { id: 'asc' }], false],
  ])('%j → %s', (orderBy, expected) => {
    expect(readsInIdOrder(orderBy)).toBe(expected);
  });
});

describe('readsInIndexOrder: pages sorted first by a column that leads an index', () => {
  const walkable = new Set(['requestedAt', 'dueAt']);
  it.each([
    [undefined, true],
    [{ id: 'desc' }, true],
    [[{ requestedAt: 'desc' }, { id: 'asc' }], true],
    ['requestedAt:desc', true],
    [{ dueAt: 'asc' }, true],
    [[{ updatedAt: 'desc' }, { requestedAt: 'asc' }], false],
    [{ requestedAt: { name: 'asc' } }, false],
    ['title', false],
  ])('%j → %s', (orderBy, expected) => {
    expect(readsInIndexOrder(orderBy, walkable)).toBe(expected);
  });
});

describe('linkedIds: the ids a relation value of the query engine links', () => {
  it.each([
    [5, [5]],
    ['5', [5]],
    [{ id: 5 }, [5]],
    [
      [1, { id: 2 }, '3'],
      [1, 2, 3],
    ],
    [{ set: [{ id: 4 }] }, [4]],
    [{ connect: [{ id: 4, position: { end: true } }], disconnect: [{ id: 2 }] }, [4]],
    [{ connect: 7 }, [7]],
    [{ set: [] }, null],
    [{ set: null }, null],
    [{ disconnect: [{ id: 2 }] }, null],
    [null, null],
    [{ connect: [{ documentId: 'abc' }] }, null],
    ['abc', null],
  ])('%j → %j', (value, expected) => {
    expect(linkedIds(value)).toEqual(expected);
  });

  it('names the index after its table, within PostgreSQL’s 63 characters', () => {
    expect(oneGroupIndexName('groups_enrollments_group_lnk')).toBe('groups_enrollments_group_lnk_one_uq');
    expect(oneGroupIndexName('x'.repeat(80)).length).toBe(63);
  });
});

describe('id list markers', () => {
  const onRequest = (request: object | undefined) =>
    ({ requestContext: { get: () => request } }) as unknown as Core.Strapi;
  const ids = Array.from({ length: 501 }, (_, i) => i + 1);

  it('carries a long id list as one marker, and puts it back', () => {
    const strapi = onRequest({ path: '/content-manager/collection-types/plugin::groups.enrollment' });
    const filters = { $and: [{ title: { $contains: 'x' } }, { $or: [{ group: { id: { $in: ids } } }] }] };
    const marked = markIdLists(strapi, filters) as {
      $and: [object, { $or: [{ group: { id: { $in: number[] } } }] }];
    };
    const list = marked.$and[1].$or[0].group.id.$in;
    expect(list).toHaveLength(1);
    expect(list[0]).toBeLessThan(0);
    expect(filters.$and[1].$or![0].group!.id.$in).toHaveLength(501);
    expect(expandIdLists(strapi, marked)).toEqual(filters);
  });

  it('leaves short lists, documentIds and everything outside a request as they are', () => {
    const strapi = onRequest({});
    const filters = {
      id: { $in: [1, 2, 3] },
      documentId: { $in: ids.map(String) },
      group: { id: { $notIn: ids } },
    };
    expect(markIdLists(strapi, filters)).toEqual(filters);
    expect(markIdLists(onRequest(undefined), { id: { $in: ids } })).toEqual({ id: { $in: ids } });
  });

  it("never puts back another request's marker: it matches nothing", () => {
    const marked = markIdLists(onRequest({}), { group: { id: { $in: ids } } });
    expect(expandIdLists(onRequest({}), marked)).toEqual(marked);
  });
});

describe('ownOrder: a page sorted by columns of its own table', () => {
  const columnOf = (attribute: string) =>
    ({ id: 'id', updatedAt: 'updated_at', progress: 'progress' })[attribute];
  it.each([
    [
      [{ updatedAt: 'DESC' }, { id: 'asc' }],
      [
        { column: 'updated_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ],
    ],
    ['progress', [{ column: 'progress', order: 'asc' }]],
    [{ progress: 'desc' }, [{ column: 'progress', order: 'desc' }]],
  ])('reads %j', (orderBy, expected) => {
    expect(ownOrder(orderBy, columnOf)).toEqual(expected);
  });
  it.each([
    [[{ group: { name: 'asc' } }]],
    [[{ learner: 'asc' }]],
    [[{ id: 'sideways' }]],
    [[]],
    [undefined],
  ])('refuses %j', (orderBy) => {
    expect(ownOrder(orderBy, columnOf)).toBeNull();
  });
});

describe('readsInIndexOrder with an index of one direction (sort-indexes.ts)', () => {
  const walkable = new Set(['requestedAt', 'updatedAt:desc']);
  it.each([
    [[{ updatedAt: 'desc' }, { id: 'asc' }], true],
    [[{ updatedAt: 'DESC' }], true],
    [[{ updatedAt: 'desc' }, 'id'], true],
    [[{ updatedAt: 'asc' }, { id: 'asc' }], false],
    [[{ updatedAt: 'desc' }, { id: 'desc' }], false],
    [[{ updatedAt: 'desc' }, { progress: 'asc' }], false],
    [[{ requestedAt: 'desc' }, { id: 'asc' }], true],
    [[{ progress: 'desc' }], false],
  ])('%j → %s', (orderBy, expected) => {
    expect(readsInIndexOrder(orderBy, walkable)).toBe(expected);
  });
});
