/**
 * The plugin's own MCP tools, driven by the official MCP client (@modelcontextprotocol/sdk) over Strapi's
 * MCP server with managers' admin tokens: a manager of A works in A, lists nothing of B and is refused every
 * write to B (which stays unchanged); a read-only manager's token succeeds in no write tool.
 */
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { adminLogin, bearer, createAdminUser, http } from '../helpers/http';
import {
  ENROLLMENT,
  buildScopeFixture,
  leaked,
  linkManager,
  type Doc,
  type ScopeFixture,
} from '../helpers/scope-fixture';
import { createAdminToken } from '../helpers/admin-tokens';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';

type ToolAnswer = { isError?: boolean; content: Array<{ text?: string }>; structuredContent?: any };

/** An admin token carrying every plugin action its owner holds (Strapi caps a token at its owner's rights). */
const agentToken = (strapi: Core.Strapi, ownerEmail: string, name: string) =>
  createAdminToken(strapi, ownerEmail, name, 'plugin::groups.');

describe('the plugin’s MCP tools (official MCP client, real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;
  let url: URL;
  const clients: Client[] = [];

  const connect = async (token: string) => {
    const client = new Client({ name: 'groups-test-agent', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      })
    );
    clients.push(client);
    return client;
  };
  const call = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as unknown as ToolAnswer;
  const stateOf = async (documentId: string) =>
    (
      (await app.strapi.documents(ENROLLMENT as never).findOne({ documentId } as never)) as unknown as {
        state: string;
      }
    ).state;

  let managerA: string;
  let readOnlyA: string;

  beforeAll(async () => {
    process.env.STRAPI_MCP_ENABLED = 'true';
    app = await bootStrapi();
    fx = await buildScopeFixture(app.strapi);
    const server = app.strapi.server.httpServer;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);

    const { strapi } = app;
    const tokenRole = await strapi
      .service('admin::role')
      .create({ name: 'Agent owner', code: 'agent-owner', description: 'May create admin tokens' });
    await strapi.service('admin::role').assignPermissions(tokenRole.id, [
      { action: 'admin::admin-tokens.create', properties: {}, conditions: [] },
      { action: 'admin::admin-tokens.read', properties: {}, conditions: [] },
    ]);
    const owners = {
      full: await createAdminUser(strapi, 'mcp-manager-a@test.local', [
        GROUP_MANAGER_ROLE.code,
        tokenRole.code,
      ]),
      readOnly: await createAdminUser(strapi, 'mcp-readonly-a@test.local', [
        GROUP_MANAGER_ROLE.code,
        tokenRole.code,
      ]),
    };
    await linkManager(strapi, owners.full.id, fx.groups.A, {
      canManageEnrollments: true,
      canManageMembers: true,
      canViewReports: true,
    });
    await linkManager(strapi, owners.readOnly.id, fx.groups.A, {
      canViewReports: true,
      canExportReports: false,
      canManageEnrollments: false,
      canManageMembers: false,
      canMessageMembers: false,
      canEditCourses: false,
    });
    managerA = await agentToken(strapi, owners.full.email, 'manager A agent');
    readOnlyA = await agentToken(strapi, owners.readOnly.email, 'read-only A agent');
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    delete process.env.STRAPI_MCP_ENABLED;
    await app?.stop();
  });

  it('lists the plugin’s tools to a manager’s agent', async () => {
    const client = await connect(managerA);
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'groups_list_requests',
        'groups_decide',
        'groups_mark_attendance',
        'groups_progress',
        'groups_find_learner',
      ])
    );
    const decide = tools.find((tool) => tool.name === 'groups_decide')!;
    expect(Object.keys((decide.inputSchema as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['documentIds', 'action', 'reason'])
    );
  });

  it('works in A through the same services: list, approve with history, attendance, progress, find', async () => {
    const client = await connect(managerA);
    const listed = await call(client, 'groups_list_requests', {});
    expect(listed.isError).toBeFalsy();
    expect(listed.structuredContent.requests.map((r: { documentId: string }) => r.documentId)).toEqual([
      fx.enrollments.a1.documentId,
    ]);
    expect(leaked(listed, fx.outOfScopeForA)).toEqual([]);

    const decided = await call(client, 'groups_decide', {
      documentIds: [fx.enrollments.a1.documentId],
      action: 'approve',
    });
    expect(decided.structuredContent).toMatchObject({ succeeded: 1, failed: 0 });
    const approved = (await app.strapi
      .documents(ENROLLMENT as never)
      .findOne({ documentId: fx.enrollments.a1.documentId } as never)) as Doc & {
      state: string;
      history: Array<{ to: string; by: string }>;
    };
    expect(approved.state).toBe('approved');
    const owner = await app.strapi.db
      .query('admin::user')
      .findOne({ where: { email: 'mcp-manager-a@test.local' } });
    // The history names the owner and the token the agent acted through, and so does the learner's page.
    const token = await app.strapi.db
      .query('admin::api-token')
      .findOne({ where: { name: 'manager A agent' } });
    expect(approved.history.at(-1)).toMatchObject({
      to: 'approved',
      by: `admin:${owner.id}/token:${token.id}`,
    });
    const page = await http(app.strapi)
      .get(`/groups/learners/${fx.learners.a1.documentId}`)
      .set(bearer(await adminLogin(app.strapi, 'mcp-manager-a@test.local')));
    expect(page.status).toBe(200);
    const timeline = page.body.data.enrollments.find(
      (row: { documentId: string }) => row.documentId === fx.enrollments.a1.documentId
    ).timeline;
    expect(timeline.at(-1).by).toMatchObject({ kind: 'admin', token: 'manager A agent' });

    const marked = await call(client, 'groups_mark_attendance', {
      documentId: fx.enrollments.a1.documentId,
      attendance: 'present',
    });
    expect(marked.structuredContent.enrollment).toMatchObject({ attendance: 'present' });

    const progress = await call(client, 'groups_progress', { group: fx.groups.A.documentId });
    expect(progress.isError).toBeFalsy();
    expect(progress.structuredContent.totals.total).toBeGreaterThan(0);

    const found = await call(client, 'groups_find_learner', { search: 'learner' });
    expect(found.isError).toBeFalsy();
    expect(leaked(found, fx.outOfScopeForA)).toEqual([]);
    // The learner in both groups is found with their enrollments in A only (they have none there).
    const both = await call(client, 'groups_find_learner', { search: fx.learners.both.email as string });
    expect(leaked(both, fx.outOfScopeForA)).toEqual([]);
  });

  it('refuses every write to B, lists nothing of B, and leaves B unchanged', async () => {
    const client = await connect(managerA);
    const b = fx.enrollments.bothInB.documentId;
    const before = await stateOf(b);

    const listed = await call(client, 'groups_list_requests', { group: fx.groups.B.documentId });
    expect(listed.isError).toBe(true);
    expect(leaked(listed, fx.outOfScopeForA)).toEqual([]);

    const decided = await call(client, 'groups_decide', { documentIds: [b], action: 'approve' });
    expect(decided.isError ? 0 : decided.structuredContent.succeeded).toBe(0);
    const rejected = await call(client, 'groups_decide', {
      documentIds: [b],
      action: 'reject',
      reason: 'no',
    });
    expect(rejected.isError ? 0 : rejected.structuredContent.succeeded).toBe(0);
    const marked = await call(client, 'groups_mark_attendance', {
      documentId: fx.enrollments.b1.documentId,
      attendance: 'absent',
    });
    expect(marked.isError).toBe(true);
    const progress = await call(client, 'groups_progress', { group: fx.groups.B.documentId });
    expect(progress.isError).toBe(true);
    // A refusal may repeat the id the agent sent; nothing else of B.
    const unsent = fx.outOfScopeForA.filter(
      (marker) => ![b, fx.enrollments.b1.documentId, fx.groups.B.documentId].includes(marker)
    );
    for (const answer of [listed, decided, rejected, marked, progress]) {
      expect(leaked(answer, unsent)).toEqual([]);
    }
    expect(await stateOf(b)).toBe(before);
    const b1 = (await app.strapi
      .documents(ENROLLMENT as never)
      .findOne({ documentId: fx.enrollments.b1.documentId } as never)) as unknown as { attendance: string };
    expect(b1.attendance).not.toBe('absent');
  });

  it('refuses bad input with a sentence and writes nothing', async () => {
    const client = await connect(managerA);
    const noReason = await call(client, 'groups_decide', {
      documentIds: [fx.enrollments.a1.documentId],
      action: 'reject',
    });
    expect(noReason.isError).toBe(true);
    expect(noReason.content.map((c) => c.text).join(' ')).toMatch(/reason/);
    const nul = await call(client, 'groups_find_learner', { search: 'a\u0000b' });
    expect(nul.isError).toBe(true);
  });

  it('gives a read-only manager’s agent no write that succeeds', async () => {
    const client = await connect(readOnlyA);
    const { tools } = await client.listTools();
    const names = tools.map((tool) => tool.name);
    // Strapi hides a tool whose plugin action the token lacks; where it shows, the service refuses.
    const a = await app.strapi.documents(ENROLLMENT as never).create({
      data: {
        learner: fx.learners.a2.id,
        group: fx.groups.A.documentId,
        course: fx.courses.A.documentId,
        state: 'requested',
      } as never,
    });
    const documentId = (a as Doc).documentId;
    for (const [name, args] of [
      ['groups_decide', { documentIds: [documentId], action: 'approve' }],
      ['groups_mark_attendance', { documentId, attendance: 'present' }],
    ] as const) {
      if (!names.includes(name)) continue;
      const answer = await call(client, name, args);
      expect([name, answer.isError ? 0 : (answer.structuredContent?.succeeded ?? 1)]).toEqual([name, 0]);
    }
    expect(await stateOf(documentId)).toBe('requested');
    const progress = await call(client, 'groups_progress', { group: fx.groups.A.documentId });
    expect(progress.isError).toBeFalsy();
  });
});
