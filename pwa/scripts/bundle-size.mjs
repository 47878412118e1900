// Bundle-size budget, read from a finished build (pwa/dist): the gzipped JS
// and CSS a factory screen loads before its first paint, and, separately,
// the lazy chunks only merchandisers load; and the customer's status page
// (status.html, its own build) with everything it loads, under its own
// budget. Exits non-zero over budget.
//
//   npm run build && npm run size
//
// First paint = what dist/index.html loads (module entry, modulepreloads,
// classic scripts, stylesheets) plus every chunk those scripts import
// statically, transitively. Lazy = what their dynamic import()s reach,
// with the CSS Vite preloads alongside (its __vite__mapDeps list), less
// anything already loaded at first paint.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = { js: 120_000, css: 30_000, status: 50_000 }; // gzipped bytes (kB = 1000 bytes, as Vite prints); status: its JS + CSS
const dist = resolve(import.meta.dirname, '..', 'dist');
const indexHTML = join(dist, 'index.html');
if (!existsSync(indexHTML)) {
  console.error(`no ${relative(process.cwd(), indexHTML)}: build first (npm run build)`);
  process.exit(1);
}

const local = (url) => !/^(?:[a-z]+:)?\/\//i.test(url) && !url.startsWith('data:');
// A URL in a page (root-relative) or in a chunk (relative to it), as a path under dist.
const fromHTML = (url) => posix.normalize(url.replace(/^\//, ''));
const fromChunk = (chunk, spec) => posix.normalize(posix.join(posix.dirname(chunk), spec));

const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].map((m) => [m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '']));
/** What a page loads itself: module entry, modulepreloads, classic scripts, stylesheets. */
function pageFiles(html) {
  const files = new Set();
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const a = attrs(tag.replace(/^<\w+/, ''));
    if (/^<script/i.test(tag) && a.src && local(a.src)) files.add(fromHTML(a.src));
    if (/^<link/i.test(tag) && a.href && local(a.href) && /(^|\s)(stylesheet|modulepreload)(\s|$)/i.test(a.rel || '')) files.add(fromHTML(a.href));
  }
  return files;
}
const firstPaint = pageFiles(readFileSync(indexHTML, 'utf8'));
if (![...firstPaint].some((f) => f.endsWith('.js'))) {
  console.error('dist/index.html loads no script: is this the placeholder, not a build?');
  process.exit(1);
}

const read = (f) => {
  const p = join(dist, f);
  if (!existsSync(p)) throw new Error(`${f} is referenced but not in dist`);
  return readFileSync(p, 'utf8');
};
// `import x from "./a.js"`, `import "./a.js"`, `export {x} from "./a.js"`; not import(...).
const staticImports = (src) => [...src.matchAll(/(?:^|[^\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`]([^"'`]+\.m?js)["'`]/g)].map((m) => m[1]);
const dynamicImports = (src) => [...src.matchAll(/(?:^|[^\w$.])import\(\s*["'`]([^"'`]+\.m?js)["'`]\s*\)/g)].map((m) => m[1]);
// Vite's preload list for dynamic imports: paths relative to the base ("assets/x.css").
const preloadDeps = (src) => [...src.matchAll(/__vite__mapDeps\s*=.*?\(m\.f\s*=\s*\[([^\]]*)\]/gs)]
  .flatMap((m) => [...m[1].matchAll(/["'`]([^"'`]+)["'`]/g)].map((d) => posix.normalize(d[1])));

/** Adds the static-import closure of the JS files in set; returns the dynamic targets seen. */
function closeOver(set) {
  const lazy = new Set();
  const queue = [...set].filter((f) => /\.m?js$/.test(f));
  while (queue.length) {
    const f = queue.shift();
    const src = read(f);
    for (const spec of staticImports(src)) {
      const dep = fromChunk(f, spec);
      if (!set.has(dep)) {
        set.add(dep);
        queue.push(dep);
      }
    }
    for (const spec of dynamicImports(src)) lazy.add(fromChunk(f, spec));
    for (const dep of preloadDeps(src)) lazy.add(dep);
  }
  return lazy;
}

const lazyRoots = closeOver(firstPaint);
const lazy = new Set([...lazyRoots].filter((f) => !firstPaint.has(f)));
for (let grew = true; grew;) {
  const before = lazy.size;
  for (const f of closeOver(lazy)) if (!firstPaint.has(f)) lazy.add(f);
  for (const f of [...lazy]) if (firstPaint.has(f)) lazy.delete(f);
  grew = lazy.size !== before;
}

const kind = (f) => (/\.m?js$/.test(f) ? 'js' : f.endsWith('.css') ? 'css' : 'other');
const measure = (files) => [...files].sort().map((f) => {
  const buf = readFileSync(join(dist, f));
  return { file: f, kind: kind(f), raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
});
const sum = (rows, k) => rows.filter((r) => r.kind === k).reduce((n, r) => n + r.gzip, 0);
const kB = (n) => (n / 1000).toFixed(2) + ' kB';

function table(title, rows) {
  console.log(`\n${title}`);
  const w = Math.max(...rows.map((r) => r.file.length), 4);
  for (const r of rows) console.log(`  ${r.file.padEnd(w)}  ${kB(r.raw).padStart(10)}  gzip ${kB(r.gzip).padStart(10)}`);
}

// The status page: what status.html loads and everything that reaches
// (static or lazy: all of it counts against its budget).
const statusHTML = join(dist, 'status.html');
const statusFiles = new Set();
if (existsSync(statusHTML)) {
  for (const f of pageFiles(readFileSync(statusHTML, 'utf8'))) statusFiles.add(f);
  for (let grew = true; grew;) {
    const before = statusFiles.size;
    for (const f of closeOver(statusFiles)) statusFiles.add(f);
    grew = statusFiles.size !== before;
  }
}

const fp = measure(firstPaint);
const lz = measure(lazy);
table('First paint (factory screens): index.html and its static imports', fp);
table('Lazy chunks (merchandiser screens)', lz);

// Anything in dist/assets that neither set reaches: listed so it is not missed.
const assets = existsSync(join(dist, 'assets')) ? readdirSync(join(dist, 'assets')).map((f) => `assets/${f}`) : [];
const stray = assets.filter((f) => ['js', 'css'].includes(kind(f)) && !firstPaint.has(f) && !lazy.has(f) && !statusFiles.has(f));
if (stray.length) table('Not reached from index.html or status.html', measure(stray));
const st = measure(statusFiles);
if (st.length) table('Status page (customers, /s/<token>): status.html and all it loads', st);
const stTotal = sum(st, 'js') + sum(st, 'css');

const fpJS = sum(fp, 'js');
const fpCSS = sum(fp, 'css');
console.log('\nTotals (gzip level 9)');
console.log(`  first paint JS   ${kB(fpJS).padStart(10)}   budget ${kB(BUDGET.js)}`);
console.log(`  first paint CSS  ${kB(fpCSS).padStart(10)}   budget ${kB(BUDGET.css)}`);
console.log(`  lazy JS          ${kB(sum(lz, 'js')).padStart(10)}`);
console.log(`  lazy CSS         ${kB(sum(lz, 'css')).padStart(10)}`);
console.log(`  status page      ${kB(stTotal).padStart(10)}   budget ${kB(BUDGET.status)} (JS ${kB(sum(st, 'js'))} + CSS ${kB(sum(st, 'css'))})`);

const over = [];
if (fpJS > BUDGET.js) over.push(`first-paint JS ${kB(fpJS)} > ${kB(BUDGET.js)}`);
if (fpCSS > BUDGET.css) over.push(`first-paint CSS ${kB(fpCSS)} > ${kB(BUDGET.css)}`);
if (!st.some((r) => r.kind === 'js')) over.push('dist/status.html loads no script: was the status page built (vite build --mode status)?');
if (stTotal > BUDGET.status) over.push(`status page ${kB(stTotal)} > ${kB(BUDGET.status)}`);
if (over.length) {
  console.error('\nover budget: ' + over.join('; '));
  process.exit(1);
}
console.log('\nwithin budget');
