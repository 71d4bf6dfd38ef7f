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

/** The menu link's landing page: the Overview, or the Groups screen for an admin who may only set up groups. */
const Start = () => {
  const { isLoading, allowedActions } = useRBAC(PERMISSIONS.access);
  if (isLoading) return <Page.Loading />;
  if (!allowedActions.canRead) return <Navigate to="setup" replace />;
  return <OverviewPage />;
};

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
          <Route
            path="enrollments"
            element={
              <Page.Protect permissions={PERMISSIONS.access}>
                <EnrollmentsPage />
              </Page.Protect>
            }
          />
          <Route
            path="learners/:documentId"
            element={
              <Page.Protect permissions={PERMISSIONS.access}>
                <LearnerPage />
              </Page.Protect>
            }
          />
          <Route
            path="reports"
            element={
              <Page.Protect permissions={PERMISSIONS.access}>
                <Page.Protect permissions={PERMISSIONS.readReports}>
                  <ReportsPage />
                </Page.Protect>
              </Page.Protect>
            }
          />
          <Route
            path="members"
            element={
              <Page.Protect permissions={PERMISSIONS.access}>
                <Page.Protect permissions={PERMISSIONS.members}>
                  <MembersPage />
                </Page.Protect>
              </Page.Protect>
            }
          />
          <Route
            path="notifications"
            element={
              <Page.Protect permissions={PERMISSIONS.access}>
                <NotificationsPage />
              </Page.Protect>
            }
          />
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
