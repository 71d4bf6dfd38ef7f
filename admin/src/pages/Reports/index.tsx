import { Box, Flex, Grid, Typography } from '@strapi/design-system';
import { Layouts, Table, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useLookup, useReport } from '../../api/groups';
import { EnrollmentFilters } from '../../components/EnrollmentFilters';
import { LearnerCourseCells } from '../../components/LearnerCourseCells';
import { FilterError, ListPagination, PageFrame } from '../../components/PageLayout';
import { OutOfScope, useForeignGroup } from '../../components/OutOfScope';
import { Stat } from '../../components/Stat';
import { DueCell, useFlagLabel } from '../../components/FlagBadges';
import { StateBadge } from '../../components/StateBadge';
import { TableHead } from '../../components/TableHead';
import { useWorkspace } from '../../hooks/useWorkspace';
import { useEnrollmentFilters } from '../../hooks/useEnrollmentFilters';
import { PERMISSIONS } from '../../permissions';
import { ExportButton } from './components/ExportButton';
import { StatusMixChart } from './components/StatusMixChart';
import { StickyColumns } from '../../components/StickyColumns';
import { useT } from '../../hooks/useT';
import { useDuration } from '../../hooks/useDuration';
import { UserFieldCells, UserFieldFilters, userFieldHeaders } from '../../components/UserFields';

const Total = ({ label, value, hint }: { label: string; value: string; hint?: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} height="100%" width="100%">
    <Stat label={label} value={value} hint={hint} />
  </Box>
);

export const ReportsPage = () => {
  const { formatDate, formatNumber } = useIntl();
  const t = useT();
  const { query, apiParams, setFilter, clearFilters } = useEnrollmentFilters({
    pageSize: 25,
    sort: 'learner:asc',
  });
  const report = useReport(apiParams);
  const exportRight = useRBAC(PERMISSIONS.exportReports);
  const { anyGroup, exportEveryReport } = useWorkspace();
  // The role grants the action; each group link says whether its data may leave the admin panel. The file
  // holds exactly the rows on screen, so without a group filter every group shown must be exportable.
  const chosen = useLookup(
    query.group ? { kind: 'groups', documentId: query.group, right: 'exportReports' } : null
  );
  const mayExportAny = exportRight.allowedActions.canExport && anyGroup.exportReports;
  const mayExportView = query.group ? (chosen.data?.data.length ?? 0) > 0 : exportEveryReport;
  const title = t('reports.title', 'Reports');
  const data = report.data;
  const flagLabel = useFlagLabel();
  const duration = useDuration();
  const foreign = useForeignGroup(query.group);
  const totals = data?.meta.totals;
  const pagination = data?.meta.pagination;
  const date = (iso: string | null) => (iso ? formatDate(iso, { dateStyle: 'medium' }) : '—');

  const headers = [
    { name: 'learner', label: t('column.learner', 'Learner'), sortable: true },
    { name: 'course', label: t('column.course', 'Course'), sortable: true },
    { name: 'state', label: t('column.state', 'Status'), sortable: true },
    // Progress beside the status: the two a manager reads first stay in view with the learner.
    { name: 'progress', label: t('column.progress', 'Progress'), sortable: true },
    ...userFieldHeaders(data?.meta.userFields),
    { name: 'requestedAt', label: t('column.requested', 'Requested'), sortable: true },
    { name: 'startedAt', label: t('column.started', 'Started'), sortable: true },
    { name: 'timeSpent', label: t('column.timeSpent', 'Time spent'), sortable: true },
    { name: 'score', label: t('column.score', 'Score'), sortable: true },
    { name: 'completedAt', label: t('column.completed', 'Completed'), sortable: true },
    { name: 'dueAt', label: t('column.due', 'Due'), sortable: true },
    { name: 'attendance', label: t('column.attendance', 'Attendance'), sortable: false },
  ];
  const rows = (data?.data ?? []).map((row) => ({ ...row, id: row.documentId }));

  if (foreign) return <OutOfScope title={title} onLeave={clearFilters} />;
  return (
    <PageFrame
      title={title}
      subtitle={t('reports.subtitle', 'Progress and results of the enrollments in your groups.')}
      primaryAction={
        mayExportAny ? (
          <ExportButton
            params={apiParams}
            disabled={!totals || totals.total === 0 || !mayExportView}
            hint={
              mayExportView
                ? undefined
                : t('export.pickGroup', 'Choose a group whose reports you may export.')
            }
          />
        ) : null
      }
    >
      <Layouts.Content>
        <EnrollmentFilters
          query={query}
          setFilter={setFilter}
          clearFilters={clearFilters}
          rights={['viewReports']}
        />
        <UserFieldFilters fields={data?.meta.userFields} query={query} setFilter={setFilter} />
        {report.error && !data ? (
          <FilterError message={report.error} onReset={clearFilters} />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={6}>
            {totals ? (
              <Grid.Root gap={4} aria-label={t('report.totals', 'Totals')}>
                {[
                  [t('report.total', 'Enrollments'), formatNumber(totals.total)],
                  [t('report.notStarted', 'Not started'), formatNumber(totals.notStarted)],
                  [t('report.inProgress', 'In progress'), formatNumber(totals.inProgress)],
                  [t('report.completed', 'Completed'), formatNumber(totals.completed)],
                  // The three above count learners with a place; this card holds the rest of the total.
                  [
                    t('report.withoutPlace', 'Without a place'),
                    formatNumber(totals.total - totals.notStarted - totals.inProgress - totals.completed),
                    t('report.withoutPlaceHint', 'Requested, waitlisted, rejected or cancelled'),
                  ],
                  [flagLabel('overdue'), formatNumber(totals.flags.overdue)],
                  [flagLabel('atRisk'), formatNumber(totals.flags.atRisk)],
                  [flagLabel('notStarted'), formatNumber(totals.flags.notStarted)],
                  [
                    t('report.averageProgress', 'Average progress'),
                    totals.averageProgress === null
                      ? '—'
                      : formatNumber(totals.averageProgress / 100, {
                          style: 'percent',
                          maximumFractionDigits: 0,
                        }),
                  ],
                  [
                    t('report.averageScore', 'Average score'),
                    totals.averageScore === null
                      ? '—'
                      : formatNumber(totals.averageScore, { maximumFractionDigits: 1 }),
                  ],
                ].map(([label, value, hint]) => (
                  <Grid.Item key={label} col={2} s={4} xs={6} alignItems="stretch">
                    <Total label={label} value={value} hint={hint} />
                  </Grid.Item>
                ))}
              </Grid.Root>
            ) : null}
            {data ? <StatusMixChart mix={data.meta.mix} /> : null}
            <StickyColumns $first>
              <Table.Root rows={rows} headers={headers} isLoading={report.isLoading && !data}>
                <Table.Content>
                  <TableHead headers={headers} />
                  <Table.Loading />
                  <Table.Empty content={t('enrollments.empty', 'No enrollment matches these filters.')} />
                  <Table.Body>
                    {rows.map((row) => (
                      <Table.Row key={row.id}>
                        <LearnerCourseCells row={row} />
                        <Table.Cell>
                          <StateBadge state={row.state} flags={row.flags} />
                        </Table.Cell>
                        <Table.Cell>
                          <Typography>{row.progress === null ? '—' : `${row.progress}%`}</Typography>
                        </Table.Cell>
                        <UserFieldCells fields={data?.meta.userFields} values={row.userFields} />
                        <Table.Cell>
                          <Typography>{date(row.requestedAt)}</Typography>
                        </Table.Cell>
                        <Table.Cell>
                          <Typography>{date(row.startedAt)}</Typography>
                        </Table.Cell>
                        <Table.Cell>
                          <Typography>{duration(row.timeSpent)}</Typography>
                        </Table.Cell>
                        <Table.Cell>
                          <Typography>{row.score === null ? '—' : formatNumber(row.score)}</Typography>
                        </Table.Cell>
                        <Table.Cell>
                          <Typography>{date(row.completedAt)}</Typography>
                        </Table.Cell>
                        <Table.Cell>
                          <DueCell dueAt={row.dueAt} flags={row.flags} />
                        </Table.Cell>
                        <Table.Cell>
                          <Typography textColor="neutral600">
                            {t(`attendance.${row.attendance}`, row.attendance)}
                          </Typography>
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table.Content>
              </Table.Root>
              {pagination ? <ListPagination pagination={pagination} /> : null}
            </StickyColumns>
          </Flex>
        )}
      </Layouts.Content>
    </PageFrame>
  );
};
