// The one sync timer under a simulated clock: a server that answers 503
// for five minutes sees no more rounds than the back-off allows (each
// round starts by fetching the reference data, so those fetches are
// counted), and a `Retry-After: 120` keeps the device quiet for two minutes.
import type { Page } from "@playwright/test";
import { test, expect, firstSync, signIn, waitForHydration } from "./fixtures";

// The routes below must see the page's requests, not a service worker's.
test.use({ serviceWorkers: "block" });

/** Entri Data of a signed-in section head, its first round synced, the clock paused. */
async function synced(page: Page) {
  await page.clock.install();
  await signIn(page, "kasi.kdl");
  await page.goto("/entri");
  await waitForHydration(page);
  await firstSync(page);
  await expect(page.getByTestId("sync-now")).toBeEnabled();
  await page.clock.pauseAt(Date.now() + 1_000);
}

/** Runs the page's clock `seconds` forward, a second at a time, letting answers arrive between. */
async function run(page: Page, seconds: number) {
  for (let s = 0; s < seconds; s++) {
    await page.clock.runFor(1_000);
  }
}

test("a server down for five minutes gets no more rounds than the back-off allows", async ({ page }) => {
  await synced(page);
  let rounds = 0;
  const times: number[] = [];
  await page.route("**/api/v1/reference?*", async (route) => {
    rounds += 1;
    times.push(await page.evaluate(() => Date.now()));
    return route.fulfill({ status: 503, body: "down" });
  });
  await page.getByTestId("sync-now").click();
  await run(page, 300);
  console.log(`rounds during a five-minute outage: ${rounds}, at ${times.map((t) => Math.round((t - times[0]) / 1000)).join(", ")} s`);
  // Rounds at 0, 2, 6, 14, 30, 62, 126, 254 s at the most (less with jitter);
  // a fixed 30-second interval alone would have made 11.
  expect(rounds).toBeGreaterThanOrEqual(5);
  expect(rounds).toBeLessThanOrEqual(8);
  await expect(page.getByTestId("sync-error")).toBeVisible();
});

test("a Retry-After of two minutes is honoured", async ({ page }) => {
  await synced(page);
  let rounds = 0;
  await page.route("**/api/v1/reference?*", (route) => {
    rounds += 1;
    return route.fulfill({
      status: 429,
      headers: { "retry-after": "120", "content-type": "application/json" },
      body: JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }),
    });
  });
  await page.getByTestId("sync-now").click();
  await expect.poll(() => rounds).toBe(1);
  await run(page, 118);
  expect(rounds, "nothing before the two minutes are up").toBe(1);
  await run(page, 4);
  expect(rounds, "one round once they are").toBe(2);
});
