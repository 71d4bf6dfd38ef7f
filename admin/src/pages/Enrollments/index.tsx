import * as React from 'react';
import { Layouts } from '@strapi/strapi/admin';
import { useEnrollments } from '../../api/groups';
import { EnrollmentFilters } from '../../components/EnrollmentFilters';
import { FilterError, ListPagination, MessagePage, PageFrame } from '../../components/PageLayout';
import { OutOfScope, useForeignGroup } from '../../components/OutOfScope';
import { useEnrollmentActions } from '../../hooks/useEnrollmentActions';
import { useEnrollmentFilters } from '../../hooks/useEnrollmentFilters';
import { useT } from '../../hooks/useT';
import { useWorkspace } from '../../hooks/useWorkspace';
import { ActionDialog } from './components/ActionDialog';
import { UserFieldFilters } from '../../components/UserFields';
import { DateDialog, type DateTarget } from './components/DateDialog';
import { EnrollmentsTable, type Row } from './components/EnrollmentsTable';
import { RegisterModal } from './components/RegisterModal';
import { SeatLimitDialog } from './components/SeatLimitDialog';
import { SeatsLeft } from './components/SeatsLeft';

/** The enrollments in the manager's groups: filter, decide one or a selection, mark attendance, register. */
export const EnrollmentsPage = () => {
  const t = useT();
  const workspace = useWorkspace();
  const { query, apiParams, setFilter, clearFilters } = useEnrollmentFilters({
    pageSize: 25,
    sort: 'requestedAt:desc',
  });
  const list = useEnrollments(apiParams);
  const rows: Row[] = React.useMemo(
    () => (list.data?.data ?? []).map((row) => ({ ...row, id: row.documentId })),
    [list.data]
  );
  const [selected, setSelected] = React.useState<Row[]>([]);
  const actions = useEnrollmentActions(rows);
  const [dates, setDates] = React.useState<DateTarget | null>(null);
  const foreign = useForeignGroup(query.group);

  React.useEffect(() => setSelected([]), [list.data]);

  const title = t('enrollments.title', 'Enrollments');
  const pagination = list.data?.meta.pagination;

  if (foreign) return <OutOfScope title={title} onLeave={clearFilters} />;
  if (list.error && !list.data) {
    return (
      <MessagePage title={title}>
        <FilterError message={list.error} onReset={clearFilters} />
      </MessagePage>
    );
  }

  return (
    <PageFrame
      title={title}
      subtitle={
        pagination
          ? t('enrollments.subtitle', '{total, plural, one {# enrollment} other {# enrollments}} found', {
              total: pagination.total,
            })
          : undefined
      }
      primaryAction={<RegisterModal />}
    >
      <Layouts.Content>
        <EnrollmentFilters
          query={query}
          setFilter={setFilter}
          clearFilters={clearFilters}
          rights={['manageEnrollments', 'viewReports']}
        />
        <UserFieldFilters fields={list.data?.meta.userFields} query={query} setFilter={setFilter} />
        <SeatsLeft rows={rows} />
        <EnrollmentsTable
          userFields={list.data?.meta.userFields}
          rows={rows}
          isLoading={list.isLoading && !list.data}
          selectable={workspace.canManageAny}
          selected={selected}
          onSelectedChange={setSelected}
          busy={actions.busy}
          onAction={actions.request}
          onAttendance={actions.setAttendance}
          onDates={(kind, targets) => setDates({ kind, rows: targets })}
        />
        {pagination ? <ListPagination pagination={pagination} /> : null}
      </Layouts.Content>

      <ActionDialog
        action={actions.pending?.action ?? null}
        rows={rows.filter((row) => actions.pending?.documentIds.includes(row.documentId))}
        count={actions.pending?.documentIds.length ?? 0}
        onCancel={actions.cancel}
        onConfirm={(reason) =>
          actions.pending
            ? actions.run(actions.pending.action, actions.pending.documentIds, reason || undefined)
            : undefined
        }
      />
      <DateDialog target={dates} onClose={() => setDates(null)} />
      <SeatLimitDialog
        question={actions.seatQuestion}
        onClose={actions.closeSeatQuestion}
        onApprove={(documentIds, reason, whenFull) => actions.run('approve', documentIds, reason, whenFull)}
      />
    </PageFrame>
  );
};
