import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalWorker } from '../scripts/local-worker.mjs';
import {
  ADMIN_SECRET,
  HOSTILE_MODEL,
  PROBLEMS,
  RUNS,
  seedCheckpoints,
  seedDemoRuns,
  seedRuns,
} from './seed.js';

const CHROMIUM = process.env.CROSSOVER_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && process.env.CI !== 'true') {
  console.warn(
    `[eval-api browser tests] ${CHROMIUM} not found: skipping (install Debian's chromium to run them)`,
  );
}

describe.runIf(!hasChromium && process.env.CI === 'true')('browser tests under CI', () => {
  it('need Chromium', () => {
    throw new Error(`${CHROMIUM} not found: the browser tests need Debian's chromium under CI=true`);
  });
});

describe.runIf(hasChromium)('leaderboard pages in Chromium', () => {
  let worker: Awaited<ReturnType<typeof startLocalWorker>>;
  let browser: Browser;
  let context: BrowserContext;
  let ids: Awaited<ReturnType<typeof seedRuns>>;
  let demo: Awaited<ReturnType<typeof seedDemoRuns>>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    worker = await startLocalWorker({ adminSecret: ADMIN_SECRET });
    ids = await seedRuns(worker.url);
    demo = await seedDemoRuns(worker.url);
    // launch() gives Chromium a fresh temporary --user-data-dir of its own and removes it on close
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await worker?.stop();
  });

  async function open(path: string, into: BrowserContext = context): Promise<Page> {
    const page = await into.newPage();
    // CSP violations and script errors show up here: a page must not produce any
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
    const response = await page.goto(`${worker.url}${path}`);
    expect(response?.status()).toBe(200);
    return page;
  }

  const boardRunIds = (page: Page) =>
    page.$$eval('table.board tbody tr', (rows) => rows.map((row) => row.getAttribute('data-run')));

  it('shows the leaderboard with its curves, sorts it, and escapes model names', async () => {
    const page = await open('/?task=gsm8k');
    expect(await page.locator('table.board tbody tr').count()).toBe(Object.keys(RUNS).length);
    // ranked at the largest k by default: base reaches the highest pass@16
    expect(await page.locator('table.board thead').textContent()).toContain('pass@16');
    expect((await boardRunIds(page))[0]).toBe(ids.base);
    expect(await page.locator('svg.line-chart .series').count()).toBe(4);
    expect(await page.locator('svg.line-chart .band').count()).toBe(4);
    // the hostile name is text, and the only script is ours
    expect(await page.locator('table.board').textContent()).toContain(HOSTILE_MODEL);
    expect(await page.locator('script').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'leaderboard.png'), fullPage: true });

    // server-side sort through the pass@1 header link: grpo has the best pass@1
    await Promise.all([page.waitForURL(/sort=pass%401/), page.click('a.sort-link[data-sort="pass@1"]')]);
    expect((await boardRunIds(page))[0]).toBe(ids.grpo);

    // progressive client-side sort on the model column
    await page.click('table.board thead th:nth-child(3) button.sort-button');
    const models = await page.$$eval('table.board tbody tr td:nth-child(3)', (cells) =>
      cells.map((cell) => cell.textContent?.trim() ?? ''),
    );
    expect(models).toEqual([...models].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    expect(await page.locator('table.board thead th:nth-child(3)').getAttribute('aria-sort')).toBe(
      'descending',
    );

    // the method filter
    await page.selectOption('select[name="method"]', 'grpo');
    await Promise.all([page.waitForURL(/method=grpo/), page.click('form.filters button[type="submit"]')]);
    expect(await boardRunIds(page)).toEqual([ids.grpo]);
    await page.close();
  });

  it('shows a run: its curve with the band, the length histograms, the settings and the problems', async () => {
    const page = await open(`/runs/${ids.base}`);
    expect(await page.locator('svg.line-chart .series').count()).toBe(1);
    expect(await page.locator('svg.line-chart .band').count()).toBe(1);
    expect(await page.locator('svg.histogram .series').count()).toBe(2);
    expect(await page.locator('svg.histogram .bar').count()).toBeGreaterThan(2);
    expect(await page.locator('table.problems tbody tr').count()).toBe(PROBLEMS);
    expect(await page.locator('dl.run-settings').textContent()).toContain('temperature');
    // hover values: the readout shows the point under the pointer
    await page.locator('svg.line-chart circle.point').first().hover({ force: true });
    expect(await page.locator('figure.plot .plot-readout').first().textContent()).toMatch(/k=1, pass@k=/);
    await page.screenshot({ path: join(SCREENSHOTS, 'run.png'), fullPage: true });
    await page.close();
  });

  it('compares two runs whose curves cross, with the crossover k marked', async () => {
    const page = await open(`/compare?a=${ids.grpo}&b=${ids.base}`);
    const api = (await (await fetch(`${worker.url}/v1/compare?a=${ids.grpo}&b=${ids.base}`)).json()) as {
      crossover: { behind: string; k: number };
    };
    expect(api.crossover).toMatchObject({ behind: 'b', k: 8 });
    expect(await page.locator('svg.line-chart .series').count()).toBe(2);
    expect(await page.locator('svg .marker.crossover').count()).toBe(1);
    expect(await page.locator('svg .marker.crossover').getAttribute('data-x')).toBe('8');
    expect(await page.locator('table.points tbody tr').count()).toBe(5);
    expect(await page.locator('.crossover-summary').textContent()).toContain('k = 8');
    // grpo gives one answer in all 16 samples of every problem: the page says pass@k at large k means little
    expect(await page.locator('.degenerate-warning').count()).toBe(1);
    expect(await page.locator('.degenerate-warning').textContent()).toContain('Run a gave one');
    await page.screenshot({ path: join(SCREENSHOTS, 'compare.png'), fullPage: true });
    await page.close();
  });

  it('warns above the verdict when the runs differ in settings, and gives the per-problem evidence', async () => {
    const page = await open(`/compare?a=${ids.sft}&b=${ids.base}`);
    const warning = page.locator('.compare-warnings');
    expect(await warning.isVisible()).toBe(true);
    const text = await warning.textContent();
    expect(text).toContain('temperature (a 1, b 0.7)');
    expect(text).toContain('prompt template (a gsm8k-chat, b unknown)');
    // the warning comes before the verdict it may explain
    const [warningBox, verdictBox] = await Promise.all([
      warning.boundingBox(),
      page.locator('.crossover-summary').boundingBox(),
    ]);
    expect(warningBox!.y).toBeLessThan(verdictBox!.y);
    expect(await page.locator('table.coverage tbody tr').count()).toBe(4);
    expect(await page.locator('.coverage-test').textContent()).toBe('No problem is solved by one run only.');
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-warnings.png'), fullPage: true });
    await page.close();
    // the run page says where the generations came from
    const run = await open(`/runs/${ids.sft}`);
    const settings = await run.locator('dl.run-settings').textContent();
    expect(settings).toContain('step-1000');
    expect(settings).toContain('vllm 0.8.5');
    await run.close();
    // runs sampled alike are compared without a warning
    const alike = await open(`/compare?a=${ids.grpo}&b=${ids.base}`);
    expect(await alike.locator('.compare-warnings').count()).toBe(0);
    // grpo never solves problems 18-29, which the base solves now and then: 0 against 12, p = 2 / 2^12
    expect(await alike.locator('.coverage-test').textContent()).toBe(
      'Exact McNemar test of 0 against 12: p = 0.0005, a difference in coverage beyond chance at the 5% level.',
    );
    await alike.close();
  });

  it('shows a run under every verifier mode, where the modes disagree, and compares under another mode', async () => {
    const page = await open(`/runs/${ids.sft}#modes`);
    expect(await page.locator('dl.run-settings').textContent()).toContain('gsm8k / auto (verifier v1)');
    expect(await page.locator('table.modes tbody tr').count()).toBe(13);
    expect(await page.locator('table.modes tr.ranking-mode td').first().textContent()).toContain('auto');
    // every other correct sample lacks "#### N": auto counts it, strict does not
    const cells = async (mode: string) =>
      page.locator('table.modes tbody tr', { has: page.locator(`td:text-is("${mode}")`) }).locator('td');
    const passAt1 = async (mode: string) => (await (await cells(mode)).nth(2).textContent())?.trim();
    expect(await passAt1('strict')).not.toBe(await passAt1('auto'));
    const pairs = page.locator('ul.disagreements li.disagreement');
    expect(await pairs.count()).toBeGreaterThan(0);
    expect(await pairs.first().locator('pre.completion').textContent()).toContain('The answer is');
    await page.locator('#modes').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'run-modes.png'), fullPage: true });
    await page.close();

    const compare = await open(`/compare?a=${ids.sft}&b=${ids.base}`);
    expect(await compare.locator('.compare-mode').textContent()).toContain(
      'Both curves judged by the auto verifier',
    );
    await compare.selectOption('select[name="mode"]', 'strict');
    await Promise.all([
      compare.waitForURL(/mode=strict/),
      compare.click('form.filters button[type="submit"]'),
    ]);
    expect(await compare.locator('.compare-mode').textContent()).toContain(
      'Both curves judged by the strict verifier',
    );
    expect(await compare.locator('select[name="mode"]').inputValue()).toBe('strict');
    expect(await compare.locator('#sample-size').isVisible()).toBe(true);
    expect(await compare.locator('table.sample-size tbody tr').count()).toBeGreaterThanOrEqual(3);
    await compare.screenshot({ path: join(SCREENSHOTS, 'compare-mode.png'), fullPage: true });
    await compare.close();
  });

  it("opens on the latest runs' board (the demo's) and compares them curve against curve", async () => {
    const board = await open('/');
    expect(await board.locator('h1, h2').first().textContent()).toBeTruthy();
    expect((await boardRunIds(board)).sort()).toEqual([demo.grpo, demo.sft].sort());
    expect(await board.locator('table.board').textContent()).toContain('demo-tiny-grpo');
    expect(await board.locator('svg.line-chart .series').count()).toBe(2);
    await board.screenshot({ path: join(SCREENSHOTS, 'landing.png'), fullPage: true });
    await board.close();
    const page = await open(`/compare?a=${demo.grpo}&b=${demo.sft}`);
    expect(await page.locator('svg.line-chart .series').count()).toBe(2);
    const points = await page.$$eval('svg.line-chart .series', (series) =>
      series.map((s) => s.querySelectorAll('circle.point').length),
    );
    expect(points.every((n) => n > 1)).toBe(true);
    expect(await page.locator('svg .marker.crossover').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'compare-demo.png'), fullPage: true });
    await page.close();
  });

  it('works without JavaScript', async () => {
    const noScript = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await open('/?task=gsm8k', noScript);
    expect(await page.locator('table.board tbody tr').count()).toBe(Object.keys(RUNS).length);
    expect(await page.locator('svg.line-chart .series').count()).toBe(4);
    expect(await page.locator('button.sort-button').count()).toBe(0);
    // compare through the a / b radio buttons of the board
    await page.check(`input[name="a"][value="${ids.grpo}"]`);
    await page.check(`input[name="b"][value="${ids.base}"]`);
    await Promise.all([page.waitForURL(/\/compare\?/), page.click('text=Compare the runs marked a and b')]);
    expect(await page.locator('svg .marker.crossover').count()).toBe(1);
    await noScript.close();
  });

  it("shows a model's checkpoints: pass@k and the lengths against the step", async () => {
    const { model, ids: checkpoints } = await seedCheckpoints(worker.url);
    const run = await open(`/runs/${checkpoints[1]}`);
    await Promise.all([run.waitForURL(/\/trajectory\?/), run.click('a.trajectory-link')]);
    expect(await run.locator('h1').textContent()).toBe(`Trajectory: ${model}`);
    expect(await run.locator('table.trajectory tbody tr').count()).toBe(3);
    expect(await run.locator('svg.line-chart').count()).toBe(2);
    // pass@1 and pass@16, then the correct and incorrect lengths: two series in each chart
    expect(await run.locator('svg.line-chart .series').count()).toBe(4);
    await run.screenshot({ path: join(SCREENSHOTS, 'trajectory.png'), fullPage: true });
    await run.close();
  });

  it('logs no console errors (no CSP violations)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
