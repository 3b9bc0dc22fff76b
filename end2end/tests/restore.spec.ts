// A restore in the browser: an entry the server acknowledged after the
// backup was taken is lost with the restored database, and comes back from
// the device that made it. The IT officer backs up, the staff member enters
// a second value (acknowledged), the server is stopped and the backup
// restored (a new database identity); at the next sync the page starts over
// — its kept ops go out again, everything is pulled from 0 — and the server
// holds both values again.
import { test, expect, synced, waitForHydration } from "./fixtures";
import { BIN, SITE, ownServerPage, tempDir } from "./own-server";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { Page } from "@playwright/test";

const year = new Date().getFullYear();
const month = (m: number) => `${year}-${String(m).padStart(2, "0")}`;

function row(page: Page, period: string) {
  return page.locator(`[data-testid=entry-row][data-indicator="IKU-07"][data-period="${period}"]`);
}

async function enter(page: Page, period: string, value: string) {
  await page.getByTestId("entry-period").selectOption(period);
  const input = row(page, period).getByTestId("value-input");
  await input.fill(value);
  await input.press("Tab");
  await synced(page);
}

/** The server's value of IKU-07 for Seksi KDL in `period`, and the database identity of the answer. */
async function onServer(page: Page, period: string) {
  const pull = await (await page.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
  const record = pull.records.find(
    (r: any) => r.key.indicator_id === "demo-indicator-iku-07" && r.key.unit_id === "demo-unit-seksi-kdl" && r.key.period === period,
  );
  return { value: record?.values.value ?? null, instance: pull.instance_id };
}

test("an entry acknowledged after the backup comes back from the device after a restore", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(120_000);
  const { server, context, page } = await ownServerPage(browser, "kasi.kdl", "/entri");
  await synced(page);
  await enter(page, month(1), "11");
  await expect.poll(async () => (await onServer(page, month(1))).value, { timeout: 20_000 }).toBe("11");

  const backup = join(tempDir("kinerja-backup-"), "kinerja-backup.sqlite");
  execFileSync(BIN!, ["backup", "--to", backup, "--data-dir", server.dataDir]);
  const demo = (await onServer(page, month(2))).value;
  await enter(page, month(2), "22");
  await expect.poll(async () => (await onServer(page, month(2))).value, { timeout: 20_000 }).toBe("22");
  const before = await onServer(page, month(2));

  // The device is kept off the network while the server is down, so that
  // its own timer cannot resend the entry before the restored database is
  // read; coming back online starts a round at once.
  await context.setOffline(true);
  await server.stop();
  execFileSync(BIN!, ["restore", "--from", backup, "--data-dir", server.dataDir]);
  await server.restart();
  const restored = await onServer(page, month(2));
  expect(restored.value, "the restored database lacks the later entry").toBe(demo);
  expect(restored.instance).not.toBe(before.instance);

  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await synced(page);
  await expect.poll(async () => (await onServer(page, month(2))).value, { timeout: 20_000 }).toBe("22");
  expect((await onServer(page, month(1))).value).toBe("11");
  await page.reload();
  await waitForHydration(page);
  await page.getByTestId("entry-period").selectOption(month(2));
  await expect(row(page, month(2)).getByTestId("value-input")).toHaveValue("22");
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "0");
  await context.close();
  await server.stop();
});
