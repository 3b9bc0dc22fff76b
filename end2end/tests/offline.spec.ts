// The offline start: after one online visit, the app opens in a restarted
// browser with the network off and its own server stopped, every route
// renders, and back online pages are server-rendered and hydrated again.
// This test runs its own server (the release binary `cargo xtask test` names
// in KINERJA_SERVER_BIN) so that it can stop it.
import { test, expect, waitForHydration } from "./fixtures";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "@playwright/test";

const BIN = process.env.KINERJA_SERVER_BIN;
const SITE = process.env.KINERJA_SITE_ROOT;
const CHROMIUM = process.env.KINERJA_CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(BIN!, ["--addr", `127.0.0.1:${port}`, "--data-dir", dataDir, "--site-root", SITE!, "--demo", "--log", "warn"],
    { stdio: "ignore" });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not start");
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** Uncaught errors, and console errors other than the failed API calls one expects offline. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return errors;
}

async function launch(playwright: any, profile: string, offline: boolean, baseURL: string): Promise<BrowserContext> {
  return playwright.chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, offline, baseURL });
}

test("after one online visit the app opens with the network off and the server stopped, on every route", async ({ playwright }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "kinerja-offline-data-"));
  const profile = mkdtempSync(join(tmpdir(), "kinerja-offline-profile-"));
  let server = await startServer(dataDir, port);

  let context = await launch(playwright, profile, false, base);
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto("/");
  await waitForHydration(page);
  await expect
    .poll(() => page.evaluate(async () => !!navigator.serviceWorker.controller))
    .toBe(true);
  const cached = () =>
    page.evaluate(async () => {
      const names = await caches.keys();
      const cache = names.length ? await caches.open(names[0]) : null;
      return cache ? (await cache.keys()).map((request) => new URL(request.url).pathname) : [];
    });
  await expect.poll(async () => (await cached()).length).toBe(7);
  expect(await cached()).toEqual(expect.arrayContaining(["/shell", "/manifest.webmanifest", "/sw-register.js", "/icon.svg"]));
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect([manifest.start_url, manifest.display, manifest.theme_color]).toEqual(["/", "standalone", "#1f6f43"]);
  await context.close();
  await stopServer(server);

  context = await launch(playwright, profile, true, base);
  page = context.pages()[0] ?? (await context.newPage());
  const errors = watch(page);
  const started = Date.now();
  await page.goto("/");
  await waitForHydration(page);
  console.log(`offline cold start to interactive: ${Date.now() - started} ms`);
  await expect(page.getByTestId("page-title")).toHaveText("Selamat datang di Kinerja");
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  for (const [path, title] of [["/entri", "Entri Data"], ["/siklus", "Siklus Pelaporan"], ["/laporan", "Laporan"], ["/konflik", "Konflik Data"], ["/data-induk", "Data Induk"]]) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByTestId("page-title")).toHaveText(title);
  }
  await page.getByTestId("nav-reports").click();
  await expect(page).toHaveURL(/\/laporan$/);
  await expect(page.getByTestId("page-title")).toHaveText("Laporan");
  expect(errors).toEqual([]);

  server = await startServer(dataDir, port);
  await context.setOffline(false);
  const online = await page.goto("/siklus");
  expect(online?.status()).toBe(200);
  expect(await online?.text()).toContain("Siklus Pelaporan");
  await waitForHydration(page);
  await expect(page.getByTestId("page-title")).toHaveText("Siklus Pelaporan");
  expect(errors).toEqual([]);
  await context.close();
  await stopServer(server);
});
