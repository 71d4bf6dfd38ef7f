import { Dialog } from '@strapi/design-system';
import { ConfirmDialog } from '@strapi/strapi/admin';
import { useT } from '../../../hooks/useT';

interface Props {
  open: boolean;
  count: number;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Unenrolling frees the seat: the manager confirms it first. */
export const UnenrollDialog = ({ open, count, onCancel, onConfirm }: Props) => {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (!next ? onCancel() : undefined)}>
      <ConfirmDialog
        title={t('unenroll.title', 'Unenroll?')}
        variant="danger"
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        {t(
          'unenroll.body',
          '{count, plural, one {This learner loses their place} other {These # learners lose their place}} in the course; the seat becomes free.',
          { count }
        )}
      </ConfirmDialog>
    </Dialog.Root>
  );
};
