import { Box, Flex, Grid, Link, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { Stat } from '../../../components/Stat';
import { useT } from '../../../hooks/useT';
import { PLUGIN_ID } from '../../../pluginId';

/**
 * A parent's figures added up with those of its sub-groups (only those the manager may see), and the way
 * down: the enrollments and the report filtered to "this group and its sub-groups".
 */
export const SubTreeTotals = ({ group }: { group: OverviewGroup }) => {
  const { formatNumber } = useIntl();
  const t = useT();
  const totals = group.subTree;
  if (!totals) return null;
  const base = `/plugins/${PLUGIN_ID}`;
  const filter = `group=${group.documentId}&subGroups=true`;
  const rate = totals.completionRate;
  const headingId = `subtree-${group.documentId}`;
  return (
    <Box background="neutral100" hasRadius padding={4} tag="section" aria-labelledby={headingId}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography id={headingId} variant="omega" fontWeight="bold" tag="h3">
          {t('overview.subTree.title', 'With its {count, plural, one {sub-group} other {# sub-groups}}', {
            count: totals.subGroups,
          })}
        </Typography>
        <Grid.Root gap={3}>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat label={t('overview.members', 'Members')} value={formatNumber(totals.members)} />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat
              label={t('overview.pending', 'Pending requests')}
              value={formatNumber(totals.pendingRequests)}
            />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat label={t('overview.seats', 'Seats used')} value={formatNumber(totals.seatsUsed)} />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat
              label={t('overview.completion', 'Completion rate')}
              value={rate === null ? '—' : formatNumber(rate, { style: 'percent', maximumFractionDigits: 0 })}
              hint={t('overview.subTree.overdue', '{count} overdue', { count: formatNumber(totals.overdue) })}
            />
          </Grid.Item>
        </Grid.Root>
        <Flex gap={4} wrap="wrap">
          <Link tag={RouterLink} to={`${base}/enrollments?${filter}`}>
            {t('overview.subTree.enrollments', 'Enrollments of this group and its sub-groups')}
          </Link>
          {group.rights.viewReports ? (
            <Link tag={RouterLink} to={`${base}/reports?${filter}`}>
              {t('overview.subTree.report', 'Report of this group and its sub-groups')}
            </Link>
          ) : null}
        </Flex>
      </Flex>
    </Box>
  );
};
