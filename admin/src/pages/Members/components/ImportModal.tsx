import * as React from 'react';
import { Badge, Box, Button, Checkbox, Flex, Typography } from '@strapi/design-system';
import { Table, useNotification } from '@strapi/strapi/admin';
import type { ImportOutcome, ImportPreviewResponse } from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { useApplyImportMutation, usePreviewImportMutation } from '../../../api/groups';
import { FormField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { useFormModal } from '../../../hooks/useFormModal';
import { useFormRequest } from '../../../hooks/useFormRequest';
import { TableHead } from '../../../components/TableHead';
import { useT } from '../../../hooks/useT';

const OUTCOME_COLORS: Record<ImportOutcome, [string, string]> = {
  add: ['success100', 'success700'],
  invite: ['primary100', 'primary700'],
  'already-member': ['neutral150', 'neutral700'],
  error: ['danger100', 'danger700'],
};

/** The rows shown in the preview: every row with an error first, then the first of the others. */
const PREVIEW_ROWS = 200;

/**
 * Upload a class list (.xlsx or .csv), see what each row would do and why a row is refused, then apply
 * the whole file at once. Applying uploads the same file again: the server re-checks it against the
 * database as it is then.
 */
export const ImportModal = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const [previewImport] = usePreviewImportMutation();
  const [applyImport] = useApplyImportMutation();
  const { toggleNotification } = useNotification();
  const [file, setFile] = React.useState<File | null>(null);
  const [preview, setPreview] = React.useState<ImportPreviewResponse['data'] | null>(null);
  const [skipInvalid, setSkipInvalid] = React.useState(false);
  const { busy, error, setError, run } = useFormRequest();

  const reset = () => {
    setSkipInvalid(false);
    setFile(null);
    setPreview(null);
    setError(null);
  };
  const modal = useFormModal(reset);

  const check = async (chosen: File) => {
    setFile(chosen);
    setPreview(null);
    setSkipInvalid(false);
    await run(async () => {
      const data = await previewImport({ groupId: group.documentId, file: chosen }).unwrap();
      setPreview(data.data);
    });
  };

  const apply = async () => {
    if (!file) return;
    await run(async () => {
      const data = await applyImport({ groupId: group.documentId, file, skipInvalid }).unwrap();
      const { summary, invitationsSent, invitationsFailed } = data.data;
      const skipped =
        summary.errors > 0
          ? ` ${t('members.import.skipped', '{count, plural, one {# row with errors was skipped.} other {# rows with errors were skipped.}}', { count: summary.errors })}`
          : '';
      toggleNotification({
        type: invitationsFailed > 0 || summary.errors > 0 ? 'warning' : 'success',
        message: `${t(
          'members.import.done',
          'Imported: {add} added, {invite} invited ({sent} invitations sent, {failed} failed), {already} already members.',
          {
            add: summary.add,
            invite: summary.invite,
            sent: invitationsSent,
            failed: invitationsFailed,
            already: summary.alreadyMember,
          }
        )}${skipped}`,
      });
      modal.close();
    });
  };

  const outcomeLabel = (outcome: ImportOutcome) =>
    ({
      add: t('members.import.outcome.add', 'Add'),
      invite: t('members.import.outcome.invite', 'Invite'),
      'already-member': t('members.import.outcome.already', 'Already a member'),
      error: t('members.import.outcome.error', 'Error'),
    })[outcome];

  const rows = preview
    ? [
        ...preview.rows.filter((r) => r.outcome === 'error'),
        ...preview.rows.filter((r) => r.outcome !== 'error'),
      ]
        .slice(0, PREVIEW_ROWS)
        .map((r) => ({ ...r, id: r.row }))
    : [];
  const headers = [
    { name: 'row', label: t('members.import.column.row', 'Row') },
    { name: 'email', label: t('members.column.email', 'Email') },
    { name: 'username', label: t('members.column.name', 'Name') },
    { name: 'outcome', label: t('members.import.column.outcome', 'Result') },
  ];

  const importable = preview ? preview.summary.add + preview.summary.invite : 0;
  const errors = preview?.summary.errors ?? 0;
  // Never "Import 0 rows": without a file, a preview or a row to import, the button just says Import.
  const submitLabel =
    importable === 0
      ? t('members.import.submit', 'Import')
      : errors > 0 && skipInvalid
        ? t(
            'members.import.applySkipping',
            '{count, plural, one {Import # row} other {Import # rows}}, skip {errors}',
            { count: importable, errors }
          )
        : t('members.import.apply', '{count, plural, one {Import # row} other {Import # rows}}', {
            count: importable,
          });
  return (
    <FormModal
      open={modal.open}
      onOpenChange={modal.onOpenChange}
      trigger={<Button variant="secondary">{t('members.import.open', 'Import')}</Button>}
      title={t('members.import.title', 'Import members into {group}', { group: group.name })}
      submitLabel={submitLabel}
      onSubmit={apply}
      busy={busy}
      submitDisabled={!preview || importable === 0 || (errors > 0 && !skipInvalid)}
    >
      <FormField
        name="import-file"
        label={t('members.import.file', 'File')}
        hint={t(
          'members.import.hint',
          'An .xlsx or .csv file with an "email" column and optionally a "username" column. Existing accounts are added; new addresses are invited.'
        )}
      >
        <input
          type="file"
          aria-label={t('members.import.file', 'File')}
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) void check(chosen);
          }}
        />
      </FormField>
      {error ? <Typography textColor="danger600">{error}</Typography> : null}
      {preview ? (
        <>
          <Flex gap={2} wrap="wrap">
            <Badge>
              {t('members.import.summary.rows', '{count, plural, one {# row} other {# rows}}', {
                count: preview.summary.rows,
              })}
            </Badge>
            <Badge backgroundColor="success100" textColor="success700">
              {t('members.import.summary.add', '{count} to add', { count: preview.summary.add })}
            </Badge>
            <Badge backgroundColor="primary100" textColor="primary700">
              {t('members.import.summary.invite', '{count} to invite', {
                count: preview.summary.invite,
              })}
            </Badge>
            <Badge>
              {t(
                'members.import.summary.already',
                '{count, plural, one {# already a member} other {# already members}}',
                {
                  count: preview.summary.alreadyMember,
                }
              )}
            </Badge>
            <Badge backgroundColor="danger100" textColor="danger700">
              {t('members.import.summary.errors', '{count} with errors', {
                count: preview.summary.errors,
              })}
            </Badge>
          </Flex>
          {errors > 0 ? (
            <Typography textColor="danger600">
              {t(
                'members.import.blockedOrSkip',
                'Rows with errors are never imported: fix the file and choose it again, or skip them and import the other rows together.'
              )}
            </Typography>
          ) : null}
          {errors > 0 && importable > 0 ? (
            <Checkbox
              name="import-skip-invalid"
              checked={skipInvalid}
              onCheckedChange={(checked: boolean | 'indeterminate') => setSkipInvalid(checked === true)}
            >
              {t(
                'members.import.skipInvalid',
                '{count, plural, one {Skip the row with errors} other {Skip the # rows with errors}}',
                { count: errors }
              )}
            </Checkbox>
          ) : null}
          <Box maxHeight="40vh" overflow="auto">
            <Table.Root rows={rows} headers={headers}>
              <Table.Content>
                <TableHead headers={headers} />
                <Table.Body>
                  {rows.map((row) => (
                    <Table.Row key={row.row} data-import-row={row.row}>
                      <Table.Cell>
                        <Typography>{row.row}</Typography>
                      </Table.Cell>
                      <Table.Cell>
                        <Typography ellipsis>{row.email || '—'}</Typography>
                      </Table.Cell>
                      <Table.Cell>
                        <Typography ellipsis>{row.username || '—'}</Typography>
                      </Table.Cell>
                      <Table.Cell>
                        <Flex
                          direction="column"
                          alignItems="flex-start"
                          gap={1}
                          style={{ whiteSpace: 'normal', minWidth: '22rem' }}
                        >
                          <Badge
                            backgroundColor={OUTCOME_COLORS[row.outcome][0]}
                            textColor={OUTCOME_COLORS[row.outcome][1]}
                          >
                            {outcomeLabel(row.outcome)}
                          </Badge>
                          {row.errors.map((e) => (
                            <Typography key={e.code + e.column} variant="pi" textColor="danger600">
                              {t(`members.import.error.${e.code}`, e.message)}
                            </Typography>
                          ))}
                        </Flex>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Content>
            </Table.Root>
          </Box>
        </>
      ) : null}
    </FormModal>
  );
};
