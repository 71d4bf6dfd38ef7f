/** Admin permissions that open the workspace; the same action uids the server registers. */
import { actionId } from '../../common/domain/permissions';

export const PERMISSIONS = {
  access: [{ action: actionId('workspace.read'), subject: null }],
};
