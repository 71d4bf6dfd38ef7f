/**
 * Serves the built playground (admin panel included) in a child process on a free port with a fresh,
 * seeded SQLite database, for the browser tests.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import path from 'path';
import { PLAYGROUND, ROOT } from './strapi';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

export interface PlaygroundServer {
  baseUrl: string;
  stop: () => Promise<void>;
}

export const startPlayground = async (env: Record<string, string> = {}): Promise<PlaygroundServer> => {
  const port = await freePort();
  const dbFile = path.join('.tmp', `e2e-${process.pid}-${port}.db`);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      "require('./scripts/start-seeded').startSeeded({ quiet: true }).catch((e) => { console.error(e); process.exit(1); })",
    ],
    {
      cwd: PLAYGROUND,
      env: {
        ...process.env,
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: dbFile,
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`playground exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/_health`);
      if (res.status === 204 || res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`playground did not start in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        fs.rmSync(path.join(PLAYGROUND, dbFile + suffix), { force: true });
      }
    },
  };
};

export const E2E_ARTIFACTS = path.join(ROOT, 'tests', 'e2e', 'artifacts');
