import { Box, Flex, Typography } from '@strapi/design-system';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import { useSeatsLeftLabel } from '../../../hooks/useSeatsLeftLabel';
import { useT } from '../../../hooks/useT';
import { useOverviewGroups } from '../../../api/groups';

/** The seats left in each group with a seat limit among the listed enrollments, above the table. */
export const SeatsLeft = ({ rows }: { rows: EnrollmentRow[] }) => {
  const t = useT();
  const groups = useOverviewGroups(rows.map((row) => row.group.documentId));
  const seatsLeft = useSeatsLeftLabel();
  const limited = groups.filter((group) => group.seatLimit !== null);
  if (limited.length === 0) return null;
  return (
    <Box paddingBottom={4}>
      <Flex gap={4} wrap="wrap" tag="ul" aria-label={t('seats.listLabel', 'Seats left per group')}>
        {limited.map((group) => (
          <li key={group.documentId} data-seats-left={group.documentId}>
            <Typography variant="pi" textColor="neutral700">
              {t('seats.ofGroup', '{group}: {left} ({used} of {limit} seats used)', {
                group: group.name,
                left: seatsLeft(group),
                used: group.seatsUsed,
                limit: group.seatLimit ?? 0,
              })}
            </Typography>
          </li>
        ))}
      </Flex>
    </Box>
  );
};
