import type * as React from 'react';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { WorkspaceNav } from '../components/WorkspaceNav';
import { WorkspaceProvider } from '../hooks/useWorkspace';
import { PERMISSIONS } from '../permissions';
import { EnrollmentsPage } from './Enrollments';
import { LearnerPage } from './Learner';
import { GroupSetupPage } from './GroupSetup';
import { GroupEditorPage } from './GroupSetup/GroupEditor';
import { MembersPage } from './Members';
import { NotificationsPage } from './Notifications';
import { OverviewPage } from './Overview';
import { ReportsPage } from './Reports';

type Permissions = typeof PERMISSIONS.access;

/** The menu link's landing page: the Overview, or the Groups screen for an admin who may only set up groups. */
const Start = () => {
  const { isLoading, allowedActions } = useRBAC(PERMISSIONS.access);
  if (isLoading) return <Page.Loading />;
  if (!allowedActions.canRead) return <Navigate to="setup" replace />;
  return <OverviewPage />;
};

/** The workspace's pages, each behind `workspace.read` and, for some, a permission of its own. */
const WORKSPACE_PAGES: Array<{ path: string; page: React.ReactNode; permissions?: Permissions }> = [
  { path: 'enrollments', page: <EnrollmentsPage /> },
  { path: 'learners/:documentId', page: <LearnerPage /> },
  { path: 'reports', page: <ReportsPage />, permissions: PERMISSIONS.readReports },
  { path: 'members', page: <MembersPage />, permissions: PERMISSIONS.members },
  { path: 'notifications', page: <NotificationsPage /> },
];

/**
 * The plugin's pages. The workspace (Overview, Enrollments, Reports, Members, Notifications) needs
 * `workspace.read`, the site owner's Groups screen needs `groups.manage`; either opens the plugin, and each
 * page checks its own permission, so neither permission reaches the other's pages.
 */
const App = () => (
  <Page.Protect permissions={PERMISSIONS.plugin}>
    <WorkspaceProvider>
      <Layouts.Root sideNav={<WorkspaceNav />}>
        <Routes>
          <Route index element={<Start />} />
          {WORKSPACE_PAGES.map(({ path, page, permissions }) => (
            <Route
              key={path}
              path={path}
              element={
                <Page.Protect permissions={PERMISSIONS.access}>
                  {permissions ? <Page.Protect permissions={permissions}>{page}</Page.Protect> : page}
                </Page.Protect>
              }
            />
          ))}
          {['setup', 'setup/new', 'setup/:documentId'].map((path) => (
            <Route
              key={path}
              path={path}
              element={
                <Page.Protect permissions={PERMISSIONS.setupGroups}>
                  {path === 'setup' ? <GroupSetupPage /> : <GroupEditorPage />}
                </Page.Protect>
              }
            />
          ))}
          <Route path="*" element={<Page.Error />} />
        </Routes>
      </Layouts.Root>
    </WorkspaceProvider>
  </Page.Protect>
);

export default App;
