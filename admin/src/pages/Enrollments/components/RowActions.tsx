import { Flex, IconButton, MenuItem, SimpleMenu } from '@strapi/design-system';
import { More } from '@strapi/icons';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import { availableActions, type ManagerAction } from '../../../../../common/domain/enrollment-status';
import { useActionLabel } from '../../../hooks/useActionLabel';
import { useT } from '../../../hooks/useT';
import { ActionButton } from './ActionButton';
import { dateKindsFor, useDateKindLabel } from './dateKinds';
import type { DateKind } from './DateDialog';

/** Decisions shown as buttons on each row; the rarer ones sit in the row's menu. */
const ROW_BUTTONS: ManagerAction[] = ['approve', 'reject', 'complete', 'reopen'];

interface Props {
  row: EnrollmentRow;
  busy: boolean;
  onAction: (action: ManagerAction, documentIds: string[]) => void;
  onDates: (kind: DateKind, rows: EnrollmentRow[]) => void;
}

/** The actions the manager may take on one enrollment in its current state. */
export const RowActions = ({ row, busy, onAction, onDates }: Props) => {
  const t = useT();
  const actionLabel = useActionLabel();
  const dateLabel = useDateKindLabel();
  const actions = row.canManage ? availableActions(row.state) : [];
  const inMenu = actions.filter((action) => !ROW_BUTTONS.includes(action));
  const dates = row.canManage ? dateKindsFor([row]) : [];
  return (
    <Flex gap={1}>
      {actions
        .filter((action) => ROW_BUTTONS.includes(action))
        .map((action) => (
          <ActionButton
            key={action}
            action={action}
            disabled={busy}
            aria-label={`${actionLabel(action)} ${row.learner.username ?? ''}`}
            onClick={() => onAction(action, [row.documentId])}
          />
        ))}
      {inMenu.length || dates.length ? (
        <SimpleMenu
          tag={IconButton}
          icon={<More />}
          label={t('action.more', 'More actions for {learner}', { learner: row.learner.username })}
          variant="ghost"
          disabled={busy}
        >
          {inMenu.map((action) => (
            <MenuItem
              key={action}
              variant={action === 'unenroll' ? 'danger' : 'default'}
              onSelect={() => onAction(action, [row.documentId])}
            >
              {actionLabel(action)}
            </MenuItem>
          ))}
          {dates.map((kind) => (
            <MenuItem key={kind} onSelect={() => onDates(kind, [row])}>
              {dateLabel(kind)}
            </MenuItem>
          ))}
        </SimpleMenu>
      ) : null}
    </Flex>
  );
};
