/**
 * The manager workspace in a real browser against the built, seeded playground: Anna (manager of Amsterdam
 * and Rotterdam) sees only her groups, approves a request, rejects one with a reason, marks attendance,
 * filters the report and downloads the Excel file, which is checked row by row against the API. The Super
 * Admin sees every group; a due date is set on a selection and the course deadlines dialog shown. Screenshots of
 * the three pages and the two dialogs go to docs/screenshots for the README with `npm run screenshots`.
 */
import path from 'path';
import ExcelJS from 'exceljs';
import { EXPORT_WORDS } from '../../common/domain/export-words';
import type { EnrollmentListResponse, OverviewResponse } from '../../common/contracts/workspace';
import type { LearnerPageResponse } from '../../common/contracts/learner-page';
import type { EnrollmentRow, ReportResponse } from '../../common/contracts/report';
import { shownState } from '../../common/domain/enrollment-flags';
import { E2E_ARTIFACTS } from '../helpers/playground-server';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const WORKSPACE = '/admin/plugins/groups';

describe('manager workspace (real browser)', () => {
  let session: WorkspaceBrowser;

  const enrollmentRows = async (query: string) =>
    (await session.api<EnrollmentListResponse>(`/groups/enrollments?pageSize=100&${query}`)).data;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('does a manager’s day: approve, reject with a reason, attendance, report, Excel export', async () => {
    const page = await session.openAs(DEMO_USERS.managerA.email);

    // Overview: only Anna's two groups.
    await page.getByRole('link', { name: 'Groups' }).first().click();
    await page.waitForURL(/\/admin\/plugins\/groups$/);
    await page.getByRole('heading', { name: 'Amsterdam nursing team' }).waitFor();
    await page.getByRole('heading', { name: 'Rotterdam onboarding' }).waitFor();
    expect(await page.getByText('Utrecht open safety days').count()).toBe(0);
    await screenshot(page, 'overview');
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const amsterdam = overview.data.find((g) => g.name === 'Amsterdam nursing team')!;

    // Enrollments: the Amsterdam card's "Review requests" lands on its open requests.
    await page
      .getByRole('region', { name: 'Amsterdam nursing team' })
      .getByRole('link', { name: 'Review requests' })
      .click();
    await page.waitForURL(/\/enrollments\?group=.*state=requested/);
    const requested = await enrollmentRows(`group=${amsterdam.documentId}&state=requested&sort=learner:asc`);
    expect(requested.length).toBeGreaterThanOrEqual(2);
    const [toApprove, toReject] = requested;
    await page.getByRole('button', { name: `Approve ${toApprove.learner.username}` }).waitFor();
    await screenshot(page, 'enrollments');

    await page.getByRole('button', { name: `Approve ${toApprove.learner.username}` }).click();
    await page.getByText(`${toApprove.learner.username}: enrollment is now Approved.`).waitFor();
    await page
      .getByRole('button', { name: `Approve ${toApprove.learner.username}` })
      .waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Reject ${toReject.learner.username}` }).click();
    // The dialog names the learner and the course, and asks the reason the learner will read.
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(`Reject ${toReject.learner.username} — ${toReject.course.title}?`).waitFor();
    await dialog.getByRole('textbox').fill('The course is full this term, sorry.');
    await screenshot(page, 'reject-dialog');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await page.getByText(`${toReject.learner.username}: enrollment is now Rejected.`).waitFor();

    const after = await enrollmentRows(`group=${amsterdam.documentId}`);
    const byId = new Map(after.map((row) => [row.documentId, row]));
    expect(byId.get(toApprove.documentId)?.state).toBe('approved');
    expect(byId.get(toReject.documentId)).toMatchObject({
      state: 'rejected',
      reason: 'The course is full this term, sorry.',
    });

    // Attendance of the enrollment just approved.
    await page.goto(
      `${session.baseUrl}${WORKSPACE}/enrollments?group=${amsterdam.documentId}&state=approved`
    );
    const attendance = page.getByRole('combobox', { name: `Attendance of ${toApprove.learner.username}` });
    await attendance.click();
    await page.getByRole('option', { name: 'Present' }).click();
    await page.getByText(`${toApprove.learner.username}: attendance is Present.`).waitFor();
    const marked = await enrollmentRows(`group=${amsterdam.documentId}&state=approved`);
    expect(marked.find((row) => row.documentId === toApprove.documentId)?.attendance).toBe('present');

    // Bulk: select every open request of Rotterdam and approve them at once.
    const rotterdam = overview.data.find((g) => g.name === 'Rotterdam onboarding')!;
    const open = await enrollmentRows(`group=${rotterdam.documentId}&state=requested`);
    expect(open.length).toBeGreaterThanOrEqual(1);
    await page.goto(
      `${session.baseUrl}${WORKSPACE}/enrollments?group=${rotterdam.documentId}&state=requested`
    );
    await page.getByRole('button', { name: `Approve ${open[0].learner.username}` }).waitFor();
    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await page
      .getByText(`Approve: ${open.length === 1 ? '1 enrollment' : `${open.length} enrollments`} done.`)
      .waitFor();
    const approvedNow = new Map(
      (await enrollmentRows(`group=${rotterdam.documentId}`)).map((row) => [row.documentId, row.state])
    );
    expect(open.map((row) => approvedNow.get(row.documentId))).toEqual(open.map(() => 'approved'));

    // Unenroll one of them, from the row's menu, after the confirmation.
    const leaving = open[0];
    await page.goto(
      `${session.baseUrl}${WORKSPACE}/enrollments?group=${rotterdam.documentId}&state=approved`
    );
    await page.getByRole('button', { name: `More actions for ${leaving.learner.username}` }).click();
    await page.getByRole('menuitem', { name: 'Unenroll' }).click();
    const unenroll = page.getByRole('alertdialog');
    await unenroll.getByRole('textbox').fill('Moved to another team.');
    await unenroll.getByRole('button', { name: 'Unenroll' }).click();
    await page.getByText(`${leaving.learner.username}: enrollment is now Cancelled.`).waitFor();
    expect(
      (await enrollmentRows(`group=${rotterdam.documentId}`)).find(
        (row) => row.documentId === leaving.documentId
      )
    ).toMatchObject({ state: 'cancelled', reason: 'Moved to another team.' });

    // Undo: the cancelled place is reopened as a request, back in the managers' queue.
    await page.goto(
      `${session.baseUrl}${WORKSPACE}/enrollments?group=${rotterdam.documentId}&state=cancelled`
    );
    await page.getByRole('button', { name: `Reopen ${leaving.learner.username}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Reopen' }).click();
    await page.getByText(`${leaving.learner.username}: enrollment is now Requested.`).waitFor();
    expect(
      (await enrollmentRows(`group=${rotterdam.documentId}`)).find(
        (row) => row.documentId === leaving.documentId
      )?.state
    ).toBe('requested');

    // Register a member of Amsterdam, who has no place in the course yet, through the dialog.
    const course = amsterdam.courses.find((c) => c.title === 'First aid refresher')!;
    const members = await session.api<{
      data: Array<{ documentId: string; username: string; email: string }>;
    }>(`/groups/workspace/groups/${amsterdam.documentId}/members`);
    const placed = new Set(
      (
        await enrollmentRows(
          `group=${amsterdam.documentId}&course=${course.documentId}&state=requested,waitlisted,approved`
        )
      ).map((row) => row.learner.documentId)
    );
    const newcomer = members.data.find((m) => !placed.has(m.documentId))!;
    expect(newcomer).toBeDefined();
    await page.getByRole('button', { name: 'Register a learner' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByRole('combobox', { name: 'Group' }).click();
    await page.getByRole('option', { name: 'Amsterdam nursing team' }).click();
    await modal.getByRole('combobox', { name: 'Course' }).click();
    await page.getByRole('option', { name: 'First aid refresher' }).click();
    await modal.getByRole('combobox', { name: 'Learner' }).click();
    await page.getByRole('option', { name: `${newcomer.username} — ${newcomer.email}` }).click();
    // The group picker is a searchable combobox asking the server, as the filters are.
    await screenshot(page, 'register-dialog');
    await modal.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByText(`${newcomer.username} is enrolled in First aid refresher (Approved).`).waitFor();
    const registered = await enrollmentRows(
      `group=${amsterdam.documentId}&course=${course.documentId}&state=approved`
    );
    expect(registered.some((row) => row.learner.documentId === newcomer.documentId)).toBe(true);

    // Reports: filter by course through the page's filter, then export exactly those rows.
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/reports/);
    await page.getByRole('heading', { name: 'Status mix per course' }).waitFor();
    await page.getByRole('combobox', { name: 'Course' }).click();
    await page.getByRole('option', { name: 'Wound care basics' }).click();
    await page.waitForURL(/course=/);
    const filtered = new URL(page.url()).searchParams.get('course')!;
    const report = await session.api<ReportResponse>(`/groups/reports?course=${filtered}&pageSize=100`);
    expect(report.meta.totals.total).toBeGreaterThan(0);
    expect(report.data.every((row) => row.course.title === 'Wound care basics')).toBe(true);
    await page.getByText(report.data[0].learner.email!).first().waitFor();
    await page.reload();
    await page.getByText(report.data[0].learner.email!).first().waitFor();
    await screenshot(page, 'reports');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export to Excel' }).click(),
    ]);
    const file = path.join(E2E_ARTIFACTS, download.suggestedFilename());
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^groups-report-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const detail = workbook.getWorksheet('Enrollments')!;
    const exported: Array<{ email: string; group: string; state: string }> = [];
    detail.eachRow((row, number) => {
      if (number === 1) return;
      exported.push({
        email: String(row.getCell(2).value),
        group: String(row.getCell(3).value),
        state: String(row.getCell(5).value),
      });
    });
    const expected = report.data.map((row: EnrollmentRow) => ({
      email: row.learner.email!,
      group: row.group.name,
      // Past its access window a row reads as expired, in the file as on screen.
      state: EXPORT_WORDS.en.states[shownState(row.state, row.flags)],
    }));
    const key = (r: { email: string; group: string; state: string }) => `${r.email}|${r.group}|${r.state}`;
    expect(exported.map(key).sort()).toEqual(expected.map(key).sort());
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()))
    );
    await page.close();
  });

  it('filters who is falling behind and opens an overdue learner’s page with its history', async () => {
    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.goto(`${session.baseUrl}${WORKSPACE}/enrollments`);
    await page.getByRole('combobox', { name: 'Falling behind' }).click();
    await page.getByRole('option', { name: 'Falling behind (any)' }).click();
    await page.waitForURL(/flag=fallingBehind/);
    // Earliest due date first: the overdue learners lead the list.
    await page.locator('th', { hasText: /^Due$/ }).click();
    await page.waitForURL(/sort=dueAt/);
    const [overdue] = await enrollmentRows('flag=fallingBehind&sort=dueAt:asc');
    expect(overdue.flags).toContain('overdue');
    const name = overdue.learner.username!;
    await page
      .locator(`[data-enrollment="${overdue.documentId}"]`)
      .getByRole('link', { name, exact: true })
      .click();
    await page.waitForURL(new RegExp(`/learners/${overdue.learner.documentId}$`));
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const card = page.locator(`[data-enrollment="${overdue.documentId}"]`);
    await card.getByText('Overdue', { exact: true }).waitFor();
    await card
      .getByRole('list', { name: /^History of / })
      .getByText('→')
      .first()
      .waitFor();
    await screenshot(page, 'learner');

    // Only Anna's groups, and the timeline the page shows is the stored history's.
    const learner = await session.api<LearnerPageResponse>(`/groups/learners/${overdue.learner.documentId}`);
    const annas = ['Amsterdam nursing team', 'Rotterdam onboarding'];
    expect(learner.data.enrollments.every((e) => annas.includes(e.group.name))).toBe(true);
    const shown = learner.data.enrollments.find((e) => e.documentId === overdue.documentId)!;
    expect(shown.timeline.at(-1)).toMatchObject({ by: { kind: 'admin' }, to: 'approved' });
    await page.close();
  });

  it('sets a due date on a selection, and shows the course deadlines of a group', async () => {
    const page = await session.openAs(DEMO_USERS.managerA.email);
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const amsterdam = overview.data.find((g) => g.name === 'Amsterdam nursing team')!;
    const approved = await enrollmentRows(`group=${amsterdam.documentId}&state=approved`);
    expect(approved.length).toBeGreaterThanOrEqual(2);

    await page.goto(
      `${session.baseUrl}${WORKSPACE}/enrollments?group=${amsterdam.documentId}&state=approved`
    );
    await page
      .getByRole('button', { name: `More actions for ${approved[0].learner.username}` })
      .first()
      .waitFor();
    await page.getByRole('checkbox', { name: 'Select all entries' }).click();
    await page.getByRole('button', { name: 'Set due date' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set the due date' });
    // The dialog names the learners (each once) and the courses of the selection.
    const learners = new Set(approved.map((row) => row.learner.username));
    await dialog.getByText(new RegExp(`^${learners.size} learners: .+ Courses?: .+\\.$`)).waitFor();
    const picker = dialog.getByRole('combobox', { name: 'Due date' });
    // The picker takes a typed date when the field loses focus.
    await picker.fill('12/31/2030');
    await picker.blur();
    await dialog.getByRole('button', { name: 'Save', exact: true }).waitFor();
    await screenshot(page, 'due-date-dialog');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`Due date saved for ${approved.length} enrollments.`).waitFor();
    const due = await enrollmentRows(`group=${amsterdam.documentId}&state=approved`);
    // The end of 31 December where the browser is, whatever its time zone.
    const endOfDay = new Date(2030, 11, 31, 23, 59, 59).toISOString();
    expect(due.map((row) => row.dueAt)).toEqual(due.map(() => endOfDay));

    // The group's course deadlines: First aid refresher completes within 30 days (the demo's setting).
    await page.goto(`${session.baseUrl}${WORKSPACE}`);
    await page
      .getByRole('region', { name: 'Amsterdam nursing team' })
      .getByRole('button', { name: 'Course deadlines' })
      .click();
    const deadlines = page.getByRole('dialog', { name: 'Course deadlines of Amsterdam nursing team' });
    expect(
      await deadlines
        .getByRole('textbox', { name: 'First aid refresher: complete within (days)' })
        .inputValue()
    ).toBe('30');
    await screenshot(page, 'course-deadlines');
    await deadlines.getByRole('button', { name: 'Cancel' }).click();
    await page.close();
  });

  it('shows a manager of another group only that group, and a course editor no workspace', async () => {
    const bram = await session.openAs(DEMO_USERS.managerB.email);
    await bram.goto(`${session.baseUrl}${WORKSPACE}`);
    await bram.getByRole('heading', { name: 'Utrecht open safety days' }).waitFor();
    expect(await bram.getByRole('heading', { name: 'Amsterdam nursing team' }).count()).toBe(0);
    expect(await bram.getByRole('heading', { name: 'Rotterdam onboarding' }).count()).toBe(0);
    await bram.close();

    const eva = await session.openAs(DEMO_USERS.editorA.email);
    await eva.getByRole('link', { name: 'Content Manager' }).first().waitFor();
    expect(await eva.getByRole('link', { name: 'Groups' }).count()).toBe(0);
    await eva.goto(`${session.baseUrl}${WORKSPACE}`);
    await eva
      .getByText(/don.t have the permissions/i)
      .first()
      .waitFor();
    expect(await eva.getByRole('heading', { name: 'Amsterdam nursing team' }).count()).toBe(0);
    await eva.close();
  });

  it('shows the Super Admin every group', async () => {
    const page = await session.openAs(DEMO_USERS.superAdmin.email);
    await page.goto(`${session.baseUrl}${WORKSPACE}`);
    for (const name of ['Amsterdam nursing team', 'Rotterdam onboarding', 'Utrecht open safety days']) {
      await page.getByRole('heading', { name }).waitFor();
    }
    // The Overview is searched and paged on the server: one page of cards, whatever the number of groups.
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('searchbox').fill('rotter');
    await page.getByRole('searchbox').press('Enter');
    await page.waitForURL(/_q=rotter/);
    await page.getByRole('heading', { name: 'Amsterdam nursing team' }).waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Rotterdam onboarding' }).waitFor();
    await screenshot(page, 'overview-search');

    // The Reports group filter asks the server for the groups matching what is typed.
    await page.goto(`${session.baseUrl}${WORKSPACE}/reports`);
    await page.getByRole('heading', { name: 'Status mix per course' }).waitFor();
    const groupFilter = page.getByRole('combobox', { name: 'Group' });
    await groupFilter.click();
    await groupFilter.fill('utre');
    await page.getByRole('option', { name: 'Utrecht open safety days' }).click();
    await page.waitForURL(/group=/);
    const shows = async (name: string) =>
      page.waitForFunction(([input, want]) => (input as { value: string }).value === want, [
        await page.getByRole('combobox', { name: 'Group' }).elementHandle(),
        name,
      ] as const);
    await shows('Utrecht open safety days');
    // After a reload only the id is in the URL: the filter looks its name up.
    await page.reload();
    await page.getByRole('heading', { name: 'Status mix per course' }).waitFor();
    await shows('Utrecht open safety days');
    await screenshot(page, 'reports-group-filter');
    await page.close();
  });
});
