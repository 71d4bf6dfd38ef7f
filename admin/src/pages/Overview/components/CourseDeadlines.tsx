import * as React from 'react';
import { Button, NumberInput, Typography } from '@strapi/design-system';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { COMPLETE_WITHIN_DAYS } from '../../../../../common/domain/course-settings';
import { useSetCompleteWithinMutation } from '../../../api/groups';
import { FormField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { useFormModal } from '../../../hooks/useFormModal';
import { useNotifiedRequest } from '../../../hooks/useNotifiedRequest';
import { useT } from '../../../hooks/useT';

type Days = Record<string, number | undefined>;

const daysOf = (group: OverviewGroup): Days =>
  Object.fromEntries(group.courses.map((c) => [c.documentId, c.completeWithinDays ?? undefined]));

/**
 * "Complete within N days" for each course of a group, for the site owner and managers with the
 * edit-courses right there: an approval then sets the learner's due date N days ahead.
 */
export const CourseDeadlines = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const request = useNotifiedRequest();
  const [save] = useSetCompleteWithinMutation();
  const [days, setDays] = React.useState<Days>({});
  const modal = useFormModal(() => undefined);
  React.useEffect(() => {
    // Each opening starts from the settings as the overview last read them.
    if (modal.open) setDays(daysOf(group));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [modal.open]);
  const { min, max } = COMPLETE_WITHIN_DAYS;
  const invalid = (value: number | undefined) =>
    value !== undefined && (!Number.isInteger(value) || value < min || value > max);

  if (!group.rights.editCourses || group.courses.length === 0) return null;

  const submit = async () => {
    const saved = await request.run(async () => {
      const changed = group.courses.filter((c) => (c.completeWithinDays ?? undefined) !== days[c.documentId]);
      for (const course of changed) {
        await save({
          groupId: group.documentId,
          course: course.documentId,
          completeWithinDays: days[course.documentId] ?? null,
        }).unwrap();
      }
      return t('deadlines.done', 'Course deadlines of {group} saved.', { group: group.name });
    });
    if (saved) modal.close();
  };

  return (
    <FormModal
      open={modal.open}
      onOpenChange={modal.onOpenChange}
      trigger={
        <Button variant="tertiary" size="S">
          {t('deadlines.open', 'Course deadlines')}
        </Button>
      }
      title={t('deadlines.title', 'Course deadlines of {group}', { group: group.name })}
      submitLabel={t('deadlines.save', 'Save')}
      onSubmit={submit}
      busy={request.busy}
      submitDisabled={Object.values(days).some(invalid)}
    >
      <Typography tag="p">
        {t(
          'deadlines.intro',
          'An approved learner gets a due date this many days after approval. Leave a course empty for no due date; a due date set by hand is kept.'
        )}
      </Typography>
      {group.courses.map((course) => (
        <FormField
          key={course.documentId}
          name={`days-${course.documentId}`}
          label={t('deadlines.course', '{course}: complete within (days)', {
            course: course.title ?? course.documentId,
          })}
          error={
            invalid(days[course.documentId])
              ? t('deadlines.range', 'A whole number from {min} to {max}.', { min, max })
              : undefined
          }
        >
          <NumberInput
            value={days[course.documentId]}
            step={1}
            onValueChange={(value) => setDays((current) => ({ ...current, [course.documentId]: value }))}
          />
        </FormField>
      ))}
    </FormModal>
  );
};
