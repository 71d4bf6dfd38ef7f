import {
  Box,
  Button,
  DatePicker,
  Field,
  Grid,
  SingleSelect,
  SingleSelectOption,
} from '@strapi/design-system';
import { SearchInput } from '@strapi/strapi/admin';
import { PERIOD_FIELDS } from '../../../common/contracts/report';
import { ENROLLMENT_STATES } from '../../../common/domain/enrollment-status';
import type { Right } from '../../../common/domain/rights';
import type { FilterQuery } from '../hooks/useEnrollmentFilters';
import { useT } from '../utils/useT';
import { useStateLabel } from './StateBadge';
import { useWorkspace } from './WorkspaceContext';

const toDay = (date: Date | undefined) => {
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};
const fromDay = (value: string | undefined) => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, m - 1, d);
};

interface Props {
  query: FilterQuery;
  setFilter: (changes: Partial<FilterQuery>) => void;
  clearFilters: () => void;
  /** The groups offered: those where the user holds one of these rights. */
  rights: Right[];
}

/** Group, course, status, period and search filters, written to the URL. */
export const EnrollmentFilters = ({ query, setFilter, clearFilters, rights }: Props) => {
  const t = useT();
  const stateLabel = useStateLabel();
  const { groups } = useWorkspace();
  const offered = groups.filter((g) => rights.some((right) => g.rights[right]));
  const selectedGroups = query.group ? offered.filter((g) => g.documentId === query.group) : offered;
  const courses = new Map<string, string>();
  selectedGroups.forEach((g) => g.courses.forEach((c) => courses.set(c.documentId, c.title ?? c.documentId)));
  const hasFilters = Boolean(
    query.group || query.course || query.state || query.from || query.to || query._q
  );

  return (
    <Box paddingBottom={4}>
      <Grid.Root gap={3}>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="group">
            <Field.Label>{t('filters.group', 'Group')}</Field.Label>
            <SingleSelect
              size="S"
              value={query.group ?? ''}
              placeholder={t('filters.allGroups', 'All my groups')}
              onClear={() => setFilter({ group: '', course: '' })}
              clearLabel={t('filters.clear', 'Clear')}
              onChange={(value) => setFilter({ group: String(value), course: '' })}
            >
              {offered.map((g) => (
                <SingleSelectOption key={g.documentId} value={g.documentId}>
                  {g.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="course">
            <Field.Label>{t('filters.course', 'Course')}</Field.Label>
            <SingleSelect
              size="S"
              value={query.course ?? ''}
              placeholder={t('filters.allCourses', 'All courses')}
              onClear={() => setFilter({ course: '' })}
              clearLabel={t('filters.clear', 'Clear')}
              onChange={(value) => setFilter({ course: String(value) })}
            >
              {[...courses.entries()]
                .sort((a, b) => a[1].localeCompare(b[1]))
                .map(([documentId, title]) => (
                  <SingleSelectOption key={documentId} value={documentId}>
                    {title}
                  </SingleSelectOption>
                ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="state">
            <Field.Label>{t('filters.state', 'Status')}</Field.Label>
            <SingleSelect
              size="S"
              value={query.state ?? ''}
              placeholder={t('filters.allStates', 'All statuses')}
              onClear={() => setFilter({ state: '' })}
              clearLabel={t('filters.clear', 'Clear')}
              onChange={(value) => setFilter({ state: String(value) })}
            >
              {ENROLLMENT_STATES.map((state) => (
                <SingleSelectOption key={state} value={state}>
                  {stateLabel(state)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="periodField">
            <Field.Label>{t('filters.period', 'Period of')}</Field.Label>
            <SingleSelect
              size="S"
              value={query.periodField ?? 'requested'}
              onChange={(value) => setFilter({ periodField: String(value) })}
            >
              {PERIOD_FIELDS.map((field) => (
                <SingleSelectOption key={field} value={field}>
                  {t(`filters.period.${field}`, field)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="from">
            <Field.Label>{t('filters.from', 'From')}</Field.Label>
            <DatePicker
              size="S"
              value={fromDay(query.from)}
              onChange={(date) => setFilter({ from: toDay(date) })}
              onClear={() => setFilter({ from: '' })}
              clearLabel={t('filters.clear', 'Clear')}
            />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="to">
            <Field.Label>{t('filters.to', 'To')}</Field.Label>
            <DatePicker
              size="S"
              value={fromDay(query.to)}
              onChange={(date) => setFilter({ to: toDay(date) })}
              onClear={() => setFilter({ to: '' })}
              clearLabel={t('filters.clear', 'Clear')}
            />
          </Field.Root>
        </Grid.Item>
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
