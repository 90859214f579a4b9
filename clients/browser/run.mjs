// Usage: node run.mjs API_URL
//
// Serves page.html from a small HTTP server on a free port of 127.0.0.1 (so another origin
// than the API's), opens it in headless Chromium as page.html?api=API_URL, waits for the
// page's result and checks it, with what the browser's own network log saw: each step prints
// `ok  <step>  <detail>`, or `FAIL  <step>  <why>` with the requests and console messages
// behind it. Exits 1 when any step fails.
//
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); playwright-core downloads none.
import http from "node:http";
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

const here = new URL(".", import.meta.url);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const launchArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const pageTimeoutMs = 60_000; // each of the page's requests gives up after 10 s

function usage(message) {
  console.error(`${message}\nusage: node run.mjs API_URL   (e.g. http://127.0.0.1:8080)`);
  process.exit(2);
}

const apiArg = process.argv[2];
if (!apiArg || process.argv.length > 3) usage("one argument: the API's address");
let api;
try {
  api = new URL(apiArg);
} catch {
  usage(`not a URL: ${apiArg}`);
}
if (!["http:", "https:"].includes(api.protocol)) usage(`not an http(s) URL: ${apiArg}`);
const apiBase = api.href.replace(/\/+$/, "");

// The page's own origin: a server of ours on a free port of 127.0.0.1.
const html = await readFile(new URL("page.html", here));
const pageServer = http.createServer((req, res) => {
  const path = new URL(req.url, "http://page.invalid").pathname;
  if (req.method === "GET" && path === "/page.html") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    res.end(html);
  } else if (path === "/favicon.ico") {
    res.writeHead(204).end();
  } else {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
  }
});
await new Promise((resolve, reject) => {
  pageServer.once("error", reject);
  pageServer.listen(0, "127.0.0.1", resolve);
});
const pageOrigin = `http://127.0.0.1:${pageServer.address().port}`;

// What the browser saw, from its DevTools network log (preflights included) and console.
const requests = new Map(); // requestId -> { method, url, type, status, headers, failure }
const consoleLines = [];
const started = Date.now();
let browser;
let version = "Chromium not started";
let failed = 0;
let passed = 0;

function report(name, ok, text, context = []) {
  if (ok) {
    passed += 1;
    console.log(`ok  ${name}  ${text}`);
  } else {
    failed += 1;
    console.log(`FAIL  ${name}  ${text}`);
    for (const line of context) console.log(`      ${line}`);
  }
}

// The network log's lines for the API's requests whose URL passes `wanted`, for a failure.
function seen(wanted = () => true) {
  const lines = [];
  for (const r of requests.values()) {
    if (!r.url.startsWith(apiBase + "/") || !wanted(r.url)) continue;
    lines.push(`browser: ${r.type ?? "?"} ${r.method} ${r.url}`);
    if (r.status !== undefined) {
      lines.push(`  answered ${r.status}`);
      for (const [k, v] of Object.entries(r.headers ?? {})) lines.push(`    ${k}: ${v}`);
    }
    if (r.failure) lines.push(`  failed: ${r.failure}`);
  }
  return lines;
}

// How many POSTs to /api/v1/categories the server has answered, from its /metrics.
async function categoryWrites() {
  const response = await fetch(`${apiBase}/metrics`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let total = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("newsroom_http_requests_total{") && line.includes('method="POST"') &&
        line.includes('route="/api/v1/categories"')) {
      total += Number(line.slice(line.lastIndexOf(" ") + 1));
    }
  }
  return total;
}

// The API must answer before a browser is worth starting.
try {
  const probe = await fetch(`${apiBase}/api/v1/locales`, { signal: AbortSignal.timeout(10_000) });
  if (!probe.ok) throw new Error(`GET /api/v1/locales answered ${probe.status}`);
} catch (e) {
  console.log(`FAIL  api  no answer from ${apiBase}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  console.log("browser: 0 passed, 1 failed");
  process.exit(1);
}

try {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: launchArgs,
    timeout: 30_000,
  });
  version = `Chromium ${browser.version()}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") consoleLines.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => consoleLines.push(`page error: ${e.message}`));

  const cdp = await context.newCDPSession(page);
  const entry = (id) => requests.get(id) ?? requests.set(id, { method: "?", url: "?" }).get(id);
  cdp.on("Network.requestWillBeSent", (e) => {
    Object.assign(entry(e.requestId), { method: e.request.method, url: e.request.url, type: e.type });
  });
  cdp.on("Network.responseReceived", (e) => {
    Object.assign(entry(e.requestId), {
      status: e.response.status,
      headers: e.response.headers,
      type: e.type ?? entry(e.requestId).type,
    });
  });
  cdp.on("Network.loadingFailed", (e) => {
    const cors = e.corsErrorStatus ? ` (CORS: ${e.corsErrorStatus.corsError})` : "";
    const blocked = e.blockedReason ? ` (blocked: ${e.blockedReason})` : "";
    Object.assign(entry(e.requestId), {
      failure: `${e.errorText}${cors}${blocked}`,
      corsError: e.corsErrorStatus?.corsError,
    });
  });
  await cdp.send("Network.enable");

  // The server's own count of the writes to categories, before the page runs: the browser
  // reports a refused write the same way whether or not it reached the server.
  const categoryWritesBefore = await categoryWrites();
  const url = `${pageOrigin}/page.html?api=${encodeURIComponent(apiBase)}`;
  await page.goto(url, { waitUntil: "load", timeout: 15_000 });
  let result;
  try {
    await page.waitForFunction(() => window.newsroomResult?.done, null, { timeout: pageTimeoutMs });
    result = await page.evaluate(() => window.newsroomResult);
  } catch (e) {
    const partial = await page.evaluate(() => window.newsroomResult).catch(() => null);
    report("page", false, `no result from the page within ${pageTimeoutMs / 1000} s: ${e.message.split("\n")[0]}`, [
      `partial result: ${JSON.stringify(partial)}`,
      ...seen(),
    ]);
    throw new Error("page did not finish");
  }
  if (result.error) report("page", false, `the page's script threw: ${result.error}`, seen());

  // Which of the API's requests each step's failure report shows from the network log.
  const articles = `${apiBase}/api/v1/articles`;
  const isViews = (u) => u.startsWith(`${articles}/`) && u.endsWith("/views");
  const requestsOf = {
    setup: () => false,
    list: (u) => u.startsWith(`${articles}?`),
    article: (u) => u.startsWith(`${articles}/`) && !isViews(u),
    beacon: isViews,
    sendBeacon: isViews,
    "write-refused": (u) => u === articles,
    "write-after-read": (u) => u === `${apiBase}/api/v1/categories`,
  };
  const byName = new Map(result.steps.map((s) => [s.name, s]));

  for (const name of Object.keys(requestsOf)) {
    const step = byName.get(name);
    if (!step) {
      report(name, false, "the page did not run this step", seen());
    } else if (!step.ok) {
      report(name, false, step.error, step.error.includes("skipped:") ? [] : seen(requestsOf[name]));
    } else if (name === "sendBeacon") {
      // Its answer is opaque to the page: look for it in the network log (a few seconds at most).
      const isBeacon = (r) => r.method === "POST" && isViews(r.url) && r.type === "Ping";
      const deadline = Date.now() + 5_000;
      let beacon;
      while (Date.now() < deadline) {
        beacon = [...requests.values()].find((r) => isBeacon(r) && (r.status !== undefined || r.failure));
        if (beacon) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (!beacon) report(name, false, `${step.detail}, but the browser logged no answer to it`, seen(isViews));
      else if (beacon.status !== 202)
        report(name, false, `${step.detail}, answered ${beacon.status ?? beacon.failure}`, seen(isViews));
      else report(name, true, `${step.detail}: 202 in the browser's network log`);
    } else if (name === "write-refused") {
      // Refused because its preflight was: the POST itself must never have been answered.
      const toArticles = [...requests.values()].filter((r) => r.url === articles);
      const writes = toArticles.filter((r) => r.method === "POST");
      const preflight = toArticles.find((r) => r.method === "OPTIONS");
      const corsErrors = writes.map((r) => r.corsError).filter(Boolean);
      const answered = writes.find((r) => r.status !== undefined);
      if (answered) {
        report(name, false, `${step.detail}, but the POST itself was sent and answered ${answered.status}`,
          seen(requestsOf[name]));
      } else if (!corsErrors.some((c) => c.startsWith("Preflight"))) {
        report(name, false, `${step.detail}, but not for its preflight (CORS errors: ${corsErrors.join(", ") || "none"})`,
          seen(requestsOf[name]));
      } else {
        const pre = preflight?.status !== undefined ? `preflight answered ${preflight.status}, ` : "";
        report(name, true, `${step.detail} (${pre}${corsErrors.join(", ")})`);
      }
    } else if (name === "write-after-read") {
      // The page sees a TypeError either way, and Chromium logs the same CORS error whether
      // it sent the POST or not; the server's metrics tell whether the write reached it.
      const reached = (await categoryWrites()) - categoryWritesBefore;
      if (reached !== 0) {
        report(name, false, `${step.detail}, but the server answered ${reached} POST /api/v1/categories`,
          seen(requestsOf[name]));
      } else {
        report(name, true, `${step.detail}; the server never saw the POST`);
      }
    } else {
      report(name, true, step.detail);
    }
  }

  // Swagger UI under its Content-Security-Policy: it renders the operations, and the browser
  // blocks nothing it needs.
  const docs = await context.newPage();
  const blocked = [];
  docs.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) blocked.push(m.text());
  });
  await docs.goto(`${apiBase}/docs/`, { waitUntil: "load", timeout: 15_000 });
  const rendered = await docs
    .waitForSelector(".opblock", { timeout: pageTimeoutMs })
    .then(() => true)
    .catch(() => false);
  const operations = await docs.locator(".opblock").count();
  if (rendered && blocked.length === 0) {
    report("docs", true, `Swagger UI rendered ${operations} operations under its Content-Security-Policy`);
  } else {
    report("docs", false, `Swagger UI rendered: ${rendered}; blocked by the policy: ${blocked.length}`, blocked);
  }
} catch (e) {
  if (e.message !== "page did not finish") {
    report("browser", false, e.message.split("\n")[0], [`Chromium: ${chromiumPath}`, ...seen()]);
  }
} finally {
  await browser?.close().catch(() => {});
  await new Promise((resolve) => pageServer.close(resolve));
}

if (failed && consoleLines.length) {
  console.log("the page's console:");
  for (const line of consoleLines) console.log(`      ${line}`);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`browser: ${passed} passed, ${failed} failed (${seconds} s, ${version}, page ${pageOrigin}, API ${apiBase})`);
process.exitCode = failed ? 1 : 0;
