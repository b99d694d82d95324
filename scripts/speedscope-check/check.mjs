// Loads a Chrome trace-event JSON file in speedscope (the npm package's built release) in headless Chromium and
// reports what speedscope imported. Run through scripts/speedscope-check.sh, which installs what this needs.
//
//   node check.mjs FILE.json [EXPECTED_TOTAL_US]
//
// Serves speedscope's dist/release/ and FILE on a loopback HTTP server, opens index.html#profileURL=<FILE>, waits for
// the import, and prints one line per imported profile (speedscope makes one per pid/tid) with its total: the end
// value of its last slice minus the first ts on that track, in the file's units (speedscope takes them as µs).
// The served bundle gets one hook (window.__speedscopeCheck = the imported profile group) so the totals are read
// exactly instead of from the rounded numbers the UI shows.
//
// Environment: CHROMIUM (browser binary, default /usr/bin/chromium), TIMEOUT (seconds for the import, default 1200),
// NESTING_GRACE (seconds the import may go on after its first "Tried to end" warning, default 60: such an import can
// take hours, and it fails anyway),
// PROFILE_MATCH (substring naming the profile EXPECTED_TOTAL_US is checked against, default "function runs"),
// WIDTH/HEIGHT (screenshot size, default 1400x900).
// Exit codes: 0 imported cleanly (and the total matched), 1 speedscope failed or the check failed, 2 setup problem.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const release = path.join(here, 'node_modules', 'speedscope', 'dist', 'release');
const tag = 'speedscope-check';

function die(code, message) {
    console.error(`${tag}: ${message}`);
    process.exit(code);
}

const [fileArg, expectedArg] = process.argv.slice(2);
if (!fileArg) die(2, 'usage: check.mjs FILE.json [EXPECTED_TOTAL_US]');
const file = path.resolve(fileArg);
if (!fs.existsSync(file) || !fs.statSync(file).isFile()) die(2, `no such file: ${fileArg}`);
let expected = null;
if (expectedArg !== undefined && expectedArg !== '') {
    expected = Number(expectedArg);
    if (!Number.isFinite(expected) || expected <= 0) die(2, `EXPECTED_TOTAL_US must be a positive number, got "${expectedArg}"`);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) die(2, `chromium not found at ${executablePath}`);
const timeoutMs = Number(process.env.TIMEOUT || 1200) * 1000;
const graceMs = Number(process.env.NESTING_GRACE || 60) * 1000;
const profileMatch = (process.env.PROFILE_MATCH || 'function runs').toLowerCase();
const width = Number(process.env.WIDTH || 1400);
const height = Number(process.env.HEIGHT || 900);
const screenshot = `${file}.speedscope.png`;

// The one hook: after speedscope has imported (and demangled and named) the profiles, and before it hands them to
// the UI, keep the group where page.evaluate can read it.
const hookFrom = 'console.timeEnd("import"),this.props.setProfileGroup(a)';
const hookTo = 'console.timeEnd("import"),window.__speedscopeCheck=a,this.props.setProfileGroup(a)';
const bundleName = fs.readdirSync(release).find(n => /^speedscope-.*\.js$/.test(n));
if (!bundleName) die(2, `no speedscope-*.js in ${release} (run scripts/speedscope-check.sh, which installs it)`);
const bundle = fs.readFileSync(path.join(release, bundleName), 'utf8');
if (bundle.split(hookFrom).length !== 2) die(2, `speedscope bundle ${bundleName} has no single "${hookFrom}" to hook; check.mjs needs updating for this speedscope version`);
const hookedBundle = bundle.replace(hookFrom, hookTo);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.ico': 'image/x-icon', '.wasm': 'application/wasm', '.woff2': 'font/woff2', '.txt': 'text/plain' };
// The file keeps its own name in the URL: speedscope picks some formats by file name.
const profilePath = `/profile/${encodeURIComponent(path.basename(file))}`;
const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const send = (status, type, body) => { res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }); res.end(body); };
    if (url.pathname === profilePath) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': fs.statSync(file).size, 'Cache-Control': 'no-store' });
        fs.createReadStream(file).pipe(res);
        return;
    }
    const name = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    if (name.includes('/') || name.includes('..')) return send(404, 'text/plain', 'not found');
    if (name === bundleName) return send(200, types['.js'], hookedBundle);
    const p = path.join(release, name);
    if (!fs.existsSync(p)) return send(404, 'text/plain', 'not found');
    send(200, types[path.extname(p)] || 'application/octet-stream', fs.readFileSync(p));
});
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// speedscope warns once per mis-nested slice; a broken export can make millions of them, so they are counted in the
// page (and the first few kept) rather than each sent to this process. The first few, and every 1000th as a running
// count, still go out: a badly nested file can keep the page's thread busy for hours, and then these are all we get.
const initScript = () => {
    const state = { tried: 0, doingNothing: 0, stillOpen: 0, nesting: 0, samples: [], openSamples: [], passed: 0 };
    window.__speedscopeCheckConsole = state;
    for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
        const original = console[level].bind(console);
        console[level] = (...args) => {
            const text = args.map(a => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ');
            const tried = text.includes('Tried to end'), nothing = text.includes('Doing nothing'), open = text.includes('was still open at end of profile');
            if (tried || nothing || open) {
                if (tried) state.tried++;
                if (nothing) state.doingNothing++;
                if (open) state.stillOpen++;
                const keep = open ? state.openSamples : state.samples;
                if (keep.length < 3) keep.push(text.slice(0, 300));
                const n = ++state.nesting;
                if (n <= 3 || n % 1000 === 0) original(`[speedscope-check] nesting warning #${n}: ${text.slice(0, 300)}`);
                return;
            }
            if (state.passed++ < 200) original(...args);
        };
    }
};

const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'speedscope-check-'));
let context;
const cleanup = async () => {
    if (context) await context.close().catch(() => {});
    server.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { cleanup().finally(() => process.exit(1)); });

// A page whose thread is stuck in the import answers no evaluate or screenshot: each gets a time limit.
const within = (promise, ms, fallback) => Promise.race([promise, new Promise(resolve => setTimeout(() => resolve(fallback), ms))]);
const firstLine = e => String((e && e.message) || e).split('\n')[0];

const consoleLines = [];
const pageErrors = [];
const dialogs = [];
const live = { nesting: 0, samples: [], firstAt: null };
let exitCode = 0;
try {
    try {
        context = await chromium.launchPersistentContext(profileDir, {
            executablePath,
            headless: true,
            viewport: { width, height },
            // SwiftShader gives speedscope its WebGL context without a GPU.
            args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader'],
        });
    } catch (e) {
        await cleanup();
        die(2, `could not start ${executablePath}: ${firstLine(e)}`);
    }
    const page = context.pages()[0] || await context.newPage();
    await page.addInitScript(initScript);
    // Ends the wait early: an alert ("Unrecognized format!", "...but it's empty!"), an uncaught error, or a nesting
    // warning that the import has not got past within NESTING_GRACE seconds.
    let stopWaiting;
    const stopped = new Promise(resolve => { stopWaiting = resolve; });
    page.on('console', m => {
        const text = m.text();
        const nesting = /^\[speedscope-check\] nesting warning #(\d+): (.*)$/s.exec(text);
        if (nesting) {
            live.nesting = Math.max(live.nesting, Number(nesting[1]));
            if (live.samples.length < 3) live.samples.push(nesting[2]);
            if (live.firstAt === null) {
                live.firstAt = Date.now();
                setTimeout(() => stopWaiting('gave-up'), graceMs);
            }
            return;
        }
        if (consoleLines.length < 200) consoleLines.push(`${m.type()}: ${text.slice(0, 300)}`);
    });
    page.on('pageerror', e => { pageErrors.push(`${e.name || 'Error'}: ${e.message}`); stopWaiting('page-error'); });
    page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); stopWaiting('alert'); });

    const started = Date.now();
    await page.goto(`${base}/index.html#profileURL=${encodeURIComponent(base + profilePath)}`, { waitUntil: 'load' });
    // Done when the hook has the group, or speedscope shows its error screen.
    const outcome = await Promise.race([stopped, page.waitForFunction(
        () => window.__speedscopeCheck ? 'imported'
            : document.body.innerText.includes('Something went wrong') ? 'error-screen'
            : null,
        null, { timeout: timeoutMs, polling: 250 },
    ).then(h => h.jsonValue()).catch(e => (e.name === 'TimeoutError' ? 'timeout' : `wait failed: ${firstLine(e)}`))]);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    // Let the UI draw the imported profile (or fail to), then look again.
    await page.waitForTimeout(1500);
    const busy = await within(page.evaluate(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(false))))).catch(() => false), 10000, true);
    const shot = busy ? 'not taken: the page is still busy importing'
        : await page.screenshot({ path: screenshot, timeout: 30000 }).then(() => screenshot, e => `failed: ${firstLine(e)}`);

    const result = busy ? { busy: true } : await within(page.evaluate(() => {
        const g = window.__speedscopeCheck;
        const profiles = g ? g.profiles.map(p => ({ name: p.getName(), total: p.getTotalWeight(), unit: p.getWeightUnit() })) : null;
        return { profiles, errorScreen: document.body.innerText.includes('Something went wrong'), console: window.__speedscopeCheckConsole };
    }).catch(e => ({ evaluateError: firstLine(e) })), 10000, { busy: true });

    const c = result.console;
    console.log(`${tag}: ${file}: ${outcome} after ${seconds}s; screenshot ${shot}`);
    if (c) console.log(`${tag}: "Tried to end" warnings: ${c.tried}, "Doing nothing" warnings: ${c.doingNothing}, "still open at end of profile" warnings: ${c.stillOpen}`);
    else console.log(`${tag}: "Tried to end"/"Doing nothing"/"still open" warnings: at least ${live.nesting} so far (exact counts unreadable: the page is still busy)`);
    for (const s of c ? [...c.samples, ...c.openSamples] : live.samples) console.log(`${tag}:   e.g. ${s}`);
    if (result.profiles) {
        console.log(`${tag}: ${result.profiles.length} profile(s) imported`);
        result.profiles.forEach((p, i) => console.log(`${tag}:   [${i + 1}/${result.profiles.length}] "${p.name}": total ${p.total} ${p.unit}`));
    }
    for (const e of pageErrors.slice(0, 5)) console.log(`${tag}: page error: ${e}`);
    for (const d of dialogs.slice(0, 5)) console.log(`${tag}: alert: ${d}`);
    const errorLines = consoleLines.filter(l => l.startsWith('error:') || /Failed to load format|Maximum call stack/.test(l));
    for (const l of errorLines.slice(0, 10)) console.log(`${tag}: console ${l.split('\n')[0]}`);

    const failures = [];
    if (result.evaluateError) failures.push(`could not read the page: ${result.evaluateError}`);
    if (pageErrors.length) failures.push(`${pageErrors.length} page error(s), first: ${pageErrors[0]}`);
    if (outcome === 'error-screen' || result.errorScreen) failures.push('speedscope shows its error screen ("Something went wrong")');
    if (dialogs.length) failures.push(`speedscope alerted: ${dialogs[0]}`);
    if (outcome === 'timeout') failures.push(`import did not finish within ${timeoutMs / 1000}s`);
    else if (outcome === 'gave-up') failures.push(`import still running ${graceMs / 1000}s after the first nesting warning (NESTING_GRACE); gave up`);
    else if (!['imported', 'error-screen', 'alert', 'page-error'].includes(outcome)) failures.push(outcome);
    if (c && (c.tried || c.doingNothing || c.stillOpen)) failures.push(`speedscope could not nest the slices: ${c.tried} "Tried to end", ${c.doingNothing} "Doing nothing", ${c.stillOpen} "still open" warnings`);
    else if (!c && live.nesting) failures.push(`speedscope could not nest the slices: at least ${live.nesting} "Tried to end"/"Doing nothing" warnings`);
    if (!result.profiles && !failures.length) failures.push('speedscope imported no profile');
    if (expected !== null && result.profiles) {
        const ps = result.profiles;
        const match = ps.filter(p => p.name.toLowerCase().includes(profileMatch));
        const target = match.length === 1 ? match[0] : match.length === 0 && ps.length === 1 ? ps[0] : null;
        if (!target) failures.push(`expected total ${expected} µs given, but ${match.length} imported profiles are named "*${profileMatch}*"`);
        else {
            const off = Math.abs(target.total - expected) / expected;
            const line = `"${target.name}" total ${target.total} vs expected ${expected} (${(off * 100).toFixed(4)}% off, 0.1% allowed)`;
            if (off > 0.001) failures.push(`total mismatch: ${line}`);
            else console.log(`${tag}: total ok: ${line}`);
        }
    }
    if (failures.length) {
        console.error(`${tag}: FAILED: ${failures.join('; ')}`);
        exitCode = 1;
    } else {
        console.log(`${tag}: OK: speedscope imported ${result.profiles.length} profile(s) cleanly`);
    }
} finally {
    await cleanup();
}
process.exit(exitCode);
