/**
 * The admin RBAC actions the plugin registers (`plugin::groups.<uid>`). One list, read by the server when
 * it registers them and builds the default roles, and by the admin to gate menu links and pages.
 */
export const PLUGIN_ACTIONS = [
  { uid: 'workspace.read', displayName: 'Open the groups workspace', subCategory: 'workspace' },
  { uid: 'enrollments.manage', displayName: 'Manage enrollments', subCategory: 'enrollments' },
  // Given by the site owner to the roles that may fill a group past its seat limit; off by default.
  {
    uid: 'enrollments.over-limit',
    displayName: "Approve past a group's seat limit",
    subCategory: 'enrollments',
  },
  { uid: 'reports.read', displayName: 'View reports', subCategory: 'reports' },
  { uid: 'reports.export', displayName: 'Export reports', subCategory: 'reports' },
  { uid: 'members.manage', displayName: 'Manage members', subCategory: 'members' },
  { uid: 'members.message', displayName: 'Message members', subCategory: 'members' },
  {
    uid: 'settings.manage',
    displayName: 'Change the Groups settings and email templates',
    subCategory: 'settings',
  },
  // The site owner's Groups screen; never part of the Group Manager role.
  { uid: 'groups.manage', displayName: 'Set up groups and their managers', subCategory: 'setup' },
] as const;

export type PluginActionUid = (typeof PLUGIN_ACTIONS)[number]['uid'];

/** Actions for the site owner only: the default Group Manager role does not get them. */
export const SITE_OWNER_ACTIONS: readonly PluginActionUid[] = ['settings.manage', 'groups.manage'];

/** Actions the default Group Manager role does not get: the site owner's, and those a site owner opts in to. */
export const NOT_IN_MANAGER_ROLE: readonly PluginActionUid[] = [
  ...SITE_OWNER_ACTIONS,
  'enrollments.over-limit',
];

export const actionId = (uid: PluginActionUid) => `plugin::groups.${uid}` as const;
