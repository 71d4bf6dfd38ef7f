import type { Knex } from 'knex';
import { likeContainsPattern } from '../../../common/domain/text';

/**
 * Keeps the rows where any of `columns` contains `text`, case-insensitively, on every database (lower()
 * on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's only for non-ASCII letters).
 */
export const whereAnyContains = (query: Knex.QueryBuilder, columns: string[], text: string) => {
  const term = likeContainsPattern(text);
  return query.where((w) => {
    for (const column of columns) w.orWhereRaw(`lower(??) like ? escape '\\'`, [column, term]);
  });
};
