/**
 * Sub-groups in the benchmark: a manager of one root group with up to 500 sub-groups below it (the bench's
 * groups, so its enrollments are the bench's), measured beside the flat managers of 3 and 50 groups: the
 * scoped Content Manager list and the report, whose scope is read through the tree's recursive statement.
 *
 *   Bench tree root ─┬─ Group 1 ─┬─ Group 21, Group 41, …     (level 3: the rest, spread over level 2)
 *                    ├─ Group 2 ─┴─ …
 *                    └─ … Group 20
 *
 * Three levels, under the default depth limit of 5. The tree is written once per database with bulk SQL
 * (a reused database keeps it) and read back through Strapi, so a broken seed is an ERROR, not a number.
 */
import type { Knex } from 'knex';
import { PASSWORD, createAdminUser } from '../helpers/http';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { linkManager, linkOf } from './seed';
import {
  CM_LIST,
  REPORT_PAGE_SIZE,
  cmListVariants,
  countQueries,
  enrollmentsIn,
  getText,
  handWrittenReport,
  ratioResult,
  type Bench,
  type Result,
} from './scenarios';

const GROUP_UID = 'plugin::groups.group';
const ROOT_SLUG = 'bench-tree-root';
const MANAGER_EMAIL = 'managertree@bench.test';
/** Sub-groups under the root (fewer on a data set with fewer groups). */
const DESCENDANTS = 500;
/** Groups on the second level; the others hang below them, round robin. */
const BRANCHES = 20;

/** The root's row id and the ids of every group below it; the tree is written when missing. */
const ensureTree = async (
  bench: Bench
): Promise<{ rootId: number; rootDocumentId: string; below: number[] }> => {
  const { strapi } = bench;
  const db = strapi.db.connection as unknown as Knex;
  const below = bench.seeded.groupIds.slice(0, DESCENDANTS);
  let root = (await strapi.db.query(GROUP_UID).findOne({ where: { slug: ROOT_SLUG } })) as {
    id: number;
    documentId: string;
  } | null;
  if (!root) {
    root = (await strapi.documents(GROUP_UID as never).create({
      data: { name: 'Bench tree root', slug: ROOT_SLUG } as never,
    })) as unknown as { id: number; documentId: string };
    const link = linkOf(strapi, GROUP_UID, 'parent');
    const parentOf = (index: number) => (index < BRANCHES ? root!.id : below[index % BRANCHES]);
    const rows = below.map((child, index) => ({
      [link.joinColumn.name]: child,
      [link.inverseJoinColumn.name]: parentOf(index),
      ...(link.inverseOrderColumnName ? { [link.inverseOrderColumnName]: index + 1 } : {}),
    }));
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += 200) await trx(link.name).insert(rows.slice(i, i + 200));
    });
  }
  return { rootId: root.id, rootDocumentId: root.documentId, below };
};

/** The manager of the root: every right, the link reaching every sub-group. */
const ensureManager = async (bench: Bench, rootId: number): Promise<string> => {
  const { strapi } = bench;
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: MANAGER_EMAIL } });
  if (!existing) {
    const user = await createAdminUser(strapi, MANAGER_EMAIL, [GROUP_MANAGER_ROLE.code]);
    await linkManager(strapi, user.id, [rootId], { includesSubGroups: true });
  }
  const res = await fetch(`${bench.base}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: MANAGER_EMAIL, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${MANAGER_EMAIL}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { token: string } }).data.token;
};

const totalOf = async (bench: Bench, token: string, url: string) =>
  JSON.parse(await getText(bench, token, url)) as {
    pagination?: { total: number };
    meta?: { pagination: { total: number } };
  };

export const treeScenario = async (bench: Bench): Promise<Result[]> => {
  const { superAdmin } = bench.personas;
  const { rootId, rootDocumentId, below } = await ensureTree(bench);
  const token = await ensureManager(bench, rootId);
  const key = `manager of a root with ${below.length} sub-groups`;
  const expected = await enrollmentsIn(bench, [rootId, ...below]);
  const seen = (await totalOf(bench, token, `${CM_LIST}?page=1&pageSize=1`)).pagination?.total;
  if (seen !== expected) {
    return [
      {
        group: 'cm-list',
        name: `CM list, ${key}`,
        value: `${seen} rows`,
        target: `${expected} rows`,
        status: 'ERROR',
        note: 'the tree does not reach the sub-groups: the measurement would not mean anything',
      },
    ];
  }
  const results: Result[] = await cmListVariants(bench, token, superAdmin, key, expected);

  // The report of the large group (a sub-group of the root) as the root's manager, as the manager of 3 reads it.
  const big = await bench.strapi.db
    .query(GROUP_UID)
    .findOne({ where: { id: bench.seeded.bigGroupId }, select: ['documentId'] });
  const reportUrl = `/groups/reports?group=${big.documentId}&pageSize=${REPORT_PAGE_SIZE}&sort=requestedAt:desc`;
  const reportStatements = await countQueries(bench, () => getText(bench, token, reportUrl));
  const reportPair = await bench.compare(
    () => getText(bench, token, reportUrl),
    () => handWrittenReport(bench, bench.seeded.bigGroupId)
  );
  results.push(
    ratioResult(
      'report',
      `Report of the ${bench.volumes.bigGroupEnrollments}-enrollment group, ${key}, vs hand-written SQL`,
      reportPair,
      2,
      {
        note: `the endpoint runs ${reportStatements.length} SQL statements`,
        details: { sqlStatements: reportStatements.length, sql: reportStatements },
      }
    )
  );
  bench.log(`${results[results.length - 1].name}: ${reportPair.ratio.toFixed(2)}×`);

  // "This group and its sub-groups": the root's whole tree in one report, beside the Super Admin's report
  // of the same groups (every group of the site, when the tree holds them all).
  const treeUrl = `/groups/reports?group=${rootDocumentId}&subGroups=true&pageSize=${REPORT_PAGE_SIZE}&sort=requestedAt:desc`;
  const allUrl = `/groups/reports?pageSize=${REPORT_PAGE_SIZE}&sort=requestedAt:desc`;
  const treeTotal = (await totalOf(bench, token, treeUrl)).meta?.pagination.total;
  if (treeTotal !== expected) {
    results.push({
      group: 'report',
      name: `Report of the root and its sub-groups, ${key}`,
      value: `${treeTotal} rows`,
      target: `${expected} rows`,
      status: 'ERROR',
      note: 'the sub-groups filter does not cover the tree',
    });
    return results;
  }
  const treeStatements = await countQueries(bench, () => getText(bench, token, treeUrl));
  const treePair = await bench.compare(
    () => getText(bench, token, treeUrl),
    () => getText(bench, superAdmin, allUrl)
  );
  results.push({
    ...ratioResult(
      'report',
      `Report of the root and its sub-groups (${expected} rows), ${key}, vs the Super Admin's report of every group`,
      treePair,
      2,
      {
        note: `the endpoint runs ${treeStatements.length} SQL statements; the Super Admin's covers ${bench.seeded.enrollmentCount} rows`,
        details: { sqlStatements: treeStatements.length, sql: treeStatements },
      }
    ),
    ...(expected === bench.seeded.enrollmentCount ? {} : { target: 'reported', status: 'INFO' as const }),
  });
  bench.log(`${results[results.length - 1].name}: ${treePair.ratio.toFixed(2)}×`);
  return results;
};
