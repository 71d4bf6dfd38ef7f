/**
 * The playground's Strapi in a process of its own, so the benchmark can read the server's memory (its
 * RSS and peak RSS in /proc) apart from the client's. Talks to the parent over IPC: sends its port when
 * ready; answers `gc` with its RSS after a full collection; `mem` with its memory now (and V8's heap
 * spaces); `snapshot` by writing a heap snapshot to the path it names; `sample` / `sampled` start and stop
 * V8's sampling heap profiler, keeping objects that outlive young-generation collections (what a full
 * collection later frees counts too) and write the profile to the path named; `stop` shuts it down.
 */
import fs from 'fs';
import inspector from 'inspector';
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

const session = new inspector.Session();
const post = (method: string, params?: object) =>
  new Promise<Record<string, unknown>>((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as never)))
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
    if (message.cmd === 'sample') {
      session.connect();
      await post('HeapProfiler.enable');
      await post('HeapProfiler.startSampling', {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: false,
      });
      process.send?.({ cmd: 'sample' });
    }
    if (message.cmd === 'sampled' && message.path) {
      const { profile } = await post('HeapProfiler.stopSampling');
      fs.writeFileSync(message.path, JSON.stringify(profile));
      session.disconnect();
      process.send?.({ cmd: 'sampled', path: message.path });
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
