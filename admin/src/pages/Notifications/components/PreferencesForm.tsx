import type * as React from 'react';
import { useEffect, useState } from 'react';
import { Box, Button, Checkbox, Flex, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import type { PreferencesBody } from '../../../../../common/contracts/notifications';
import { NEW_REQUEST_MODES, type NewRequestMode } from '../../../../../common/domain/notification-emails';
import {
  errorMessage,
  useNotificationPreferences,
  useSetNotificationPreferencesMutation,
} from '../../../api/groups';
import { SelectField } from '../../../components/FormFields';
import { useT } from '../../../hooks/useT';

/** My own choices: new requests at once, in a daily digest or not at all; the weekly digest on or off. */
export const PreferencesForm = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const stored = useNotificationPreferences();
  const [save, { isLoading: saving }] = useSetNotificationPreferencesMutation();
  const [form, setForm] = useState<PreferencesBody | null>(null);
  useEffect(() => {
    if (stored.data) setForm(stored.data.data);
  }, [stored.data]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!form) return;
    try {
      await save(form).unwrap();
      toggleNotification({
        type: 'success',
        message: t('notifications.preferences.saved', 'Your preferences are saved.'),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  return (
    <Box
      background="neutral0"
      hasRadius
      shadow="tableShadow"
      padding={6}
      tag="section"
      aria-labelledby="notification-preferences"
    >
      <form onSubmit={submit}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2" id="notification-preferences">
            {t('notifications.preferences.title', 'My email preferences')}
          </Typography>
          {stored.error ? <Typography textColor="danger600">{stored.error}</Typography> : null}
          <Box maxWidth="32rem">
            <SelectField
              name="newRequests"
              label={t('notifications.preferences.newRequests', 'New requests in my groups')}
              hint={t(
                'notifications.preferences.newRequestsHint',
                'Only for groups where you manage enrollments.'
              )}
              value={form?.newRequests ?? 'immediate'}
              disabled={!form}
              options={NEW_REQUEST_MODES.map((mode) => ({
                value: mode,
                label: t(`notifications.preferences.mode.${mode}`, mode),
              }))}
              onChange={(value) => form && setForm({ ...form, newRequests: value as NewRequestMode })}
            />
          </Box>
          <Checkbox
            name="weeklyDigest"
            checked={form?.weeklyDigest ?? true}
            disabled={!form}
            onCheckedChange={(checked: boolean | 'indeterminate') =>
              form && setForm({ ...form, weeklyDigest: checked === true })
            }
          >
            {t(
              'notifications.preferences.weeklyDigest',
              "A weekly digest of my groups, with the week's report attached"
            )}
          </Checkbox>
          <Box>
            <Button type="submit" loading={saving} disabled={!form}>
              {t('notifications.preferences.save', 'Save preferences')}
            </Button>
          </Box>
        </Flex>
      </form>
    </Box>
  );
};
