import { Badge, Flex, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import { useT } from '../hooks/useT';
import { LearnerLink } from './LearnerLink';

interface RowPeople {
  learner: { documentId: string | null; username: string | null; email: string | null };
  course: { title: string | null; draft?: boolean };
  /** `path`: the group under the ancestors the reader may see (sub-groups), "Leiden › ICU › Night shift". */
  group: { name: string; path?: string };
}

/** The learner and course cells every enrollment table shows (Enrollments, Reports). */
export const LearnerCourseCells = ({ row }: { row: RowPeople }) => {
  const t = useT();
  return (
    <>
      <Table.Cell>
        <Flex direction="column" alignItems="flex-start">
          <LearnerLink documentId={row.learner.documentId} name={row.learner.username} />
          <Typography variant="pi" textColor="neutral600">
            {row.learner.email}
          </Typography>
        </Flex>
      </Table.Cell>
      <Table.Cell>
        <Flex direction="column" alignItems="flex-start">
          <Flex gap={2}>
            <Typography>{row.course.title}</Typography>
            {/* A course never published is not offered to learners: the manager should know why. */}
            {row.course.draft ? (
              <Badge title={t('course.draftHint', 'Not published: learners are not offered this course.')}>
                {t('course.draft', 'Draft')}
              </Badge>
            ) : null}
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            {row.group.path ?? row.group.name}
          </Typography>
        </Flex>
      </Table.Cell>
    </>
  );
};
