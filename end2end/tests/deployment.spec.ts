// What a badly deployed server looks like to the people using it:
// 1. opened over plain HTTP at a real host name (not localhost), the page
//    says that offline mode needs HTTPS — and over localhost it says nothing;
// 2. a reverse proxy that refuses a photo as too large (its own 413 page,
//    not the API's error body) gets a clear sentence, not "server error".
//    Caddy is not on this machine, so its answer is played by the browser's
//    request routing, with the page a proxy sends.
import { test, expect, waitForHydration } from "./fixtures";
import { BIN, SITE, ownServerPage } from "./own-server";

const CHROMIUM = process.env.KINERJA_CHROMIUM ?? "/usr/bin/chromium";

test("over plain HTTP at a host name the page says offline mode needs HTTPS; over localhost it does not", async ({ playwright, page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await expect(page.getByTestId("insecure-banner")).toHaveCount(0);

  const port = new URL(page.url()).port;
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--host-resolver-rules=MAP kinerja.test 127.0.0.1"],
  });
  const insecure = await browser.newPage();
  await insecure.goto(`http://kinerja.test:${port}/`);
  await waitForHydration(insecure);
  expect(await insecure.evaluate(() => window.isSecureContext)).toBe(false);
  await expect(insecure.getByTestId("insecure-banner")).toContainText("Mode luring tidak tersedia tanpa HTTPS");
  await expect(insecure.getByTestId("insecure-banner")).toHaveAttribute("role", "alert");
  await browser.close();
});

test("a proxy's 413 for a photo is told as a file too large, and the photo stays queued", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  // Without a service worker: requests a page's worker has seen bypass
  // Playwright's routing, so once the worker controls the page the played
  // 413 would be skipped and the photo sent to the real server (it was, in
  // a full run under load).
  const { server, context, page } = await ownServerPage(browser, "kasi.kdl", "/entri", { serviceWorkers: "block" });
  await page.route("**/api/v1/evidence/*", (route) =>
    route.request().method() === "PUT"
      ? route.fulfill({ status: 413, contentType: "text/html", body: "<html><body><h1>413 Request Entity Too Large</h1></body></html>" })
      : route.continue(),
  );
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "0");
  const row = page.locator('[data-testid=entry-row][data-indicator="IKU-07"]');
  await row.locator("summary").click();
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
    "hex",
  );
  await row.getByTestId("evidence-photo").setInputFiles({ name: "lokasi.png", mimeType: "image/png", buffer: png });
  await expect(page.getByTestId("sync-error")).toContainText("terlalu besar untuk diterima server");
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "1");
  await context.close();
  await server.stop();
});
