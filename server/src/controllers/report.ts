import type { Core } from '@strapi/strapi';
import { EXPORT_ROWS_HEADER, exportQuerySchema, reportQuerySchema } from '../../../common/contracts/report';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

export interface ReportCtx {
  query: unknown;
  body: unknown;
  status?: number;
  state: Record<string, unknown>;
  set: (name: string, value: string) => void;
  res?: import('http').ServerResponse;
}

/** Aborts when the requester goes away before the answer is written (the response closes unfinished). */
const requesterGone = (ctx: ReportCtx): AbortSignal | undefined => {
  const { res } = ctx;
  if (!res) return undefined;
  const gone = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
};

const report = ({ strapi }: { strapi: Core.Strapi }) => ({
  async rows(ctx: ReportCtx) {
    const query = parseInput(reportQuerySchema, ctx.query, 'query');
    ctx.body = await getService(strapi, 'report').report(query, adminActorFromRequest(ctx).user);
  },

  async export(ctx: ReportCtx) {
    const query = parseInput(exportQuerySchema, ctx.query, 'query');
    const signal = requesterGone(ctx);
    let opened;
    try {
      opened = await getService(strapi, 'report-export').open(query, adminActorFromRequest(ctx).user, {
        signal,
      });
    } catch (error) {
      // Too many exports on this node: a 429 with its sentence (the error) and when to try again.
      const retryAfter = (error as { details?: { retryAfter?: unknown } }).details?.retryAfter;
      if (typeof retryAfter === 'number') ctx.set('Retry-After', String(retryAfter));
      // The requester left while waiting for a slot: nobody reads an answer (nginx's 499 in the log).
      if (signal?.aborted) {
        ctx.status = 499;
        return;
      }
      throw error;
    }
    const { stream, rows, filename } = opened;
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    // A report holds personal data: no cache, no proxy, may keep a copy.
    ctx.set('Cache-Control', 'no-store');
    ctx.set(EXPORT_ROWS_HEADER, String(rows));
    ctx.body = stream;
  },
});

export default report;
