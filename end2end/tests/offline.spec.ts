// The offline start: after one online visit, the app opens in a restarted
// browser with the network off and its own server stopped, every route
// renders, and back online pages are server-rendered and hydrated again.
// This test runs its own server (the release binary `cargo xtask test` names
// in KINERJA_SERVER_BIN) so that it can stop it.
import { test, expect, waitForHydration } from "./fixtures";
import { BIN, SITE, launch, ownServer, tempDir, watch, workerActive } from "./own-server";

test("after one online visit the app opens with the network off and the server stopped, on every route", async ({ playwright }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const server = await ownServer();
  const base = server.base;
  const profile = tempDir("kinerja-offline-profile-");

  let context = await launch(playwright, profile, false, base);
  let page = context.pages()[0] ?? (await context.newPage());
  await page.goto("/");
  await waitForHydration(page);
  await workerActive(page);
  const cached = () =>
    page.evaluate(async () => {
      const names = await caches.keys();
      const cache = names.length ? await caches.open(names[0]) : null;
      return cache ? (await cache.keys()).map((request) => new URL(request.url).pathname) : [];
    });
  // The worker precaches the shell, the static files and every build file, the three page groups of the split build included.
  const worker = await (await page.request.get("/sw.js")).text();
  const precache: string[] = JSON.parse(worker.match(/const PRECACHE = (\[.*?\]);/)![1]);
  const groups = precache.filter((path) => /^\/pkg\/split_.+\.wasm$/.test(path)).map((path) => path.split(".")[0]);
  expect(groups.sort()).toEqual(["/pkg/split_admin_pages", "/pkg/split_cycle_pages", "/pkg/split_field_pages"]);
  await expect.poll(async () => (await cached()).sort()).toEqual([...precache].sort());
  expect(await cached()).toEqual(expect.arrayContaining(["/shell", "/manifest.webmanifest", "/sw-register.js", "/icon.svg"]));
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect([manifest.start_url, manifest.display, manifest.theme_color]).toEqual(["/", "standalone", "#1f6f43"]);
  await context.close();
  await server.stop();

  context = await launch(playwright, profile, true, base);
  page = context.pages()[0] ?? (await context.newPage());
  const errors = watch(page);
  const started = Date.now();
  await page.goto("/");
  await waitForHydration(page);
  console.log(`offline cold start to interactive: ${Date.now() - started} ms`);
  await expect(page.getByTestId("page-title")).toHaveText("Selamat datang di Kinerja");
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  for (const [path, title] of [["/entri", "Entri Data"], ["/siklus", "Siklus Pelaporan"], ["/disposisi", "Disposisi"], ["/laporan", "Laporan"], ["/konflik", "Konflik Data"], ["/data-induk", "Data Induk"]]) {
    await page.goto(path);
    await waitForHydration(page);
    await expect(page.getByTestId("page-title")).toHaveText(title);
  }
  await page.getByTestId("nav-reports").click();
  await expect(page).toHaveURL(/\/laporan$/);
  await expect(page.getByTestId("page-title")).toHaveText("Laporan");
  expect(errors).toEqual([]);

  await server.restart();
  await context.setOffline(false);
  const online = await page.goto("/siklus");
  expect(online?.status()).toBe(200);
  expect(await online?.text()).toContain("Siklus Pelaporan");
  await waitForHydration(page);
  await expect(page.getByTestId("page-title")).toHaveText("Siklus Pelaporan");
  expect(errors).toEqual([]);
  await context.close();
  await server.stop();
});
