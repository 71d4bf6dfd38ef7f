import * as React from 'react';
import { Badge, Box, Button, Dialog, Flex, NumberInput, Typography } from '@strapi/design-system';
import { Table, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { JoinCode } from '../../../../../common/contracts/join-codes';
import type { JoinCodeState } from '../../../../../common/domain/join-codes';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { errorMessage } from '../../../api/groups';
import { useCreateJoinCodeMutation, useDisableJoinCodeMutation, useJoinCodes } from '../../../api/membership';
import { FormField, SelectField, TextField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { DataTable } from '../../../components/DataTable';
import { useFormModal } from '../../../hooks/useFormModal';
import { useFormRequest } from '../../../hooks/useFormRequest';
import { useT } from '../../../hooks/useT';

const VALID_DAYS = ['', '1', '7', '30', '90', '365'] as const;

const STATE_COLOURS: Record<JoinCodeState, [string, string]> = {
  active: ['success100', 'success700'],
  expired: ['neutral150', 'neutral700'],
  'used-up': ['warning100', 'warning700'],
  disabled: ['danger100', 'danger700'],
};

const useStateLabel = () => {
  const t = useT();
  return (state: JoinCodeState) =>
    ({
      active: t('joinCodes.state.active', 'Active'),
      expired: t('joinCodes.state.expired', 'Expired'),
      'used-up': t('joinCodes.state.usedUp', 'Used up'),
      disabled: t('joinCodes.state.disabled', 'Disabled'),
    })[state];
};

/** A new code: label, how long it stays valid, how many may use it, a course to ask for on joining. */
const NewCodeModal = ({ group, onCreated }: { group: OverviewGroup; onCreated: (code: string) => void }) => {
  const t = useT();
  const [create] = useCreateJoinCodeMutation();
  const [label, setLabel] = React.useState('');
  const [days, setDays] = React.useState('');
  const [maxUses, setMaxUses] = React.useState<number | undefined>(undefined);
  const [course, setCourse] = React.useState('');
  const { busy, error, setError, run } = useFormRequest();
  const modal = useFormModal(() => {
    setLabel('');
    setDays('');
    setMaxUses(undefined);
    setCourse('');
    setError(null);
  });

  const submit = () =>
    run(async () => {
      const data = await create({
        groupId: group.documentId,
        ...(label.trim() ? { label: label.trim() } : {}),
        expiresAt: days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : null,
        maxUses: maxUses ?? null,
        courseId: course || null,
      }).unwrap();
      modal.close();
      onCreated(data.data.code);
    });

  return (
    <FormModal
      open={modal.open}
      onOpenChange={modal.onOpenChange}
      trigger={<Button variant="secondary">{t('joinCodes.new', 'New join code')}</Button>}
      title={t('joinCodes.new.title', 'A join code for {group}', { group: group.name })}
      submitLabel={t('joinCodes.new.submit', 'Create code')}
      onSubmit={submit}
      busy={busy}
      submitDisabled={false}
    >
      <TextField
        name="join-code-label"
        label={t('joinCodes.column.label', 'Label')}
        hint={t('joinCodes.label.hint', 'Optional: where you hand the code out, e.g. "Spring intake".')}
        error={error ?? undefined}
        value={label}
        maxLength={100}
        onChange={setLabel}
      />
      <SelectField
        name="join-code-days"
        label={t('joinCodes.validFor', 'Valid for')}
        value={days}
        onChange={setDays}
        options={VALID_DAYS.map((value) => ({
          value,
          label: value
            ? t('joinCodes.validFor.days', '{days, plural, one {# day} other {# days}}', {
                days: Number(value),
              })
            : t('joinCodes.validFor.always', 'Until disabled'),
        }))}
      />
      <FormField
        name="join-code-uses"
        label={t('joinCodes.column.maxUses', 'Number of uses')}
        hint={t('joinCodes.maxUses.hint', 'Optional: empty means any number of learners.')}
      >
        <NumberInput value={maxUses} step={1} onValueChange={(value) => setMaxUses(value || undefined)} />
      </FormField>
      <SelectField
        name="join-code-course"
        label={t('joinCodes.column.course', 'Course to request')}
        hint={t('joinCodes.course.hint', 'Optional: learners who join ask for a place, by the group policy.')}
        value={course}
        placeholder={t('joinCodes.course.none', 'No course')}
        onChange={setCourse}
        onClear={() => setCourse('')}
        clearLabel={t('filters.clear', 'Clear')}
        options={group.courses.map((c) => ({ value: c.documentId, label: c.title ?? c.documentId }))}
      />
    </FormModal>
  );
};

/** A group's join codes: made here, shown in full once, then listed by their first characters. */
export const JoinCodes = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const { formatDate } = useIntl();
  const stateLabel = useStateLabel();
  const { toggleNotification } = useNotification();
  const codes = useJoinCodes({ groupId: group.documentId });
  const [disable] = useDisableJoinCodeMutation();
  const [shown, setShown] = React.useState<string | null>(null);

  const disableCode = async (code: JoinCode) => {
    try {
      await disable({ groupId: group.documentId, codeId: code.documentId }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('joinCodes.disabled', 'The code {prefix}… no longer works.', { prefix: code.prefix }),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const rows = (codes.data?.data ?? []).map((code) => ({ ...code, id: code.documentId }));
  const headers = [
    { name: 'code', label: t('joinCodes.column.code', 'Code') },
    { name: 'label', label: t('joinCodes.column.label', 'Label') },
    { name: 'course', label: t('joinCodes.column.course', 'Course to request') },
    { name: 'uses', label: t('joinCodes.column.uses', 'Uses') },
    { name: 'expires', label: t('joinCodes.column.expires', 'Valid until') },
    { name: 'state', label: t('joinCodes.column.state', 'State') },
    { name: 'actions', label: t('column.actions', 'Actions') },
  ];

  return (
    <Box paddingTop={8}>
      <Flex justifyContent="space-between" paddingBottom={4}>
        <Box>
          <Typography variant="delta" tag="h2">
            {t('joinCodes.title', 'Join codes')}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t(
              'joinCodes.intro',
              'Learners who are signed in on the site join the group with a code. A code is shown once, when it is made.'
            )}
          </Typography>
        </Box>
        <NewCodeModal group={group} onCreated={setShown} />
      </Flex>
      {codes.error ? <Typography textColor="danger600">{errorMessage(codes.error)}</Typography> : null}
      <DataTable
        rows={rows}
        headers={headers}
        isLoading={codes.isFetching && !codes.data}
        empty={t('joinCodes.empty', 'This group has no join codes.')}
      >
        {rows.map((code) => (
          <Table.Row key={code.documentId} data-join-code={code.prefix}>
            <Table.Cell>
              <Typography fontWeight="semiBold">{`${code.prefix}…`}</Typography>
            </Table.Cell>
            <Table.Cell>
              <Typography>{code.label ?? '—'}</Typography>
            </Table.Cell>
            <Table.Cell>
              <Typography>{code.course ? (code.course.title ?? code.course.documentId) : '—'}</Typography>
            </Table.Cell>
            <Table.Cell>
              <Typography>
                {code.maxUses === null ? String(code.uses) : `${code.uses} / ${code.maxUses}`}
              </Typography>
            </Table.Cell>
            <Table.Cell>
              <Typography textColor="neutral600">
                {code.expiresAt
                  ? formatDate(code.expiresAt, { dateStyle: 'medium', timeStyle: 'short' })
                  : t('joinCodes.validFor.always', 'Until disabled')}
              </Typography>
            </Table.Cell>
            <Table.Cell>
              <Badge backgroundColor={STATE_COLOURS[code.state][0]} textColor={STATE_COLOURS[code.state][1]}>
                {stateLabel(code.state)}
              </Badge>
            </Table.Cell>
            <Table.Cell>
              {code.state === 'disabled' ? null : (
                <Button size="S" variant="danger-light" onClick={() => disableCode(code)}>
                  {t('joinCodes.disable', 'Disable')}
                </Button>
              )}
            </Table.Cell>
          </Table.Row>
        ))}
      </DataTable>

      <Dialog.Root open={shown !== null} onOpenChange={(open) => (!open ? setShown(null) : undefined)}>
        <Dialog.Content>
          <Dialog.Header>{t('joinCodes.created.title', 'Your new join code')}</Dialog.Header>
          <Dialog.Body>
            <Flex direction="column" gap={3}>
              <Typography variant="alpha" tag="p" data-new-join-code>
                {shown}
              </Typography>
              <Typography textColor="neutral600">
                {t(
                  'joinCodes.created.body',
                  'Copy it now: it is not shown again. Learners enter it on the site while signed in.'
                )}
              </Typography>
            </Flex>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button fullWidth>{t('joinCodes.created.done', 'Done')}</Button>
            </Dialog.Cancel>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </Box>
  );
};
