import { Divider } from '@strapi/design-system';
import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { getTranslation } from '../utils/getTranslation';
import { useWorkspace } from '../hooks/useWorkspace';

/**
 * The workspace's sub-navigation. Each page shows only to admins holding its permission; another page
 * (Members) adds one entry here, gated by its own permission, and one route in pages/App.tsx.
 */
export const WorkspaceNav = () => {
  const { formatMessage } = useIntl();
  // The Groups screen's permission alone opens the plugin too: the workspace pages then stay hidden.
  const workspace = useRBAC(PERMISSIONS.access).allowedActions.canRead;
  const reports = useRBAC(PERMISSIONS.readReports);
  const members = useRBAC(PERMISSIONS.members);
  const setup = useRBAC(PERMISSIONS.setupGroups);
  // The role may grant the member actions while no GroupManager link does: no page then.
  const { anyGroup } = useWorkspace();
  const memberGroups = anyGroup.manageMembers || anyGroup.messageMembers;
  const base = `/plugins/${PLUGIN_ID}`;
  const label = formatMessage({ id: getTranslation('plugin.name'), defaultMessage: 'Groups' });
  const links = [
    { to: base, id: 'nav.overview', defaultMessage: 'Overview', end: true, show: workspace },
    { to: `${base}/enrollments`, id: 'nav.enrollments', defaultMessage: 'Enrollments', show: workspace },
    {
      to: `${base}/reports`,
      id: 'nav.reports',
      defaultMessage: 'Reports',
      show: workspace && reports.allowedActions.canRead,
    },
    {
      to: `${base}/members`,
      id: 'nav.members',
      defaultMessage: 'Members',
      show:
        workspace && memberGroups && (members.allowedActions.canManage || members.allowedActions.canMessage),
    },
    {
      to: `${base}/notifications`,
      id: 'nav.notifications',
      defaultMessage: 'Notifications',
      show: workspace,
    },
    {
      to: `${base}/setup`,
      id: 'nav.setup',
      defaultMessage: 'Set up groups',
      show: setup.allowedActions.canManage,
    },
  ].filter((link) => link.show);
  return (
    <SubNav.Main aria-label={label}>
      <SubNav.Header label={label} />
      <Divider />
      <SubNav.Content>
        <SubNav.Sections>
          {[
            <SubNav.Section
              key="workspace"
              label={formatMessage({ id: getTranslation('nav.section'), defaultMessage: 'Workspace' })}
            >
              {links.map((link) => (
                <SubNav.Link
                  key={link.to}
                  to={link.to}
                  end={link.end}
                  label={formatMessage({ id: getTranslation(link.id), defaultMessage: link.defaultMessage })}
                >
                  {formatMessage({ id: getTranslation(link.id), defaultMessage: link.defaultMessage })}
                </SubNav.Link>
              ))}
            </SubNav.Section>,
          ]}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
};
