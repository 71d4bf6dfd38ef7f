import * as React from 'react';
import { Button, Dialog, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import type { EnrollmentRow } from '../../../../../common/contracts/report';
import { ACTION_REASON, type ManagerAction } from '../../../../../common/domain/enrollment-status';
import { useActionLabel } from '../../../hooks/useActionLabel';
import { useT } from '../../../hooks/useT';

interface Props {
  /** The action waiting for the manager, or null when no dialog is open. */
  action: ManagerAction | null;
  /** The enrollments it applies to, as the list shows them (named in the title when there is one). */
  rows: EnrollmentRow[];
  count: number;
  onCancel: () => void;
  onConfirm: (reason: string) => Promise<void> | void;
}

/** What the action does, said before it is done. */
const CONSEQUENCE: Partial<Record<ManagerAction, string>> = {
  reject: 'The learner reads this reason in the email that tells them.',
  unenroll:
    '{count, plural, one {The learner loses their place} other {These # learners lose their place}} in the course; the seat becomes free.',
  waitlist:
    '{count, plural, one {The learner waits} other {These # learners wait}} for a seat; nothing is sent until one frees.',
  reopen:
    '{count, plural, one {The request goes} other {These # requests go}} back to the requests waiting for a decision.',
};

/**
 * The confirmation of a negative or undoing action (reject, unenroll, waitlist, reopen): names the learner and
 * course, says what follows, and takes the reason the status table asks for — required to reject, optional
 * otherwise (kept in the enrollment's history).
 */
export const ActionDialog = ({ action, rows, count, onCancel, onConfirm }: Props) => {
  const t = useT();
  const actionLabel = useActionLabel();
  const [reason, setReason] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  React.useEffect(() => {
    if (action) setReason('');
  }, [action]);
  if (!action) return null;
  const rule = ACTION_REASON[action];
  const one = count === 1 && rows.length === 1 ? rows[0] : null;
  const submit = async () => {
    setBusy(true);
    try {
      await onConfirm(reason.trim());
    } finally {
      setBusy(false);
    }
  };
  const title = one
    ? t('dialog.titleOne', '{action} {learner} — {course}?', {
        action: actionLabel(action),
        learner: one.learner.username ?? one.learner.email ?? '',
        course: one.course.title ?? '',
      })
    : t('dialog.titleMany', '{action} {count, plural, one {# enrollment} other {# enrollments}}?', {
        action: actionLabel(action),
        count,
      });
  return (
    <Dialog.Root open onOpenChange={(next) => (!next ? onCancel() : undefined)}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={4} width="100%">
            {one ? (
              <Typography variant="omega" textColor="neutral700">
                {t('dialog.inGroup', 'In {group}.', { group: one.group.name })}
              </Typography>
            ) : null}
            {CONSEQUENCE[action] ? (
              <Typography variant="omega">
                {t(`dialog.consequence.${action}`, CONSEQUENCE[action]!, { count })}
              </Typography>
            ) : null}
            {rule !== 'none' ? (
              <Field.Root
                name="reason"
                required={rule === 'required'}
                hint={
                  rule === 'required'
                    ? t('reject.hint', 'The learner sees this reason.')
                    : t('dialog.reasonOptional', 'Optional; kept in the enrollment’s history.')
                }
              >
                <Field.Label>{t('reject.reason', 'Reason')}</Field.Label>
                <Textarea
                  value={reason}
                  maxLength={2000}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setReason(event.target.value)}
                />
                <Field.Hint />
              </Field.Root>
            ) : null}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" onClick={onCancel}>
              {t('dialog.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button
            variant={action === 'reopen' || action === 'waitlist' ? 'default' : 'danger'}
            onClick={submit}
            disabled={rule === 'required' && !reason.trim()}
            loading={busy}
          >
            {actionLabel(action)}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
