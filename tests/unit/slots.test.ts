import { Slots, SlotsBusyError, type Release } from '../../server/src/utils/slots';

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise's state without waiting for it: 'pending', or what it settled with. */
const track = <T>(promise: Promise<T>) => {
  const seen: { state: 'pending' | 'granted' | 'refused'; value?: T; error?: unknown } = { state: 'pending' };
  promise.then(
    (value) => Object.assign(seen, { state: 'granted', value }),
    (error: unknown) => Object.assign(seen, { state: 'refused', error })
  );
  return seen;
};

describe('Slots', () => {
  it('grants the free slots at once and lines the others up', async () => {
    const slots = new Slots({ running: 2, waiting: 5 });
    const first = track(slots.acquire());
    const second = track(slots.acquire());
    const third = track(slots.acquire());
    await settle();
    expect([first.state, second.state, third.state]).toEqual(['granted', 'granted', 'pending']);
    expect(slots.load).toEqual({ running: 2, waiting: 1 });
  });

  it('hands released slots to the waiters in the order they came', async () => {
    const slots = new Slots({ running: 1, waiting: 5 });
    const order: number[] = [];
    const releases: Release[] = [];
    const holder = await slots.acquire();
    const waiters = [1, 2, 3, 4].map((n) =>
      slots.acquire().then((release) => {
        order.push(n);
        releases.push(release);
      })
    );
    holder();
    for (let i = 0; i < 3; i += 1) {
      await settle();
      expect(slots.load.running).toBe(1);
      releases[releases.length - 1]();
    }
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('lets nobody jump the line when a slot comes free', async () => {
    const slots = new Slots({ running: 1, waiting: 5 });
    const holder = await slots.acquire();
    const waiter = track(slots.acquire());
    holder();
    // A newcomer after the release does not get the slot the waiter was handed.
    const newcomer = track(slots.acquire());
    await settle();
    expect(waiter.state).toBe('granted');
    expect(newcomer.state).toBe('pending');
  });

  it('releases a slot exactly once, however often release is called', async () => {
    const slots = new Slots({ running: 1, waiting: 5 });
    const holder = await slots.acquire();
    const a = track(slots.acquire());
    const b = track(slots.acquire());
    holder();
    holder();
    holder();
    await settle();
    // One release, one waiter served: the second still waits, and the count never went below zero.
    expect([a.state, b.state]).toEqual(['granted', 'pending']);
    expect(slots.load).toEqual({ running: 1, waiting: 1 });
    a.value?.();
    a.value?.();
    await settle();
    expect(b.state).toBe('granted');
    b.value?.();
    b.value?.();
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a bounded request when the line is full, without joining it', async () => {
    const slots = new Slots({ running: 1, waiting: 2 });
    await slots.acquire();
    void slots.acquire();
    void slots.acquire();
    await expect(slots.acquire()).rejects.toEqual(new SlotsBusyError('full'));
    expect(slots.load).toEqual({ running: 1, waiting: 2 });
  });

  it('refuses at once when no one may wait and every slot is taken', async () => {
    const slots = new Slots({ running: 1, waiting: 0 });
    await slots.acquire();
    await expect(slots.acquire()).rejects.toMatchObject({ reason: 'full' });
  });

  it('lets an unbounded request join a full line, still in its turn', async () => {
    const slots = new Slots({ running: 1, waiting: 1 });
    const holder = await slots.acquire();
    const bounded = track(slots.acquire());
    const background = track(slots.acquire({ bounded: false }));
    await settle();
    expect(background.state).toBe('pending');
    expect(slots.load.waiting).toBe(2);
    holder();
    await settle();
    expect([bounded.state, background.state]).toEqual(['granted', 'pending']);
  });

  describe('waiting with a deadline', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('gives up at its deadline and leaves the line', async () => {
      const slots = new Slots({ running: 1, waiting: 5 });
      const holder = await slots.acquire();
      const late = slots.acquire({ waitMs: 1000 });
      const patient = track(slots.acquire());
      const outcome = expect(late).rejects.toEqual(new SlotsBusyError('timeout'));
      jest.advanceTimersByTime(999);
      expect(slots.load.waiting).toBe(2);
      jest.advanceTimersByTime(1);
      await outcome;
      expect(slots.load.waiting).toBe(1);
      // The slot goes to the one who stayed.
      holder();
      await Promise.resolve();
      await Promise.resolve();
      expect(patient.state).toBe('granted');
    });

    it('keeps a slot granted before the deadline', async () => {
      const slots = new Slots({ running: 1, waiting: 5 });
      const holder = await slots.acquire();
      const waiter = slots.acquire({ waitMs: 1000 });
      holder();
      const release = await waiter;
      jest.advanceTimersByTime(5000);
      expect(slots.load).toEqual({ running: 1, waiting: 0 });
      release();
      expect(slots.load).toEqual({ running: 0, waiting: 0 });
    });
  });

  it('lets a waiter who gives up leave the line, and serves the next', async () => {
    const slots = new Slots({ running: 1, waiting: 5 });
    const holder = await slots.acquire();
    const leaving = new AbortController();
    const quitter = slots.acquire({ signal: leaving.signal });
    const next = track(slots.acquire());
    expect(slots.load.waiting).toBe(2);
    leaving.abort();
    await expect(quitter).rejects.toMatchObject({ name: 'AbortError' });
    expect(slots.load.waiting).toBe(1);
    holder();
    await settle();
    expect(next.state).toBe('granted');
    expect(slots.load).toEqual({ running: 1, waiting: 0 });
  });

  it('refuses a request whose signal has already aborted, and ignores an abort after the grant', async () => {
    const slots = new Slots({ running: 1, waiting: 5 });
    const gone = new AbortController();
    gone.abort();
    await expect(slots.acquire({ signal: gone.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
    const later = new AbortController();
    const release = await slots.acquire({ signal: later.signal });
    later.abort();
    expect(slots.load).toEqual({ running: 1, waiting: 0 });
    release();
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it.each([[{ running: 0, waiting: 1 }], [{ running: 1.5, waiting: 1 }], [{ running: 1, waiting: -1 }]])(
    'refuses the capacity %j',
    (capacity) => {
      expect(() => new Slots(capacity)).toThrow();
    }
  );
});
