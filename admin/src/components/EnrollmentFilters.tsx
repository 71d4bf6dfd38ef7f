import { Box, Button, Checkbox, DatePicker, Flex, Grid } from '@strapi/design-system';
import { SearchInput } from '@strapi/strapi/admin';
import type * as React from 'react';
import { PERIOD_FIELDS } from '../../../common/contracts/report';
import { ENROLLMENT_STATES } from '../../../common/domain/enrollment-status';
import { FLAG_FILTERS } from '../../../common/domain/enrollment-flags';
import { useFlagLabel } from './FlagBadges';
import type { Right } from '../../../common/domain/rights';
import { browserTimeZone, type FilterQuery } from '../hooks/useEnrollmentFilters';
import { PERIOD_PRESETS, presetOf, presetRange } from '../../../common/domain/period';
import { useT } from '../hooks/useT';
import { FormField, SelectField, type SelectOption } from './FormFields';
import { LookupFilter } from './LookupFilter';
import { useStateLabel } from '../hooks/useStateLabel';

const toDay = (date: Date | undefined) => {
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};
/**
 * The design system's DatePicker shows the UTC calendar day of the Date it is given (and hands back a local
 * midnight): local midnight would show the day before anywhere east of Greenwich.
 */
const fromDay = (value: string | undefined) => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
};

/** One cell of the filter grid, as wide as `col` of 12 columns (half the width on small screens). */
const FilterCell = ({ col, children }: { col: number; children: React.ReactNode }) => (
  <Grid.Item col={col} s={6} xs={12} direction="column" alignItems="stretch">
    {children}
  </Grid.Item>
);

interface FilterSelectProps {
  name: string;
  label: string;
  col: number;
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  /** Without it the select always holds a value (no placeholder, no clear button). */
  clear?: { placeholder: string; onClear: () => void };
}

const FilterSelect = ({ col, clear, ...field }: FilterSelectProps) => {
  const t = useT();
  return (
    <FilterCell col={col}>
      <SelectField
        {...field}
        size="S"
        placeholder={clear?.placeholder}
        onClear={clear?.onClear}
        clearLabel={clear ? t('filters.clear', 'Clear') : undefined}
      />
    </FilterCell>
  );
};

interface FilterDateProps {
  name: 'from' | 'to';
  label: string;
  value: string | undefined;
  setFilter: (changes: Partial<FilterQuery>) => void;
}

const FilterDate = ({ name, label, value, setFilter }: FilterDateProps) => {
  const t = useT();
  return (
    <FilterCell col={3}>
      <FormField name={name} label={label}>
        <DatePicker
          size="S"
          value={fromDay(value)}
          onChange={(date) => setFilter({ [name]: toDay(date) })}
          onClear={() => setFilter({ [name]: '' })}
          clearLabel={t('filters.clear', 'Clear')}
        />
      </FormField>
    </FilterCell>
  );
};

interface Props {
  query: FilterQuery;
  setFilter: (changes: Partial<FilterQuery>) => void;
  clearFilters: () => void;
  /** The groups (and their courses) offered: those where the user holds any of these rights. */
  rights: Right[];
}

/** Group, course, status, period and search filters, written to the URL. */
export const EnrollmentFilters = ({ query, setFilter, clearFilters, rights }: Props) => {
  const t = useT();
  const stateLabel = useStateLabel();
  const flagLabel = useFlagLabel();
  const subGroups = query.subGroups === 'true';
  const hasFilters = Boolean(
    query.group || query.course || query.state || query.from || query.to || query._q || query.flag
  );
  // "Falling behind" first: the question a manager opens the list with.
  const flagOptions = ['fallingBehind', ...FLAG_FILTERS.filter((flag) => flag !== 'fallingBehind')] as const;

  return (
    <Box paddingBottom={4}>
      <Grid.Root gap={3}>
        {/* Half a row each for group and course: their names are the longest values of the filters. */}
        <FilterCell col={6}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <LookupFilter
              name="group"
              label={t('filters.group', 'Group')}
              lookup={{ kind: 'groups', right: rights.join(',') }}
              value={query.group ?? ''}
              placeholder={t('filters.allGroups', 'All my groups')}
              onChange={(group) => setFilter({ group, course: '' })}
            />
            {/* Offered once a group is chosen: without one every group in scope is listed already. */}
            {query.group ? (
              <Checkbox
                name="subGroups"
                checked={subGroups}
                onCheckedChange={(checked: boolean | 'indeterminate') =>
                  setFilter({ subGroups: checked === true ? 'true' : '', course: '' })
                }
              >
                {t('filters.subGroups', 'This group and its sub-groups')}
              </Checkbox>
            ) : null}
          </Flex>
        </FilterCell>
        <FilterCell col={6}>
          <LookupFilter
            name="course"
            label={t('filters.course', 'Course')}
            lookup={{
              kind: 'courses',
              right: rights.join(','),
              group: query.group || undefined,
              subGroups: query.group && subGroups ? 'true' : undefined,
            }}
            value={query.course ?? ''}
            placeholder={t('filters.allCourses', 'All courses')}
            onChange={(course) => setFilter({ course })}
          />
        </FilterCell>
        <FilterSelect
          name="state"
          label={t('filters.state', 'Status')}
          col={3}
          value={query.state ?? ''}
          options={ENROLLMENT_STATES.map((state) => ({ value: state, label: stateLabel(state) }))}
          onChange={(state) => setFilter({ state })}
          clear={{
            placeholder: t('filters.allStates', 'All statuses'),
            onClear: () => setFilter({ state: '' }),
          }}
        />
        <FilterSelect
          name="flag"
          label={t('filters.flag', 'Falling behind')}
          col={3}
          value={query.flag ?? ''}
          options={flagOptions.map((flag) => ({ value: flag, label: flagLabel(flag) }))}
          onChange={(flag) => setFilter({ flag })}
          clear={{
            placeholder: t('filters.anyProgress', 'Everyone'),
            onClear: () => setFilter({ flag: '' }),
          }}
        />
        <FilterSelect
          name="periodField"
          label={t('filters.period', 'Period of')}
          col={3}
          value={query.periodField ?? 'requested'}
          options={PERIOD_FIELDS.map((field) => ({
            value: field,
            label: t(`filters.period.${field}`, field),
          }))}
          onChange={(periodField) => setFilter({ periodField })}
        />
        <FilterSelect
          name="periodPreset"
          label={t('filters.preset', 'Period')}
          col={3}
          value={presetOf(query.from, query.to, new Date(), browserTimeZone()) ?? ''}
          options={PERIOD_PRESETS.map((preset) => ({
            value: preset,
            label: t(`filters.preset.${preset}`, preset),
          }))}
          // Days where the manager is, as the from/to pickers and the API read them.
          onChange={(preset) =>
            setFilter(presetRange(preset as (typeof PERIOD_PRESETS)[number], new Date(), browserTimeZone()))
          }
          clear={{
            placeholder: t('filters.preset.custom', 'Any or chosen days'),
            onClear: () => setFilter({ from: '', to: '' }),
          }}
        />
        <FilterDate name="from" label={t('filters.from', 'From')} value={query.from} setFilter={setFilter} />
        <FilterDate name="to" label={t('filters.to', 'To')} value={query.to} setFilter={setFilter} />
        <Grid.Item col={3} s={6} xs={12} alignItems="flex-end" justifyContent="flex-start" gap={2}>
          <SearchInput label={t('filters.search', 'Search learners by name or email')} />
          {hasFilters ? (
            <Button variant="tertiary" size="S" onClick={clearFilters}>
              {t('filters.reset', 'Reset filters')}
            </Button>
          ) : null}
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
};
