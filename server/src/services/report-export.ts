import fs from 'fs';
import { createRequire } from 'module';
import path from 'path';
import { PassThrough } from 'stream';
import { Worker } from 'worker_threads';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { EXPORT_WORDS, fileNamePart, type ExportLanguage } from '../../../common/domain/export-words';
import type { ExportQuery } from '../../../common/contracts/report';
import { GROUP_UID } from '../constants';
import { courseRepository } from '../repositories/courses';
import { enrollmentRowsRepository } from '../repositories/enrollment-rows';
import type { ReadScope } from './report';
import type { AdminActor } from './scope';
import type { PluginConfig } from '../config';
import { getService } from '../utils/get-service';
import { failure } from '../utils/messages';
import { Slots, SlotsBusyError, type Release } from '../utils/slots';
import { columnOf, databaseClient, tableOf } from '../utils/tables';
import type { DatabaseSource, ExportJob, FromWorker, ToWorker } from '../export-worker';
import { wallClock } from './export-sheet';

/**
 * The worker writes whatever it reads, so a slow download would pile the workbook up in memory; the worker
 * reads on only once the HTTP response has taken what was written (or is gone).
 */
const readerCaughtUp = (stream: PassThrough) =>
  stream.writableNeedDrain && !stream.destroyed
    ? new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      })
    : Promise.resolve();

/** Rows read per query: small enough that a chunk dies young in the worker's heap. */
const EXPORT_CHUNK_ROWS = 250;

/**
 * The worker's heap (export-worker.ts): what it keeps alive is the workbook's state, one or two chunks of
 * rows and the course versions and group paths read so far (bounded by the courses and groups), a few MB;
 * the garbage of each row is collected there as the small heap fills, instead of piling up in the server's
 * (docs/PERFORMANCE.md, "The export in a worker thread").
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/** The plugin's own folder: the nearest one above this file (dist/server, or server/src/services) with a package.json. */
const packageRoot = () => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('The groups plugin cannot find its own package.json.');
    dir = parent;
  }
  return dir;
};

/** The worker's file, built beside the server bundle (package.json's `./export-worker` export). */
const workerFile = () => {
  const file = path.join(packageRoot(), 'dist', 'export-worker', 'index.js');
  if (!fs.existsSync(file))
    throw new Error(`The Excel export's worker is missing: ${file} (build the plugin).`);
  return file;
};

const DRIVERS = { sqlite: 'better-sqlite3', postgres: 'pg' } as const;

/**
 * The server's database for the worker: the driver module Strapi's knex loads (the site's own dependency,
 * resolved from the site's folder as Strapi's does, else from the plugin's) and the connection settings
 * knex resolved (an absolute file name on SQLite).
 */
const databaseSource = (strapi: Core.Strapi): DatabaseSource => {
  const client = databaseClient(strapi);
  if (client !== 'sqlite' && client !== 'postgres') {
    throw new Error(`The Excel export reads SQLite or PostgreSQL databases, not ${client}.`);
  }
  const name = DRIVERS[client];
  let driver: string;
  try {
    driver = createRequire(path.join(strapi.dirs.app.root, 'package.json')).resolve(name);
  } catch {
    driver = require.resolve(name);
  }
  const knex = strapi.db.connection as unknown as { client: { connectionSettings: Record<string, unknown> } };
  return {
    client,
    driver,
    connection: { ...knex.client.connectionSettings },
    schema: strapi.db.getSchemaName() || undefined,
  };
};

/** The Retry-After of an export refused because too many run: the sentence says "in a minute". */
export const EXPORT_RETRY_AFTER_SECONDS = 60;

/** How an export waits for its slot (see `open`). */
export interface ExportWait {
  /** The requester went away: leave the line (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /**
   * A job of the node's own (the weekly digest's attachment): it joins the line whatever its length instead
   * of being refused at once, and waits `waitMs` at most (default: as long as it takes).
   */
  background?: boolean;
  /** With `background`: how long it may wait for a slot before the same refusal (a 429's error). */
  waitMs?: number;
}

/**
 * The Excel export: the rows read by the export's worker thread on a connection of its own, a chunk at a
 * time, and written by exceljs's streaming writer there; its bytes go straight into the HTTP response.
 * Nothing is written to disk or to a public URL.
 */
const reportExportService = ({ strapi }: { strapi: Core.Strapi }) => {
  const report = () => getService(strapi, 'report');
  const knex = () => strapi.db.connection as unknown as Knex;

  const rows = enrollmentRowsRepository(strapi);
  const courses = courseRepository(strapi);
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;

  /**
   * The exports of this node. Each holds a worker thread with a heap of its own (WORKER_LIMITS: ~40-50 MB
   * in use) and, on PostgreSQL, a connection outside Strapi's pool; nothing else bounded how many ran at
   * once, so 20 managers exporting together took ~1 GB and 20 connections. The bound is per process, not
   * per site, on purpose: the memory it protects is the node's (and the connections are counted by the
   * site's nodes times `running`). Sized on first use from `exportConcurrency`; its `waitSeconds` is read
   * per request.
   */
  let slots: Slots | undefined;
  const exportSlots = () => {
    const { running, waiting } = config().exportConcurrency;
    slots ??= new Slots({ running, waiting });
    return slots;
  };

  /** A slot for one export, or a 429 with a sentence (the line is full, or the wait is over). */
  const takeSlot = async (wait: ExportWait): Promise<Release> => {
    try {
      return await exportSlots().acquire(
        wait.background
          ? { bounded: false, waitMs: wait.waitMs, signal: wait.signal }
          : { waitMs: config().exportConcurrency.waitSeconds * 1000, signal: wait.signal }
      );
    } catch (error) {
      if (!(error instanceof SlotsBusyError)) throw error;
      throw failure('RateLimitError', 'server.reports.exportBusy', undefined, {
        retryAfter: EXPORT_RETRY_AFTER_SECONDS,
        reason: error.reason,
      });
    }
  };

  /** The names of the groups and the titles of the courses a filter names, for the summary sheet. */
  const groupNames = async (documentIds: string[] | undefined) => {
    if (!documentIds?.length) return documentIds;
    const found: Array<{ name: string }> = await knex()
      .from(tableOf(strapi, GROUP_UID))
      .select({ name: columnOf(strapi, GROUP_UID, 'name') })
      .whereIn(columnOf(strapi, GROUP_UID, 'documentId'), documentIds);
    return found.map((r) => r.name);
  };
  const courseTitles = async (documentIds: string[] | undefined) => {
    if (!documentIds?.length) return documentIds;
    const versions = await courses.versions(knex(), documentIds);
    return documentIds.map((id) => versions.get(id)?.title ?? id);
  };

  /**
   * The export once it holds a slot: its Summary, then the worker. The slot is released when the stream
   * closes, however the export ends (done, failed, the requester gone), and by `open` if this throws.
   */
  const start = async (
    query: ExportQuery,
    read: ReadScope,
    source: ReturnType<typeof rows.exportSource>,
    database: DatabaseSource,
    release: Release,
    signal: AbortSignal | undefined
  ) => {
    const { totals, mix } = await report().summary(query, read);
    const generatedAt = new Date();
    const language: ExportLanguage = query.locale ?? 'en';
    const words = EXPORT_WORDS[language];
    const timeZone = query.timeZone ?? 'UTC';
    const at = wallClock(timeZone);
    const [groupList, courseList] = await Promise.all([groupNames(query.group), courseTitles(query.course)]);
    // Gone while waiting its turn or summing: no worker for nobody.
    signal?.throwIfAborted();
    const job: ExportJob = {
      database,
      statement: source.statement,
      chunkSize: EXPORT_CHUNK_ROWS,
      context: source.context,
      workbook: {
        language,
        timeZone,
        generatedAt,
        summary: { query, totals, mix, groupList, courseList },
        userFields: source.context.userFields,
      },
    };
    const stream = new PassThrough();
    const worker = new Worker(workerFile(), { resourceLimits: WORKER_LIMITS });
    let ended = false;
    const fail = (error: Error) => {
      if (ended) return;
      ended = true;
      strapi.log.error(`[groups] Excel export failed: ${error.message}`);
      stream.destroy(error);
      void worker.terminate();
    };
    // The export ended, however (done, failed, the requester gone: Koa destroys the body when the
    // response closes): the worker stops reading the database and the slot goes to the next export.
    stream.on('close', () => {
      ended = true;
      void worker.terminate();
      release();
    });
    const post = (message: ToWorker) => worker.postMessage(message);
    worker.on('message', (message: FromWorker) => {
      if ('data' in message) {
        const { buffer, byteOffset, byteLength } = message.data;
        if (!stream.destroyed) stream.write(Buffer.from(buffer, byteOffset, byteLength));
      } else if ('need' in message) {
        // Every byte the worker sent before asking is in the stream by now (messages keep their order).
        readerCaughtUp(stream)
          .then(async () => {
            if (!stream.destroyed) post({ go: await source.lookups(message.need) });
          })
          .catch(fail);
      } else if ('done' in message) {
        ended = true;
        stream.end();
        void worker.terminate();
      } else fail(new Error(message.failed));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the worker stopped (exit code ${code})`)));
    post({ start: job });
    // The file names the group (when one is chosen) and the requester's day.
    const day = (at(generatedAt) ?? generatedAt).toISOString().slice(0, 10);
    const named = query.group?.length === 1 ? groupList : undefined;
    const scope = named?.length === 1 ? fileNamePart(named[0]) : words.summary.allGroupsFile;
    return { stream, rows: totals.total, filename: `${words.summary.fileName}-${scope}-${day}.xlsx` };
  };

  const service = {
    /**
     * Checks scope and filters (so that 403/404/400 are answered before any byte is sent), then returns
     * a stream the controller hands to Koa; the workbook is written into it as rows arrive.
     */
    async open(query: ExportQuery, actor: AdminActor, wait: ExportWait = {}) {
      const read = await report().readScope(actor, ['exportReports'], query.group, query.subGroups);
      await report().assertCoursesExist(query.course);
      // The rows' statement compiles the filters (a bad one is a 400 here) and the database is one the
      // worker reads: both before the export takes a slot or waits for one.
      const source = rows.exportSource(query, read, EXPORT_CHUNK_ROWS);
      const database = databaseSource(strapi);
      const release = await takeSlot(wait);
      try {
        return await start(query, read, source, database, release, wait.signal);
      } catch (error) {
        release();
        throw error;
      }
    },

    /** Exports running and waiting on this node now. */
    load() {
      return exportSlots().load;
    },
  };

  return service;
};

export type ReportExportService = ReturnType<typeof reportExportService>;
export default reportExportService;
