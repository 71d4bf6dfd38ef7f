import * as React from 'react';
import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import type { WhenFull } from '../../../../../common/domain/enrollment-plan';
import { errorMessage, useUpdateSetupGroupMutation } from '../../../api/groups';
import type { PendingSeatQuestion } from '../../../hooks/useEnrollmentActions';
import { useT } from '../../../hooks/useT';
import { PERMISSIONS } from '../../../permissions';

interface Props {
  question: PendingSeatQuestion | null;
  onClose: () => void;
  /** Approves the question's enrollments with the manager's answer. */
  onApprove: (documentIds: string[], reason: string | undefined, whenFull: WhenFull) => Promise<void>;
}

/**
 * Asked before an approval passes a group's seat limit: names the seats used and offers what the manager
 * may do — the waitlist, approving past the limit (with the right a site owner gives), or raising the
 * group's limit (for those who set up groups). What the manager may not do is said, not offered.
 */
export const SeatLimitDialog = ({ question, onClose, onApprove }: Props) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const overLimit = useRBAC(PERMISSIONS.overLimit);
  const setup = useRBAC(PERMISSIONS.setupGroups);
  const [updateGroup] = useUpdateSetupGroupMutation();
  const [busy, setBusy] = React.useState<WhenFull | 'raise' | null>(null);
  if (!question) return null;

  const mayPassLimit = Boolean(overLimit.allowedActions.canOverLimit);
  const mayRaise = Boolean(setup.allowedActions.canManage) && question.groups.length === 1;
  const count = question.documentIds.length;
  const answer = async (choice: WhenFull | 'raise') => {
    setBusy(choice);
    try {
      if (choice === 'raise') {
        const [group] = question.groups;
        await updateGroup({ documentId: group.documentId, seatLimit: group.used + group.needed }).unwrap();
        await onApprove(question.documentIds, question.reason, 'ask');
      } else {
        await onApprove(question.documentIds, question.reason, choice);
      }
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const raiseTo = mayRaise ? question.groups[0].used + question.groups[0].needed : 0;

  return (
    <Dialog.Root open onOpenChange={(next) => (!next ? onClose() : undefined)}>
      <Dialog.Content>
        <Dialog.Header>
          {t('seats.title', '{count, plural, one {No seat left} other {Not enough seats left}}', { count })}
        </Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-seat-question>
            {question.groups.map((group) => (
              <Typography key={group.documentId} variant="omega" fontWeight="semiBold">
                {t(
                  'seats.group',
                  '{group}: {used} of {limit} seats used; approving needs {needed, plural, one {# more seat} other {# more seats}}.',
                  { group: group.name, used: group.used, limit: group.limit, needed: group.needed }
                )}
              </Typography>
            ))}
            <Typography variant="omega">
              {t(
                'seats.waitlistHelp',
                'On the waitlist, a learner gets a seat when one frees; free seats are given first.'
              )}
            </Typography>
            {mayPassLimit ? null : (
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'seats.noOverLimitRight',
                  "Approving past the limit takes the right “Approve past a group's seat limit”, which a site administrator gives."
                )}
              </Typography>
            )}
            {mayRaise || question.groups.length > 1 ? null : (
              <Typography variant="pi" textColor="neutral600">
                {t('seats.noRaiseRight', 'Only someone who sets up groups can raise a group’s seat limit.')}
              </Typography>
            )}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" onClick={onClose}>
              {t('dialog.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Flex gap={2} wrap="wrap" justifyContent="flex-end">
            {mayRaise ? (
              <Button variant="secondary" loading={busy === 'raise'} onClick={() => answer('raise')}>
                {t('seats.raise', 'Raise the limit to {limit}', { limit: raiseTo })}
              </Button>
            ) : null}
            {mayPassLimit ? (
              <Button variant="secondary" loading={busy === 'overLimit'} onClick={() => answer('overLimit')}>
                {t('seats.overLimit', 'Approve over the limit')}
              </Button>
            ) : null}
            <Button loading={busy === 'waitlist'} onClick={() => answer('waitlist')}>
              {t('seats.waitlist', 'Put on the waitlist')}
            </Button>
          </Flex>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
