export const PLUGIN_ID = 'groups';
export const GROUP_UID = 'plugin::groups.group' as const;
export const ENROLLMENT_UID = 'plugin::groups.enrollment' as const;
export const GROUP_MANAGER_UID = 'plugin::groups.group-manager' as const;
export const LEARNER_UID = 'plugin::users-permissions.user' as const;
export const ADMIN_USER_UID = 'admin::user' as const;
/** Admin tokens and content API tokens share Strapi's one token type. */
export const ADMIN_TOKEN_UID = 'admin::api-token' as const;

/** Attributes of the plugin's schemas that point at the site's course type, patched at register. */
export const COURSE_RELATIONS: ReadonlyArray<[string, string]> = [
  [GROUP_UID, 'courses'],
  [ENROLLMENT_UID, 'course'],
];
export const INVITATION_UID = 'plugin::groups.invitation' as const;
export const MEMBER_MESSAGE_UID = 'plugin::groups.member-message' as const;
export const LEARNER_ROLE_UID = 'plugin::users-permissions.role' as const;
