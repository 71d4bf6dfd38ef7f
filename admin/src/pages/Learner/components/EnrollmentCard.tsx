import { Flex, Grid, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { LearnerEnrollment } from '../../../../../common/contracts/learner-page';
import { FlagBadgeList } from '../../../components/FlagBadges';
import { SectionCard } from '../../../components/SectionCard';
import { StateBadge } from '../../../components/StateBadge';
import { Stat } from '../../../components/Stat';
import { useT } from '../../../hooks/useT';
import { Timeline } from './Timeline';

/** One enrollment of the learner: course and group, state and flags, the dates that matter, its history. */
export const EnrollmentCard = ({ enrollment }: { enrollment: LearnerEnrollment }) => {
  const { formatDate } = useIntl();
  const t = useT();
  const date = (value: string | null) => (value ? formatDate(value, { dateStyle: 'medium' }) : '—');
  const title = enrollment.course.title ?? t('learner.untitledCourse', 'Untitled course');
  const facts: Array<[string, string]> = [
    [t('column.progress', 'Progress'), enrollment.progress === null ? '—' : `${enrollment.progress}%`],
    [t('learner.requested', 'Requested'), date(enrollment.requestedAt)],
    [t('learner.decided', 'Decided'), date(enrollment.decidedAt)],
    [t('column.started', 'Started'), date(enrollment.startedAt)],
    [t('column.completed', 'Completed'), date(enrollment.completedAt)],
    [t('column.due', 'Due'), date(enrollment.dueAt)],
    [t('learner.expires', 'Access until'), date(enrollment.expiresAt)],
  ];
  return (
    <SectionCard label={`${title}, ${enrollment.group.name}`} data-enrollment={enrollment.documentId}>
      <Flex direction="column" alignItems="stretch" gap={5}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={2} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="delta" tag="h2">
              {title}
            </Typography>
            <Typography textColor="neutral600">{enrollment.group.name}</Typography>
          </Flex>
          <Flex gap={1} wrap="wrap">
            <StateBadge state={enrollment.state} flags={enrollment.flags} />
            <FlagBadgeList flags={enrollment.flags.filter((flag) => flag !== 'expired')} />
          </Flex>
        </Flex>
        <Grid.Root gap={4}>
          {facts.map(([label, value]) => (
            <Grid.Item key={label} col={3} s={4} xs={6}>
              <Stat label={label} value={value} />
            </Grid.Item>
          ))}
        </Grid.Root>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography variant="epsilon" tag="h3">
            {t('learner.history', 'History')}
          </Typography>
          <Timeline
            entries={enrollment.timeline}
            label={t('learner.historyOf', 'History of {course}', { course: title })}
          />
        </Flex>
      </Flex>
    </SectionCard>
  );
};
