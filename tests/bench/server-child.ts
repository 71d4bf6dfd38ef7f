/**
 * The playground's Strapi in a process of its own, so the benchmark can read the server's memory (its
 * RSS and peak RSS in /proc) apart from the client's. Talks to the parent over IPC: sends its port when
 * ready; answers `gc` with its RSS after a full collection; `mem` with its memory now (and V8's heap
 * spaces); `snapshot` by writing a heap snapshot to the path it names; `stop` shuts it down.
 */
import type { AddressInfo } from 'net';
import v8 from 'v8';
import { bootPlayground } from './boot';

const spaces = () =>
  Object.fromEntries(
    v8
      .getHeapSpaceStatistics()
      .filter((space) => space.space_used_size > 0)
      .map((space) => [space.space_name, space.space_used_size])
  );

const main = async () => {
  const strapi = await bootPlayground();
  const port = (strapi.server.httpServer.address() as AddressInfo).port;
  process.on('message', async (message: { cmd: string; path?: string }) => {
    if (message.cmd === 'gc') {
      const collect = (globalThis as { gc?: () => void }).gc;
      collect?.();
      collect?.();
      const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
      process.send?.({ cmd: 'gc', rss, heapUsed, external, arrayBuffers });
    }
    if (message.cmd === 'mem') {
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      process.send?.({ cmd: 'mem', rss, heapUsed, heapTotal, external, arrayBuffers, spaces: spaces() });
    }
    if (message.cmd === 'snapshot' && message.path) {
      process.send?.({ cmd: 'snapshot', path: v8.writeHeapSnapshot(message.path) });
    }
    if (message.cmd === 'stop') {
      strapi.server.httpServer.close();
      await strapi.destroy();
      process.exit(0);
    }
  });
  process.send?.({ cmd: 'ready', port });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
