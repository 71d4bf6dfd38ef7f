import { Layouts, Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
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

/** The manager workspace: Overview, Enrollments, Reports and Members, each behind the plugin's permissions. */
const App = () => (
  <Page.Protect permissions={PERMISSIONS.access}>
    <WorkspaceProvider>
      <Layouts.Root sideNav={<WorkspaceNav />}>
        <Routes>
          <Route index element={<OverviewPage />} />
          <Route path="enrollments" element={<EnrollmentsPage />} />
          <Route path="learners/:documentId" element={<LearnerPage />} />
          <Route
            path="reports"
            element={
              <Page.Protect permissions={PERMISSIONS.readReports}>
                <ReportsPage />
              </Page.Protect>
            }
          />
          <Route
            path="members"
            element={
              <Page.Protect permissions={PERMISSIONS.members}>
                <MembersPage />
              </Page.Protect>
            }
          />
          <Route path="notifications" element={<NotificationsPage />} />
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
