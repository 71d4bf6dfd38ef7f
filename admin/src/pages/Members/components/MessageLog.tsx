import * as React from 'react';
import { Badge, Button, Flex, Typography } from '@strapi/design-system';
import { Table, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { SentMessage } from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { errorMessage, useMessageLog, useRetryMessageMutation } from '../../../api/groups';
import { DataTable, TableSection } from '../../../components/DataTable';
import { useT } from '../../../hooks/useT';
import { useMessageOutcome } from './useMessageOutcome';

/** Sends a message's failed emails again from the log, and says what became of them. */
const RetryButton = ({ group, message }: { group: OverviewGroup; message: SentMessage }) => {
  const t = useT();
  const outcome = useMessageOutcome();
  const { toggleNotification } = useNotification();
  const [retryMessage] = useRetryMessageMutation();
  const [busy, setBusy] = React.useState(false);
  const retry = async () => {
    setBusy(true);
    try {
      const { data } = await retryMessage({
        groupId: group.documentId,
        messageId: message.documentId,
      }).unwrap();
      toggleNotification(
        data.failed > 0
          ? { type: 'warning', message: outcome.failed(data) }
          : { type: 'success', message: outcome.done(data) }
      );
    } catch (caught) {
      toggleNotification({ type: 'danger', message: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="tertiary" size="S" loading={busy} onClick={retry}>
      {t('members.messages.retry', 'Send the {failed} failed again', { failed: message.failed })}
    </Button>
  );
};

/**
 * The group's recent messages: when, what, who sent them and where their emails stand (sent, failed, or
 * queued with the site's email worker), with a retry of the failed ones.
 */
export const MessageLog = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const log = useMessageLog({ groupId: group.documentId });
  const messages = log.data?.data ?? [];
  if (messages.length === 0) return null;
  const headers = [
    { name: 'sentAt', label: t('members.messages.sentAt', 'Sent') },
    { name: 'subject', label: t('members.message.subject', 'Subject') },
    { name: 'sentBy', label: t('members.messages.sentBy', 'By') },
    { name: 'delivered', label: t('members.messages.delivered', 'Delivered') },
  ];
  const rows = messages.map((message) => ({ ...message, id: message.documentId }));
  return (
    <TableSection title={t('members.messages.title', 'Sent messages')}>
      <DataTable rows={rows} headers={headers}>
        {messages.map((message) => (
          <Table.Row key={message.documentId}>
            <Table.Cell>
              <Typography textColor="neutral600">
                {formatDate(message.sentAt, { dateStyle: 'medium', timeStyle: 'short' })}
              </Typography>
            </Table.Cell>
            <Table.Cell>
              <Typography>{message.subject}</Typography>
            </Table.Cell>
            <Table.Cell>
              <Typography textColor="neutral600">{message.sentBy}</Typography>
            </Table.Cell>
            <Table.Cell>
              {message.failed > 0 || message.queued > 0 ? (
                <Flex gap={2} wrap="wrap">
                  <Badge
                    backgroundColor={message.failed > 0 ? 'danger100' : 'neutral150'}
                    textColor={message.failed > 0 ? 'danger700' : 'neutral700'}
                  >
                    {t(
                      'members.messages.progress',
                      '{sent} of {recipients}{failed, plural, =0 {} other {, # failed}}{queued, plural, =0 {} other {, # queued}}',
                      {
                        sent: message.sent,
                        recipients: message.recipients,
                        failed: message.failed,
                        queued: message.queued,
                      }
                    )}
                  </Badge>
                  {message.failed > 0 ? <RetryButton group={group} message={message} /> : null}
                </Flex>
              ) : (
                <Typography>
                  {t('members.messages.all', '{sent} of {recipients}', {
                    sent: message.sent,
                    recipients: message.recipients,
                  })}
                </Typography>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </DataTable>
    </TableSection>
  );
};
