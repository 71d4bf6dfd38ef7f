import * as React from 'react';
import { DatePicker, Typography } from '@strapi/design-system';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import { useSetDueDatesMutation, useSetExpiryMutation } from '../../../api/groups';
import { FormField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { useNotifiedRequest } from '../../../hooks/useNotifiedRequest';
import { useT } from '../../../hooks/useT';

/** Which date the dialog sets: the due date, or the end of the access window. */
export type DateKind = 'dueAt' | 'expiresAt';

/** The enrollments a date dialog is open for. */
export interface DateTarget {
  kind: DateKind;
  rows: EnrollmentRow[];
}

/** Names shown in the dialog before "and N more". */
const NAMED = 5;

/**
 * A picked day means "until the end of that day" where the manager is, so a learner due on the 31st is on
 * time all of the 31st.
 */
const endOfDay = (day: Date) =>
  new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59).toISOString();

const storedDay = (rows: EnrollmentRow[], kind: DateKind) => {
  const value = rows.length === 1 ? rows[0][kind] : null;
  return value ? new Date(value) : undefined;
};

interface Props {
  target: DateTarget | null;
  onClose: () => void;
}

/**
 * Sets or clears the due date, or sets, extends or removes the access window, of one enrollment or a
 * selection. The dialog names the learners and the course; saving with no date clears it.
 */
export const DateDialog = ({ target, onClose }: Props) => {
  const t = useT();
  const request = useNotifiedRequest();
  const [setDueDates] = useSetDueDatesMutation();
  const [setExpiry] = useSetExpiryMutation();
  const [day, setDay] = React.useState<Date | undefined>(undefined);
  const rows = target?.rows ?? [];
  const kind = target?.kind ?? 'dueAt';

  React.useEffect(() => {
    if (target) setDay(storedDay(target.rows, target.kind));
  }, [target]);

  const courses = [...new Set(rows.map((row) => row.course.title ?? '—'))];
  // A learner with two courses in the selection is named once.
  const learners = [...new Set(rows.map((row) => row.learner.username ?? row.learner.email ?? '—'))];
  const who =
    learners.length > NAMED
      ? t('dates.whoMore', '{names} and {more} more', {
          names: learners.slice(0, NAMED).join(', '),
          more: learners.length - NAMED,
        })
      : learners.join(', ');
  const label = kind === 'dueAt' ? t('dates.dueLabel', 'Due date') : t('dates.expiryLabel', 'Access until');

  const submit = async () => {
    const documentIds = rows.map((row) => row.documentId);
    const value = day ? endOfDay(day) : null;
    const saved = await request.run(async () => {
      if (kind === 'dueAt') await setDueDates({ documentIds, dueAt: value }).unwrap();
      else await setExpiry({ documentIds, expiresAt: value }).unwrap();
      return t('dates.done', '{label} saved for {count, plural, one {# enrollment} other {# enrollments}}.', {
        label,
        count: documentIds.length,
      });
    });
    if (saved) onClose();
  };

  return (
    <FormModal
      open={target !== null}
      onOpenChange={(open) => (!open ? onClose() : undefined)}
      title={
        kind === 'dueAt'
          ? t('dates.dueTitle', 'Set the due date')
          : t('dates.expiryTitle', 'Set the access window')
      }
      submitLabel={day ? t('dates.save', 'Save') : t('dates.clear', 'Save without a date')}
      onSubmit={submit}
      busy={request.busy}
      submitDisabled={rows.length === 0}
    >
      <Typography tag="p">
        {t(
          'dates.who',
          '{count, plural, one {Learner} other {# learners}}: {who}. {courses, plural, one {Course} other {Courses}}: {courseNames}.',
          { count: learners.length, who, courses: courses.length, courseNames: courses.join(', ') }
        )}
      </Typography>
      <FormField
        name={kind}
        label={label}
        hint={
          kind === 'dueAt'
            ? t(
                'dates.dueHint',
                'The learner should complete the course by the end of this day. Leave it empty to remove the due date.'
              )
            : t(
                'dates.expiryHint',
                'The learner keeps access until the end of this day. Leave it empty for access without an end.'
              )
        }
      >
        <DatePicker
          value={day}
          onChange={setDay}
          onClear={() => setDay(undefined)}
          clearLabel={t('dates.clearLabel', 'Clear the date')}
        />
      </FormField>
    </FormModal>
  );
};
