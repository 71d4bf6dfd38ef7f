import type { Pagination } from '../../../common/contracts/shared';

interface PageQuery {
  page: number;
  pageSize: number;
}

/** The rows of the asked page, as a query's `offset` and `limit`. */
export const pageWindow = ({ page, pageSize }: PageQuery) => ({
  offset: (page - 1) * pageSize,
  limit: pageSize,
});

/** The `pagination` of a list response, from the asked page and the number of matching rows. */
export const paginationOf = ({ page, pageSize }: PageQuery, total: number): Pagination => ({
  page,
  pageSize,
  pageCount: Math.ceil(total / pageSize),
  total,
});
