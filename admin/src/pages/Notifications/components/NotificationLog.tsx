import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Table, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { NotificationLogEntry } from '../../../../../common/contracts/notifications';
import { errorMessage, useResendNotificationMutation } from '../../../api/groups';
import { DataTable } from '../../../components/DataTable';
import { useT } from '../../../hooks/useT';

/** Badge colours on each variant's 100 shade, readable at WCAG AA. */
const STATE_COLOURS: Record<NotificationLogEntry['state'], { backgroundColor: string; textColor: string }> = {
  pending: { backgroundColor: 'neutral150', textColor: 'neutral800' },
  sending: { backgroundColor: 'neutral150', textColor: 'neutral800' },
  sent: { backgroundColor: 'success100', textColor: 'success700' },
  failed: { backgroundColor: 'danger100', textColor: 'danger700' },
};

/** The emails of my groups, newest first; a failed one can be sent again. */
export const NotificationLog = ({ entries }: { entries: NotificationLogEntry[] }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const { toggleNotification } = useNotification();
  const [resend] = useResendNotificationMutation();

  const sendAgain = async (entry: NotificationLogEntry) => {
    try {
      await resend({ id: entry.id }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('notifications.log.resent', 'The email to {to} will be sent again.', { to: entry.to }),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const headers = [
    { name: 'createdAt', label: t('notifications.log.when', 'When') },
    { name: 'to', label: t('notifications.log.to', 'To') },
    { name: 'kind', label: t('notifications.log.kind', 'Email') },
    { name: 'group', label: t('notifications.log.group', 'Group') },
    { name: 'state', label: t('notifications.log.state', 'State') },
    { name: 'actions', label: t('column.actions', 'Actions') },
  ];
  return (
    <DataTable rows={entries} headers={headers}>
      {entries.map((entry) => (
        <Table.Row key={entry.id}>
          <Table.Cell>
            <Typography textColor="neutral800">
              {formatDate(entry.sentAt ?? entry.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
            </Typography>
          </Table.Cell>
          <Table.Cell>
            <Typography>{entry.to}</Typography>
          </Table.Cell>
          <Table.Cell>
            <Typography>{t(`notifications.kind.${entry.kind}`, entry.kind)}</Typography>
          </Table.Cell>
          <Table.Cell>
            <Typography textColor="neutral800">{entry.group?.name ?? '—'}</Typography>
          </Table.Cell>
          <Table.Cell>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Badge {...STATE_COLOURS[entry.state]}>
                {t(`notifications.state.${entry.state}`, entry.state)}
              </Badge>
              {entry.state === 'failed' && entry.lastError ? (
                <Typography variant="pi" textColor="danger700">
                  {entry.lastError}
                </Typography>
              ) : null}
            </Flex>
          </Table.Cell>
          <Table.Cell>
            {/* A message to members is sent again from its group's message log (Members), within the hourly limit. */}
            {entry.state === 'failed' && entry.kind !== 'member-message' ? (
              <Button size="S" variant="secondary" onClick={() => sendAgain(entry)}>
                {t('notifications.log.resend', 'Send again')}
              </Button>
            ) : (
              <Box />
            )}
          </Table.Cell>
        </Table.Row>
      ))}
    </DataTable>
  );
};
