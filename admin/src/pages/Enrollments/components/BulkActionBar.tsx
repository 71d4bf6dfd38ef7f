import { Box, Button, Flex, Typography } from '@strapi/design-system';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import {
  MANAGER_ACTION_NAMES,
  availableActions,
  type ManagerAction,
} from '../../../../../common/domain/enrollment-status';
import { useT } from '../../../hooks/useT';
import { ActionButton } from './ActionButton';
import { dateKindsFor, useDateKindLabel } from './dateKinds';
import type { DateKind } from './DateDialog';

interface Props {
  selected: EnrollmentRow[];
  busy: boolean;
  onAction: (action: ManagerAction, documentIds: string[]) => void;
  onDates: (kind: DateKind, rows: EnrollmentRow[]) => void;
}

/** Above the table while rows are selected: the actions that apply to every selected enrollment one may manage. */
export const BulkActionBar = ({ selected, busy, onAction, onDates }: Props) => {
  const t = useT();
  const dateLabel = useDateKindLabel();
  const manageable = selected.filter((row) => row.canManage);
  const actions = MANAGER_ACTION_NAMES.filter(
    (action) =>
      manageable.length > 0 && manageable.every((row) => availableActions(row.state).includes(action))
  );
  const dates = dateKindsFor(manageable);
  if (selected.length === 0) return null;
  // Not Strapi's Table.ActionBar: its count is grey on grey, below the WCAG AA contrast ratio.
  return (
    <Box paddingBottom={4}>
      <Flex gap={2}>
        <Typography variant="omega" textColor="neutral600">
          {t('bulk.selected', '{count, plural, one {# enrollment} other {# enrollments}} selected', {
            count: selected.length,
          })}
        </Typography>
        {dates.map((kind) => (
          <Button
            key={kind}
            variant="secondary"
            size="S"
            disabled={busy}
            onClick={() => onDates(kind, manageable)}
          >
            {dateLabel(kind)}
          </Button>
        ))}
        {actions.length || dates.length ? (
          actions.map((action) => (
            <ActionButton
              key={action}
              action={action}
              disabled={busy}
              onClick={() =>
                onAction(
                  action,
                  manageable.map((row) => row.documentId)
                )
              }
            />
          ))
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {t('bulk.none', 'No action applies to every selected enrollment.')}
          </Typography>
        )}
      </Flex>
    </Box>
  );
};
