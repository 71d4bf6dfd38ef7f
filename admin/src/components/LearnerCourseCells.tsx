import { Flex, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';

interface RowPeople {
  learner: { username: string | null; email: string | null };
  course: { title: string | null };
  group: { name: string };
}

/** The learner and course cells every enrollment table shows (Enrollments, Reports). */
export const LearnerCourseCells = ({ row }: { row: RowPeople }) => (
  <>
    <Table.Cell>
      <Flex direction="column" alignItems="flex-start">
        <Typography fontWeight="semiBold">{row.learner.username}</Typography>
        <Typography variant="pi" textColor="neutral600">
          {row.learner.email}
        </Typography>
      </Flex>
    </Table.Cell>
    <Table.Cell>
      <Flex direction="column" alignItems="flex-start">
        <Typography>{row.course.title}</Typography>
        <Typography variant="pi" textColor="neutral600">
          {row.group.name}
        </Typography>
      </Flex>
    </Table.Cell>
  </>
);
