/**
 * Layout that fits: the four workspace pages a manager works in (Overview, Enrollments, Reports, Members) at
 * 1280 and 1440 px wide, in English and in Dutch. On each, no action button, link button or select is cut
 * off — neither its text (wider than the control shows) nor the control itself (outside the part of its
 * scroll container that is in view) — and the Reports table keeps learner, status and progress in view. Each
 * view is pictured (layout-<page>-<language>-<width>.png) and checked with axe.
 */
import type { Page } from 'playwright-core';
import type { EnrollmentListResponse, OverviewResponse } from '../../common/contracts/workspace';
import {
  DEMO_PASSWORD,
  DEMO_USERS,
  screenshot,
  startWorkspaceBrowser,
  type WorkspaceBrowser,
} from '../helpers/workspace-browser';

jest.setTimeout(600_000);

const WORKSPACE = '/admin/plugins/groups';
const WIDTHS = [1280, 1440] as const;
const LANGUAGES = ['en', 'nl'] as const;

/** Each page, and what shows once its data is on screen. */
const PAGES = [
  { name: 'overview', path: '', ready: 'main h2' },
  { name: 'enrollments', path: '/enrollments', ready: 'tbody tr[data-enrollment]' },
  { name: 'reports', path: '/reports', ready: 'tbody tr' },
  { name: 'members', path: '/members', ready: 'tbody tr[data-member]' },
] as const;

/**
 * Every control a manager acts with that is cut off: its text wider than the box that shows it (an ellipsis
 * or a hidden overflow), or the control reaching past the visible part of a container that clips or scrolls.
 */
const CLIPPED_CONTROLS = `(() => {
  const controls = [...document.querySelectorAll('main button, main a[href], main [role="combobox"]')]
    .filter((el) => el.getClientRects().length > 0 && !el.closest('[aria-hidden="true"]'));
  const clips = (el) => {
    const style = getComputedStyle(el);
    return ['hidden', 'auto', 'scroll', 'clip'].includes(style.overflowX);
  };
  const found = [];
  for (const control of controls) {
    const name = (control.getAttribute('aria-label') || control.textContent || control.value || '').trim().slice(0, 60);
    // A chosen value in a text field (a group filter's name) wider than the field.
    if (control.tagName === 'INPUT' && control.value && control.scrollWidth > control.clientWidth + 1) {
      found.push('text cut: ' + name + ' (' + control.scrollWidth + ' > ' + control.clientWidth + ')');
      continue;
    }
    // Text inside the control that overflows its own box (the select's value, a button's label).
    for (const el of [control, ...control.querySelectorAll('*')]) {
      if (!el.textContent.trim()) continue;
      // A visually hidden label (an icon button's name) is 1 px wide on purpose.
      if (el.clientWidth <= 1) continue;
      if (clips(el) && el.scrollWidth > el.clientWidth + 1) {
        found.push('text cut: ' + name + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
        break;
      }
    }
    // The control against every clipping ancestor: wholly inside the part in view. A wide table's column
    // headers are reached by scrolling it; every control a manager acts with must be in view as it is.
    if (control.closest('thead')) continue;
    const box = control.getBoundingClientRect();
    for (let parent = control.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (!clips(parent)) continue;
      const frame = parent.getBoundingClientRect();
      if (box.left < frame.left - 1 || box.right > frame.right + 1) {
        found.push('outside its container: ' + name + ' (' + Math.round(box.left) + '–' + Math.round(box.right) + ' in ' + Math.round(frame.left) + '–' + Math.round(frame.right) + ')');
        break;
      }
    }
  }
  return found;
})()`;

/** The header cells of the Reports table that are in view (inside the table's scroll container). */
const REPORT_COLUMNS_IN_VIEW = `(() => {
  const table = document.querySelector('main table');
  if (!table) return [];
  let frame = table.parentElement;
  while (frame && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(frame).overflowX)) frame = frame.parentElement;
  const view = (frame || document.body).getBoundingClientRect();
  return [...table.querySelectorAll('thead th')]
    .filter((th) => { const b = th.getBoundingClientRect(); return b.width > 0 && b.left >= view.left - 1 && b.right <= view.right + 1; })
    .map((th) => th.textContent.trim());
})()`;

describe('workspace layout at 1280 and 1440 px, English and Dutch (real browser)', () => {
  let session: WorkspaceBrowser;
  let page: Page;

  beforeAll(async () => {
    session = await startWorkspaceBrowser();
    page = await session.openAs(DEMO_USERS.managerA.email);
  });

  afterAll(async () => {
    await session?.stop();
  });

  const setLanguage = async (language: string) => {
    // The admin reads its language from here on load, as its profile page's language picker writes it.
    await page.evaluate(`localStorage.setItem('strapi-admin-language', ${JSON.stringify(language)})`);
  };

  for (const language of LANGUAGES) {
    for (const width of WIDTHS) {
      it(`fits at ${width} px in ${language === 'en' ? 'English' : 'Dutch'}`, async () => {
        await setLanguage(language);
        await page.setViewportSize({ width, height: 1000 });
        const problems: Record<string, string[]> = {};
        for (const view of PAGES) {
          await page.goto(`${session.baseUrl}${WORKSPACE}${view.path}`);
          await page.locator(view.ready).first().waitFor();
          await page.waitForLoadState('networkidle');
          await page
            .getByRole('link', { name: language === 'en' ? 'Enrollments' : 'Inschrijvingen' })
            .first()
            .waitFor();
          const clipped = (await page.evaluate(CLIPPED_CONTROLS)) as string[];
          if (clipped.length) problems[view.name] = clipped;
          if (view.name === 'reports') {
            const inView = (await page.evaluate(REPORT_COLUMNS_IN_VIEW)) as string[];
            const wanted =
              language === 'en' ? ['Learner', 'Status', 'Progress'] : ['Deelnemer', 'Status', 'Voortgang'];
            for (const column of wanted) expect(inView).toContain(column);
          }
          await screenshot(page, `layout-${view.name}-${language}-${width}`);
        }
        expect(problems).toEqual({});
      });
    }
  }

  /**
   * What lies just beside the sticky column of the first row, on the side where the table scrolls on: the
   * sticky cell itself (its cover of the table's padding), never a cell scrolling under it.
   */
  const BESIDE_STICKY = `(() => {
    const cell = document.querySelector('tbody tr[data-enrollment] td:last-child');
    const box = cell.getBoundingClientRect();
    const frame = cell.closest('table').parentElement.getBoundingClientRect();
    const x = Math.min(box.right + 8, frame.right - 2);
    const hit = document.elementFromPoint(x, box.top + box.height / 2);
    return hit === cell || cell.contains(hit) || !hit.closest('tbody') ? 'covered' : hit.closest('td').textContent.trim();
  })()`;

  it('shows a long group name in the filter whole, and nothing beside the sticky column', async () => {
    await setLanguage('nl');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const longest = [...overview.data].sort((a, b) => b.name.length - a.name.length)[0];
    await page.goto(`${session.baseUrl}${WORKSPACE}/enrollments?group=${longest.documentId}`);
    await page.locator('tbody tr[data-enrollment]').first().waitFor();
    const filter = page.getByRole('combobox', { name: 'Groep' });
    await expect(filter.inputValue()).resolves.toBe(longest.name);
    expect(await filter.getAttribute('title')).toBe(longest.name);
    expect(await page.evaluate(CLIPPED_CONTROLS)).toEqual([]);
    expect(await page.evaluate(BESIDE_STICKY)).toBe('covered');
    await screenshot(page, 'layout-enrollments-long-group-nl-1280');
  });

  // Last: it fills a group of the demo data.
  it('asks before an approval passes the seat limit, naming the seats used, and offers only what Anna may do', async () => {
    await setLanguage('en');
    await page.setViewportSize({ width: 1280, height: 1000 });
    const overview = await session.api<OverviewResponse>('/groups/workspace/overview');
    const amsterdam = overview.data.find((g) => g.name === 'Amsterdam nursing team')!;
    const [request] = (
      await session.api<EnrollmentListResponse>(
        `/groups/enrollments?group=${amsterdam.documentId}&state=requested&sort=learner:asc`
      )
    ).data;
    // The site owner sets the limit to the seats used: the group is full.
    const login = await fetch(`${session.baseUrl}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: DEMO_USERS.superAdmin.email, password: DEMO_PASSWORD }),
    });
    const ownerToken = ((await login.json()) as { data: { token: string } }).data.token;
    const full = await fetch(`${session.baseUrl}/groups/setup/groups/${amsterdam.documentId}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ownerToken}` },
      body: JSON.stringify({ seatLimit: amsterdam.seatsUsed }),
    });
    expect(full.status).toBe(200);

    await page.goto(
      `${session.baseUrl}${WORKSPACE}/enrollments?group=${amsterdam.documentId}&state=requested`
    );
    await page
      .getByText(`Amsterdam nursing team: Full (${amsterdam.seatsUsed} of ${amsterdam.seatsUsed} seats used)`)
      .waitFor();
    await page.getByRole('button', { name: `Approve ${request.learner.username}` }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog
      .getByText(
        `Amsterdam nursing team: ${amsterdam.seatsUsed} of ${amsterdam.seatsUsed} seats used; approving needs 1 more seat.`
      )
      .waitFor();
    // Anna's role holds neither the over-limit permission nor the Groups screen: said, not offered.
    expect(await dialog.getByRole('button', { name: 'Approve over the limit' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: /Raise the limit/ }).count()).toBe(0);
    await dialog.getByText(/which a site administrator gives/).waitFor();
    await screenshot(page, 'seat-limit-dialog');
    await dialog.getByRole('button', { name: 'Put on the waitlist' }).click();
    await page
      .getByText(`${request.learner.username}: no seat was free, so the enrollment is on the waitlist.`)
      .waitFor();
    const after = await session.api<EnrollmentListResponse>(
      `/groups/enrollments?group=${amsterdam.documentId}&pageSize=100`
    );
    expect(after.data.find((row) => row.documentId === request.documentId)?.state).toBe('waitlisted');
  });
});
