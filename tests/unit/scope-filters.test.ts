import type { Core } from '@strapi/strapi';
import {
  MATCH_NOTHING,
  learnerMembershipFilter,
  membershipForLearnerLists,
  nestedFilter,
  scopeFilter,
  type ScopedSubject,
} from '../../common/domain/scope-filters';
import { relationChange } from '../../server/src/services/write-scope';
import { mayCheckLearnersInMemory } from '../../server/src/conditions/learner-checks';
import { scopedRulesUnused } from '../../server/src/conditions/unused-rules';
import { registerConditions } from '../../server/src/conditions';
import { contentManagerType, expandDeferred } from '../../server/src/conditions/deferred-rules';

const SUBJECTS: ScopedSubject[] = ['group', 'enrollment', 'group-manager', 'learner', 'course'];

describe('scopeFilter', () => {
  const scope = { groupIds: [3, 7], courseDocumentIds: ['c1'], learnerIds: [11, 12] };

  it.each([
    ['group', { id: { $in: [3, 7] } }],
    ['enrollment', { 'group.id': { $in: [3, 7] } }],
    ['group-manager', { 'group.id': { $in: [3, 7] } }],
    ['learner', { id: { $in: [11, 12] } }],
    ['course', { documentId: { $in: ['c1'] } }],
  ] as Array<[ScopedSubject, object]>)('takes %s to its group', (subject, expected) => {
    expect(scopeFilter(subject, scope)).toEqual(expected);
  });

  it.each(SUBJECTS)('matches no %s for an empty scope, never every row', (subject) => {
    const filter = scopeFilter(subject, { groupIds: [], courseDocumentIds: [], learnerIds: [] });
    expect(filter).toEqual(MATCH_NOTHING);
    expect(Object.keys(filter)).not.toHaveLength(0);
  });

  it('expands dotted keys for filters nested under a relation', () => {
    expect(nestedFilter({ 'group.id': { $in: [1] }, name: 'x' })).toEqual({
      group: { id: { $in: [1] } },
      name: 'x',
    });
  });
});

describe('membershipForLearnerLists', () => {
  // Stands for the members of groups 3 and 7, as the scope service would say of a list it read.
  const members = [11, 12, 13];
  const groupsOf = (ids: readonly unknown[]) =>
    ids.length === members.length && members.every((id) => ids.includes(id)) ? [3, 7] : null;
  const membership = { groups: { id: { $in: [3, 7] } } };

  it('asks for the membership instead of binding every member id', () => {
    expect(membershipForLearnerLists({ id: { $in: [13, 11, 12] } }, groupsOf)).toEqual({
      $and: [membership],
    });
  });

  it('keeps the rest of the filter, and rewrites inside $and and $or', () => {
    expect(
      membershipForLearnerLists(
        {
          username: { $contains: 'a' },
          $or: [{ id: { $in: members } }, { id: { $in: [99] } }],
          $and: [{ blocked: false }],
        },
        groupsOf
      )
    ).toEqual({
      username: { $contains: 'a' },
      $or: [{ $and: [membership] }, { id: { $in: [99] } }],
      $and: [{ blocked: false }],
    });
  });

  it.each([
    ['another list', { id: { $in: [11, 12] } }],
    ['an empty list (matches nothing, and must keep doing so)', { id: { $in: [] } }],
    ['a list with another operator beside it', { id: { $in: members, $ne: 12 } }],
    ['a list under $not', { $not: { id: { $in: members } } }],
  ])('leaves %s alone', (_label, filter) => {
    expect(membershipForLearnerLists(filter, groupsOf)).toEqual(filter);
  });
});

describe('relationChange', () => {
  it.each([
    ['untouched', undefined, null],
    ['cleared', null, { set: [], connect: [], disconnect: [] }],
    ['shorthand id', 5, { set: [5], connect: [], disconnect: [] }],
    ['shorthand documentId', 'abc', { set: ['abc'], connect: [], disconnect: [] }],
    ['array', [1, 'abc'], { set: [1, 'abc'], connect: [], disconnect: [] }],
    ['connect one', { connect: { id: 2 } }, { set: null, connect: [{ id: 2 }], disconnect: [] }],
    [
      'connect and disconnect',
      { connect: [{ documentId: 'a' }], disconnect: [3] },
      { set: null, connect: [{ documentId: 'a' }], disconnect: [3] },
    ],
    ['set', { set: [{ id: 4 }] }, { set: [{ id: 4 }], connect: [], disconnect: [] }],
    ['a lone { id }', { id: 9 }, { set: [{ id: 9 }], connect: [], disconnect: [] }],
  ])('%s', (_label, value, expected) => {
    expect(relationChange(value)).toEqual(expected);
  });
});

describe('the learner condition as a membership', () => {
  it('names the groups, or matches nothing for an empty scope', () => {
    expect(learnerMembershipFilter([3, 7])).toEqual({ 'groups.id': { $in: [3, 7] } });
    expect(learnerMembershipFilter([])).toEqual(MATCH_NOTHING);
  });

  const onRequest = (request: { path?: string; url?: string } | undefined) =>
    mayCheckLearnersInMemory({ requestContext: { get: () => request } } as unknown as Core.Strapi);

  it.each([
    ['/content-manager/collection-types/plugin::groups.enrollment', '?page=1&pageSize=10'],
    ['/content-manager/relations/plugin::groups.enrollment/learner', ''],
    ['/admin/users/me', ''],
    ['/groups/reports', '?group=abc'],
  ])('states the membership on %s', (path, query) => {
    expect(onRequest({ path, url: path + query })).toBe(false);
  });

  it.each([
    // Routes that load a user and check it in memory, by the type in their path, encoded or not.
    ['/content-manager/collection-types/plugin::users-permissions.user/abc', ''],
    ['/content-manager/collection-types/plugin%3A%3Ausers-permissions.user/abc', ''],
    ['/content-manager/relations/plugin::users-permissions.user/abc/groups', ''],
    // A type named in the query string, and paths outside the known ones.
    ['/content-manager/history-versions', '?contentType=plugin::users-permissions.user'],
    ['/mcp', ''],
    ['/i18n/content-manager/actions/get-non-localized-fields', ''],
    ['/content-manager/%E0%A4%A', ''],
  ])('keeps the member ids on %s%s', (path, query) => {
    expect(onRequest({ path, url: path + query })).toBe(true);
  });

  it('keeps the member ids outside a request', () => {
    expect(onRequest(undefined)).toBe(true);
  });
});

describe('the conditions on a request that reads no record through them', () => {
  const onRequest = (request: { path?: string; url?: string } | undefined) =>
    scopedRulesUnused({ requestContext: { get: () => request } } as unknown as Core.Strapi);

  it.each([
    ['/groups/reports', '?group=abc&pageSize=100'],
    ['/groups/workspace/overview', ''],
    ['/groups', ''],
    ['/admin/users/me', ''],
    ['/admin/users/me/permissions', ''],
    ['/admin/permissions/check', ''],
  ])('leaves the rules unread on %s%s', (path, query) => {
    expect(onRequest({ path, url: path + query })).toBe(true);
  });

  it.each([
    // Routes that read records of the scoped types through the ability (lists, populates, in-memory checks).
    ['/content-manager/collection-types/plugin::groups.enrollment', '?page=1&pageSize=10'],
    ['/content-manager/collection-types/api::course.course/abc', ''],
    ['/content-manager/relations/plugin::groups.enrollment/course', ''],
    ['/content-manager/homepage/count-documents', ''],
    ['/mcp', ''],
    // Not the plugin's admin API: its Content API, another plugin whose name starts alike, unknown paths.
    ['/api/groups/my', ''],
    ['/groups-extra/reports', ''],
    ['/i18n/content-manager/actions/get-non-localized-fields', ''],
    ['/', ''],
    ['/groups/%E0%A4%A', ''],
  ])('keeps the lists on %s%s', (path, query) => {
    expect(onRequest({ path, url: path + query })).toBe(false);
  });

  it('keeps the lists outside a request', () => {
    expect(onRequest(undefined)).toBe(false);
  });

  /** The two condition handlers, registered against a Strapi stand-in whose scope service counts its reads. */
  const handlers = async (path: string) => {
    const reads: string[] = [];
    const scope = {
      getScope: async () => {
        reads.push('scope');
        return { all: false, groupIds: [3, 7], links: [] };
      },
      getCourseDocumentIds: async () => {
        reads.push('courses');
        return ['c1'];
      },
      getLearnerIds: async () => {
        reads.push('learners');
        return [11];
      },
    };
    const registered: Array<{ name: string; handler: (user: object) => Promise<unknown> }> = [];
    const request = { path, url: path };
    const strapi = {
      config: { get: () => ({ courseContentType: 'api::course.course' }) },
      requestContext: { get: () => request },
      plugin: () => ({ service: () => scope }),
      service: () => ({
        conditionProvider: { registerMany: async (list: typeof registered) => registered.push(...list) },
      }),
    } as unknown as Core.Strapi;
    await registerConditions(strapi);
    const run = (subject: string) => registered[0].handler({ id: 5, roles: [], permission: { subject } });
    return { run, reads, strapi };
  };

  it.each([
    'plugin::groups.group',
    'plugin::groups.enrollment',
    'plugin::groups.group-manager',
    'plugin::users-permissions.user',
    'api::course.course',
  ])('matches no %s on the workspace API, and reads nothing for it', async (subject) => {
    const { run, reads } = await handlers('/groups/reports');
    expect(await run(subject)).toEqual(MATCH_NOTHING);
    expect(reads).toEqual([]);
  });

  it('names the scope of the type a Content Manager page is about', async () => {
    const { run, reads } = await handlers('/content-manager/collection-types/api::course.course');
    expect(await run('api::course.course')).toEqual({ documentId: { $in: ['c1'] } });
    expect(reads).toContain('courses');
  });

  it("defers the other types' rules on a Content Manager page, and states them when the read scope asks", async () => {
    const { run, reads, strapi } = await handlers(
      '/content-manager/collection-types/plugin::groups.enrollment'
    );
    const courseRule = (await run('api::course.course')) as { id: { $in: number[] } };
    const groupRule = await run('plugin::groups.group');
    // Markers: one negative id each, which no row has; nothing was read for them.
    expect(courseRule.id.$in).toHaveLength(1);
    expect(courseRule.id.$in[0]).toBeLessThan(0);
    expect(groupRule).not.toEqual(courseRule);
    expect(reads).toEqual([]);
    // As the permissions manager states two rules of one type, beside a filter of the page's own.
    const query = { $or: [courseRule, { title: { $eq: 'x' } }], $and: [{ id: { $in: [1, 2] } }] };
    expect(await expandDeferred(strapi, query)).toEqual({
      $or: [{ documentId: { $in: ['c1'] } }, { title: { $eq: 'x' } }],
      $and: [{ id: { $in: [1, 2] } }],
    });
    expect(reads).toEqual(['scope', 'courses']);
    expect(await expandDeferred(strapi, groupRule)).toEqual({ id: { $in: [3, 7] } });
    // The page's own type is stated at once.
    expect(await run('plugin::groups.enrollment')).toEqual({ 'group.id': { $in: [3, 7] } });
  });

  it('leaves a marker of another request as it is: it matches nothing', async () => {
    const first = await handlers('/content-manager/collection-types/plugin::groups.group');
    const marker = await first.run('plugin::groups.enrollment');
    const second = await handlers('/content-manager/collection-types/plugin::groups.group');
    expect(await expandDeferred(second.strapi, marker)).toEqual(marker);
    expect(await expandDeferred(second.strapi, { $and: [marker] })).toEqual({ $and: [marker] });
  });

  it.each([
    ['/content-manager/collection-types/plugin::groups.enrollment', 'plugin::groups.enrollment'],
    ['/content-manager/collection-types/plugin::groups.group/abc123', 'plugin::groups.group'],
    ['/content-manager/single-types/api::home.home', 'api::home.home'],
    ['/content-manager/relations/plugin::groups.enrollment/group', null],
    ['/content-manager/homepage/count-documents', null],
    ['/mcp', null],
  ])('reads the page type of %s', (path, expected) => {
    const request = { path, url: path };
    const strapi = { requestContext: { get: () => request } } as unknown as Core.Strapi;
    expect(contentManagerType(strapi)).toBe(expected);
  });
});
