import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import { NOTIFICATION_STATES, type NotificationLogQuery } from '../../../../common/contracts/notifications';
import { useNotifications, type QueryString } from '../../api/groups';
import { SelectField } from '../../components/FormFields';
import { ListPagination, Notice, PageFrame } from '../../components/PageLayout';
import { useT } from '../../hooks/useT';
import { useWorkspace } from '../../hooks/useWorkspace';
import { NotificationLog } from './components/NotificationLog';
import { PreferencesForm } from './components/PreferencesForm';

/** What was sent about my groups (every group for the Super Admin), and my own email preferences. */
export const NotificationsPage = () => {
  const t = useT();
  const { all } = useWorkspace();
  const [{ query }, setQuery] = useQueryParams<QueryString<NotificationLogQuery>>();
  const log = useNotifications({ page: query.page, pageSize: query.pageSize, state: query.state });
  const title = t('notifications.title', 'Notifications');
  return (
    <PageFrame
      title={title}
      subtitle={
        all
          ? t(
              'notifications.subtitleAll',
              'Every email the plugin sent on the site, and your own preferences.'
            )
          : t('notifications.subtitle', 'The emails sent about your groups, and your own preferences.')
      }
    >
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <PreferencesForm />
          <Box tag="section" aria-labelledby="notification-log">
            <Flex justifyContent="space-between" alignItems="flex-end" gap={4} paddingBottom={4} wrap="wrap">
              <Typography variant="delta" tag="h2" id="notification-log">
                {t('notifications.log.title', 'Sent emails')}
              </Typography>
              <Box minWidth="16rem">
                <SelectField
                  name="state"
                  label={t('notifications.log.filter', 'State')}
                  size="S"
                  value={query.state ?? ''}
                  placeholder={t('notifications.log.allStates', 'All states')}
                  onClear={() => setQuery({ state: undefined, page: '1' })}
                  clearLabel={t('notifications.log.allStates', 'All states')}
                  options={NOTIFICATION_STATES.map((state) => ({
                    value: state,
                    label: t(`notifications.state.${state}`, state),
                  }))}
                  onChange={(state) => setQuery({ state, page: '1' })}
                />
              </Box>
            </Flex>
            {log.isLoading && !log.data ? (
              <Page.Loading />
            ) : log.error ? (
              <Notice>
                <Typography textColor="danger600">{log.error}</Typography>
              </Notice>
            ) : log.data && log.data.data.length > 0 ? (
              <>
                <NotificationLog entries={log.data.data} />
                <ListPagination pagination={log.data.meta.pagination} />
              </>
            ) : (
              <Notice>
                <Typography>
                  {t('notifications.log.empty', 'No email has been sent about your groups yet.')}
                </Typography>
              </Notice>
            )}
          </Box>
        </Flex>
      </Layouts.Content>
    </PageFrame>
  );
};
