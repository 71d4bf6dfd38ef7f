import type { ManagerAction } from '../../../common/domain/enrollment-status';
import { useT } from './useT';

/** The translated name of a manager's action on an enrollment (Approve, Reject, ...). */
export const useActionLabel = () => {
  const t = useT();
  return (action: ManagerAction) => t(`action.${action}`, action);
};
