import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  Flex,
  IconButton,
  MenuItem,
  SimpleMenu,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { More } from '@strapi/icons';
import { ConfirmDialog, Layouts, Table, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { EnrollmentRow } from '../../../../common/contracts/report';
import type {
  BulkTransitionResponse,
  EnrollmentListResponse,
  TransitionResponse,
} from '../../../../common/contracts/workspace';
import {
  ATTENDANCE_STATES,
  ATTENDANCE_VALUES,
  MANAGER_ACTION_NAMES,
  availableActions,
  type Attendance,
  type ManagerAction,
} from '../../../../common/domain/enrollment-status';
import { errorMessage, useApi } from '../../api/useApi';
import { EnrollmentFilters } from '../../components/EnrollmentFilters';
import { LearnerCourseCells } from '../../components/LearnerCourseCells';
import { FilterError, ListPagination, MessagePage, PageFrame } from '../../components/PageLayout';
import { StateBadge, useStateLabel } from '../../components/StateBadge';
import { TableHead } from '../../components/TableHead';
import { useWorkspace } from '../../components/WorkspaceContext';
import { useEnrollmentFilters } from '../../hooks/useEnrollmentFilters';
import { RegisterModal } from './components/RegisterModal';
import { ReasonDialog } from './components/ReasonDialog';
import { useT } from '../../utils/useT';

type Row = EnrollmentRow & { id: string };

/** An action waiting for the manager's reason (reject) or confirmation (unenroll). */
interface PendingAction {
  action: ManagerAction;
  documentIds: string[];
}

const ACTION_VARIANTS: Record<ManagerAction, 'default' | 'secondary' | 'danger-light' | 'tertiary'> = {
  approve: 'default',
  waitlist: 'secondary',
  reject: 'danger-light',
  unenroll: 'danger-light',
  complete: 'secondary',
};

/** Decisions shown as buttons on each row; the rarer ones sit in the row's menu. */
const ROW_BUTTONS: ManagerAction[] = ['approve', 'reject', 'complete'];

export const EnrollmentsPage = () => {
  const { formatDate } = useIntl();
  const t = useT();
  const { post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const workspace = useWorkspace();
  const stateLabel = useStateLabel();
  const { query, apiParams, setFilter, clearFilters } = useEnrollmentFilters({
    pageSize: 25,
    sort: 'requestedAt:desc',
  });
  const list = useApi<EnrollmentListResponse>('/groups/enrollments', apiParams);
  const rows: Row[] = React.useMemo(
    () => (list.data?.data ?? []).map((row) => ({ ...row, id: row.documentId })),
    [list.data]
  );
  const [selected, setSelected] = React.useState<Row[]>([]);
  const [pending, setPending] = React.useState<PendingAction | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => setSelected([]), [list.data]);

  const actionLabel = (action: ManagerAction) => t(`action.${action}`, action);

  const refresh = () => {
    list.reload();
    workspace.reload();
  };

  const run = async (action: ManagerAction, documentIds: string[], reason?: string) => {
    setBusy(true);
    try {
      if (documentIds.length === 1) {
        const { data } = await post<TransitionResponse>(`/groups/enrollments/${documentIds[0]}/transition`, {
          action,
          ...(reason ? { reason } : {}),
        });
        toggleNotification({
          type: 'success',
          message: t('action.doneOne', '{learner}: enrollment is now {state}.', {
            learner: data.data.learner.username,
            state: stateLabel(data.data.state),
          }),
        });
      } else {
        const { data } = await post<BulkTransitionResponse>('/groups/enrollments/bulk-transition', {
          documentIds,
          action,
          ...(reason ? { reason } : {}),
        });
        const failed = data.data.filter((item) => !item.ok);
        toggleNotification({
          type: failed.length ? 'warning' : 'success',
          message: failed.length
            ? t('action.donePartly', '{action}: {succeeded} done, {failed} not: {reason}', {
                action: actionLabel(action),
                succeeded: data.meta.succeeded,
                failed: failed.length,
                reason: failed[0].message ?? failed[0].code,
              })
            : t(
                'action.doneMany',
                '{action}: {count, plural, one {# enrollment} other {# enrollments}} done.',
                {
                  action: actionLabel(action),
                  count: data.meta.succeeded,
                }
              ),
        });
      }
      setPending(null);
      refresh();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const request = (action: ManagerAction, documentIds: string[]) => {
    if (action === 'reject' || action === 'unenroll') setPending({ action, documentIds });
    else void run(action, documentIds);
  };

  const setAttendance = async (row: Row, attendance: Attendance) => {
    try {
      await put(`/groups/enrollments/${row.documentId}/attendance`, { attendance });
      toggleNotification({
        type: 'success',
        message: t('attendance.done', '{learner}: attendance is {attendance}.', {
          learner: row.learner.username,
          attendance: t(`attendance.${attendance}`, attendance),
        }),
      });
      list.reload();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const manageableSelection = selected.filter((row) => row.canManage);
  const bulkActions = MANAGER_ACTION_NAMES.filter(
    (action) =>
      manageableSelection.length > 0 &&
      manageableSelection.every((row) => availableActions(row.state).includes(action))
  );

  const headers = [
    { name: 'learner', label: t('column.learner', 'Learner'), sortable: true },
    { name: 'course', label: t('column.course', 'Course'), sortable: true },
    { name: 'state', label: t('column.state', 'Status'), sortable: true },
    { name: 'requestedAt', label: t('column.requested', 'Requested'), sortable: true },
    { name: 'attendance', label: t('column.attendance', 'Attendance'), sortable: false },
    { name: 'actions', label: t('column.actions', 'Actions'), sortable: false },
  ];
  const title = t('enrollments.title', 'Enrollments');
  const pagination = list.data?.meta.pagination;

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
      primaryAction={<RegisterModal onDone={refresh} />}
    >
      <Layouts.Content>
        <EnrollmentFilters
          query={query}
          setFilter={setFilter}
          clearFilters={clearFilters}
          rights={['manageEnrollments', 'viewReports']}
        />
        <Table.Root
          rows={rows}
          headers={headers}
          isLoading={list.isLoading && !list.data}
          selectedRows={selected}
          onSelectedRowsChange={setSelected}
        >
          <Box paddingBottom={selected.length ? 4 : 0}>
            <Table.ActionBar>
              {bulkActions.length ? (
                bulkActions.map((action) => (
                  <Button
                    key={action}
                    size="S"
                    variant={ACTION_VARIANTS[action]}
                    disabled={busy}
                    onClick={() =>
                      request(
                        action,
                        manageableSelection.map((row) => row.documentId)
                      )
                    }
                  >
                    {actionLabel(action)}
                  </Button>
                ))
              ) : (
                <Typography variant="pi" textColor="neutral600">
                  {t('bulk.none', 'No action applies to every selected enrollment.')}
                </Typography>
              )}
            </Table.ActionBar>
          </Box>
          <Table.Content>
            <TableHead headers={headers} selectable={workspace.canManageAny} />
            <Table.Loading />
            <Table.Empty content={t('enrollments.empty', 'No enrollment matches these filters.')} />
            <Table.Body>
              {rows.map((row) => {
                const actions = row.canManage ? availableActions(row.state) : [];
                return (
                  <Table.Row key={row.id} data-enrollment={row.documentId}>
                    {workspace.canManageAny ? <Table.CheckboxCell id={row.id} /> : null}
                    <LearnerCourseCells row={row} />
                    <Table.Cell>
                      <StateBadge state={row.state} />
                    </Table.Cell>
                    <Table.Cell>
                      <Typography>
                        {row.requestedAt ? formatDate(row.requestedAt, { dateStyle: 'medium' }) : '—'}
                      </Typography>
                    </Table.Cell>
                    <Table.Cell>
                      {row.canManage && ATTENDANCE_STATES.includes(row.state) ? (
                        <Box width="10rem">
                          <SingleSelect
                            size="S"
                            aria-label={t('attendance.label', 'Attendance of {learner}', {
                              learner: row.learner.username,
                            })}
                            value={row.attendance}
                            onChange={(value) => void setAttendance(row, value as Attendance)}
                          >
                            {ATTENDANCE_VALUES.map((value) => (
                              <SingleSelectOption key={value} value={value}>
                                {t(`attendance.${value}`, value)}
                              </SingleSelectOption>
                            ))}
                          </SingleSelect>
                        </Box>
                      ) : (
                        <Typography textColor="neutral600">
                          {t(`attendance.${row.attendance}`, row.attendance)}
                        </Typography>
                      )}
                    </Table.Cell>
                    <Table.Cell>
                      <Flex gap={1}>
                        {actions
                          .filter((action) => ROW_BUTTONS.includes(action))
                          .map((action) => (
                            <Button
                              key={action}
                              size="S"
                              variant={ACTION_VARIANTS[action]}
                              disabled={busy}
                              aria-label={`${actionLabel(action)} ${row.learner.username ?? ''}`}
                              onClick={() => request(action, [row.documentId])}
                            >
                              {actionLabel(action)}
                            </Button>
                          ))}
                        {actions.some((action) => !ROW_BUTTONS.includes(action)) ? (
                          <SimpleMenu
                            tag={IconButton}
                            icon={<More />}
                            label={t('action.more', 'More actions for {learner}', {
                              learner: row.learner.username,
                            })}
                            variant="ghost"
                            disabled={busy}
                          >
                            {actions
                              .filter((action) => !ROW_BUTTONS.includes(action))
                              .map((action) => (
                                <MenuItem
                                  key={action}
                                  variant={action === 'unenroll' ? 'danger' : 'default'}
                                  onSelect={() => request(action, [row.documentId])}
                                >
                                  {actionLabel(action)}
                                </MenuItem>
                              ))}
                          </SimpleMenu>
                        ) : null}
                      </Flex>
                    </Table.Cell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table.Content>
        </Table.Root>
        {pagination ? <ListPagination pagination={pagination} /> : null}
      </Layouts.Content>

      <ReasonDialog
        open={pending?.action === 'reject'}
        count={pending?.documentIds.length ?? 0}
        onCancel={() => setPending(null)}
        onConfirm={(reason) => run('reject', pending?.documentIds ?? [], reason)}
      />
      <Dialog.Root
        open={pending?.action === 'unenroll'}
        onOpenChange={(open) => (!open ? setPending(null) : undefined)}
      >
        <ConfirmDialog
          title={t('unenroll.title', 'Unenroll?')}
          variant="danger"
          onConfirm={() => run('unenroll', pending?.documentIds ?? [])}
          onCancel={() => setPending(null)}
        >
          {t(
            'unenroll.body',
            '{count, plural, one {This learner loses their place} other {These # learners lose their place}} in the course; the seat becomes free.',
            { count: pending?.documentIds.length ?? 0 }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </PageFrame>
  );
};
