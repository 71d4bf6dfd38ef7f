import { Badge, Box, Flex, Grid, Link, LinkButton, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { OVERVIEW_FLAGS, type OverviewGroup } from '../../../../common/contracts/workspace';
import { PageFrame } from '../../components/PageLayout';
import { Stat } from '../../components/Stat';
import { useWorkspace } from '../../hooks/useWorkspace';
import { PLUGIN_ID } from '../../pluginId';
import { CourseDeadlines } from './components/CourseDeadlines';
import { useT } from '../../hooks/useT';

const GroupCard = ({ group }: { group: OverviewGroup }) => {
  const { formatNumber } = useIntl();
  const t = useT();
  const base = `/plugins/${PLUGIN_ID}`;
  const rate = group.completionRate;
  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
      height="100%"
      tag="section"
      aria-label={group.name}
    >
      <Flex direction="column" alignItems="stretch" gap={5} height="100%">
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
          <Typography variant="delta" tag="h2">
            {group.name}
          </Typography>
          <Flex gap={1}>
            {group.archived ? <Badge variant="neutral">{t('overview.archived', 'Archived')}</Badge> : null}
            <Badge variant={group.visibility === 'public' ? 'primary' : 'neutral'}>
              {t(`overview.visibility.${group.visibility}`, group.visibility)}
            </Badge>
            <Badge variant="secondary">
              {t(`overview.policy.${group.enrollmentPolicy}`, group.enrollmentPolicy)}
            </Badge>
          </Flex>
        </Flex>
        <Grid.Root gap={4}>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat label={t('overview.members', 'Members')} value={formatNumber(group.members)} />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat
              label={t('overview.pending', 'Pending requests')}
              value={formatNumber(group.pendingRequests)}
              hint={
                group.waitlisted
                  ? t('overview.waitlisted', '{count} on the waitlist', { count: group.waitlisted })
                  : undefined
              }
            />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat
              label={t('overview.seats', 'Seats used')}
              value={
                group.seatLimit === null
                  ? formatNumber(group.seatsUsed)
                  : `${formatNumber(group.seatsUsed)} / ${formatNumber(group.seatLimit)}`
              }
              hint={group.seatLimit === null ? t('overview.noLimit', 'No seat limit') : undefined}
            />
          </Grid.Item>
          <Grid.Item col={3} s={6} xs={12}>
            <Stat
              label={t('overview.completion', 'Completion rate')}
              value={rate === null ? '—' : formatNumber(rate, { style: 'percent', maximumFractionDigits: 0 })}
              hint={t('overview.completedOf', '{completed} of {seated} completed', {
                completed: group.completed,
                seated: group.completed + group.seatsUsed,
              })}
            />
          </Grid.Item>
        </Grid.Root>
        <Flex gap={4} wrap="wrap" tag="ul" aria-label={t('overview.fallingBehind', 'Falling behind')}>
          {OVERVIEW_FLAGS.map((flag) => (
            <li key={flag}>
              <Link tag={RouterLink} to={`${base}/enrollments?group=${group.documentId}&flag=${flag}`}>
                {t(`overview.flag.${flag}`, '{count} ' + flag, { count: formatNumber(group[flag]) })}
              </Link>
            </li>
          ))}
        </Flex>
        {rate !== null ? (
          <Box
            background="neutral150"
            hasRadius
            height="0.8rem"
            overflow="hidden"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(rate * 100)}
            aria-label={t('overview.completion', 'Completion rate')}
          >
            <Box background="success500" height="100%" width={`${Math.round(rate * 100)}%`} />
          </Box>
        ) : null}
        <Typography variant="pi" textColor="neutral600">
          {group.courses.length
            ? group.courses
                .map((c) =>
                  c.completeWithinDays === null
                    ? c.title
                    : t('overview.courseWithin', '{course} (within {days} days)', {
                        course: c.title,
                        days: c.completeWithinDays,
                      })
                )
                .join(' · ')
            : t('overview.noCourses', 'No courses linked yet')}
        </Typography>
        <Flex gap={2} marginTop="auto" wrap="wrap">
          <LinkButton
            tag={RouterLink}
            to={`${base}/enrollments?group=${group.documentId}&state=requested`}
            variant={group.pendingRequests && group.rights.manageEnrollments ? 'default' : 'secondary'}
            size="S"
          >
            {group.rights.manageEnrollments
              ? t('overview.review', 'Review requests')
              : t('overview.viewEnrollments', 'View enrollments')}
          </LinkButton>
          {group.rights.viewReports ? (
            <LinkButton
              tag={RouterLink}
              to={`${base}/reports?group=${group.documentId}`}
              variant="tertiary"
              size="S"
            >
              {t('overview.openReport', 'Open report')}
            </LinkButton>
          ) : null}
          <CourseDeadlines group={group} />
        </Flex>
      </Flex>
    </Box>
  );
};

export const OverviewPage = () => {
  const { formatNumber } = useIntl();
  const t = useT();
  const { groups, isLoading, error, all } = useWorkspace();
  const title = t('overview.title', 'Overview');

  if (isLoading && groups.length === 0) return <Page.Loading />;
  if (error) return <Page.Error />;
  const pending = groups.reduce((sum, g) => sum + g.pendingRequests, 0);
  return (
    <PageFrame
      title={title}
      subtitle={
        all
          ? t(
              'overview.subtitleAll',
              'All {count} groups of the site; {pending} requests wait for a decision.',
              {
                count: formatNumber(groups.length),
                pending: formatNumber(pending),
              }
            )
          : t('overview.subtitle', 'The {count} groups you manage; {pending} requests wait for a decision.', {
              count: formatNumber(groups.length),
              pending: formatNumber(pending),
            })
      }
    >
      <Layouts.Content>
        {groups.length === 0 ? (
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={8}>
            <Typography>
              {t(
                'overview.empty',
                'You do not manage any group yet. A site administrator links you to your groups.'
              )}
            </Typography>
          </Box>
        ) : (
          <Grid.Root gap={4}>
            {groups.map((group) => (
              <Grid.Item key={group.documentId} col={6} s={12} alignItems="stretch">
                <GroupCard group={group} />
              </Grid.Item>
            ))}
          </Grid.Root>
        )}
      </Layouts.Content>
    </PageFrame>
  );
};
