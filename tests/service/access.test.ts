import access from '../../server/src/services/access';
import { GROUP_UID } from '../../server/src/constants';
import { failureOf, fakeScopeService, fakeStrapi, scopeOf } from './fake-strapi';

const GROUPS = [
  { id: 1, documentId: 'group-a', name: 'Group A', archivedAt: null },
  { id: 2, documentId: 'group-b', name: 'Group B', archivedAt: null },
];
const MANAGER = { id: 10 };
const READER = { id: 11 };
const SUPER = { id: 1 };
const NOBODY = { id: 99 };

const service = () => {
  const strapi = fakeStrapi({
    rows: { [GROUP_UID]: GROUPS },
    services: {
      access: access as never,
      scope: fakeScopeService({
        [MANAGER.id]: scopeOf([
          [1, ['manageMembers', 'manageEnrollments', 'viewReports']],
          [2, ['viewReports']],
        ]),
        [READER.id]: scopeOf([[1, ['viewReports']]]),
        [SUPER.id]: scopeOf([], true),
      }) as never,
    },
  });
  return strapi.plugin().service('access') as ReturnType<typeof access>;
};

describe('access.groupByDocumentId', () => {
  it('answers the group where the actor holds the right', async () => {
    await expect(service().groupByDocumentId(MANAGER, 'group-a', 'manageMembers')).resolves.toEqual(
      GROUPS[0]
    );
  });

  it('an unknown group is a 404 with one text, for everyone', async () => {
    for (const actor of [MANAGER, SUPER, NOBODY]) {
      expect(await failureOf(service().groupByDocumentId(actor, 'nope', 'manageMembers'))).toEqual({
        name: 'NotFoundError',
        message: 'No group has the id nope.',
      });
    }
  });

  it.each([
    ['a right the link lacks', MANAGER, 'group-b', 'manageMembers', 'manage members', 'the group "Group B"'],
    ['a group outside the scope', READER, 'group-b', 'viewReports', 'view reports', 'this group'],
    ['no group at all', NOBODY, 'group-a', 'manageEnrollments', 'manage enrollments', 'this group'],
  ] as const)('%s is a 403 naming the right (the group only to those linked to it)', async (...c) => {
    const [, actor, group, right, label, where] = c;
    expect(await failureOf(service().groupByDocumentId(actor, group, right))).toEqual({
      name: 'ForbiddenError',
      message: `You do not have the right "${label}" in ${where}.`,
    });
  });

  it('rights are per link: the same manager, the other group, the other answer', async () => {
    await expect(service().groupByDocumentId(MANAGER, 'group-b', 'viewReports')).resolves.toMatchObject({
      id: 2,
    });
  });

  it('any of several rights will do, and the refusal names each', async () => {
    await expect(
      service().groupByDocumentId(READER, 'group-a', ['manageMembers', 'viewReports'])
    ).resolves.toMatchObject({
      id: 1,
    });
    expect(
      await failureOf(service().groupByDocumentId(READER, 'group-a', ['manageMembers', 'messageMembers']))
    ).toEqual({
      name: 'ForbiddenError',
      message: 'You do not have the right "manage members" or "message members" in the group "Group A".',
    });
  });

  it('a Super Admin holds every right in every group', async () => {
    await expect(service().groupByDocumentId(SUPER, 'group-b', 'editCourses')).resolves.toMatchObject({
      id: 2,
    });
  });
});

describe('access.readableGroups', () => {
  it('lists the groups where any of the rights is held; null means every group', async () => {
    await expect(service().readableGroups(MANAGER, ['viewReports'])).resolves.toEqual([1, 2]);
    await expect(service().readableGroups(MANAGER, ['manageEnrollments'])).resolves.toEqual([1]);
    await expect(service().readableGroups(READER, ['manageEnrollments', 'exportReports'])).resolves.toEqual(
      []
    );
    await expect(service().readableGroups(SUPER, ['manageEnrollments'])).resolves.toBeNull();
  });

  it('a filter answers exactly its groups, each known and readable', async () => {
    await expect(service().readableGroups(MANAGER, ['viewReports'], ['group-b', 'group-a'])).resolves.toEqual(
      [1, 2]
    );
    expect(
      await failureOf(service().readableGroups(MANAGER, ['viewReports'], ['group-a', 'x', 'y']))
    ).toEqual({
      name: 'NotFoundError',
      message: 'No group has the id x, y.',
    });
    expect(
      await failureOf(service().readableGroups(READER, ['viewReports'], ['group-a', 'group-b']))
    ).toEqual({
      name: 'ForbiddenError',
      message: 'You do not have the right "view reports" in this group.',
    });
  });
});

describe('access.assertRightIn', () => {
  it('checks a group already loaded, without reading it again', async () => {
    const strapiService = service();
    await expect(
      strapiService.assertRightIn(MANAGER, { id: 1, name: 'Group A' }, 'manageEnrollments')
    ).resolves.toBeTruthy();
    expect(
      await failureOf(strapiService.assertRightIn(READER, { id: 1, name: 'Group A' }, 'exportReports'))
    ).toEqual({
      name: 'ForbiddenError',
      message: 'You do not have the right "export reports" in the group "Group A".',
    });
  });
});
