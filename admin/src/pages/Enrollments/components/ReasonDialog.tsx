import * as React from 'react';
import { Button, Dialog, Field, Flex, Textarea } from '@strapi/design-system';
import { useT } from '../../../hooks/useT';

interface Props {
  open: boolean;
  count: number;
  onCancel: () => void;
  onConfirm: (reason: string) => Promise<void> | void;
}

/** Rejecting needs a reason: the learner reads it. */
export const ReasonDialog = ({ open, count, onCancel, onConfirm }: Props) => {
  const t = useT();
  const [reason, setReason] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  React.useEffect(() => {
    if (open) setReason('');
  }, [open]);
  const submit = async () => {
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (!next ? onCancel() : undefined)}>
      <Dialog.Content>
        <Dialog.Header>
          {t('reject.title', '{count, plural, one {Reject this enrollment} other {Reject # enrollments}}', {
            count,
          })}
        </Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={2} width="100%">
            <Field.Root name="reason" required hint={t('reject.hint', 'The learner sees this reason.')}>
              <Field.Label>{t('reject.reason', 'Reason')}</Field.Label>
              <Textarea
                value={reason}
                maxLength={2000}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setReason(event.target.value)}
              />
              <Field.Hint />
            </Field.Root>
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" onClick={onCancel}>
              {t('dialog.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button variant="danger" onClick={submit} disabled={!reason.trim()} loading={busy}>
            {t('action.reject', 'Reject')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
