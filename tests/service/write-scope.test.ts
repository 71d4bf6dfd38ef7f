import {
  ENROLLMENT_UID,
  GROUP_MANAGER_UID,
  GROUP_UID,
  LEARNER_ROLE_UID,
  LEARNER_UID,
} from '../../server/src/constants';
import writeScope from '../../server/src/services/write-scope';
import { defaultLearnerRoleId } from '../../server/src/utils/learner-role';
import { failureOf, fakeScopeService, fakeStrapi, scopeOf } from './fake-strapi';

const refusalOf = async (promise: Promise<unknown>) => (await failureOf(promise))?.message ?? null;

const ROLES = [
  { id: 2, type: 'authenticated' },
  { id: 3, type: 'learner' },
  { id: 4, type: 'editor' },
];

describe("the learner's default role, one answer for the members service and the write guard", () => {
  it.each([
    ['the Users & Permissions setting', { default_role: 'learner' }, ROLES, 3],
    ['"authenticated" when the setting is unset', null, ROLES, 2],
    ['"authenticated" when the setting names a role that is gone', { default_role: 'gone' }, ROLES, 2],
    ['nothing when even "authenticated" is gone', null, [ROLES[1]], null],
  ] as const)('%s', async (_case, advanced, roles, expected) => {
    const strapi = fakeStrapi({ advanced, rows: { [LEARNER_ROLE_UID]: [...roles] } });
    await expect(defaultLearnerRoleId(strapi as never)).resolves.toBe(expected);
  });
});

const MANAGER = { kind: 'admin' as const, user: { id: 10 } };
const SUPER = { kind: 'admin' as const, user: { id: 1 } };

const guard = (advanced: Record<string, unknown> | null = null) => {
  const strapi = fakeStrapi({
    advanced,
    rows: {
      [GROUP_UID]: [
        { id: 1, documentId: 'group-a' },
        { id: 2, documentId: 'group-b' },
      ],
      [LEARNER_ROLE_UID]: ROLES,
      [LEARNER_UID]: [{ id: 5, documentId: 'learner-1', groups: [{ id: 1 }], role: { id: 2 } }],
    },
    strapiServices: { 'admin::permission': { findUserPermissions: async () => [] } },
    services: {
      'write-scope': writeScope as never,
      scope: fakeScopeService({
        10: scopeOf([[1, ['manageEnrollments', 'manageMembers']]]),
        1: scopeOf([], true),
      }) as never,
    },
  });
  return strapi.plugin().service('write-scope') as ReturnType<typeof writeScope>;
};

describe('write-scope decisions', () => {
  it.each([
    [
      'a write nobody can be held to',
      { kind: 'unknown' as const },
      GROUP_UID,
      'update',
      {},
      /cannot tell who/,
    ],
    ['a manager creating a group', MANAGER, GROUP_UID, 'create', {}, /Only a Super Admin can create groups/],
    [
      'a manager designating managers',
      MANAGER,
      GROUP_MANAGER_UID,
      'create',
      {},
      /Only a Super Admin designates/,
    ],
    [
      'an enrollment placed in a group the manager does not run',
      MANAGER,
      ENROLLMENT_UID,
      'create',
      { group: 'group-b' },
      /groups where you manage enrollments/,
    ],
    ['an enrollment in no group', MANAGER, ENROLLMENT_UID, 'create', {}, /must belong to one of your groups/],
    [
      'a documentId set by hand',
      MANAGER,
      ENROLLMENT_UID,
      'create',
      { documentId: 'mine', group: 'group-a' },
      /documentId cannot be set/,
    ],
  ] as const)('refuses %s', async (_case, actor, uid, action, data, message) => {
    expect(
      await refusalOf(guard().assertWrite(actor, { uid, action, params: { data: { ...data } } }))
    ).toMatch(message);
  });

  it.each([
    ['an enrollment in their own group', MANAGER, ENROLLMENT_UID, 'create', { group: 'group-a' }],
    ['a Super Admin creating a group', SUPER, GROUP_UID, 'create', {}],
    [
      'a learner acting through the Content API',
      { kind: 'learner' as const, userId: 5 },
      GROUP_UID,
      'create',
      {},
    ],
  ] as const)('allows %s', async (_case, actor, uid, action, data) => {
    expect(
      await refusalOf(guard().assertWrite(actor, { uid, action, params: { data: { ...data } } }))
    ).toBeNull();
  });

  it('a manager keeps a learner on the default role, whichever role that is', async () => {
    const update = (role: number) => ({
      uid: LEARNER_UID,
      action: 'update',
      params: { documentId: 'learner-1', data: { role } },
    });
    expect(await refusalOf(guard().assertWrite(MANAGER, update(2)))).toBeNull();
    expect(await refusalOf(guard().assertWrite(MANAGER, update(4)))).toMatch(/keep the default role/);
    expect(await refusalOf(guard({ default_role: 'learner' }).assertWrite(MANAGER, update(3)))).toBeNull();
    expect(await refusalOf(guard({ default_role: 'learner' }).assertWrite(MANAGER, update(2)))).toMatch(
      /keep the default role/
    );
  });
});
