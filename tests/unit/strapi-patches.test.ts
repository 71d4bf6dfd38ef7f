import type { Core } from '@strapi/strapi';
import {
  wrapContentManagerController,
  wrapContentManagerService,
} from '../../server/src/strapi-patches/content-manager';
import { guardUidRoutes } from '../../server/src/strapi-patches/uid-routes';

/** A Strapi with one Content Manager controller and service, enough for the wrapping helper. */
const fakeStrapi = (controllers: Record<string, object>, services: Record<string, object> = {}) => {
  const warn = jest.fn();
  const strapi = {
    log: { warn },
    config: { get: () => ({ courseContentType: 'api::course.course' }) },
    plugin: () => ({
      controller: (name: string) => controllers[name],
      service: (name: string) => services[name],
    }),
  } as unknown as Core.Strapi;
  return { strapi, warn };
};

const ctx = (body: Record<string, unknown>, can: (action: string, subject: string) => boolean) => ({
  params: { model: '', targetField: '' },
  request: { body },
  state: { userAbility: { can } },
});

describe('wrapContentManagerController', () => {
  it('runs the wrapper around Strapi’s action, on the controller it belongs to', async () => {
    const relations = {
      prefix: 'own:',
      async findAvailable(this: { prefix: string }, c: { value: string }) {
        return this.prefix + c.value;
      },
    };
    const { strapi, warn } = fakeStrapi({ relations });
    const seen: string[] = [];
    wrapContentManagerController(strapi, 'relations', ['findAvailable'], async (c, next, action) => {
      seen.push(action);
      return `[${String(await next())}]`;
    });
    expect(await relations.findAvailable({ value: 'x' })).toBe('[own:x]');
    expect(seen).toEqual(['findAvailable']);
    expect(warn).not.toHaveBeenCalled();
  });

  it('stops the request when the wrapper throws, before Strapi’s action runs', async () => {
    const original = jest.fn();
    const uid = { generateUID: original };
    const { strapi } = fakeStrapi({ uid });
    wrapContentManagerController(strapi, 'uid', ['generateUID'], async () => {
      throw new Error('refused');
    });
    await expect(uid.generateUID({})).rejects.toThrow('refused');
    expect(original).not.toHaveBeenCalled();
  });

  it('says at startup when Strapi has no such action, and leaves the controller alone', () => {
    const relations = {};
    const { strapi, warn } = fakeStrapi({ relations });
    wrapContentManagerController(strapi, 'relations', ['findGone'], async (c, next) => next());
    expect(relations).toEqual({});
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"findGone"'));
  });
});

describe('wrapContentManagerService', () => {
  it('hands the wrapper Strapi’s own method as next()', async () => {
    const homepage = { getCountDocuments: async () => ({ published: 5 }) };
    const { strapi } = fakeStrapi({}, { homepage });
    wrapContentManagerService(strapi, 'homepage', 'getCountDocuments', async (next) => ({
      wrapped: await next(),
    }));
    expect(await homepage.getCountDocuments()).toEqual({ wrapped: { published: 5 } });
  });
});

describe('guardUidRoutes', () => {
  const setUp = () => {
    const uid = { generateUID: jest.fn(async () => 'slug'), checkUIDAvailability: jest.fn(async () => true) };
    const { strapi } = fakeStrapi({ uid });
    guardUidRoutes(strapi);
    return uid as unknown as Record<string, (c: unknown) => Promise<unknown>>;
  };
  const GROUP = 'plugin::groups.group';

  it.each(['generateUID', 'checkUIDAvailability'])(
    '%s: a scoped type answers only an admin who may create or edit it',
    async (action) => {
      const uid = setUp();
      await expect(uid[action](ctx({ contentTypeUID: GROUP }, () => false))).rejects.toThrow(
        'You may not create or edit entries of this type.'
      );
      const mayUpdate = (a: string) => a === 'plugin::content-manager.explorer.update';
      await expect(uid[action](ctx({ contentTypeUID: GROUP }, mayUpdate))).resolves.toBeDefined();
    }
  );

  it('leaves the site’s other types to Strapi', async () => {
    const uid = setUp();
    await expect(uid.generateUID(ctx({ contentTypeUID: 'api::page.page' }, () => false))).resolves.toBe(
      'slug'
    );
  });
});
