import type { Core } from '@strapi/strapi';
import { EXPORT_ROWS_HEADER, exportQuerySchema, reportQuerySchema } from '../../../common/contracts/report';
import { adminActorFromRequest } from '../utils/admin-actor';
import { getService } from '../utils/get-service';
import { parseInput } from '../utils/validate';

export interface ReportCtx {
  query: unknown;
  body: unknown;
  state: Record<string, unknown>;
  set: (name: string, value: string) => void;
}

const report = ({ strapi }: { strapi: Core.Strapi }) => ({
  async rows(ctx: ReportCtx) {
    const query = parseInput(reportQuerySchema, ctx.query, 'query');
    ctx.body = await getService(strapi, 'report').report(query, adminActorFromRequest(ctx).user);
  },

  async export(ctx: ReportCtx) {
    const query = parseInput(exportQuerySchema, ctx.query, 'query');
    const { stream, rows, filename } = await getService(strapi, 'report-export').open(
      query,
      adminActorFromRequest(ctx).user
    );
    ctx.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
    // A report holds personal data: no cache, no proxy, may keep a copy.
    ctx.set('Cache-Control', 'no-store');
    ctx.set(EXPORT_ROWS_HEADER, String(rows));
    ctx.body = stream;
  },
});

export default report;
