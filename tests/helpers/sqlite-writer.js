'use strict';
/**
 * A second process writing to the test's SQLite file, as another Strapi process would: it takes SQLite's
 * writer lock (BEGIN IMMEDIATE), approves some enrollments with plain SQL, tells the parent, and commits a
 * moment later. Run with child_process.fork(file, [dbFile, table, stateColumn, ...ids]).
 */
const { setTimeout } = require('timers');
const Database = require('better-sqlite3');

const [file, table, stateColumn, ...ids] = process.argv.slice(2);
const db = new Database(file, { timeout: 10000 });
db.exec('BEGIN IMMEDIATE');
const update = db.prepare(`UPDATE "${table}" SET "${stateColumn}" = 'approved' WHERE id = ?`);
for (const id of ids) update.run(Number(id));
process.send({ locked: true });
// Holding the lock while the parent starts its approvals; the parent's better-sqlite3 waits in its busy
// handler (well under its timeout), so this delay only makes the overlap likely, it decides nothing.
setTimeout(() => {
  db.exec('COMMIT');
  db.close();
  process.send({ committed: true }, () => process.exit(0));
}, 400);
