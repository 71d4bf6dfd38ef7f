import { Table } from '@strapi/strapi/admin';

export interface TableHeader {
  name: string;
  label: string;
  sortable?: boolean;
}

/** The header row of a table; `selectable` puts the select-all checkbox in front of the columns. */
export const TableHead = ({
  headers,
  selectable = false,
}: {
  headers: TableHeader[];
  selectable?: boolean;
}) => (
  <Table.Head>
    {selectable ? <Table.HeaderCheckboxCell /> : null}
    {headers.map((header) => (
      <Table.HeaderCell key={header.name} {...header} />
    ))}
  </Table.Head>
);
