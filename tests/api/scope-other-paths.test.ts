/**
 * The ways into group data besides the Content Manager lists: the relation picker, the admin home page
 * widgets, the admin users list, a manager's own admin token on the Content Manager routes, and Strapi's
 * MCP server driven by that token. A manager of group A must meet nothing of group B on any of them.
 */
import type { Core } from '@strapi/strapi';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { bearer, createAdminUser, http } from '../helpers/http';
import {
  ENROLLMENT,
  GROUP,
  LEARNER,
  TYPES,
  buildScopeFixture,
  leaked,
  linkManager,
  type ScopeFixture,
} from '../helpers/scope-fixture';
import { createAdminToken } from '../helpers/admin-tokens';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

const CM = '/content-manager';

/** One JSON-RPC call to Strapi's MCP server (stateless streamable HTTP: one POST, an SSE or JSON answer). */
const mcp = async (strapi: Core.Strapi, token: string, method: string, params: Record<string, unknown>) => {
  const res = await http(strapi)
    .post('/mcp')
    .set(bearer(token))
    .set('Accept', 'application/json, text/event-stream')
    .set('Content-Type', 'application/json')
    .send({ jsonrpc: '2.0', id: 1, method, params })
    .buffer(true)
    .parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(null, text));
    });
  const text = String(res.body);
  const json = text.trim().startsWith('{')
    ? text
    : text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5))
        .join('');
  return { status: res.status, raw: text, message: JSON.parse(json) as Record<string, any> };
};

describe('scope on the other paths into the data (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;

  beforeAll(async () => {
    process.env.STRAPI_MCP_ENABLED = 'true';
    app = await bootStrapi();
    fx = await buildScopeFixture(app.strapi);
  });

  afterAll(async () => {
    delete process.env.STRAPI_MCP_ENABLED;
    await app?.stop();
  });

  const get = (token: string, path: string) => http(app.strapi).get(path).set(bearer(token));

  it('offers only in-scope records in the relation picker', async () => {
    const token = fx.tokens.managerA!;
    const pickers: Array<[string, string, string[]]> = [
      [ENROLLMENT, 'learner', [fx.learners.a1, fx.learners.a2, fx.learners.both].map((l) => l.documentId)],
      [ENROLLMENT, 'group', [fx.groups.A.documentId]],
      [ENROLLMENT, 'course', [fx.courses.A.documentId]],
      [GROUP, 'members', [fx.learners.a1, fx.learners.a2, fx.learners.both].map((l) => l.documentId)],
      [LEARNER, 'groups', [fx.groups.A.documentId]],
    ];
    for (const [model, field, expected] of pickers) {
      const res = await get(token, `${CM}/relations/${model}/${field}?pageSize=100`);
      expect([model, field, res.status]).toEqual([model, field, 200]);
      expect(res.body.results.map((r: { documentId: string }) => r.documentId).sort()).toEqual(
        [...expected].sort()
      );
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
      const searched = await get(token, `${CM}/relations/${model}/${field}?_q=secret`);
      expect(leaked(searched.body, fx.outOfScopeForA)).toEqual([]);
    }
    // The related records of an in-scope entry: the shared learner's groups show only A with its name.
    const existing = await get(token, `${CM}/relations/${LEARNER}/${fx.learners.both.documentId}/groups`);
    expect(existing.status).toBe(200);
    expect(
      leaked(
        existing.body,
        fx.outOfScopeForA.filter((m) => m !== fx.groups.B.documentId)
      )
    ).toEqual([]);
    // An entry out of scope cannot be opened through the picker either.
    const theirs = await get(token, `${CM}/relations/${GROUP}/${fx.groups.B.documentId}/members`);
    expect(theirs.status).toBe(403);
    expect(leaked(theirs.body, fx.outOfScopeForA)).toEqual([]);
  });

  it('answers the Content Manager bulk lookups by documentId only for readable entries', async () => {
    const token = fx.tokens.managerA!;
    const theirs = await http(app.strapi)
      .post(`${CM}/collection-types/${ENROLLMENT}/actions/bulkFindForValidation`)
      .set(bearer(token))
      .send({ documentIds: [fx.enrollments.b1.documentId, fx.enrollments.bothInB.documentId] });
    expect(theirs.status).toBe(403);
    expect(leaked(theirs.body, fx.outOfScopeForA)).toEqual([]);
    const theirLearners = await http(app.strapi)
      .post(`${CM}/collection-types/${LEARNER}/actions/bulkFindForValidation`)
      .set(bearer(token))
      .send({ documentIds: [fx.learners.b1.documentId] });
    expect(theirLearners.status).toBe(403);
    expect(leaked(theirLearners.body, fx.outOfScopeForA)).toEqual([]);
    const mine = await http(app.strapi)
      .post(`${CM}/collection-types/${ENROLLMENT}/actions/bulkFindForValidation`)
      .set(bearer(token))
      .send({ documentIds: [fx.enrollments.a1.documentId] });
    expect(mine.status).toBe(200);
    expect(mine.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([
      fx.enrollments.a1.documentId,
    ]);
    const counted = await get(
      token,
      `${CM}/collection-types/${ENROLLMENT}/actions/countManyEntriesDraftRelations?documentIds[0]=${fx.enrollments.b1.documentId}`
    );
    expect(counted.status).toBe(403);
    // One id as a plain string, or an operator instead of ids, must not reach Strapi's unscoped count.
    const single = await get(
      token,
      `${CM}/collection-types/${ENROLLMENT}/actions/countManyEntriesDraftRelations?documentIds=${fx.enrollments.b1.documentId}`
    );
    expect(single.status).toBe(403);
    const operator = await get(
      token,
      `${CM}/collection-types/${ENROLLMENT}/actions/countManyEntriesDraftRelations?documentIds[$ne]=x`
    );
    expect(operator.status).toBe(400);
  });

  it('counts on the home page exactly what the lists show, and lists no recent document of B', async () => {
    const token = fx.tokens.managerA!;
    let listed = 0;
    for (const uid of TYPES) {
      const res = await get(token, `${CM}/collection-types/${uid}`);
      listed += res.body.pagination.total;
    }
    const counts = await get(token, `${CM}/homepage/count-documents`);
    expect(counts.status).toBe(200);
    expect(counts.body.data.draft + counts.body.data.published + counts.body.data.modified).toBe(listed);
    const all = await get(fx.tokens.superAdmin!, `${CM}/homepage/count-documents`);
    expect(all.body.data.published).toBeGreaterThan(counts.body.data.published);
    for (const action of ['update', 'publish']) {
      const recent = await get(token, `${CM}/homepage/recent-documents?action=${action}`);
      expect(recent.status).toBe(200);
      expect(leaked(recent.body, fx.outOfScopeForA)).toEqual([]);
    }
  });

  it('keeps admin users and roles out of a manager’s reach', async () => {
    for (const path of ['/admin/users', '/admin/roles', '/admin/api-tokens', '/admin/admin-tokens']) {
      const res = await get(fx.tokens.managerA!, path);
      expect([path, res.status]).toEqual([path, 403]);
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
    }
  });

  it('scopes a manager’s admin token on the Content Manager routes and over MCP', async () => {
    const { strapi } = app;
    const tokenRole = await strapi
      .service('admin::role')
      .create({ name: 'Token owner', code: 'token-owner', description: 'May create admin tokens' });
    await strapi.service('admin::role').assignPermissions(tokenRole.id, [
      { action: 'admin::admin-tokens.create', properties: {}, conditions: [] },
      { action: 'admin::admin-tokens.read', properties: {}, conditions: [] },
    ]);
    const agentOwner = await createAdminUser(strapi, 'agent-owner-a@test.local', [
      GROUP_MANAGER_ROLE.code,
      tokenRole.code,
    ]);
    await linkManager(strapi, agentOwner.id, fx.groups.A, {
      canManageEnrollments: true,
      canManageMembers: true,
    });
    // The token asks for everything its owner holds on the Content Manager (Strapi caps it there anyway).
    const key = await createAdminToken(
      strapi,
      agentOwner.email,
      'manager A agent',
      'plugin::content-manager.explorer.'
    );

    // Content Manager routes with the token.
    for (const uid of TYPES) {
      const res = await get(key, `${CM}/collection-types/${uid}`);
      expect([uid, res.status]).toEqual([uid, 200]);
      expect(leaked(res.body, fx.outOfScopeForA)).toEqual([]);
    }
    const enrollments = await get(key, `${CM}/collection-types/${ENROLLMENT}`);
    expect(enrollments.body.results.map((r: { documentId: string }) => r.documentId)).toEqual([
      fx.enrollments.a1.documentId,
    ]);
    const intoB = await http(strapi)
      .post(`${CM}/collection-types/${ENROLLMENT}`)
      .set(bearer(key))
      .send({
        learner: { connect: [{ id: fx.learners.both.id }] },
        group: { connect: [{ id: fx.groups.B.id }] },
        course: { connect: [{ id: fx.courses.B.id }] },
      });
    expect(intoB.status).toBe(403);

    // MCP with the same token.
    const tools = await mcp(strapi, key, 'tools/list', {});
    expect(tools.status).toBe(200);
    const names: string[] = tools.message.result.tools.map((t: { name: string }) => t.name);
    const listEnrollments = names.find((n) => n.startsWith('list_') && n.includes('groups_enrollment'));
    const createEnrollment = names.find((n) => n.startsWith('create_') && n.includes('groups_enrollment'));
    const listGroups = names.find((n) => n.startsWith('list_') && n.endsWith('groups_group'));
    const listUsers = names.find((n) => n.startsWith('list_') && n.includes('users-permissions_user'));
    expect([listEnrollments, createEnrollment, listGroups, listUsers].every(Boolean)).toBe(true);

    for (const tool of [listEnrollments!, listGroups!, listUsers!]) {
      const listed = await mcp(strapi, key, 'tools/call', { name: tool, arguments: {} });
      expect([tool, listed.status, listed.message.result?.isError ?? false]).toEqual([tool, 200, false]);
      expect(leaked(listed.raw, fx.outOfScopeForA)).toEqual([]);
    }
    const mcpEnrollments = await mcp(strapi, key, 'tools/call', { name: listEnrollments!, arguments: {} });
    expect(mcpEnrollments.raw).toContain(fx.enrollments.a1.documentId);
    const probe = await mcp(strapi, key, 'tools/call', {
      name: listUsers!,
      arguments: { filters: { groups: { name: { $eq: fx.outOfScopeForA[1] } } } },
    });
    expect(leaked(probe.raw, fx.outOfScopeForA)).toEqual([]);

    const before = await strapi.db.query(ENROLLMENT).count({ where: { group: { id: fx.groups.B.id } } });
    const write = await mcp(strapi, key, 'tools/call', {
      name: createEnrollment!,
      arguments: {
        data: {
          state: 'requested',
          attendance: 'unknown',
          learner: fx.learners.both.documentId,
          group: fx.groups.B.documentId,
          course: fx.courses.B.documentId,
        },
      },
    });
    expect(write.message.result?.isError).toBe(true);
    expect(write.raw).toMatch(/groups where you manage enrollments|one of your groups/);
    expect(await strapi.db.query(ENROLLMENT).count({ where: { group: { id: fx.groups.B.id } } })).toBe(
      before
    );
    const inA = await mcp(strapi, key, 'tools/call', {
      name: createEnrollment!,
      arguments: {
        data: {
          state: 'requested',
          attendance: 'unknown',
          learner: fx.learners.a2.documentId,
          group: fx.groups.A.documentId,
          course: fx.courses.A.documentId,
        },
      },
    });
    expect(inA.message.result?.isError ?? false).toBe(false);
    expect(
      await strapi.db
        .query(ENROLLMENT)
        .count({ where: { group: { id: fx.groups.A.id }, learner: { id: fx.learners.a2.id } } })
    ).toBe(1);
  });
});
