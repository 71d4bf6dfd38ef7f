import type * as React from 'react';
import { Box, Button, Typography } from '@strapi/design-system';
import { Layouts, Page, Pagination } from '@strapi/strapi/admin';
import type { Pagination as PaginationMeta } from '../../../common/contracts/shared';
import { useT } from '../hooks/useT';

interface PageFrameProps {
  title: string;
  subtitle?: string;
  primaryAction?: React.ReactNode;
  /** Everything under the header: actions bar, content, dialogs. */
  children: React.ReactNode;
}

/** A workspace page: the browser tab's title and the page header, then the page itself. */
export const PageFrame = ({ title, subtitle, primaryAction, children }: PageFrameProps) => (
  <Page.Main>
    <Page.Title>{title}</Page.Title>
    <Layouts.Header title={title} subtitle={subtitle} primaryAction={primaryAction} />
    {children}
  </Page.Main>
);

/** A page with nothing but a message under its header. */
export const MessagePage = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <PageFrame title={title}>
    <Layouts.Content>{children}</Layouts.Content>
  </PageFrame>
);

/** A message in place of a page's table: nothing to show, or the list could not be loaded. */
export const Notice = ({ children }: { children: React.ReactNode }) => (
  <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
    {children}
  </Box>
);

/** The list refused the filters in the URL (e.g. a shared link gone stale): say why, offer a way out. */
export const FilterError = ({ message, onReset }: { message: string; onReset: () => void }) => {
  const t = useT();
  return (
    <Notice>
      <Typography textColor="danger600">{message}</Typography>
      <Box paddingTop={4}>
        <Button variant="secondary" onClick={onReset}>
          {t('filters.reset', 'Reset filters')}
        </Button>
      </Box>
    </Notice>
  );
};

/** Page size and page links under a list; they read and write the URL's `page` and `pageSize`. */
export const ListPagination = ({ pagination }: { pagination: PaginationMeta }) => (
  <Box paddingTop={4}>
    <Pagination.Root
      pageCount={pagination.pageCount}
      total={pagination.total}
      defaultPageSize={pagination.pageSize}
      defaultPage={pagination.page}
    >
      <Pagination.PageSize options={['10', '25', '50', '100']} />
      <Pagination.Links />
    </Pagination.Root>
  </Box>
);
