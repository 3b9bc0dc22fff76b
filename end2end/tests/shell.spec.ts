// The app shell: Indonesian by default, hydrated, switchable to English in
// place, and usable on a phone screen.
import { test, expect, waitForHydration } from "./fixtures";

const NAV_ID = ["Beranda", "Entri Data", "Siklus Pelaporan", "Disposisi", "Konflik", "Laporan", "Data Induk"];
const NAV_EN = ["Home", "Data Entry", "Reporting Cycle", "Dispositions", "Conflicts", "Reports", "Master Data"];

test("the home page speaks Indonesian, whatever the browser's language", async ({ page, pageErrors }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "id");
  await expect(page.locator("nav.app-nav a")).toHaveText(NAV_ID);
  await expect(page.getByTestId("page-title")).toHaveText("Selamat datang di Kinerja");
  await expect(page).toHaveTitle("Kinerja · Pengumpulan Data Kinerja");
  await waitForHydration(page);
  await expect(page.getByTestId("demo-banner")).toContainText("Mode demo: semua unit, pengguna, indikator dan angka di sini adalah data contoh");
  expect(pageErrors).toEqual([]);
});

test("after hydration the language switch changes the text without a reload", async ({ page, pageErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  // A value on window survives only if no navigation or reload happens.
  await page.evaluate(() => ((window as any).__kinerjaMarker = "same-document"));
  await page.getByTestId("lang-switch").click();
  await expect(page.locator("nav.app-nav a")).toHaveText(NAV_EN);
  await expect(page.getByTestId("page-title")).toHaveText("Welcome to Kinerja");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect(await page.evaluate(() => (window as any).__kinerjaMarker)).toBe("same-document");

  // The choice is remembered: the server renders English after a reload.
  await page.reload();
  await expect(page.locator("nav.app-nav a")).toHaveText(NAV_EN);
  await waitForHydration(page);
  await page.getByTestId("lang-switch").click();
  await expect(page.locator("nav.app-nav a")).toHaveText(NAV_ID);
  expect(pageErrors).toEqual([]);
});

test("navigation moves between sections client-side and marks the current one", async ({ page, pageErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.evaluate(() => ((window as any).__kinerjaMarker = "same-document"));
  await page.getByTestId("nav-reports").click();
  await expect(page).toHaveURL(/\/laporan$/);
  await expect(page.getByTestId("page-title")).toHaveText("Laporan");
  await expect(page.getByTestId("nav-reports")).toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => (window as any).__kinerjaMarker)).toBe("same-document");
  expect(pageErrors).toEqual([]);
});

test("an unknown address shows the Indonesian 404 page with status 404", async ({ page }) => {
  const response = await page.goto("/tidak-ada");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("page-title")).toHaveText("Halaman tidak ditemukan");
});

test("on a phone screen the page does not scroll sideways and every section is reachable", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/");
  await waitForHydration(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByTestId("nav-master").scrollIntoViewIfNeeded();
  await page.getByTestId("nav-master").tap();
  await expect(page.getByTestId("page-title")).toHaveText("Data Induk");
  await context.close();
});

test("Entri Data's code arrives in at most four modules, preloaded with the page", async ({ page }) => {
  // One module per set of page groups sharing code (`ui::routes`): with a
  // module per page, Entri Data needed 93, and loading them was half a phone's start.
  await page.goto("/entri");
  const modules = await page.locator('link[rel="preload"][href$=".wasm"]').evaluateAll((links) =>
    links.map((link) => link.getAttribute("href")!).filter((href) => /^\/pkg\/(chunk|split)_/.test(href)),
  );
  expect(modules.some((href) => href.startsWith("/pkg/split_field_pages."))).toBe(true);
  expect(modules.length).toBeLessThanOrEqual(4);
});

test("hashed build files are cached for good and compressed; pages are revalidated", async ({ page, request }) => {
  const response = await page.goto("/");
  expect(response?.headers()["cache-control"]).toBe("no-cache");
  expect(response?.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const wasm = await page.locator('link[rel="preload"][href$=".wasm"]').getAttribute("href");
  expect(wasm).toMatch(/^\/pkg\/kinerja\.[^.]+\.wasm$/);
  const file = await request.get(wasm!, { headers: { "accept-encoding": "gzip" } });
  expect(file.status()).toBe(200);
  expect(file.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(file.headers()["content-encoding"]).toBe("gzip");
});

test("the release bundle, started from another directory, serves every file its page and worker name", async ({ page, request }) => {
  // `cargo xtask test` starts the bundle (binary, hash.txt, site/) from the temporary directory, without --site-root.
  await page.goto("/");
  const named = await page.evaluate(() =>
    [...document.querySelectorAll("link[href], script[src]")].map((e) => e.getAttribute("href") ?? e.getAttribute("src")),
  );
  const built = named.filter((path): path is string => !!path && path.startsWith("/pkg/"));
  expect(built.length).toBeGreaterThanOrEqual(3);
  for (const path of built) expect(path).toMatch(/^\/pkg\/[\w-]+\.[\w-]{22}\.(js|wasm|css)$/);
  const worker = await (await request.get("/sw.js")).text();
  const precache: string[] = JSON.parse(worker.match(/const PRECACHE = (\[.*?\]);/)![1]);
  expect(precache).toEqual(expect.arrayContaining(built));
  for (const path of precache) {
    expect((await request.get(path)).status(), path).toBe(200);
  }
});
