import type { Core } from '@strapi/strapi';
import { actorFromRequest } from '../../utils/actor';
import { getService } from '../../utils/get-service';
import type { WriteCall } from '../../services/write-scope';

/** Every document write passes the plugin's scope check first, whichever route it came by. */
const scopeGuard =
  (strapi: Core.Strapi) =>
  async (ctx: WriteCall, next: () => Promise<unknown>): Promise<unknown> => {
    await getService(strapi, 'write-scope').assertWrite(
      actorFromRequest(strapi.requestContext.get() as never),
      ctx
    );
    return next();
  };

export default scopeGuard;
