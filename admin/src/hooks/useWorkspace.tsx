import * as React from 'react';
import type { OverviewResponse } from '../../../common/contracts/workspace';
import { RIGHTS } from '../../../common/domain/rights';
import { useRBAC } from '@strapi/strapi/admin';
import { useOverview } from '../api/groups';
import { PERMISSIONS } from '../permissions';

interface WorkspaceValue {
  /** Whether the user holds each right in at least one group, and may export every report they may view. */
  anyGroup: OverviewResponse['meta']['anyGroup'];
  exportEveryReport: boolean;
  /** Super Admin: every group is in scope. */
  all: boolean;
  isLoading: boolean;
  error: string | null;
  /** Whether the user may act on enrollments in at least one group. */
  canManageAny: boolean;
}

const WorkspaceContext = React.createContext<WorkspaceValue | null>(null);

/**
 * The workspace needs the overview's `meta` only (the rights over the whole scope): one group's page carries
 * it. The pickers ask the server for the groups they show (LookupFilter), so no page loads a list of groups.
 */
const WORKSPACE_GROUPS = '1';
const NO_RIGHTS = Object.fromEntries(RIGHTS.map((right) => [right, false])) as WorkspaceValue['anyGroup'];

/** What the user may do in their groups, loaded once for every page of the workspace. */
export const WorkspaceProvider = ({ children }: { children: React.ReactNode }) => {
  // A holder of only the Groups screen's permission has no workspace: nothing to load, and no 403 to show.
  const access = useRBAC(PERMISSIONS.access);
  const { data, isLoading, error } = useOverview(
    access.allowedActions.canRead ? { pageSize: WORKSPACE_GROUPS } : null
  );
  const value = React.useMemo<WorkspaceValue>(() => {
    return {
      anyGroup: data?.meta.anyGroup ?? NO_RIGHTS,
      exportEveryReport: data?.meta.exportEveryReport ?? false,
      all: data?.meta.all ?? false,
      isLoading: isLoading || access.isLoading,
      error,
      canManageAny: data?.meta.anyGroup.manageEnrollments ?? false,
    };
  }, [data, isLoading, access.isLoading, error]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
};

export const useWorkspace = (): WorkspaceValue => {
  const value = React.useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace must be used inside <WorkspaceProvider>');
  return value;
};
