/**
 * A second Strapi process on the test's database, as a second node of one site (tests/helpers/outbox-node.js):
 * `call(op, args)` asks it to run an operation and resolves with its answer; `stop()` shuts it down.
 * Used by the tests that prove something happens once across two nodes (PostgreSQL only).
 */
import { fork } from 'child_process';
import path from 'path';

export interface SecondNode {
  /** Resolves once the node has booted; rejects if it exits first. */
  ready: Promise<void>;
  call: <T = unknown>(op: string, args?: Record<string, unknown>) => Promise<T>;
  stop: () => Promise<void>;
}

export const forkSecondNode = (): SecondNode => {
  const node = fork(path.join(__dirname, 'outbox-node.js'), [], { env: process.env });
  const exited = new Promise<number | null>((resolve) => node.on('exit', resolve));
  const died = (reject: (error: Error) => void) =>
    void exited.then((code) => reject(new Error(`the second Strapi exited with ${code}`)));
  let nextId = 0;
  return {
    ready: new Promise<void>((resolve, reject) => {
      node.on('message', (m: { ready?: boolean }) => m.ready && resolve());
      died(reject);
    }),
    call: <T>(op: string, args: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++nextId;
        const onMessage = (m: { id?: number; result?: T; error?: string }) => {
          if (m.id !== id) return;
          node.off('message', onMessage);
          if (m.error) reject(new Error(m.error));
          else resolve(m.result as T);
        };
        node.on('message', onMessage);
        node.send({ id, op, ...args });
        died(reject);
      }),
    async stop() {
      node.send({ op: 'stop' });
      await exited;
    },
  };
};
