import * as React from 'react';
import type { OverviewGroup } from '../../../common/contracts/workspace';
import { useOverview } from '../api/groups';

interface WorkspaceValue {
  groups: OverviewGroup[];
  /** Super Admin: every group is in scope. */
  all: boolean;
  isLoading: boolean;
  error: string | null;
  /** Whether the user may act on enrollments in at least one group. */
  canManageAny: boolean;
}

const WorkspaceContext = React.createContext<WorkspaceValue | null>(null);

/** The user's groups (with their courses and rights), loaded once for every page of the workspace. */
export const WorkspaceProvider = ({ children }: { children: React.ReactNode }) => {
  const { data, isLoading, error } = useOverview();
  const value = React.useMemo<WorkspaceValue>(() => {
    const groups = data?.data ?? [];
    return {
      groups,
      all: data?.meta.all ?? false,
      isLoading,
      error,
      canManageAny: groups.some((g) => g.rights.manageEnrollments),
    };
  }, [data, isLoading, error]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
};

export const useWorkspace = (): WorkspaceValue => {
  const value = React.useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace must be used inside <WorkspaceProvider>');
  return value;
};
