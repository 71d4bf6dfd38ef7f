import { Box, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import type * as React from 'react';
import { TableHead, type TableHeader } from './TableHead';

interface DataTableProps {
  headers: TableHeader[];
  rows: Array<{ id: string | number }>;
  isLoading?: boolean;
  /** What the table says when it has no row; without it an empty table shows its header only. */
  empty?: string;
  /** The body rows (`Table.Row`s). */
  children: React.ReactNode;
}

/**
 * A plain list of the admin: its header row, a loading state, what it says when empty, and its rows.
 * The empty message is a line of text in the table, not Strapi's `Table.Empty`: that one draws a framed
 * card with a large picture inside the table's own frame, a box in a box below a page's main content.
 */
export const DataTable = ({ headers, rows, isLoading = false, empty, children }: DataTableProps) => (
  <Table.Root rows={rows} headers={headers} isLoading={isLoading}>
    <Table.Content>
      <TableHead headers={headers} />
      <Table.Loading />
      {empty && !isLoading && rows.length === 0 ? (
        <Tbody>
          <Tr>
            <Td colSpan={headers.length}>
              <Box paddingTop={6} paddingBottom={6}>
                <Typography tag="p" textAlign="center" textColor="neutral600">
                  {empty}
                </Typography>
              </Box>
            </Td>
          </Tr>
        </Tbody>
      ) : null}
      <Table.Body>{children}</Table.Body>
    </Table.Content>
  </Table.Root>
);

/** A titled part of a page below its main content (a group's invitations, its sent messages). */
export const TableSection = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box paddingTop={8}>
    <Box paddingBottom={4}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
    </Box>
    {children}
  </Box>
);
