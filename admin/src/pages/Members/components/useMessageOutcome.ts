import type { SendMessageResult } from '../../../../../common/contracts/members';
import { useT } from '../../../hooks/useT';

/**
 * What a send or a retry did, in words: emails this request sent, emails the site's email worker holds
 * (queued: sent shortly, the message log shows when), and what is left of the hour's allowance.
 */
export const useMessageOutcome = () => {
  const t = useT();
  return {
    done: (result: SendMessageResult) =>
      result.recipients === 0
        ? t(
            'members.message.nothingToRetry',
            'Nothing left to send again: every email of this message was sent or is queued.'
          )
        : result.queued > 0
          ? t(
              'members.message.doneQueued',
              'Sent to {sent} of {recipients} members; {queued, plural, one {# email is} other {# emails are}} queued and will be sent shortly. You can send {remaining} more this hour.',
              {
                sent: result.sent,
                recipients: result.recipients,
                queued: result.queued,
                remaining: result.remainingThisHour,
              }
            )
          : t(
              'members.message.done',
              'Sent to {sent} of {recipients} members ({failed} failed). You can send {remaining} more this hour.',
              {
                sent: result.sent,
                recipients: result.recipients,
                failed: result.failed,
                remaining: result.remainingThisHour,
              }
            ),
    failed: (result: SendMessageResult) =>
      [
        t(
          'members.message.failed',
          '{failed, plural, one {# email} other {# emails}} of {recipients} could not be sent; your message is kept. Failed emails do not count against your hourly limit.',
          { failed: result.failed, recipients: result.recipients }
        ),
        result.queued > 0
          ? t(
              'members.message.queued',
              '{queued, plural, one {# email is} other {# emails are}} queued and will be sent shortly.',
              { queued: result.queued }
            )
          : '',
      ]
        .filter(Boolean)
        .join(' '),
  };
};
