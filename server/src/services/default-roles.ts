import type { Core } from '@strapi/strapi';
import { PLUGIN_ACTIONS, NOT_IN_MANAGER_ROLE, actionId } from '../../../common/domain/permissions';
import { COURSE_EDITOR_ROLE, GROUP_MANAGER_ROLE } from '../../../common/domain/roles';
import { LEARNER_GROUPS_ATTRIBUTE } from '../../../common/domain/scope-filters';
import { IN_GROUPS_WHERE_I_EDIT_COURSES, IN_MY_GROUPS } from '../conditions';
import { ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID, PLUGIN_ID } from '../constants';
import type { PluginConfig } from '../config';

const CM = {
  read: 'plugin::content-manager.explorer.read',
  create: 'plugin::content-manager.explorer.create',
  update: 'plugin::content-manager.explorer.update',
  delete: 'plugin::content-manager.explorer.delete',
} as const;

export interface RolePermission {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[] };
  conditions?: string[];
}

/** `null` fields: every field of the type, as Strapi's own role editor stores them. */
type FieldList = readonly string[] | null;

const ENROLLMENT_EDIT_FIELDS = ['learner', 'group', 'course', 'state', 'attendance', 'reason', 'expiresAt'];
const LEARNER_READ_FIELDS = [
  'username',
  'email',
  'provider',
  'confirmed',
  'blocked',
  'role',
  LEARNER_GROUPS_ATTRIBUTE,
];
// Creating a learner in the Content Manager needs a role (the guard only accepts the default one).
const LEARNER_CREATE_FIELDS = [
  'username',
  'email',
  'password',
  'confirmed',
  'role',
  LEARNER_GROUPS_ATTRIBUTE,
];
// No password, role or blocked on update: a learner may be in other groups too; their account stays theirs.
const LEARNER_UPDATE_FIELDS = ['username', 'email', LEARNER_GROUPS_ATTRIBUTE];

/**
 * The two roles a site owner assigns (README, "Scope and roles"). Every Content Manager permission carries a plugin
 * condition, so the role alone shows nothing: GroupManager links open the groups. What a link allows
 * inside a group (its rights) is checked again by the scope guard and the plugin's services.
 */
const defaultRolesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const courseUid = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).courseContentType;

  const allFields = (uid: string): string[] =>
    strapi
      .service('admin::content-type')
      .getNestedFields(strapi.contentTypes[uid as keyof typeof strapi.contentTypes], {
        components: strapi.components,
      });

  const cm = (action: string, subject: string, fields: FieldList, condition: string): RolePermission => ({
    action,
    subject,
    properties: { fields: fields ? [...fields] : allFields(subject) },
    conditions: [condition],
  });

  return {
    managerPermissions(): RolePermission[] {
      return [
        cm(CM.read, GROUP_UID, null, IN_MY_GROUPS),
        cm(CM.read, ENROLLMENT_UID, null, IN_MY_GROUPS),
        cm(CM.create, ENROLLMENT_UID, ENROLLMENT_EDIT_FIELDS, IN_MY_GROUPS),
        cm(CM.update, ENROLLMENT_UID, ENROLLMENT_EDIT_FIELDS, IN_MY_GROUPS),
        cm(CM.read, GROUP_MANAGER_UID, null, IN_MY_GROUPS),
        cm(CM.read, LEARNER_UID, LEARNER_READ_FIELDS, IN_MY_GROUPS),
        cm(CM.create, LEARNER_UID, LEARNER_CREATE_FIELDS, IN_MY_GROUPS),
        cm(CM.update, LEARNER_UID, LEARNER_UPDATE_FIELDS, IN_MY_GROUPS),
        cm(CM.read, courseUid(), null, IN_MY_GROUPS),
        // The edit-courses right of a link works with this role alone (the condition keeps it to the
        // courses of groups where the link holds the right).
        ...this.courseUpdatePermissions(),
        ...PLUGIN_ACTIONS.filter(({ uid }) => !NOT_IN_MANAGER_ROLE.includes(uid)).map(({ uid }) => ({
          action: actionId(uid),
        })),
      ];
    },

    courseUpdatePermissions(): RolePermission[] {
      return [cm(CM.update, courseUid(), null, IN_GROUPS_WHERE_I_EDIT_COURSES)];
    },

    courseEditorPermissions(): RolePermission[] {
      return [
        cm(CM.read, courseUid(), null, IN_GROUPS_WHERE_I_EDIT_COURSES),
        ...this.courseUpdatePermissions(),
      ];
    },

    /**
     * Creates the two roles when they are missing; an existing role is the site owner's and is left as it
     * is. On a fresh database Strapi's own roles are created first (it skips them once any role exists),
     * and their blanket Content Manager rights on the plugin's types are taken back: an Editor is not a
     * group manager.
     */
    async ensureDefaultRoles(): Promise<void> {
      const roleService = strapi.service('admin::role');
      const freshDatabase = !(await strapi.db.query('admin::role').count());
      await roleService.createRolesIfNoneExist();
      if (freshDatabase) await this.revokePluginTypesFromStrapiRoles();
      await this.ensureRole(GROUP_MANAGER_ROLE, this.managerPermissions());
      await this.ensureRole(COURSE_EDITOR_ROLE, this.courseEditorPermissions());
      await this.upgradeManagerCourseUpdate();
    },

    /**
     * Group Manager roles made by earlier versions lack the course update permission, so a link's
     * edit-courses right needed a second role. Added once (a flag in the plugin store remembers it), so a
     * site owner who later removes it from the role keeps it removed.
     */
    async upgradeManagerCourseUpdate(): Promise<void> {
      const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'upgrade-manager-course-update' });
      if (await store.get({})) return;
      const role = await strapi.db.query('admin::role').findOne({ where: { code: GROUP_MANAGER_ROLE.code } });
      if (role) {
        const permissionService = strapi.service('admin::permission');
        const existing = await permissionService.findMany({
          where: { role: { id: role.id }, action: CM.update, subject: courseUid() },
        });
        if (existing.length === 0)
          await permissionService.createMany(
            this.courseUpdatePermissions().map((p) => ({ ...p, role: role.id }))
          );
      }
      await store.set({ value: true });
    },

    async ensureRole(
      role: { code: string; name: string; description: string },
      permissions: RolePermission[]
    ): Promise<void> {
      const roles = strapi.db.query('admin::role');
      if (await roles.findOne({ where: { code: role.code } })) return;
      if (await roles.findOne({ where: { name: role.name } })) {
        strapi.log.warn(
          `[groups] An admin role named "${role.name}" already exists with another code; the plugin did not create its own.`
        );
        return;
      }
      const created = await strapi.service('admin::role').create({ ...role });
      await strapi.service('admin::role').assignPermissions(created.id, permissions);
    },

    async revokePluginTypesFromStrapiRoles(): Promise<void> {
      const subjects = [GROUP_UID, ENROLLMENT_UID, GROUP_MANAGER_UID];
      const permissionService = strapi.service('admin::permission');
      const granted = await permissionService.findMany({
        where: { role: { code: { $in: ['strapi-editor', 'strapi-author'] } }, subject: { $in: subjects } },
      });
      if (granted.length) await permissionService.deleteByIds(granted.map((p: { id: number }) => p.id));
    },
  };
};

export type DefaultRolesService = ReturnType<typeof defaultRolesService>;
export default defaultRolesService;
