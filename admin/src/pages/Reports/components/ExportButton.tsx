import * as React from 'react';
import { Button, Flex, Loader, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useAuth, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { EXPORT_ROWS_HEADER, type ReportQuery } from '../../../../../common/contracts/report';
import { errorMessage, reportExportUrl, type QueryString } from '../../../api/groups';
import { browserTimeZone } from '../../../hooks/useEnrollmentFilters';
import { useT } from '../../../hooks/useT';

/**
 * Downloads the Excel export of the current filters. The response is read as a stream so the page can show
 * how much has arrived while a large export is still being written by the server.
 */
export const ExportButton = ({
  params,
  disabled,
  hint,
}: {
  params: QueryString<ReportQuery>;
  disabled?: boolean;
  /** Why the export is not possible for this view. */
  hint?: string;
}) => {
  const { formatNumber, locale } = useIntl();
  const t = useT();
  const token = useAuth('ExportButton', (state) => state.token);
  const { toggleNotification } = useNotification();
  const [progress, setProgress] = React.useState<{ bytes: number; rows: number | null } | null>(null);

  const download = async () => {
    setProgress({ bytes: 0, rows: null });
    try {
      // The file speaks the admin's language and writes times on the manager's clock, naming the zone.
      const language = locale.toLowerCase().startsWith('nl') ? 'nl' : 'en';
      const url = reportExportUrl({
        ...params,
        locale: language,
        timeZone: params.timeZone ?? browserTimeZone(),
      });
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${token}` },
        credentials: 'include',
      });
      if (!response.ok || !response.body) {
        const body = await response.json().catch(() => null);
        throw body?.error ?? new Error(response.statusText);
      }
      const rows = Number(response.headers.get(EXPORT_ROWS_HEADER) ?? 'NaN');
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.length;
        setProgress({ bytes, rows: Number.isFinite(rows) ? rows : null });
      }
      const name =
        /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
        'groups-report.xlsx';
      const blobUrl = URL.createObjectURL(
        new Blob(chunks as BlobPart[], {
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
      );
      const link = document.createElement('a');
      link.href = blobUrl;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
      toggleNotification({
        type: 'success',
        message: t('export.done', 'Exported {rows, plural, one {# row} other {# rows}} to {name}.', {
          rows: Number.isFinite(rows) ? rows : 0,
          name,
        }),
      });
    } catch (error) {
      // The server's sentence in the reader's language (e.g. a busy node's 429: "Too many exports are
      // running. Try again in a minute."), kept until closed: it says what to do, so it must not vanish
      // before it is read.
      toggleNotification({ type: 'danger', message: errorMessage(error), blockTransition: true });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Flex gap={3}>
      {progress ? (
        <Flex gap={2} role="status" aria-live="polite">
          <Loader small>{t('export.loading', 'Exporting')}</Loader>
          <Typography variant="pi" textColor="neutral600">
            {progress.rows === null
              ? t('export.progressBytes', '{size} received', {
                  size: formatNumber(progress.bytes / 1024, { maximumFractionDigits: 0 }) + ' KB',
                })
              : t(
                  'export.progress',
                  '{size} received of an export of {rows, plural, one {# row} other {# rows}}',
                  {
                    size: formatNumber(progress.bytes / 1024, { maximumFractionDigits: 0 }) + ' KB',
                    rows: progress.rows,
                  }
                )}
          </Typography>
        </Flex>
      ) : hint ? (
        <Typography variant="pi" textColor="neutral600">
          {hint}
        </Typography>
      ) : null}
      <Button startIcon={<Download />} onClick={download} disabled={disabled || progress !== null}>
        {t('export.button', 'Export to Excel')}
      </Button>
    </Flex>
  );
};
