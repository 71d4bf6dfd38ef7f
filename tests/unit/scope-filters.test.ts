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
