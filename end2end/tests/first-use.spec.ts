// What a new user meets first, each found by playing their journey:
// the page's language for screen readers and after an offline start, the
// way to sign in from pages that need a session, Entri Data's year box,
// and Konflik Data reachable from the navigation and the to-do list.
import { test, expect, waitForHydration, signIn } from "./fixtures";
import { BIN, SITE, ownServerPage, watch, workerActive } from "./own-server";
import { op, push, session } from "./sync-api";

test("a rendered page names its language once: Indonesian, or English when chosen", async ({ page }) => {
  const htmlTag = async (cookie?: string) => {
    const text = await (await page.request.get("/entri", { headers: cookie ? { cookie } : {} })).text();
    return text.match(/<html[^>]*>/)?.[0];
  };
  expect(await htmlTag()).toBe('<html lang="id" dir="ltr">');
  expect(await htmlTag("i18n_pref_locale=en")).toBe('<html lang="en" dir="ltr">');
});

test("English chosen online stays English when the app opens offline", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  // A server of its own, stopped: the offline shell must answer, not a server.
  const { server, context, page } = await ownServerPage(browser, "kasi.kdl", "/");
  await workerActive(page);
  await page.getByTestId("lang-switch").click();
  await expect(page.getByTestId("page-title")).toHaveText("Welcome to Kinerja");
  await server.stop();
  await context.setOffline(true);
  await page.goto("/siklus");
  await waitForHydration(page);
  await expect(page.getByTestId("page-title")).toHaveText("Reporting Cycle");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await context.close();
});

// (The pages' calls answered 401 are logged by the browser: no pageErrors here.)
test("a visitor who never signed in is shown the way to sign in, and Entri Data no sync panel", async ({ page }) => {
  for (const path of ["/siklus", "/konflik", "/disposisi", "/entri"]) {
    await page.goto(path);
    await waitForHydration(page);
    const note = page.getByTestId("access-denied");
    await expect(note, path).toHaveCount(1);
    await expect(note).toHaveText("Silakan masuk terlebih dahulu. Masuk");
    await expect(page.getByText("Sesi Anda telah berakhir")).toHaveCount(0);
    await note.getByRole("link", { name: "Masuk" }).click();
    await expect(page).toHaveURL(/\/masuk$/);
  }
  await page.goto("/entri");
  await waitForHydration(page);
  await expect(page.getByTestId("access-denied")).toBeVisible();
  await expect(page.getByTestId("sync-panel")).toHaveCount(0);
});

test("Entri Data's year box shows the year chosen", async ({ page, pageErrors }) => {
  const year = new Date().getFullYear();
  await signIn(page, "kasi.kdl");
  await page.goto("/entri");
  await waitForHydration(page);
  const box = page.getByTestId("entry-year");
  await expect(box).toHaveValue(String(year));
  for (const chosen of [year - 1, year - 2, year + 1, year]) {
    await box.selectOption(String(chosen));
    await expect(box).toHaveValue(String(chosen));
    await expect(box.locator("option:checked")).toHaveText(String(chosen));
    await expect(page.getByTestId("entry-period").locator("option:checked")).toContainText(String(chosen));
  }
  expect(pageErrors).toEqual([]);
});

test("Konflik Data is in the navigation, and an open conflict in the to-do list", async ({ page, pageErrors, playwright, baseURL }) => {
  const year = 2035 + ((Date.now() + 45) % 60);
  const june = `${year}-06`;
  const kasi = await session(playwright, baseURL, "kasi.kdl");
  const staf = await session(playwright, baseURL, "staf.evaluasi");
  await push(kasi, crypto.randomUUID(), [op(1, june, 0, {}, { value: "1" }), op(2, june, 1, { value: "1" }, { value: "2" })]);
  const answers = await push(staf, crypto.randomUUID(), [op(1, june, 1, { value: "1" }, { value: "3" })]);
  expect(answers[0].outcome).toBe("conflict");

  await signIn(page, "kasi.kdl");
  const open = page.getByTestId("inbox-conflicts");
  await expect(open).toHaveCount(1);
  await expect(open).toContainText("konflik data menunggu diselesaikan");
  await page.getByTestId("nav-conflicts").click();
  await expect(page).toHaveURL(/\/konflik$/);
  await waitForHydration(page);
  const card = page.getByTestId("conflict").filter({ hasText: `Juni ${year}` });
  await expect(card.getByTestId("keep-server")).toHaveClass(/secondary/);
  await card.getByTestId("keep-server").click();
  await expect(card).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});

test("the app installs with PNG icons: 192 and 512 pixels, a maskable one and an apple-touch icon", async ({ page }) => {
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  const icons = manifest.icons.filter((icon: any) => icon.type === "image/png");
  expect(icons.map((icon: any) => `${icon.sizes} ${icon.purpose}`)).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  await page.goto("/");
  const apple = await page.locator('link[rel="apple-touch-icon"]').getAttribute("href");
  const files: [string, number][] = [...icons.map((icon: any) => [icon.src, Number(icon.sizes.split("x")[0])]), [apple!, 180]];
  for (const [path, side] of files) {
    const answer = await page.request.get(path);
    expect(answer.headers()["content-type"], path).toBe("image/png");
    const png = await answer.body();
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], path).toEqual([side, side]);
  }
});

test("Entri Data's two tabs are ARIA tabs the arrow keys move between", async ({ page, pageErrors }) => {
  await signIn(page, "kasi.kdl");
  await page.goto("/entri");
  await waitForHydration(page);
  const [performance, budget] = [page.getByTestId("tab-performance"), page.getByTestId("tab-budget")];
  const panel = page.getByRole("tabpanel");
  await expect(page.getByRole("tablist")).toHaveAttribute("aria-label", "Jenis data");
  await expect(performance).toHaveAttribute("aria-selected", "true");
  await expect(budget).toHaveAttribute("tabindex", "-1");
  await performance.focus();
  await page.keyboard.press("ArrowRight");
  await expect(budget).toHaveAttribute("aria-selected", "true");
  await expect(budget).toBeFocused();
  await expect(panel).toHaveAttribute("aria-labelledby", "tab-budget");
  await page.keyboard.press("Home");
  await expect(performance).toHaveAttribute("aria-selected", "true");
  await expect(performance).toBeFocused();
  await expect(panel).toHaveAttribute("aria-labelledby", "tab-performance");
  expect(pageErrors).toEqual([]);
});

test("on a 390 × 844 phone the header's name clears the user's, and Entri Data's first field is on the first screen", async ({ page, pageErrors }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "kasi.kdl");
  await page.goto("/entri");
  await waitForHydration(page);
  const brand = (await page.locator(".brand-name").boundingBox())!;
  const user = (await page.getByTestId("signed-in-user").boundingBox())!;
  const apart =
    brand.x + brand.width <= user.x || user.x + user.width <= brand.x ||
    brand.y + brand.height <= user.y || user.y + user.height <= brand.y;
  expect(apart, `${JSON.stringify(brand)} ${JSON.stringify(user)}`).toBe(true);
  const field = page.getByTestId("value-input").first();
  await expect(field).toBeVisible();
  const box = (await field.boundingBox())!;
  console.log(`first Realisasi field on a 390 × 844 phone: ${Math.round(box.y)}–${Math.round(box.y + box.height)} px`);
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(pageErrors).toEqual([]);
});

test("the header's badge shows offline, what waits, then synced, on a page other than Entri Data", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  // A server of its own: the value typed here must not change the shared demo's figures.
  const { server, context, page } = await ownServerPage(browser, "kasi.kdl", "/entri");
  const errors = watch(page);
  const badge = page.getByTestId("sync-badge");
  await expect(badge).toHaveAttribute("data-state", "synced", { timeout: 20_000 });
  await expect(badge).toContainText("Tersinkron");
  await workerActive(page);
  // Told on a signed-in page, never on the sign-in page that is left at
  // once: forgotten there, it waits for the page after signing in.
  await page.evaluate(() => localStorage.removeItem("kinerja-offline-ready-told"));
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/masuk/);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("sync-badge")).toHaveCount(0);
  await expect(page.getByTestId("offline-ready")).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem("kinerja-offline-ready-told"))).toBeNull();
  await signIn(page, "kasi.kdl");
  await expect(page.getByTestId("offline-ready")).toContainText("siap dipakai luring");
  await page.getByTestId("nav-entry").click();
  await expect(page).toHaveURL(/\/entri$/);
  await context.setOffline(true);
  await expect(badge).toHaveAttribute("data-state", "offline");
  const value = page.getByTestId("value-input").first();
  await value.fill("12");
  await value.press("Tab");
  await page.getByTestId("nav-cycle").click();
  await expect(page).toHaveURL(/\/siklus$/);
  await expect(badge).toHaveText("Luring · 1 menunggu");
  await expect(badge).toHaveAttribute("data-pending", "1");
  await context.setOffline(false);
  await expect(badge).toHaveAttribute("data-state", "synced", { timeout: 20_000 });
  await expect(badge).toHaveAttribute("data-pending", "0");
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("offline-ready"), "told once").toHaveCount(0);
  expect(errors).toEqual([]);
  await context.close();
  await server.stop();
});

test("every API answer names the server's build; a page of another build is told a new version waits", async ({ browser, baseURL }) => {
  // Without the service worker, whose requests the interception would not see.
  const context = await browser.newContext({ baseURL, serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, "kasi.kdl");
  const own = (await page.locator("link[rel=modulepreload][href*='/pkg/kinerja.']").getAttribute("href"))!.match(/kinerja\.([^.]+)\.js$/)![1];
  const answer = await page.request.get("/api/v1/inbox");
  expect(answer.headers()["x-kinerja-build"]).toBe(own);
  const badge = page.getByTestId("sync-badge");
  await expect(badge).toHaveAttribute("data-state", "synced", { timeout: 20_000 });

  // The server is upgraded under the open page: its answers name another build.
  await page.route("**/api/v1/**", async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "x-kinerja-build": "a-newer-build" } });
  });
  await page.getByTestId("nav-entry").click();
  await page.getByTestId("sync-now").click();
  await expect(badge).toHaveAttribute("data-state", "outdated");
  await expect(badge).toHaveText("Versi baru tersedia — muat ulang");
  // The badge reloads the page, which then runs the server's build.
  await page.unroute("**/api/v1/**");
  await page.evaluate(() => ((window as any).__before = true));
  await badge.click();
  await waitForHydration(page);
  await expect.poll(() => page.evaluate(() => (window as any).__before ?? false)).toBe(false);
  await expect(badge).toHaveAttribute("data-state", "synced", { timeout: 20_000 });
  await context.close();
});
