import { useQueryParams } from '@strapi/strapi/admin';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ReportQuery } from '../../../common/contracts/report';
import type { QueryString } from '../api/groups';
import { useSetUrlQuery } from './useSetUrlQuery';

/** The filters of the Enrollments and Reports pages, kept in the URL so a view can be shared or reloaded. */
export interface FilterQuery {
  group?: string;
  /** `true`: the chosen group and its sub-groups. */
  subGroups?: string;
  course?: string;
  state?: string;
  periodField?: string;
  from?: string;
  to?: string;
  _q?: string;
  /** A flag, `fallingBehind`, or a comma list of flags (the Overview's links). */
  flag?: string;
  /** The site's own user fields: `department:Sales,remote:true`. */
  userField?: string;
  page?: string;
  pageSize?: string;
  sort?: string;
}

/** The manager's time zone, as the browser knows it (the filters' days and the export's times use it). */
export const browserTimeZone = (): string | undefined => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
};

const compact = <T extends Record<string, string | undefined>>(values: T): T =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== '')) as T;

export const useEnrollmentFilters = (defaults: { pageSize: number; sort: string }) => {
  const [{ query }] = useQueryParams<FilterQuery>();
  const navigate = useNavigate();
  const { search } = useLocation();
  /** What the API is asked: the URL's filters under the contract's names. */
  const apiParams: QueryString<ReportQuery> = compact({
    group: query.group,
    subGroups: query.group && query.subGroups === 'true' ? 'true' : undefined,
    course: query.course,
    state: query.state,
    periodField: query.from || query.to ? query.periodField || 'requested' : undefined,
    from: query.from,
    to: query.to,
    // A picked day is a day where the manager is, not a UTC day.
    timeZone: query.from || query.to ? browserTimeZone() : undefined,
    search: query._q,
    flag: query.flag,
    userField: query.userField,
    page: query.page ?? '1',
    pageSize: query.pageSize ?? String(defaults.pageSize),
    sort: query.sort ?? defaults.sort,
  });
  /** Sets or (with an empty value) removes filters; a new filter starts again at the first page. */
  const setFilter: (changes: Partial<FilterQuery>) => void = useSetUrlQuery();
  const clearFilters = () => {
    const params = new URLSearchParams(search);
    ['group', 'subGroups', 'course', 'state', 'periodField', 'from', 'to', '_q', 'flag', 'userField'].forEach(
      (key) => params.delete(key)
    );
    params.set('page', '1');
    navigate({ search: params.toString() });
  };
  return { query, apiParams, setFilter, clearFilters };
};
