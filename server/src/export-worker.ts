/**
 * The Excel export's worker thread (built to dist/export-worker/index.js): reads the export's rows on a
 * database connection of its own, shapes them (repositories/row-shape.ts, the code the server uses) and
 * writes the workbook with exceljs (services/export-sheet.ts), posting the file's bytes back to the export
 * service, which writes them to the response. A 1,000,000-row export read and written on Strapi's thread
 * promoted ~0.5 GB of rows and exceljs garbage to the old generation of the server's heap before V8
 * collected it (docs/PERFORMANCE.md, "The export in a worker thread"); here it lives and dies in a small heap
 * of its own.
 *
 * Messages: the service posts `{ start: ExportJob }`. For each chunk the worker has read it posts
 * `{ need }` (the chunk's course versions and group paths it does not know yet) and waits for
 * `{ go: Lookups }`, which the service sends once the response has taken the bytes before it: that is the
 * export's backpressure. Bytes go back as `{ data: Uint8Array }`; the end as `{ done: true }`, a failure as
 * `{ failed: message }`. The service ends the thread when the requester goes away.
 */
import { createRequire } from 'module';
import { Writable } from 'stream';
import { parentPort } from 'worker_threads';
import type { FlagThresholds } from '../../common/domain/enrollment-flags';
import type { CourseVersion } from './repositories/courses';
import {
  missingCourses,
  missingPaths,
  rowOf,
  toDate,
  type Paths,
  type RawRow,
  type RowContext,
} from './repositories/row-shape';
import { openWorkbook, type WorkbookSpec } from './services/export-sheet';

/** The server's database as the worker opens it: the driver Strapi's knex uses, and its settings. */
export interface DatabaseSource {
  client: 'sqlite' | 'postgres';
  /** The driver module's file (better-sqlite3 or pg), resolved by the server. */
  driver: string;
  connection: Record<string, unknown>;
  /** PostgreSQL: the schema Strapi's tables are in. */
  schema?: string;
}

export interface ExportJob {
  database: DatabaseSource;
  /** One chunk's statement in the database's dialect; `keyset`: the bindings that take the last id read. */
  statement: { sql: string; bindings: unknown[]; keyset: number[] } | null;
  chunkSize: number;
  context: RowContext & { limits: FlagThresholds; scoped: boolean };
  workbook: WorkbookSpec;
}

export interface Need {
  courses: string[];
  /** Groups with a parent: [id, name]. */
  groups: Array<[number, string]>;
}

export interface Lookups {
  versions: Array<[string, CourseVersion]>;
  paths: Array<[number, string]>;
}

export type ToWorker = { start: ExportJob } | { go: Lookups };
export type FromWorker = { data: Uint8Array } | { need: Need } | { done: true } | { failed: string };

/** The part of the pg module the worker uses. */
interface PgModule {
  types: {
    builtins: Record<'DATE' | 'JSONB' | 'NUMERIC', number>;
    setTypeParser(oid: number, format: 'text', parse: (value: string) => unknown): void;
  };
  Client: new (config: object) => {
    connect(): Promise<void>;
    query(query: string | { text: string; values: unknown[] }): Promise<{ rows: RawRow[] }>;
    end(): Promise<void>;
  };
}

interface Reader {
  page(sql: string, bindings: unknown[]): Promise<RawRow[]>;
  close(): Promise<void>;
}

/** The worker's SQLite page cache, in KiB. */
const SQLITE_CACHE_KB = 2048;

/** knex's better-sqlite3 client does the same to a statement's bindings. */
const sqliteValue = (value: unknown) =>
  value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value;

/**
 * SQLite: a read-only connection on the same file, one short statement per chunk, so a writer on the
 * server's connection waits at most one chunk's read. PostgreSQL: one client, with the type parsers and the
 * schema Strapi's own connections set (@strapi/database's PostgreSQL dialect).
 */
const openReader = async ({ client, driver, connection, schema }: DatabaseSource): Promise<Reader> => {
  const load = createRequire(driver);
  if (client === 'sqlite') {
    const Database = load(driver) as new (
      file: string,
      options: object
    ) => {
      prepare(sql: string): { all(bindings: unknown[]): RawRow[] };
      pragma(sql: string): unknown;
      close(): void;
    };
    const db = new Database(String(connection.filename), { readonly: true, fileMustExist: true });
    // better-sqlite3's default page cache is 16 MB per connection, kept to the end of the export: a chunk
    // read in id order needs the upper pages of a few indexes, and the system's file cache holds the rest.
    db.pragma(`cache_size = -${SQLITE_CACHE_KB}`);
    let prepared: { sql: string; statement: ReturnType<typeof db.prepare> } | undefined;
    return {
      async page(sql, bindings) {
        if (prepared?.sql !== sql) prepared = { sql, statement: db.prepare(sql) };
        return prepared.statement.all(bindings.map(sqliteValue));
      },
      async close() {
        db.close();
      },
    };
  }
  const pg = load(driver) as PgModule;
  const { types } = pg;
  types.setTypeParser(types.builtins.DATE, 'text', (value: string) => value);
  types.setTypeParser(types.builtins.JSONB, 'text', (value: string) => value);
  types.setTypeParser(types.builtins.NUMERIC, 'text', parseFloat);
  const db = new pg.Client(connection);
  await db.connect();
  if (schema) await db.query(`SET search_path TO "${schema}"`);
  return {
    async page(sql, bindings) {
      return (await db.query({ text: sql, values: bindings })).rows;
    },
    async close() {
      await db.end();
    },
  };
};

const port = parentPort;
if (port) {
  const send = (message: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
  let answered: ((lookups: Lookups) => void) | undefined;
  const ask = (need: Need) =>
    new Promise<Lookups>((resolve) => {
      answered = resolve;
      send({ need });
    });

  const run = async (job: ExportJob) => {
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        // A copy of its own, moved to the other thread without another copy (zlib's chunks share memory).
        const bytes = new Uint8Array(chunk.length);
        bytes.set(chunk);
        send({ data: bytes }, [bytes.buffer]);
        done();
      },
    });
    const finished = new Promise<void>((resolve, reject) => {
      output.on('finish', resolve);
      output.on('error', reject);
    });
    const book = await openWorkbook(output, job.workbook);
    let count = 0;
    const { statement, chunkSize, context } = job;
    if (statement) {
      const reader = await openReader(job.database);
      try {
        const versions = new Map<string, CourseVersion>();
        const paths: Paths = new Map();
        const chunkAfter = (lastId: number) => {
          const bindings = [...statement.bindings];
          for (const i of statement.keyset) bindings[i] = lastId;
          const rows = reader.page(statement.sql, bindings);
          // A chunk asked for ahead must not end the thread if the export stops before reading it.
          rows.catch(() => undefined);
          return rows;
        };
        // On PostgreSQL the next chunk's statement runs while this one is written; better-sqlite3 reads on
        // this thread, so there it would only keep two chunks alive at once.
        const readAhead = job.database.client !== 'sqlite';
        let next = chunkAfter(0);
        for (;;) {
          const raw = await next;
          if (raw.length === 0) break;
          const lastId = Number(raw[raw.length - 1].id);
          const more = raw.length === chunkSize;
          if (more && readAhead) next = chunkAfter(lastId);
          const need: Need = {
            courses: missingCourses(raw, versions),
            groups: context.scoped ? [...missingPaths(raw, paths)] : [],
          };
          const found = await ask(need);
          for (const [id, version] of found.versions) versions.set(id, version);
          for (const [id, path] of found.paths) paths.set(id, path);
          for (const row of raw) book.add(rowOf(row, versions, context, toDate, paths, context.limits));
          count += raw.length;
          await book.caughtUp();
          if (!more) break;
          if (!readAhead) next = chunkAfter(lastId);
        }
      } finally {
        await reader.close();
      }
    }
    await book.finish(count);
    await finished;
    send({ done: true });
  };

  port.on('message', (message: ToWorker) => {
    if ('go' in message) {
      const resolve = answered;
      answered = undefined;
      resolve?.(message.go);
    } else {
      run(message.start).catch((error: Error) => send({ failed: error.message }));
    }
  });
}
