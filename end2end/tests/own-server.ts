// A Kinerja server of a test's own, on a fresh database with the demo data,
// that the test can stop and start again (the release binary `cargo xtask
// test` names in KINERJA_SERVER_BIN), and browsers with their own profiles.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { signIn, waitForHydration } from "./fixtures";

export const BIN = process.env.KINERJA_SERVER_BIN;
export const SITE = process.env.KINERJA_SITE_ROOT;
const CHROMIUM = process.env.KINERJA_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

/** The servers this worker started and has not stopped. A failed test never
 *  reaches its own `stop()`; Playwright then ends the worker, and its
 *  servers end with it instead of running on. */
const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(BIN!, ["--addr", `127.0.0.1:${port}`, "--data-dir", dataDir, "--site-root", SITE!, "--demo", "--log", "warn"],
    // Warnings and errors go to the run's output, so a failure there is seen.
    { stdio: ["ignore", "inherit", "inherit"] });
  running.add(child);
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopServer(child);
  throw new Error("the server did not start");
}

export async function stopServer(child: ChildProcess) {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Uncaught errors, and console errors other than the failed API calls one expects offline. */
export function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return errors;
}

export async function launch(playwright: any, profile: string, offline: boolean, baseURL: string): Promise<BrowserContext> {
  return playwright.chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, offline, baseURL });
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A server on a free port with a fresh data directory; `restart` after `stop` keeps the data. */
export async function ownServer() {
  const port = await freePort();
  const dataDir = tempDir("kinerja-data-");
  let child: ChildProcess | null = await startServer(dataDir, port);
  return {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      if (child) await stopServer(child);
      child = null;
    },
    async restart() {
      child = await startServer(dataDir, port);
    },
  };
}

/** Waits until the service worker is active: its install has put every
 *  build file in its cache, and every page load from then on goes through
 *  it — what an offline start needs. (Whether the page already open has
 *  been claimed yet does not matter for that.) While it waits, the state
 *  polled says how far the worker got, for a failure to show. */
export async function workerActive(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        if (!registration) return "not registered";
        return registration.active?.state ?? `installing: ${registration.installing?.state}, waiting: ${registration.waiting?.state}`;
      }),
    )
    .toBe("activated");
}

/** A server of the test's own and a page on it, signed in as `username` and showing `path`. */
export async function ownServerPage(
  browser: Browser,
  username: string,
  path: string,
  options: BrowserContextOptions = {},
) {
  const server = await ownServer();
  const context = await browser.newContext({ ...options, baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, username);
  await page.goto(path);
  await waitForHydration(page);
  return { server, context, page };
}
