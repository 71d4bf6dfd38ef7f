/** Admin permissions that open the workspace and its pages; the same action uids the server registers. */
import { actionId, type PluginActionUid } from '../../common/domain/permissions';

const permission = (uid: PluginActionUid) => [{ action: actionId(uid), subject: null }];

export const PERMISSIONS = {
  access: permission('workspace.read'),
  /** Either opens the plugin from the main menu: the workspace, or the site owner's Groups screen alone. */
  plugin: [...permission('workspace.read'), ...permission('groups.manage')],
  manageEnrollments: permission('enrollments.manage'),
  /** Approve past a group's seat limit: the site owner gives it to the roles they choose. */
  overLimit: permission('enrollments.over-limit'),
  readReports: permission('reports.read'),
  exportReports: permission('reports.export'),
  manageMembers: permission('members.manage'),
  messageMembers: permission('members.message'),
  /** Settings → Groups: the options and the email templates. */
  settings: permission('settings.manage'),
  /** The site owner's Groups screen. */
  setupGroups: permission('groups.manage'),
  /** Either member right opens the Members page. */
  members: [...permission('members.manage'), ...permission('members.message')],
};
