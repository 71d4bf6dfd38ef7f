import { Box, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import {
  MANAGER_ACTION_NAMES,
  availableActions,
  type ManagerAction,
} from '../../../../../common/domain/enrollment-status';
import { useT } from '../../../hooks/useT';
import { ActionButton } from './ActionButton';

interface Props {
  selected: EnrollmentRow[];
  busy: boolean;
  onAction: (action: ManagerAction, documentIds: string[]) => void;
}

/** Above the table while rows are selected: the actions that apply to every selected enrollment one may manage. */
export const BulkActionBar = ({ selected, busy, onAction }: Props) => {
  const t = useT();
  const manageable = selected.filter((row) => row.canManage);
  const actions = MANAGER_ACTION_NAMES.filter(
    (action) =>
      manageable.length > 0 && manageable.every((row) => availableActions(row.state).includes(action))
  );
  return (
    <Box paddingBottom={selected.length ? 4 : 0}>
      <Table.ActionBar>
        {actions.length ? (
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
      </Table.ActionBar>
    </Box>
  );
};
