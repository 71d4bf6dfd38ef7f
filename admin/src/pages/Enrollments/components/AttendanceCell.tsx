import { Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import {
  ATTENDANCE_STATES,
  ATTENDANCE_VALUES,
  type Attendance,
} from '../../../../../common/domain/enrollment-status';
import { useT } from '../../../hooks/useT';

interface Props {
  row: EnrollmentRow;
  onChange: (row: EnrollmentRow, attendance: Attendance) => void;
}

/**
 * Attendance, once the learner got a seat: a select where the manager may mark it, as text elsewhere; nothing
 * before a seat (attendance means nothing there).
 */
export const AttendanceCell = ({ row, onChange }: Props) => {
  const t = useT();
  if (!ATTENDANCE_STATES.includes(row.state)) return null;
  if (!row.canManage) {
    return (
      <Typography textColor="neutral600">{t(`attendance.${row.attendance}`, row.attendance)}</Typography>
    );
  }
  return (
    // Wide enough for the longest value in every language ("Niet ingevuld"; the admin's rem is 10 px),
    // and stretched, or the select shrinks to its value's width.
    <Flex direction="column" alignItems="stretch" width="16rem">
      <SingleSelect
        size="S"
        aria-label={t('attendance.label', 'Attendance of {learner}', { learner: row.learner.username })}
        value={row.attendance}
        onChange={(value) => onChange(row, value as Attendance)}
      >
        {ATTENDANCE_VALUES.map((value) => (
          <SingleSelectOption key={value} value={value}>
            {t(`attendance.${value}`, value)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Flex>
  );
};
