import * as React from 'react';
import { Box, Button, Flex, Grid, NumberInput, TextButton, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { ENROLLMENT_POLICIES } from '../../../../common/contracts/group-setup';
import type { GroupsSettings, SettingKey, SettingsOverrides } from '../../../../common/contracts/settings';
import { COURSE_EDIT_RULES, type CourseEditRule } from '../../../../common/domain/course-sharing';
import { useSaveSettingsMutation, useSettings } from '../../api/settings';
import { ChoiceGroup, type Choice } from '../../components/ChoiceGroup';
import { FormField, SelectField, TextField } from '../../components/FormFields';
import { MessagePage, Notice, PageFrame } from '../../components/PageLayout';
import { useFormRequest } from '../../hooks/useFormRequest';
import { useT } from '../../hooks/useT';
import { PERMISSIONS } from '../../permissions';
import { useChoiceLabels } from '../GroupSetup/hooks/useChoiceLabels';

type Draft = Partial<Record<SettingKey, GroupsSettings[SettingKey] | undefined>>;

const NUMBER_KEYS = ['messagesPerHour', 'dueSoonDays', 'notStartedDays', 'atRiskMargin'] as const;

/** The options of Settings → Groups: each shown with the config file's value and whether it is changed here. */
const OptionsForm = () => {
  const t = useT();
  const { data, error } = useSettings();
  const [saveSettings] = useSaveSettingsMutation();
  const { toggleNotification } = useNotification();
  const { busy, error: saveError, run } = useFormRequest();
  const [draft, setDraft] = React.useState<Draft | null>(null);
  const { policy } = useChoiceLabels();
  const courseRules: Record<CourseEditRule, Choice> = {
    'all-groups': {
      label: t('settings.courseEditRule.all', 'Every group using it'),
      help: t(
        'settings.courseEditRule.all.help',
        'A manager edits a shared course only with the edit-courses right in every group that uses it.'
      ),
    },
    'any-group': {
      label: t('settings.courseEditRule.any', 'Any one group using it'),
      help: t(
        'settings.courseEditRule.any.help',
        'The edit-courses right in one group using the course is enough; the edit shows in all of them.'
      ),
    },
  };

  React.useEffect(() => {
    if (data && draft === null) {
      setDraft(Object.fromEntries(data.data.overridden.map((key) => [key, data.data.values[key]])));
    }
  }, [data, draft]);

  const title = t('settings.title', 'Groups settings');
  if (error) return <MessagePage title={title}>{error}</MessagePage>;
  if (!data || draft === null) return <Page.Loading />;
  const { defaults } = data.data;

  const valueOf = <K extends SettingKey>(key: K) =>
    (key in draft ? draft[key] : defaults[key]) as GroupsSettings[K];
  const set = (key: SettingKey, value: GroupsSettings[SettingKey] | undefined) =>
    setDraft({ ...draft, [key]: value });
  const followDefault = (key: SettingKey) => {
    const next = { ...draft };
    delete next[key];
    setDraft(next);
  };
  const choiceLabels: Record<string, Choice> = { ...policy, ...courseRules };
  const shown = (value: unknown) =>
    typeof value === 'string' && value in choiceLabels
      ? choiceLabels[value].label
      : value === null || value === ''
        ? t('settings.off', 'off')
        : typeof value === 'boolean'
          ? value
            ? t('settings.seat.refuse', 'Refuse the approval')
            : t('settings.seat.waitlist', 'Put the learner on the waitlist')
          : String(value);
  const hint = (key: SettingKey, text: string) =>
    `${text} ${
      key in draft
        ? t('settings.changedHere', 'Changed here; the config file says {value}.', {
            value: shown(defaults[key]),
          })
        : t('settings.fromConfig', 'From the config file.')
    }`;
  const resetLink = (key: SettingKey, label: string) =>
    key in draft ? (
      <TextButton onClick={() => followDefault(key)}>
        {t('settings.useDefault', 'Use the default for {option}', { option: label })}
      </TextButton>
    ) : null;

  const save = () =>
    run(async () => {
      // An emptied number is sent as null, so the server says what is missing instead of reverting it.
      const overrides = Object.fromEntries(
        Object.entries(draft).map(([key, value]) => [key, value === undefined ? null : value])
      ) as SettingsOverrides;
      const result = await saveSettings({ overrides }).unwrap();
      setDraft(Object.fromEntries(result.data.overridden.map((key) => [key, result.data.values[key]])));
      toggleNotification({
        type: 'success',
        message: t('settings.saved', 'Settings saved; they apply now.'),
      });
    });

  const labels: Record<(typeof NUMBER_KEYS)[number], { label: string; hint: string }> = {
    messagesPerHour: {
      label: t('settings.messagesPerHour', 'Messages per hour'),
      hint: t('settings.messagesPerHour.hint', 'The most emails one manager may send to members in an hour.'),
    },
    dueSoonDays: {
      label: t('settings.dueSoonDays', 'Due soon (days)'),
      hint: t('settings.dueSoonDays.hint', 'An enrollment is due soon this many days before its due date.'),
    },
    notStartedDays: {
      label: t('settings.notStartedDays', 'Not started (days)'),
      hint: t(
        'settings.notStartedDays.hint',
        'An approved learner who has not started after this many days is flagged.'
      ),
    },
    atRiskMargin: {
      label: t('settings.atRiskMargin', 'At-risk margin (percentage points)'),
      hint: t(
        'settings.atRiskMargin.hint',
        'A learner is at risk when their progress lags the elapsed share of their time by more than this.'
      ),
    },
  };
  const seatLabel = t('settings.strictSeatLimit', 'When a group is full');
  const urlLabel = t('settings.invitationUrl', 'Invitation URL');
  const languageLabel = t('settings.defaultLanguage', 'Default email language');
  // Options chosen among a few values, each value explained in a sentence.
  const choiceOptions: Array<{
    key: 'defaultEnrollmentPolicy' | 'courseEditRule';
    label: string;
    hint: string;
    choices: readonly string[];
    labels: Record<string, Choice>;
  }> = [
    {
      key: 'defaultEnrollmentPolicy',
      label: t('settings.defaultEnrollmentPolicy', 'New groups: what happens when a learner asks'),
      hint: t(
        'settings.defaultEnrollmentPolicy.hint',
        'Where a new group starts on the Groups screen; each group can be changed after.'
      ),
      choices: ENROLLMENT_POLICIES,
      labels: policy,
    },
    {
      key: 'courseEditRule',
      label: t('settings.courseEditRule', 'A shared course may be edited with the right in'),
      hint: t(
        'settings.courseEditRule.hint',
        'For a course that several groups use: an edit shows in every one of them.'
      ),
      choices: COURSE_EDIT_RULES,
      labels: courseRules,
    },
  ];

  return (
    <PageFrame
      title={title}
      subtitle={t(
        'settings.subtitle',
        'These options apply at once, without restarting the site. An option you do not change follows the config file (config/plugins).'
      )}
      primaryAction={
        <Button onClick={save} loading={busy}>
          {t('settings.save', 'Save')}
        </Button>
      }
    >
      <Layouts.Content>
        {saveError ? (
          <Box paddingBottom={4}>
            <Notice>
              <Typography textColor="danger600">{saveError}</Typography>
            </Notice>
          </Box>
        ) : null}
        <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
          <Grid.Root gap={6}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <SelectField
                name="strictSeatLimit"
                label={seatLabel}
                hint={hint(
                  'strictSeatLimit',
                  t('settings.strictSeatLimit.hint', 'What an approval past the seat limit does.')
                )}
                value={String(valueOf('strictSeatLimit'))}
                options={[
                  { value: 'false', label: shown(false) },
                  { value: 'true', label: shown(true) },
                ]}
                onChange={(value) => set('strictSeatLimit', value === 'true')}
              />
              {resetLink('strictSeatLimit', seatLabel)}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <SelectField
                name="defaultLanguage"
                label={languageLabel}
                hint={hint(
                  'defaultLanguage',
                  t(
                    'settings.defaultLanguage.hint',
                    'For learners whose account keeps no language the plugin speaks.'
                  )
                )}
                value={valueOf('defaultLanguage')}
                options={[
                  { value: 'en', label: 'English' },
                  { value: 'nl', label: 'Nederlands' },
                ]}
                onChange={(value) => set('defaultLanguage', value as GroupsSettings['defaultLanguage'])}
              />
              {resetLink('defaultLanguage', languageLabel)}
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <TextField
                name="invitationUrl"
                label={urlLabel}
                hint={hint(
                  'invitationUrl',
                  t(
                    'settings.invitationUrl.hint',
                    'The page of your site where invited learners choose a password; empty switches invitations off.'
                  )
                )}
                value={valueOf('invitationUrl') ?? ''}
                onChange={(value) => set('invitationUrl', value.trim() === '' ? null : value)}
              />
              {resetLink('invitationUrl', urlLabel)}
            </Grid.Item>
            {choiceOptions.map(({ key, label, choices, labels: words, hint: text }) => (
              <Grid.Item key={key} col={6} s={12} direction="column" alignItems="stretch">
                <ChoiceGroup
                  name={key}
                  label={label}
                  value={String(valueOf(key))}
                  choices={choices}
                  labels={words}
                  onChange={(value) => set(key, value)}
                  hint={hint(key, text)}
                />
                {resetLink(key, label)}
              </Grid.Item>
            ))}
            {NUMBER_KEYS.map((key) => (
              <Grid.Item key={key} col={6} s={12} direction="column" alignItems="stretch">
                <FormField name={key} label={labels[key].label} hint={hint(key, labels[key].hint)}>
                  <NumberInput
                    value={valueOf(key) as number | undefined}
                    onValueChange={(value) => set(key, value)}
                  />
                </FormField>
                {resetLink(key, labels[key].label)}
              </Grid.Item>
            ))}
          </Grid.Root>
        </Box>
        <Flex paddingTop={4}>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'settings.templatesHint',
              'The words of every email the plugin sends are in Settings → Groups → Email templates.'
            )}
          </Typography>
        </Flex>
      </Layouts.Content>
    </PageFrame>
  );
};

/** Settings → Groups → Options, for admins holding `plugin::groups.settings.manage`. */
const OptionsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <OptionsForm />
  </Page.Protect>
);

export default OptionsPage;
