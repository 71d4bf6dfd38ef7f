import type { Core } from '@strapi/strapi';
import learnerRoutes from '../routes/content-api/learner';

const STORE_KEY = 'learner-permissions-granted';

/**
 * The learner routes of the plugin's first release: what a stored `true` (the flag before the store held
 * a list) stands for. A route added since (joining with a code) is granted once on such a site too.
 */
const FIRST_GRANTED = [
  'plugin::groups.learner.myGroups',
  'plugin::groups.learner.myEnrollments',
  'plugin::groups.learner.requestEnrollment',
  'plugin::groups.learner.cancelEnrollment',
];
const PERMISSION_UID = 'plugin::users-permissions.permission';
const ROLE_UID = 'plugin::users-permissions.role';

/** `plugin::groups.learner.myGroups`, ...: the Users & Permissions actions of the learner routes. */
export const LEARNER_ACTIONS = learnerRoutes.map((route) => `plugin::groups.${route.handler}`);

/**
 * A site installs this plugin so that its signed-in learners can ask for places: each learner route is
 * allowed for the Authenticated role once, the first time the plugin starts with that route and role
 * present (a route that comes with an update, on an existing site too). The plugin store lists the routes
 * granted; a site owner who later unticks one in Users & Permissions keeps that choice: never re-granted.
 */
const learnerPermissionsService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * Grants now when Users & Permissions has made its roles. On a fresh database its bootstrap often runs
   * after ours (plugins start in declaration order) and it writes its own default permissions only into an
   * empty table, so ours must come right after its `initialize`, still during startup: we wrap that call.
   */
  async grantAtStartup(): Promise<void> {
    const role = await strapi.db
      .query(ROLE_UID)
      .findOne({ where: { type: 'authenticated' }, select: ['id'] });
    if (role) {
      await this.grantOnce();
      return;
    }
    const usersPermissions = strapi.plugin('users-permissions')?.service('users-permissions') as
      { initialize?: (...args: unknown[]) => Promise<unknown> } | undefined;
    const initialize = usersPermissions?.initialize;
    if (!usersPermissions || !initialize) return;
    usersPermissions.initialize = async (...args: unknown[]) => {
      const result = await initialize.apply(usersPermissions, args);
      usersPermissions.initialize = initialize;
      await this.grantOnce();
      return result;
    };
  },

  async grantOnce(): Promise<boolean> {
    const store = strapi.store({ type: 'plugin', name: 'groups' });
    const stored = (await store.get({ key: STORE_KEY })) as unknown;
    const granted = new Set<string>(
      Array.isArray(stored) ? (stored as string[]) : stored ? FIRST_GRANTED : []
    );
    const toGrant = LEARNER_ACTIONS.filter((action) => !granted.has(action));
    if (toGrant.length === 0) return false;
    const role = await strapi.db
      .query(ROLE_UID)
      .findOne({ where: { type: 'authenticated' }, select: ['id'] });
    if (!role) return false;
    const existing = await strapi.db.query(PERMISSION_UID).findMany({
      where: { action: { $in: toGrant }, role: { id: role.id } },
      select: ['id', 'action'],
    });
    const have = new Set(existing.map((row) => row.action));
    for (const action of toGrant.filter((a) => !have.has(a))) {
      await strapi.db.query(PERMISSION_UID).create({ data: { action, role: role.id } });
    }
    await store.set({ key: STORE_KEY, value: [...granted, ...toGrant] });
    return true;
  },
});

export type LearnerPermissionsService = ReturnType<typeof learnerPermissionsService>;
export default learnerPermissionsService;
