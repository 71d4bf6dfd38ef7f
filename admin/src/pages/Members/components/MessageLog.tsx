import { Badge, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { useMessageLog } from '../../../api/groups';
import { DataTable, TableSection } from '../../../components/DataTable';
import { useT } from '../../../hooks/useT';

/** The group's recent messages: when, what, who sent them and how many members got them. */
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
              {message.failed > 0 ? (
                <Badge backgroundColor="warning100" textColor="warning700">
                  {t('members.messages.partly', '{sent} of {recipients}, {failed} failed', {
                    sent: message.sent,
                    recipients: message.recipients,
                    failed: message.failed,
                  })}
                </Badge>
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
