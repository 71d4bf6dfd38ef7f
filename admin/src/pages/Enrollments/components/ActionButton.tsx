import { Button } from '@strapi/design-system';
import type { ManagerAction } from '../../../../../common/domain/enrollment-status';
import { useActionLabel } from '../../../hooks/useActionLabel';

const ACTION_VARIANTS: Record<ManagerAction, 'default' | 'secondary' | 'danger-light' | 'tertiary'> = {
  approve: 'default',
  waitlist: 'secondary',
  reject: 'danger-light',
  unenroll: 'danger-light',
  complete: 'secondary',
  reopen: 'tertiary',
};

interface Props {
  action: ManagerAction;
  disabled: boolean;
  onClick: () => void;
  /** Names the enrollment when the button sits on a row. */
  'aria-label'?: string;
}

/** A manager's action as a small button, coloured by what it does. */
export const ActionButton = ({ action, disabled, onClick, 'aria-label': ariaLabel }: Props) => {
  const actionLabel = useActionLabel();
  return (
    <Button
      size="S"
      variant={ACTION_VARIANTS[action]}
      disabled={disabled}
      aria-label={ariaLabel}
      onClick={onClick}
    >
      {actionLabel(action)}
    </Button>
  );
};
