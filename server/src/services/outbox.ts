/**
 * The transactional outbox: every email the plugin sends is first a row written in the same database
 * transaction as the change that causes it, so a rolled-back change sends nothing and a committed one is
 * always sent. A worker on each node claims due rows, sends them through Strapi's email plugin outside any
 * transaction, and marks them sent, schedules a retry with backoff, or gives up after `maxAttempts`.
 *
 * A row holds the template key (`kind`), the recipient's language and the template's variables, and is
 * rendered when it is sent, by the renderer registered for its kind: a template the site owner corrects
 * meanwhile applies to mail still waiting, and a row stays small. A caller that has the words already (a
 * manager's own message) writes `subject`/`text`/`html` instead and no renderer is asked.
 *
 * Claims: on PostgreSQL (and MySQL) a short transaction selects due rows `FOR UPDATE SKIP LOCKED` and marks
 * them `sending` with this claim's token and a lease, so any number of nodes drain one outbox without
 * sending a row twice; a node that dies mid-send leaves rows that are claimable again when the lease ends.
 * On SQLite a single `UPDATE … WHERE id IN (SELECT … LIMIT n)` is the claim: SQLite has one writer, so the
 * statement is atomic against every other connection and process.
 */
import { randomUUID } from 'crypto';
import type { Core } from '@strapi/strapi';
import { afterFailure, type OutboxState } from '../../../common/domain/outbox';
import type { PluginConfig } from '../config';
import { chunk, columnOf, currentDb, databaseClient, tableIn, tableOf, type Db } from '../utils/tables';

export const OUTBOX_UID = 'plugin::groups.outbox-message' as const;

export interface OutboxMessage {
  /** The template key, e.g. `enrollment-approved`; also what a log page shows. */
  kind: string;
  to: string;
  /** The recipient's language for the template; null for the plugin's default. */
  locale?: string | null;
  /** The group the message is about, so a manager's log shows only their groups' mail. */
  groupId?: number | null;
  /**
   * Unique over the whole outbox: a second message with the same key is dropped, e.g.
   * `reminder:<enrollment>:<dueAt>:7d` so one enrollment is never reminded twice for one due date.
   */
  dedupeKey?: string | null;
  /**
   * The rows written together for one cause (a manager's message to members), so they can be drained,
   * counted and retried together (`drain({ batchKey })`, `list({ batchKey })`).
   */
  batchKey?: string | null;
  variables?: Record<string, unknown>;
  /** Where replies go (a manager's own message); kept with the variables. */
  replyTo?: string;
  /** Already written words; when set, no template is rendered. */
  subject?: string;
  text?: string;
  html?: string;
  /** Not sent before this instant (a digest held until morning); now when absent. */
  notBefore?: Date;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /**
   * Files built at send time (a digest's report), passed to the email plugin as they are: never stored in
   * the row, so the outbox stays small and a resent email carries the report as it is then.
   */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface StoredMessage {
  id: number;
  kind: string;
  to: string;
  locale: string | null;
  groupId: number | null;
  dedupeKey: string | null;
  batchKey: string | null;
  variables: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

/** Renders one kind of message at send time; throwing counts as a failed attempt. */
export type TemplateRenderer = (message: StoredMessage) => RenderedEmail | Promise<RenderedEmail>;

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

const ATTRIBUTES = [
  'kind',
  'recipientEmail',
  'recipientLocale',
  'groupId',
  'dedupeKey',
  'batchKey',
  'variables',
  'subject',
  'text',
  'html',
  'state',
  'attempts',
  'nextAttemptAt',
  'claimToken',
  'leaseUntil',
  'lastError',
  'sentAt',
  'documentId',
  'createdAt',
  'updatedAt',
] as const;
type Attribute = (typeof ATTRIBUTES)[number];

/** An error text short enough for any column and any log line. */
const describeError = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 1000);

const outboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => (strapi.config.get('plugin::groups') as PluginConfig).emailDelivery;
  const renderers = new Map<string, TemplateRenderer>();
  let names: { table: string; col: Record<Attribute, string> } | null = null;
  const n = () => {
    names ??= {
      table: tableOf(strapi, OUTBOX_UID),
      col: Object.fromEntries(ATTRIBUTES.map((a) => [a, columnOf(strapi, OUTBOX_UID, a)])) as Record<
        Attribute,
        string
      >,
    };
    return names;
  };
  const table = (db: Db) => tableIn(strapi, db, n().table);
  // The worker's own statements never join a request's transaction, whatever async context it started in.
  const root = () => strapi.db.connection as Db;

  const fromRow = (row: Record<string, unknown>): StoredMessage => {
    const { col } = n();
    const date = (value: unknown) =>
      value === null || value === undefined ? null : new Date(value as string);
    const variables = row[col.variables];
    return {
      id: Number(row.id),
      kind: row[col.kind] as string,
      to: row[col.recipientEmail] as string,
      locale: (row[col.recipientLocale] as string | null) ?? null,
      groupId: row[col.groupId] === null || row[col.groupId] === undefined ? null : Number(row[col.groupId]),
      dedupeKey: (row[col.dedupeKey] as string | null) ?? null,
      batchKey: (row[col.batchKey] as string | null) ?? null,
      variables: (typeof variables === 'string' ? JSON.parse(variables) : variables) ?? {},
      state: row[col.state] as OutboxState,
      attempts: Number(row[col.attempts]),
      nextAttemptAt: date(row[col.nextAttemptAt]),
      lastError: (row[col.lastError] as string | null) ?? null,
      sentAt: date(row[col.sentAt]),
    };
  };

  /**
   * Rows a worker should act on at `now`: pending ones whose time has come and sending ones whose lease
   * ended (with attempts left, unless `spentToo`).
   */
  const due = (
    db: Db,
    now: Date,
    { spentToo = false, batchKey }: { spentToo?: boolean; batchKey?: string } = {}
  ) => {
    const { col } = n();
    const query = table(db).select('id');
    if (batchKey !== undefined) query.where(col.batchKey, batchKey);
    return query.where((q) =>
      q
        .where((p) => p.where(col.state, 'pending').where(col.nextAttemptAt, '<=', now))
        .orWhere((s) => {
          s.where(col.state, 'sending').where(col.leaseUntil, '<', now);
          if (!spentToo) s.where(col.attempts, '<', settings().maxAttempts);
        })
    );
  };

  /** Claims up to `batchSize` due rows (of one batch, with `batchKey`) for this call, under one token. */
  const claim = async (now: Date, limit = settings().batchSize, batchKey?: string) => {
    const { col } = n();
    const token = randomUUID();
    const batch = (db: Db) =>
      due(db, now, { batchKey }).orderBy(col.nextAttemptAt).orderBy('id').limit(limit);
    const claimed = (db: Db) => ({
      [col.state]: 'sending',
      [col.claimToken]: token,
      [col.leaseUntil]: new Date(now.getTime() + settings().leaseMs),
      [col.attempts]: db.raw('?? + 1', [col.attempts]),
      [col.updatedAt]: now,
    });
    if (databaseClient(strapi) === 'sqlite') {
      await table(root()).whereIn('id', batch(root())).update(claimed(root()));
    } else {
      await (root() as { transaction: Db['transaction'] }).transaction(async (trx) => {
        const ids = (await batch(trx).forUpdate().skipLocked()).map((row: { id: number }) => row.id);
        if (ids.length) await table(trx).whereIn('id', ids).update(claimed(trx));
      });
    }
    const rows: Array<Record<string, unknown>> = await table(root())
      .select('*')
      .where(col.claimToken, token)
      .orderBy('id');
    return { token, rows };
  };

  /**
   * A node killed mid-send leaves its rows `sending`; once their lease has ended they are claimed again,
   * and a row that used up its attempts that way is given up instead of being tried forever.
   */
  const abandonExpired = async (now: Date) => {
    const { col } = n();
    await table(root())
      .where(col.state, 'sending')
      .where(col.leaseUntil, '<', now)
      .where(col.attempts, '>=', settings().maxAttempts)
      .update({
        [col.state]: 'failed',
        [col.claimToken]: null,
        [col.leaseUntil]: null,
        [col.lastError]: 'The node sending it stopped before it finished, on every attempt.',
        [col.updatedAt]: now,
      });
  };

  const render = async (message: StoredMessage, row: Record<string, unknown>): Promise<RenderedEmail> => {
    const { col } = n();
    const { replyTo } = message.variables;
    const reply = typeof replyTo === 'string' && replyTo ? { replyTo } : {};
    if (row[col.subject] !== null && row[col.subject] !== undefined) {
      return {
        subject: row[col.subject] as string,
        text: (row[col.text] as string | null) ?? '',
        html: (row[col.html] as string | null) ?? '',
        ...reply,
      };
    }
    const renderer = renderers.get(message.kind);
    if (!renderer) throw new Error(`No template is registered for emails of kind "${message.kind}".`);
    return { ...reply, ...(await renderer(message)) };
  };

  /** Sends one claimed batch outside any transaction and records each outcome under the claim's token. */
  const sendBatch = async (
    { token, rows }: { token: string; rows: Array<Record<string, unknown>> },
    now: Date,
    maxAttempts = settings().maxAttempts
  ): Promise<DrainResult> => {
    const { col } = n();
    const email = strapi.plugin('email').service('email') as { send: (options: object) => Promise<unknown> };
    const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
    const sentIds: number[] = [];
    await Promise.all(
      rows.map(async (row) => {
        const message = fromRow(row);
        try {
          await email.send({ to: message.to, ...(await render(message, row)) });
          sentIds.push(message.id);
        } catch (error) {
          const next = afterFailure(message.attempts, now, { ...settings(), maxAttempts });
          await table(root())
            .where('id', message.id)
            .where(col.claimToken, token)
            .update({
              [col.state]: next.state,
              [col.nextAttemptAt]: next.nextAttemptAt,
              [col.claimToken]: null,
              [col.leaseUntil]: null,
              [col.lastError]: describeError(error),
              [col.updatedAt]: now,
            });
          result[next.state === 'failed' ? 'failed' : 'retried'] += 1;
          const level = next.state === 'failed' ? 'error' : 'warn';
          strapi.log[level](
            `[groups] Email ${message.id} (${message.kind}) to ${message.to}, attempt ${message.attempts} ${
              next.state === 'failed' ? 'failed, given up' : 'failed, will retry'
            }: ${describeError(error)}`
          );
        }
      })
    );
    for (const ids of chunk(sentIds)) {
      // Under the claim's token: a row whose lease ran out and was claimed elsewhere belongs to that claim.
      await table(root())
        .whereIn('id', ids)
        .where(col.claimToken, token)
        .update({
          [col.state]: 'sent',
          [col.sentAt]: now,
          [col.claimToken]: null,
          [col.leaseUntil]: null,
          [col.lastError]: null,
          [col.updatedAt]: now,
        });
    }
    result.sent = sentIds.length;
    return result;
  };

  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<unknown> | null = null;
  let running = false;

  const service = {
    /**
     * Writes messages in the caller's transaction (`trx`, else the transaction Strapi is running, else a
     * plain write). A message whose `dedupeKey` is already in the outbox is left out, on SQLite and
     * PostgreSQL alike (`INSERT … ON CONFLICT DO NOTHING`), so enqueueing is safe to repeat.
     */
    /**
     * Puts failed rows back to pending, with their attempts spent again. Only rows still failed move: a row a
     * worker is sending or has sent is never reset, so a manager's retry and the worker never both send one
     * row. Returns how many rows moved.
     */
    async requeueFailed(ids: readonly number[], options: { trx?: Db; now?: Date } = {}): Promise<number> {
      const { col } = n();
      const db = options.trx ?? (await currentDb(strapi));
      const now = options.now ?? new Date();
      let moved = 0;
      for (const part of chunk([...ids])) {
        moved += Number(
          await table(db)
            .whereIn('id', part)
            .where(col.state, 'failed')
            .update({
              [col.state]: 'pending',
              [col.attempts]: 0,
              [col.nextAttemptAt]: now,
              [col.claimToken]: null,
              [col.leaseUntil]: null,
              [col.updatedAt]: now,
            })
        );
      }
      return moved;
    },

    async enqueue(messages: readonly OutboxMessage[], options: { trx?: Db; now?: Date } = {}) {
      if (messages.length === 0) return;
      const { col } = n();
      for (const message of messages) {
        if (!message.kind || !message.to)
          throw new Error('[groups] An outbox message needs a kind and a recipient.');
      }
      const db = options.trx ?? (await currentDb(strapi));
      const now = options.now ?? new Date();
      const rows = messages.map((message) => ({
        [col.documentId]: randomUUID(),
        [col.kind]: message.kind,
        [col.recipientEmail]: message.to,
        [col.recipientLocale]: message.locale ?? null,
        [col.groupId]: message.groupId ?? null,
        [col.dedupeKey]: message.dedupeKey ?? null,
        [col.batchKey]: message.batchKey ?? null,
        [col.variables]: JSON.stringify({
          ...message.variables,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        }),
        [col.subject]: message.subject ?? null,
        [col.text]: message.text ?? null,
        [col.html]: message.html ?? null,
        [col.state]: 'pending',
        [col.attempts]: 0,
        [col.nextAttemptAt]: message.notBefore ?? now,
        [col.createdAt]: now,
        [col.updatedAt]: now,
      }));
      // 16 values a row: 500 rows stay under SQLite's 32,766 and PostgreSQL's 65,535 bound values, and a
      // bulk decision on up to 500 enrollments is one INSERT, like the UPDATE that made it.
      for (const part of chunk(rows)) {
        await table(db).insert(part).onConflict(col.dedupeKey).ignore();
      }
    },

    /** The renderer for one kind of message; the last registration wins. */
    registerTemplate(kind: string, renderer: TemplateRenderer) {
      renderers.set(kind, renderer);
    },

    /**
     * Claims and sends due messages until none is left. `now` fixes the clock for tests (a retry waits
     * until `now` passes its time). Never call it inside a transaction: on SQLite that transaction holds
     * the only connection the claim needs.
     *
     * `batchKey` drains only that batch's rows (a request sending what it has just written; rows another
     * node claimed first stay theirs), and `maxAttempts` overrides the setting for what this call claims:
     * 1 gives a failed row up at once, for a person to decide on, instead of scheduling a retry.
     */
    async drain(options: { now?: Date; batchKey?: string; maxAttempts?: number } = {}): Promise<DrainResult> {
      const total: DrainResult = { sent: 0, retried: 0, failed: 0 };
      const { batchKey } = options;
      for (;;) {
        const now = options.now ?? new Date();
        // One read first: on SQLite an UPDATE takes the database's only write lock even when it matches
        // nothing, and an idle worker should not queue behind (or ahead of) the site's own writes.
        if (!(await due(root(), now, { spentToo: true, batchKey }).first())) return total;
        await abandonExpired(now);
        const batch = await claim(now, settings().batchSize, batchKey);
        if (batch.rows.length === 0) return total;
        const result = await sendBatch(batch, now, options.maxAttempts);
        total.sent += result.sent;
        total.retried += result.retried;
        total.failed += result.failed;
      }
    },

    /** Claims without sending: what a node killed right after its claim leaves behind (for tests). */
    async claim(options: { now?: Date; limit?: number } = {}) {
      return (await claim(options.now ?? new Date(), options.limit)).rows.map(fromRow);
    },

    async list(
      where: { dedupeKey?: string; batchKey?: string; kind?: string; to?: string } = {}
    ): Promise<StoredMessage[]> {
      const { col } = n();
      const query = table(root()).select('*').orderBy('id');
      if (where.dedupeKey !== undefined) query.where(col.dedupeKey, where.dedupeKey);
      if (where.batchKey !== undefined) query.where(col.batchKey, where.batchKey);
      if (where.kind !== undefined) query.where(col.kind, where.kind);
      if (where.to !== undefined) query.where(col.recipientEmail, where.to);
      return (await query).map(fromRow);
    },

    /**
     * Drains every `intervalMs` on this node, one drain at a time; 0 leaves the worker off (a node that
     * should not send). Ticks are chained timeouts, so a slow drain delays the next tick instead of
     * overlapping it, and the timer does not keep the process alive.
     */
    startWorker(intervalMs = settings().workerIntervalMs) {
      if (running || intervalMs <= 0) return;
      running = true;
      const tick = () => {
        inFlight = service
          .drain()
          .catch((error) => strapi.log.error(`[groups] Email outbox: ${describeError(error)}`))
          .finally(() => {
            inFlight = null;
            if (running) timer = setTimeout(tick, intervalMs).unref();
          });
      };
      timer = setTimeout(tick, intervalMs).unref();
    },

    /** Stops the worker and waits for a drain under way, so the database is not closed under it. */
    async stopWorker() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
  };
  return service;
};

export type OutboxService = ReturnType<typeof outboxService>;
export default outboxService;
