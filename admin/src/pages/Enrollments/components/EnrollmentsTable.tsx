import { Flex, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import type { Attendance, ManagerAction } from '../../../../../common/domain/enrollment-status';
import { LearnerCourseCells } from '../../../components/LearnerCourseCells';
import { DueCell } from '../../../components/FlagBadges';
import { StateBadge } from '../../../components/StateBadge';
import { StickyColumns } from '../../../components/StickyColumns';
import { TableHead } from '../../../components/TableHead';
import { useT } from '../../../hooks/useT';
import { UserFieldCells, userFieldHeaders } from '../../../components/UserFields';
import type { UserField } from '../../../../../common/domain/user-fields';
import { AttendanceCell } from './AttendanceCell';
import { BulkActionBar } from './BulkActionBar';
import { RowActions } from './RowActions';
import type { DateKind } from './DateDialog';

export type Row = EnrollmentRow & { id: string };

interface Props {
  rows: Row[];
  isLoading: boolean;
  /** Whether rows can be selected: the user may act on enrollments in at least one group. */
  selectable: boolean;
  selected: Row[];
  onSelectedChange: (rows: Row[]) => void;
  busy: boolean;
  onAction: (action: ManagerAction, documentIds: string[]) => void;
  onAttendance: (row: EnrollmentRow, attendance: Attendance) => void;
  /** The site's own user fields, a column each after the learner's status. */
  userFields?: UserField[];
  onDates: (kind: DateKind, rows: EnrollmentRow[]) => void;
}

/** The enrollments of the current filters, with the manager's actions on each row and on a selection. */
export const EnrollmentsTable = ({
  rows,
  isLoading,
  selectable,
  selected,
  onSelectedChange,
  busy,
  onAction,
  onAttendance,
  userFields,
  onDates,
}: Props) => {
  const { formatDate } = useIntl();
  const t = useT();
  const headers = [
    { name: 'learner', label: t('column.learner', 'Learner'), sortable: true },
    { name: 'course', label: t('column.course', 'Course'), sortable: true },
    { name: 'state', label: t('column.state', 'Status'), sortable: true },
    ...userFieldHeaders(userFields),
    { name: 'requestedAt', label: t('column.requested', 'Requested'), sortable: true },
    { name: 'dueAt', label: t('column.due', 'Due'), sortable: true },
    // Attendance sits with the actions: the one column that stays in view (see StickyColumns).
    { name: 'actions', label: t('column.attendanceActions', 'Attendance and actions'), sortable: false },
  ];
  return (
    <StickyColumns $last>
      <Table.Root
        rows={rows}
        headers={headers}
        isLoading={isLoading}
        selectedRows={selected}
        onSelectedRowsChange={onSelectedChange}
      >
        <BulkActionBar selected={selected} busy={busy} onAction={onAction} onDates={onDates} />
        <Table.Content>
          <TableHead headers={headers} selectable={selectable} />
          <Table.Loading />
          <Table.Empty content={t('enrollments.empty', 'No enrollment matches these filters.')} />
          <Table.Body>
            {rows.map((row) => (
              <Table.Row key={row.id} data-enrollment={row.documentId}>
                {selectable ? <Table.CheckboxCell id={row.id} /> : null}
                <LearnerCourseCells row={row} />
                <Table.Cell>
                  <StateBadge state={row.state} flags={row.flags} />
                </Table.Cell>
                <UserFieldCells fields={userFields} values={row.userFields} />
                <Table.Cell>
                  <Typography>
                    {row.requestedAt ? formatDate(row.requestedAt, { dateStyle: 'medium' }) : '—'}
                  </Typography>
                </Table.Cell>
                <Table.Cell>
                  <DueCell dueAt={row.dueAt} flags={row.flags} />
                </Table.Cell>
                <Table.Cell>
                  <Flex direction="column" alignItems="flex-start" gap={2}>
                    <AttendanceCell row={row} onChange={onAttendance} />
                    <RowActions row={row} busy={busy} onAction={onAction} onDates={onDates} />
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Content>
      </Table.Root>
    </StickyColumns>
  );
};
