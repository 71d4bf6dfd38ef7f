/**
 * A bounded number of slots with a bounded line of waiters, first come first served: what keeps a node
 * from running more heavy jobs at once than its memory holds (services/report-export.ts, the Excel export).
 *
 * Why not a package: p-limit and async-sema have no wait limit, no abort and no bounded line; p-queue (ESM
 * only) limits how long a task runs, not how long it waits, and has no bounded line; async-mutex's
 * semaphore cancels every waiter at once, not one. What is needed here is small: a waiter is handed the
 * slot its predecessor releases (so nobody jumps the line), gives up at its deadline or when its signal
 * aborts (and leaves the line), and a slot is released exactly once however often release is called.
 */

/** Why a waiter got no slot: the line was full when it came, or its wait was over. */
export class SlotsBusyError extends Error {
  constructor(readonly reason: 'full' | 'timeout') {
    super(reason === 'full' ? 'every slot is taken and the line is full' : 'no slot came free in time');
    this.name = 'SlotsBusyError';
  }
}

/** Gives the slot back; calling it again does nothing. */
export type Release = () => void;

export interface AcquireOptions {
  /** How long to wait in line at most, in milliseconds (default: as long as it takes). */
  waitMs?: number;
  /** Leaves the line when it aborts (the requester went away); the promise rejects with its reason. */
  signal?: AbortSignal;
  /**
   * Whether the line's bound applies (default true). A background job that must run sooner or later (the
   * weekly digest's attachment) joins the line whatever its length; it still waits its turn.
   */
  bounded?: boolean;
}

interface Waiter {
  grant: (release: Release) => void;
  leave: () => void;
}

export class Slots {
  private taken = 0;
  private readonly line: Waiter[] = [];

  /** `running`: slots at once (at least 1); `waiting`: bounded waiters in line at most (0: none wait). */
  constructor(readonly capacity: { running: number; waiting: number }) {
    if (!Number.isInteger(capacity.running) || capacity.running < 1)
      throw new Error('Slots need at least one running slot.');
    if (!Number.isInteger(capacity.waiting) || capacity.waiting < 0)
      throw new Error('Slots need a line of zero or more waiters.');
  }

  /** Slots taken and waiters in line now. */
  get load() {
    return { running: this.taken, waiting: this.line.length };
  }

  /** Resolves with the slot's release once a slot is free (at once if one is), in order of arrival. */
  acquire(options: AcquireOptions = {}): Promise<Release> {
    const { waitMs = Infinity, signal, bounded = true } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.taken < this.capacity.running && this.line.length === 0) {
      this.taken += 1;
      return Promise.resolve(this.releaseOnce());
    }
    if (bounded && this.line.length >= this.capacity.waiting) {
      return Promise.reject(new SlotsBusyError('full'));
    }
    return new Promise<Release>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        waiter.leave();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (release) => {
          waiter.leave();
          resolve(release);
        },
        leave: () => {
          const at = this.line.indexOf(waiter);
          if (at >= 0) this.line.splice(at, 1);
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.line.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(waitMs)) {
        timer = setTimeout(() => {
          waiter.leave();
          reject(new SlotsBusyError('timeout'));
        }, waitMs);
      }
    });
  }

  /** A release for a slot just taken: it hands the slot to the first waiter, or frees it. */
  private releaseOnce(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.line[0];
      if (next) next.grant(this.releaseOnce());
      else this.taken -= 1;
    };
  }
}
