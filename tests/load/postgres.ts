/**
 * A PostgreSQL cluster of the load run's own, in a temporary directory on a free port of 127.0.0.1, so the
 * run may stop and restart it (--pg-restart) without touching any other database on the machine. Run as the
 * `postgres` system user when this process is root (the server refuses to run as root).
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const binary = (name: string) => {
  for (const dir of [
    '/usr/local/bin',
    ...fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`),
  ]) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return name;
};

const asPostgres = (command: string, args: string[]) => {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
};

export interface Postgres {
  port: number;
  stop: () => void;
  start: () => void;
  /** Stops the server for `seconds`, then starts it again. */
  restart: (seconds: number) => Promise<void>;
  remove: () => void;
}

export const startPostgres = async (): Promise<Postgres> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'groups-load-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const port = await freePort();
  asPostgres(binary('initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const options = `-p ${port} -k ${os.tmpdir()} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const pgCtl = (...args: string[]) => asPostgres(binary('pg_ctl'), ['-D', dir, ...args]);
  const start = () => pgCtl('-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start');
  const stop = () => pgCtl('-m', 'fast', '-w', 'stop');
  start();
  return {
    port,
    start,
    stop,
    async restart(seconds: number) {
      stop();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      start();
    },
    remove() {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
