import { Box, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
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

/** A select where the manager may mark attendance (the learner got a seat), the attendance as text elsewhere. */
export const AttendanceCell = ({ row, onChange }: Props) => {
  const t = useT();
  if (!row.canManage || !ATTENDANCE_STATES.includes(row.state)) {
    return (
      <Typography textColor="neutral600">{t(`attendance.${row.attendance}`, row.attendance)}</Typography>
    );
  }
  return (
    <Box width="10rem">
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
    </Box>
  );
};
