import * as React from 'react';
import { Box, Grid, TextInput, Typography } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { userFieldLabel, type UserField, type UserFieldValue } from '../../../common/domain/user-fields';
import type { FilterQuery } from '../hooks/useEnrollmentFilters';
import { useT } from '../hooks/useT';
import { FormField, SelectField } from './FormFields';
import type { TableHeader } from './TableHead';

/**
 * The site's own user fields (`reportUserFields`) in the Enrollments and Reports tables: a column and a
 * filter each. The server says which fields there are (`meta.userFields`); the admin holds no list of its own.
 */
export const userFieldHeaders = (fields: readonly UserField[] = []): TableHeader[] =>
  fields.map((field) => ({ name: `user:${field.name}`, label: userFieldLabel(field.name), sortable: false }));

export const UserFieldCells = ({
  fields = [],
  values,
}: {
  fields?: readonly UserField[];
  values: Record<string, UserFieldValue>;
}) => {
  const t = useT();
  const { formatDate, formatNumber } = useIntl();
  const shown = (field: UserField, value: UserFieldValue) => {
    if (value === null || value === undefined) return '—';
    if (field.kind === 'boolean') return value ? t('userFields.yes', 'Yes') : t('userFields.no', 'No');
    if (field.kind === 'date') return formatDate(String(value), { dateStyle: 'medium' });
    if (field.kind === 'number') return formatNumber(Number(value));
    return String(value);
  };
  return (
    <>
      {fields.map((field) => (
        <Table.Cell key={field.name}>
          <Typography>{shown(field, values?.[field.name] ?? null)}</Typography>
        </Table.Cell>
      ))}
    </>
  );
};

/** `department:Sales,remote:true` as the URL keeps it, by field name. */
const parse = (text: string | undefined) =>
  new Map(
    (text ?? '')
      .split(',')
      .filter((part) => part.includes(':'))
      .map((part) => [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)] as const)
  );

const TextFilter = ({
  field,
  value,
  onApply,
}: {
  field: UserField;
  value: string;
  onApply: (v: string) => void;
}) => {
  const [text, setText] = React.useState(value);
  React.useEffect(() => setText(value), [value]);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        // A comma separates filters in the URL; a value keeps what comes before one.
        onApply(text.split(',')[0].trim());
      }}
      onBlur={() => (text.trim() !== value ? onApply(text.split(',')[0].trim()) : undefined)}
    >
      <FormField name={`user-field-${field.name}`} label={userFieldLabel(field.name)}>
        <TextInput
          size="S"
          value={text}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
        />
      </FormField>
    </form>
  );
};

export const UserFieldFilters = ({
  fields = [],
  query,
  setFilter,
}: {
  fields?: readonly UserField[];
  query: FilterQuery;
  setFilter: (changes: Partial<FilterQuery>) => void;
}) => {
  const t = useT();
  const filterable = fields.filter((field) => field.kind !== 'date');
  if (filterable.length === 0) return null;
  const current = parse(query.userField);
  const apply = (name: string, value: string) => {
    const next = new Map(current);
    if (value) next.set(name, value);
    else next.delete(name);
    setFilter({ userField: [...next].map(([key, v]) => `${key}:${v}`).join(',') });
  };
  return (
    <Box paddingBottom={4}>
      <Grid.Root gap={3}>
        {filterable.map((field) => (
          <Grid.Item key={field.name} col={3} s={6} xs={12} direction="column" alignItems="stretch">
            {field.kind === 'enumeration' || field.kind === 'boolean' ? (
              <SelectField
                name={`user-field-${field.name}`}
                label={userFieldLabel(field.name)}
                size="S"
                value={current.get(field.name) ?? ''}
                placeholder={t('userFields.any', 'Any')}
                onChange={(value) => apply(field.name, value)}
                onClear={() => apply(field.name, '')}
                clearLabel={t('filters.clear', 'Clear')}
                options={
                  field.kind === 'boolean'
                    ? [
                        { value: 'true', label: t('userFields.yes', 'Yes') },
                        { value: 'false', label: t('userFields.no', 'No') },
                      ]
                    : (field.values ?? []).map((value) => ({ value, label: value }))
                }
              />
            ) : (
              <TextFilter
                field={field}
                value={current.get(field.name) ?? ''}
                onApply={(v) => apply(field.name, v)}
              />
            )}
          </Grid.Item>
        ))}
      </Grid.Root>
    </Box>
  );
};
