// Lighthouse audit of the PWA as a phone sees it: the login page, and the
// factory order list after signing in as the demo factory user. Starts the
// real binary (bin/gendan, built by `make build`) on a temp data dir with
// demo data, runs Lighthouse 12 against the system Chromium with its
// default mobile emulation and simulated throttling, prints the scores,
// writes the reports under test-results/lighthouse/ and exits non-zero when
// a score is under the budget.
//
//   make audit            (builds first)
//   cd pwa && node scripts/audit.mjs
//
// Each page is audited AUDIT_RUNS times (3) and the median run is kept.
// CHROME_PATH picks the browser (/usr/bin/chromium); LH_LOG=info shows
// Lighthouse's progress; LH_TRACE=1 also writes the median run's trace.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { chromium } from 'playwright-core';
import { startGendan, chromiumArgs, freePort, artifacts } from '../e2e/harness.mjs';

const BUDGET = 90;
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const FACTORY = { login: 'chen@jinling.demo', password: 'gendan-demo-2026' };
const outDir = join(artifacts, 'lighthouse');
const lighthouseVersion = createRequire(import.meta.url)('lighthouse/package.json').version;

/**
 * Starts Chromium with a DevTools port. Lighthouse opens its tab in the
 * browser's default context, so the sign-in has to happen there too:
 * Playwright attaches to this browser over CDP (not chromium.launch, whose
 * pages live in separate contexts) and detaches before Lighthouse runs.
 */
async function startChromium() {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'gendan-audit-profile-'));
  const proc = spawn(process.env.CHROME_PATH || '/usr/bin/chromium', [
    ...chromiumArgs,
    '--headless',
    `--remote-debugging-port=${port}`,
    '--remote-debugging-address=127.0.0.1',
    `--user-data-dir=${profile}`,
    '--no-default-browser-check',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--metrics-recording-only',
    '--mute-audio',
    'about:blank',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`chromium exited with ${proc.exitCode}:\n${stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`chromium did not open its DevTools port:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await Promise.race([new Promise((r) => proc.on('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
        if (proc.exitCode === null) proc.kill('SIGKILL');
      }
      // Chromium's helper processes may still be writing for a moment.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** Signs in through the login form in the browser's default context. */
async function signIn(port, base) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const ctx = browser.contexts()[0];
    const page = await ctx.newPage();
    await page.goto(base + '/login');
    await page.locator('input[name="login"]').fill(FACTORY.login);
    await page.locator('input[name="password"]').fill(FACTORY.password);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL('**/orders');
    // The refresh cookie is what carries the session to Lighthouse's tab.
    const cookies = await ctx.cookies(base + '/api/v1/auth/refresh');
    if (!cookies.some((c) => c.httpOnly)) throw new Error('no HttpOnly session cookie after signing in');
    // Close the tab so its refresh timer cannot rotate the cookie under Lighthouse.
    await page.close();
  } finally {
    await browser.close(); // over CDP this only disconnects
  }
}

async function audit(port, url) {
  const result = await lighthouse(url, {
    port,
    hostname: '127.0.0.1',
    logLevel: process.env.LH_LOG || 'error',
    output: ['json', 'html'],
    onlyCategories: CATEGORIES,
    // Defaults kept on purpose: formFactor mobile with its screen
    // emulation, simulated throttling. Nothing here reaches the internet:
    // the categories chosen need no outside look-ups.
  });
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  return result;
}

const pages = [
  { name: 'login', path: '/login', signedIn: false },
  { name: 'orders', path: '/orders', signedIn: true },
];

// Simulated throttling still varies from run to run with the host's load;
// Lighthouse's advice is to take the median of several runs.
const runs = Math.max(1, Number(process.env.AUDIT_RUNS) || 3);

mkdirSync(outDir, { recursive: true });
const app = await startGendan();
let browser;
const rows = [];
const problems = [];
try {
  browser = await startChromium();
  for (const p of pages) {
    if (p.signedIn) await signIn(browser.port, app.base);
    const url = app.base + p.path;
    const results = [];
    for (let i = 0; i < runs; i++) {
      const r = await audit(browser.port, url);
      const perf = r.lhr.categories.performance?.score;
      console.log(`${p.path} run ${i + 1}/${runs}: performance ${perf == null ? '-' : Math.round(perf * 100)}`);
      results.push(r);
    }
    const valid = results.filter((r) => !r.lhr.runtimeError);
    const median = valid.length ? computeMedianRun(valid.map((r) => r.lhr)) : results[0].lhr;
    const { lhr, report, artifacts: art } = results.find((r) => r.lhr === median);
    writeFileSync(join(outDir, `${p.name}.report.json`), report[0]);
    writeFileSync(join(outDir, `${p.name}.report.html`), report[1]);
    if (process.env.LH_TRACE) writeFileSync(join(outDir, `${p.name}.trace.json`), JSON.stringify(art.Trace));
    if (lhr.runtimeError) problems.push(`${p.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    for (const w of new Set(results.flatMap((r) => r.lhr.runWarnings || []))) console.warn(`warning (${p.name}): ${w}`);
    const final = new URL(lhr.finalDisplayedUrl || url).pathname;
    if (final !== p.path) problems.push(`${p.name}: ended on ${final}, not ${p.path}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score == null ? null : Math.round(lhr.categories[c].score * 100)]));
    const metrics = Object.fromEntries(['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
      .map((id) => [id, lhr.audits[id]?.displayValue ?? '-']));
    rows.push({ page: p.path, ...scores, metrics, perfRuns: results.map((r) => Math.round((r.lhr.categories.performance?.score ?? 0) * 100)) });
    for (const c of CATEGORIES) {
      if (scores[c] == null || scores[c] < BUDGET) {
        const failing = (lhr.categories[c]?.auditRefs || [])
          .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
          .map((r) => `${r.id} (${Math.round(lhr.audits[r.id].score * 100)})`);
        problems.push(`${p.name} ${c}: ${scores[c] ?? 'no score'} < ${BUDGET}; audits not passed: ${failing.join(', ') || 'none'}`);
      }
    }
  }
} finally {
  await browser?.stop().catch((e) => console.warn(`stopping chromium: ${e.message}`));
  await app.stop();
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`\nLighthouse ${lighthouseVersion}: ${CATEGORIES.join(', ')} (mobile, simulated throttling); median of ${runs} run(s); budget ${BUDGET}\n`);
console.log(pad('page', 10) + CATEGORIES.map((c) => pad(c, 16)).join('') + 'performance per run');
for (const r of rows) console.log(pad(r.page, 10) + CATEGORIES.map((c) => pad(r[c] ?? '-', 16)).join('') + r.perfRuns.join(' '));
console.log('');
for (const r of rows) console.log(pad(r.page, 10) + Object.entries(r.metrics).map(([k, v]) => `${k.replace(/-/g, ' ').replace(/\b(\w)\w*/g, '$1').toUpperCase().replace(/ /g, '')} ${v}`).join('  '));
console.log(`\nreports: ${outDir}`);
if (problems.length) {
  console.error('\nunder budget:\n  ' + problems.join('\n  '));
  process.exit(1);
}
