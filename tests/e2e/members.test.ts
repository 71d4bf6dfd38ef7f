/**
 * The Members page in a real browser against the built, seeded playground, with the playground's email
 * going to a real SMTP server on 127.0.0.1: Anna lists and searches her group's members, imports a sheet
 * (a bad row blocks it, a good one invites a newcomer whose email arrives), edits and removes a member, and
 * messages the group; a send the relay refuses keeps the draft and is retried, an account of Anna's other
 * group is found by name, and an import skips its bad row. Bram, who holds no member rights, has no Members page. Screenshots go to
 * docs/screenshots for the README with `npm run screenshots`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import type { ListMembersResponse, MemberCandidatesResponse } from '../../common/contracts/members';
import type { OverviewResponse } from '../../common/contracts/workspace';
import { startSmtp, type TestSmtp } from '../helpers/smtp';
import type { WorkspaceBrowser } from '../helpers/workspace-browser';
import { DEMO_USERS, screenshot, startWorkspaceBrowser } from '../helpers/workspace-browser';

jest.setTimeout(300_000);

const sheet = async (rows: string[][]) => {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('Members');
  ws.addRow(['email', 'username']);
  rows.forEach((row) => ws.addRow(row));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'members-')), 'class.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
};

describe('members page (real browser, real SMTP)', () => {
  let smtp: TestSmtp;
  let session: WorkspaceBrowser;

  beforeAll(async () => {
    smtp = await startSmtp();
    // No email worker beside the page: a message's request sends its own rows, and a worker claiming them first
    // would make the notification read "queued" instead of "Sent to N of N" (that case has its API test).
    session = await startWorkspaceBrowser({ SMTP_PORT: String(smtp.port), GROUPS_WORKER_INTERVAL_MS: '0' });
  });

  afterAll(async () => {
    await session?.stop();
    await smtp?.stop();
  });

  it('lets a manager run their group’s members', async () => {
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const group = overview.data.find((g) => g.rights.manageMembers)!;
    const before = await session.api<ListMembersResponse>(
      `/groups/groups/${group.documentId}/members?pageSize=100`
    );
    expect(before.data.length).toBeGreaterThan(1);

    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups`);
    await page.getByRole('link', { name: 'Members' }).click();
    await page.waitForURL(/\/admin\/plugins\/groups\/members/);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    const first = before.data[0];
    await page.getByText(first.email).waitFor();
    await screenshot(page, 'members');

    // Message every member.
    smtp.clear();
    await page.getByRole('button', { name: 'Message' }).click();
    const message = page.getByRole('dialog');
    await message.getByLabel('Subject').fill('Room change');
    await message.getByLabel('Message').fill('We meet in room 4 tomorrow.');
    await screenshot(page, 'members-message');
    await message.getByRole('button', { name: 'Send' }).click();
    await page
      .getByText(new RegExp(`Sent to ${before.data.length} of ${before.data.length} members`))
      .waitFor();
    expect(smtp.messages).toHaveLength(before.data.length);
    // Let the notification go before the next screenshot.
    await page
      .getByText(/Sent to \d+ of/)
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    expect(smtp.messages.every((m) => m.subject === 'Room change')).toBe(true);

    // Search narrows the list to one member.
    await page.getByRole('searchbox').fill(first.email);
    await page.getByRole('searchbox').press('Enter');
    await page.waitForURL(/_q=/);
    await page.getByText(before.data[1].email).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /clear the search/i }).click();
    await page.getByText(before.data[1].email).waitFor();

    // Import: a bad row blocks the file; a clean file invites the newcomer.
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(
      await sheet([
        ['newcomer@school.demo', 'newcomer'],
        ['=HYPERLINK("x")', ''],
        ['not-an-email', ''],
      ])
    );
    await dialog.getByText('2 with errors').waitFor();
    await dialog.getByText(/formula, or text starting with/).waitFor();
    expect(await dialog.getByRole('button', { name: /Import \d+ rows?$/ }).isDisabled()).toBe(true);
    await screenshot(page, 'members-import');

    await dialog
      .locator('input[type=file]')
      .setInputFiles(await sheet([['newcomer@school.demo', 'newcomer']]));
    await dialog.getByText('1 to invite').waitFor();
    await dialog.getByRole('button', { name: 'Import 1 row' }).click();
    await page.getByText(/Imported: 0 added, 1 invited \(1 invitations sent/).waitFor();
    await page.getByRole('heading', { name: 'Pending invitations (1)' }).waitFor();
    expect(smtp.to('newcomer@school.demo')).toHaveLength(1);
    expect(smtp.to('newcomer@school.demo')[0].subject).toBe(`You are invited to join ${group.name}`);

    // Edit a member's name.
    await page.getByRole('button', { name: `Edit ${first.username}` }).click();
    const edit = page.getByRole('dialog');
    await edit.getByLabel('Name').fill(`${first.username}-renamed`);
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`${first.username}-renamed is saved.`).waitFor();
    await page.getByText(`${first.username}-renamed`, { exact: true }).waitFor();

    // Remove another member after confirming.
    const leaving = before.data[before.data.length - 1];
    await page.getByRole('button', { name: `Remove ${leaving.username} from the group` }).click();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: /confirm/i })
      .click();
    await page.getByText(new RegExp(`${leaving.username} left the group`)).waitFor();
    const after = await session.api<ListMembersResponse>(
      `/groups/groups/${group.documentId}/members?pageSize=100`
    );
    expect(after.data.map((m) => m.documentId)).not.toContain(leaving.documentId);

    await page.close();
  });

  it('keeps a message whose send failed, finds accounts to add, and skips bad import rows', async () => {
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const group = overview.data.find((g) => g.rights.manageMembers)!;
    const members = await session.api<ListMembersResponse>(
      `/groups/groups/${group.documentId}/members?pageSize=100`
    );
    const refused = members.data[0];
    const page = await session.openAs(DEMO_USERS.managerA.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups/members?group=${group.documentId}`);
    await page.getByText(refused.email).waitFor();

    // The relay refuses one member: the dialog stays with the draft and names who did not get it, and why.
    smtp.clear();
    smtp.refuse('Mailbox full', [refused.email]);
    await page.getByRole('button', { name: 'Message' }).click();
    const message = page.getByRole('dialog');
    await message.getByLabel('Subject').fill('Exam moved');
    await message.getByLabel('Message').fill('The exam is on Friday.');
    await message.getByRole('button', { name: 'Send' }).click();
    await message.getByText(/1 email of \d+ could not be sent; your message is kept/).waitFor();
    await message.getByText(new RegExp(`${refused.email}\\): .*Mailbox full`)).waitFor();
    expect(await message.getByLabel('Subject').inputValue()).toBe('Exam moved');
    expect(smtp.messages).toHaveLength(members.data.length - 1);
    await screenshot(page, 'members-message-failed');

    // Sending again goes to the refused member only; the draft is the message as sent, not editable.
    smtp.refuse(null);
    await message.getByRole('button', { name: 'Send again to the failed recipients' }).click();
    await page.getByText(/Sent to 1 of 1 members/).waitFor();
    expect(smtp.to(refused.email)).toHaveLength(1);
    // The retry sent the same message's failed email: its log line now counts every member.
    await page.getByRole('heading', { name: 'Sent messages' }).waitFor();
    await page
      .getByRole('row', { name: /Exam moved/ })
      .getByText(`${members.data.length} of ${members.data.length}`, { exact: true })
      .waitFor();

    // A failed email of a closed dialog: the log says so and sends it again.
    smtp.refuse('Mailbox full', [refused.email]);
    await page.getByRole('button', { name: 'Message' }).click();
    const second = page.getByRole('dialog');
    await second.getByLabel('Subject').fill('Bring a pen');
    await second.getByLabel('Message').fill('Friday, 9:00.');
    await second.getByRole('button', { name: 'Send' }).click();
    await second.getByText(/1 email of \d+ could not be sent/).waitFor();
    await second.getByRole('button', { name: 'Cancel' }).click();
    const failedLine = page.getByRole('row', { name: /Bring a pen/ });
    await failedLine.getByText(`${members.data.length - 1} of ${members.data.length}, 1 failed`).waitFor();
    // The log in view, without the first retry's notification over it.
    await page
      .getByText(/Sent to \d+ of/)
      .waitFor({ state: 'detached', timeout: 15_000 })
      .catch(() => undefined);
    await failedLine.scrollIntoViewIfNeeded();
    await screenshot(page, 'members-message-log');
    smtp.refuse(null);
    await failedLine.getByRole('button', { name: 'Send the 1 failed again' }).click();
    await page
      .getByText(/Sent to 1 of 1 members/)
      .first()
      .waitFor();
    await failedLine.getByText(`${members.data.length} of ${members.data.length}`, { exact: true }).waitFor();
    expect(smtp.to(refused.email)).toHaveLength(2);

    // Add existing: search among the members of Anna's other group.
    const candidates = await session.api<MemberCandidatesResponse>(
      `/groups/groups/${group.documentId}/member-candidates`
    );
    expect(candidates.data.length).toBeGreaterThan(0);
    const joining = candidates.data[0];
    await page.getByRole('button', { name: 'Add or invite' }).click();
    const add = page.getByRole('dialog');
    await add.getByText('Add someone who has an account').click();
    // Typed, as a person would: the picker asks the server for what is typed.
    await add.getByRole('combobox', { name: 'Search by name or email' }).click();
    await page.keyboard.type(joining.username);
    await page.getByRole('option', { name: `${joining.username} (${joining.email})` }).click();
    await add.getByText(`Chosen: ${joining.username} (${joining.email})`).waitFor();
    await screenshot(page, 'members-add-search');
    await add.getByRole('button', { name: 'Add member' }).click();
    await page.getByText(`${joining.username} is now a member.`).waitFor();

    // Import: skip the bad row and import the good one.
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type=file]').setInputFiles(
      await sheet([
        ['skipper@school.demo', 'skipper'],
        ['not-an-email', ''],
      ])
    );
    await dialog.getByText('1 with errors').waitFor();
    expect(await dialog.getByRole('button', { name: 'Import 1 row' }).isDisabled()).toBe(true);
    await dialog.getByText('Skip the row with errors').click();
    await screenshot(page, 'members-import-skip');
    await dialog.getByRole('button', { name: 'Import 1 row, skip 1' }).click();
    await page.getByText(/1 row with errors was skipped/).waitFor();
    expect(smtp.to('skipper@school.demo')).toHaveLength(1);
    await page.close();
  });

  it('shows no Members page to a manager without member rights', async () => {
    const page = await session.openAs(DEMO_USERS.managerB.email);
    await page.goto(`${session.baseUrl}/admin/plugins/groups`);
    await page.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await page.getByRole('link', { name: 'Members' }).count()).toBe(0);
    await page.close();
  });
});
