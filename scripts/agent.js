'use strict';

/**
 * `npm run agent -- <command>`: an AI agent's side of the plugin's MCP tools, for trying them on the demo.
 * It connects to the running demo (`npm run demo`) with the official MCP client and Anna's demo admin token,
 * so it can do what Anna may do and nothing else:
 *
 *   npm run agent -- tools                     the tools this token may use
 *   npm run agent -- list                      requests waiting in Anna's groups
 *   npm run agent -- approve <documentId>…     approve one or several enrollments
 *   npm run agent -- reject <documentId> <reason>
 *   npm run agent -- behind <group documentId> who is falling behind in a group
 *
 * MCP_URL and MCP_TOKEN point it at another site and token.
 */
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { URL } = require('url');
const { demoAgentToken } = require('../playground/scripts/demo-data');

const usage = () => {
  console.error(
    'usage: npm run agent -- tools | list | approve <id>… | reject <id> <reason> | behind <group>'
  );
  process.exit(2);
};

const calls = {
  tools: null,
  list: () => ['groups_list_requests', {}],
  approve: (ids) => ['groups_decide', { documentIds: ids, action: 'approve' }],
  reject: ([id, ...reason]) => [
    'groups_decide',
    { documentIds: [id], action: 'reject', reason: reason.join(' ') },
  ],
  behind: ([group]) => ['groups_progress', { group }],
};

const main = async () => {
  const [command, ...args] = process.argv.slice(2);
  if (!(command in calls)) usage();
  const token = process.env.MCP_TOKEN ?? demoAgentToken();
  if (!token) {
    console.error('No agent token: start the demo first (npm run demo), or set MCP_TOKEN.');
    process.exit(1);
  }
  const url = new URL(process.env.MCP_URL ?? 'http://127.0.0.1:1337/mcp');
  const client = new Client({ name: 'groups-demo-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } })
  );
  try {
    if (command === 'tools') {
      const { tools } = await client.listTools();
      for (const tool of tools) console.log(`${tool.name.padEnd(28)} ${tool.title ?? ''}`);
      return;
    }
    const [name, input] = calls[command](args);
    const answer = await client.callTool({ name, arguments: input });
    const text = answer.content.map((part) => part.text ?? '').join('\n');
    if (answer.isError) {
      console.log(`refused: ${text}`);
      process.exitCode = 1;
      return;
    }
    // The first line is the tool's summary; the rest is its structured answer, shown as rows where it has them.
    console.log(text.split('\n')[0]);
    if (answer.structuredContent?.failed > 0) process.exitCode = 1;
    const data = answer.structuredContent ?? {};
    const rows = data.requests ?? data.behind ?? data.results;
    if (Array.isArray(rows))
      console.table(rows.map(({ flags: _flags, email: _email, groupDocumentId: _group, ...row }) => row));
    else console.log(JSON.stringify(data, null, 2));
  } finally {
    await client.close();
  }
};

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
