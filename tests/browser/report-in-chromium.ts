/**
 * The offline report of every real notebook, opened in Debian's Chromium: it loads without a
 * console error or a network request, every chart is a drawn SVG with its title at a readable
 * size, every contents link lands on its section, code is folded, and a screenshot of the first
 * screen is written to out/report-first-screen.png for the reader.
 *
 * The checks run on the notebooks' own shared run (tests/notebooks/notebooks.test.ts calls
 * {@link describeReportInChromium}), so every notebook executes once per `npm test`.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunAllSummary } from '../../kernel-sim/report/index.js';
import { VEGALITE_MIME } from '../../kernel-sim/viz/index.js';
import { reportOrder, type Notebook } from '../../kernel-sim/report/index.js';
import { hasChromium, launchChromium } from './chromium.js';

/** Stops a hung browser only. */
const HANG_GUARD_MS = 5 * 60_000;
/** Where the reader finds the first screen. */
export const FIRST_SCREEN = join('out', 'report-first-screen.png');

/** The title of every chart, in page order (the report shows notebooks in report order). */
function chartTitles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    const nb = JSON.parse(readFileSync(p, 'utf8')) as Notebook;
    return nb.cells.flatMap((c) =>
      c.cell_type !== 'code'
        ? []
        : c.outputs.flatMap((o) => {
            if (o.output_type !== 'display_data' || o.data[VEGALITE_MIME] === undefined || o.data['image/svg+xml'] === undefined) return [];
            const title = (o.data[VEGALITE_MIME] as { title?: unknown }).title;
            return [typeof title === 'string' ? title : String((title as { text?: unknown } | undefined)?.text ?? '')];
          }),
    );
  });
}

/** The report checks, on the run `getRun` gives (made in an enclosing beforeAll). */
export function describeReportInChromium(getRun: () => RunAllSummary): void {
  describe.skipIf(!hasChromium)('the report in Chromium', () => {
    let page: Page;
    let close: () => Promise<void>;
    let titles: string[];
    const problems: string[] = [];

    beforeAll(async () => {
      // A notebook that fails is the notebooks' test's verdict; the report must show it all the same.
      const run = getRun();
      titles = chartTitles(reportOrder(run.notebooks).map((n) => n.outputPath));
      const browser = await launchChromium();
      close = browser.close;
      page = await browser.context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
      });
      await page.goto(pathToFileURL(run.reportPath).href, { waitUntil: 'load' });
      await page.screenshot({ path: FIRST_SCREEN });
    }, HANG_GUARD_MS);

    afterAll(async () => {
      await close?.();
    });

    it('loads with no console error and reaches nothing outside the file', () => {
      expect(problems).toEqual([]);
    });

    it('writes the first screen for the reader', () => {
      expect(statSync(FIRST_SCREEN).size).toBeGreaterThan(10_000);
    });

    it('shows every chart as a drawn SVG carrying its title', async () => {
      const charts = await page.$$eval('.output.svg > svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            width: box.width,
            height: box.height,
            marks: svg.querySelectorAll('.role-mark path, .role-mark text, .role-mark line').length,
            title: svg.querySelector('.role-title-text')?.textContent ?? '',
          };
        }),
      );
      expect(titles.length).toBeGreaterThan(10);
      expect(charts.map((c) => c.title)).toEqual(titles);
      for (const c of charts) {
        expect(c.title, 'every chart has a title').not.toBe('');
        expect(c.marks, c.title).toBeGreaterThan(0);
        expect(c.width, c.title).toBeGreaterThan(100);
        expect(c.height, c.title).toBeGreaterThan(40);
      }
    });

    it('draws chart text at 11 px or more on screen, 1400 px wide', async () => {
      const small = await page.$$eval('.output.svg > svg', (svgs) =>
        svgs.flatMap((svg) => {
          const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).width.baseVal.value;
          return Array.from(svg.querySelectorAll('text'))
            .filter((t) => t.textContent && parseFloat(getComputedStyle(t).fontSize) * scale < 11)
            .map((t) => `${svg.querySelector('.role-title-text')?.textContent}: "${t.textContent}" at ${(parseFloat(getComputedStyle(t).fontSize) * scale).toFixed(1)} px`);
        }),
      );
      expect(small).toEqual([]);
    });

    it('never draws one label of a chart over another', async () => {
      const overlaps = await page.$$eval('.output.svg > svg', (svgs) =>
        svgs.flatMap((svg) => {
          // Every label: axis labels, legend entries, timeline cells, notes beside bars.
          // vega hides the axis labels it thins out (opacity 0); only what is seen can collide.
          const boxes = Array.from(svg.querySelectorAll('.mark-text text'))
            .filter((t) => t.textContent && parseFloat(getComputedStyle(t).opacity) > 0)
            .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }));
          const found: string[] = [];
          for (let i = 0; i < boxes.length; i++) {
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]!.r;
              const b = boxes[j]!.r;
              if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
                found.push(`${svg.querySelector('.role-title-text')?.textContent}: "${boxes[i]!.text}" over "${boxes[j]!.text}"`);
              }
            }
          }
          return found;
        }),
      );
      expect(overlaps).toEqual([]);
    });

    it('folds every code cell, one click away', async () => {
      const details = await page.$$eval('details.code', (ds) => ds.map((d) => ({ open: (d as HTMLDetailsElement).open, summary: d.querySelector('summary')?.textContent ?? '' })));
      expect(details.length).toBeGreaterThan(20);
      expect(details.filter((d) => d.open)).toEqual([]);
      for (const d of details) expect(d.summary).toMatch(/^code( \[\d+\])? · \d+ lines?$/);
      const first = page.locator('details.code').first();
      await first.locator('summary').click();
      await expect.poll(() => first.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      expect(await first.locator('pre.source').isVisible()).toBe(true);
    });

    it('lands every contents link on its section', async () => {
      const hrefs = await page.$$eval('nav.toc a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(titles.length);
      const missed: string[] = [];
      for (const href of hrefs) {
        await page.locator(`nav.toc a[href="${href}"]`).click();
        const at = await page.evaluate((id) => {
          const el = document.getElementById(id);
          if (!el) return null;
          const top = el.getBoundingClientRect().top;
          const bottomOfPage = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
          return { top, bottomOfPage, hash: location.hash };
        }, href.slice(1));
        // The section's top is at the window's top, or as near as the end of the page allows.
        const ok = at !== null && at.hash === href && at.top >= -1 && (at.top <= 12 || (at.bottomOfPage && at.top < 900));
        if (!ok) missed.push(`${href}: ${JSON.stringify(at)}`);
      }
      expect(missed).toEqual([]);
    });
  });
}
