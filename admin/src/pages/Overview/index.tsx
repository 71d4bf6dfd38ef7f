import { Badge, Box, Flex, Grid, Link, LinkButton, Typography } from '@strapi/design-system';
import { Layouts, Page, SearchInput, useQueryParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { OVERVIEW_FLAGS, type OverviewGroup } from '../../../../common/contracts/workspace';
import { PATH_SEPARATOR } from '../../../../common/domain/group-tree';
import { useOverview } from '../../api/groups';
import { ListPagination, PageFrame } from '../../components/PageLayout';
import { SectionCard } from '../../components/SectionCard';
import { Stat } from '../../components/Stat';
import { PLUGIN_ID } from '../../pluginId';
import { CourseDeadlines } from './components/CourseDeadlines';
import { SubTreeTotals } from './components/SubTreeTotals';
import { useT } from '../../hooks/useT';
import { useSeatsLeftLabel } from '../../hooks/useSeatsLeftLabel';

const GroupCard = ({ group }: { group: OverviewGroup }) => {
  const { formatNumber } = useIntl();
  const t = useT();
  const seatsLeft = useSeatsLeftLabel();
  const base = `/plugins/${PLUGIN_ID}`;
  const rate = group.completionRate;
  // The path without the group's own name: the ancestors the manager may see ("Amsterdam › ICU").
  const ancestors = group.path.slice(
    0,
    Math.max(0, group.path.length - group.name.length - PATH_SEPARATOR.length)
  );
  return (
    <SectionCard label={group.name} height="100%">
      <Flex direction="column" alignItems="stretch" gap={5} height="100%">
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
          <Flex direction="column" alignItems="flex-start" gap={1}>
            {ancestors ? (
              <Typography variant="pi" textColor="neutral600">
                {t('overview.subGroupOf', 'Sub-group of {path}', { path: ancestors })}
              </Typography>
            ) : null}
            <Typography variant="delta" tag="h2">
              {group.name}
            </Typography>
          </Flex>
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
              hint={seatsLeft(group)}
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
        <SubTreeTotals group={group} />
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
    </SectionCard>
  );
};

interface OverviewUrl {
  _q?: string;
  page?: string;
  pageSize?: string;
}

/** One page of the user's groups, searched by name: the page draws at most a page of cards, whatever the scope. */
export const OverviewPage = () => {
  const t = useT();
  const [{ query }] = useQueryParams<OverviewUrl>();
  const overview = useOverview({
    search: query._q || undefined,
    page: query.page ?? '1',
    pageSize: query.pageSize ?? '10',
  });
  const title = t('overview.title', 'Overview');
  const data = overview.data;

  if (overview.isLoading && !data) return <Page.Loading />;
  if (overview.error || !data) return <Page.Error />;
  const groups = data.data;
  const { all, pagination, pendingRequests } = data.meta;
  const counts = { count: pagination.total, pending: pendingRequests };
  const nothingInScope = groups.length === 0 && !query._q;
  return (
    <PageFrame
      title={title}
      subtitle={
        query._q
          ? t(
              'overview.subtitleSearch',
              '{count, plural, one {# group matches} other {# groups match}} “{search}”; {pending, plural, =0 {no requests wait in your groups} one {# request waits for a decision in all your groups} other {# requests wait for a decision in all your groups}}.',
              { ...counts, search: query._q }
            )
          : all
            ? t(
                'overview.subtitleAll',
                '{count, plural, one {The only group of the site} other {All # groups of the site}}; {pending, plural, =0 {no requests wait} one {# request waits for a decision} other {# requests wait for a decision}}.',
                counts
              )
            : t(
                'overview.subtitle',
                '{count, plural, one {The group you manage} other {The # groups you manage}}; {pending, plural, =0 {no requests wait} one {# request waits for a decision} other {# requests wait for a decision}}.',
                counts
              )
      }
    >
      <Layouts.Content>
        {nothingInScope ? (
          <Box background="neutral0" hasRadius shadow="tableShadow" padding={8}>
            <Typography>
              {t(
                'overview.empty',
                'You do not manage any group yet. A site administrator links you to your groups.'
              )}
            </Typography>
          </Box>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Box width="32rem" maxWidth="100%">
              <SearchInput label={t('overview.search', 'Search groups by name')} />
            </Box>
            {groups.length === 0 ? (
              <Typography textColor="neutral600">
                {t('overview.noMatch', 'No group matches this search.')}
              </Typography>
            ) : (
              <Grid.Root gap={4}>
                {groups.map((group) => (
                  <Grid.Item key={group.documentId} col={6} s={12} alignItems="stretch">
                    <GroupCard group={group} />
                  </Grid.Item>
                ))}
              </Grid.Root>
            )}
            {pagination.total > 0 ? <ListPagination pagination={pagination} /> : null}
          </Flex>
        )}
      </Layouts.Content>
    </PageFrame>
  );
};
