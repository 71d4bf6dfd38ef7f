import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { Link as RouterLink } from 'react-router-dom';
import { useHomeSummary } from '../api/groups';
import { useT } from '../hooks/useT';
import { PLUGIN_ID } from '../pluginId';

const base = `/plugins/${PLUGIN_ID}`;

/** One count with its link into the workspace, filtered on what it counts. */
const Count = ({ to, label }: { to: string; label: string }) => (
  <Link tag={RouterLink} to={to}>
    {label}
  </Link>
);

/**
 * "My groups" on Strapi's admin home page: requests waiting and who is falling behind in the groups the
 * admin may read. The data route checks scope; the widget's permissions only decide who sees the card.
 */
const MyGroupsWidget = () => {
  const t = useT();
  const { data, error, isLoading } = useHomeSummary();
  if (isLoading && !data) return <Widget.Loading />;
  if (error || !data) return <Widget.Error>{error ?? undefined}</Widget.Error>;
  const summary = data.data;
  if (summary.groups === 0)
    return <Widget.NoData>{t('widget.noGroups', 'You manage no groups yet.')}</Widget.NoData>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex gap={4} wrap="wrap">
        <Count
          to={`${base}/enrollments?state=requested`}
          label={t('widget.pending', '{count, plural, one {# request waits} other {# requests wait}}', {
            count: summary.pendingRequests,
          })}
        />
        <Count
          to={`${base}/enrollments?flag=overdue`}
          label={t('overview.flag.overdue', '{count} overdue', { count: summary.overdue })}
        />
        <Count
          to={`${base}/enrollments?flag=atRisk`}
          label={t('overview.flag.atRisk', '{count} at risk', { count: summary.atRisk })}
        />
      </Flex>
      {summary.top.length > 0 ? (
        <Box tag="ul">
          {summary.top.map((group) => (
            <Box tag="li" key={group.documentId} paddingTop={1} paddingBottom={1}>
              <Flex justifyContent="space-between" gap={2}>
                <Link tag={RouterLink} to={`${base}/enrollments?group=${group.documentId}&state=requested`}>
                  {group.name}
                </Link>
                <Typography variant="pi" textColor="neutral600">
                  {t(
                    'widget.groupLine',
                    '{pending, plural, one {# request} other {# requests}} · {overdue} overdue · {atRisk} at risk',
                    { pending: group.pendingRequests, overdue: group.overdue, atRisk: group.atRisk }
                  )}
                </Typography>
              </Flex>
            </Box>
          ))}
        </Box>
      ) : (
        <Typography variant="omega" textColor="neutral600">
          {t(
            'widget.allClear',
            'Nothing waits for you in {count, plural, one {your group} other {your # groups}}.',
            {
              count: summary.groups,
            }
          )}
        </Typography>
      )}
    </Flex>
  );
};

export default MyGroupsWidget;
