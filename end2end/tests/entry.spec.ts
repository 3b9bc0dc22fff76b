// Entri Data offline, end to end, each test on a server of its own:
// 1. entered with the network off and the server stopped, kept through a
//    closed browser, sent when both are back, seen from another browser,
//    the photo downloadable with the same hash;
// 2. two devices change one value differently offline: the conflict reaches
//    a kepala bidang, whose choice then reaches both devices;
// 3. a change for a period locked meanwhile is refused and stays on the
//    device with its reason and the value asked, through a reload, counting
//    in no figure (the field and capaian are the server's);
// and on the shared demo server, each row's Rencana Aksi for its quarter.
import { test, expect, firstSync, hold, signIn, synced, waitForHydration } from "./fixtures";
import { BIN, SITE, launch, ownServer, tempDir, watch, workerActive } from "./own-server";
import { createHash } from "node:crypto";
import type { Browser, Page } from "@playwright/test";

const IKU_07 = "demo-indicator-iku-07";
const SEKSI_KDL = "demo-unit-seksi-kdl";
const year = new Date().getFullYear();
const month = (m: number) => `${year}-${String(m).padStart(2, "0")}`;

/** The smallest valid PNG (one pixel), made different per run by a text chunk. */
function photo(): Buffer {
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082",
    "hex",
  );
  return Buffer.concat([png, Buffer.from(`kinerja ${Date.now()}`)]);
}

async function openEntry(page: Page) {
  await page.goto("/entri");
  await waitForHydration(page);
  await expect(page.getByTestId("entry-period")).toBeVisible();
}

async function choose(page: Page, period: string, unit?: string) {
  if (unit) await page.getByTestId("entry-unit").selectOption(unit);
  await page.getByTestId("entry-period").selectOption(period);
}

function row(page: Page, code = "IKU-07") {
  return page.locator(`[data-testid=entry-row][data-indicator="${code}"]`);
}

/** Types a value into the row's field and leaves it (which keeps it). */
async function enter(page: Page, value: string) {
  const input = row(page).getByTestId("value-input");
  await input.fill(value);
  await input.press("Tab");
}

test("a value typed before the first pull answers is kept, not replaced by the value that arrives", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(60_000);
  const server = await ownServer();
  // Without the service worker, whose requests would pass the hold.
  const context = await browser.newContext({ baseURL: server.base, serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = watch(page);
  const pull = await hold(page, "GET", "/api/v1/sync/pull");
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await pull.waitForRequest();
  await choose(page, month(1));
  const input = row(page).getByTestId("value-input");
  await input.fill("11");
  // The pull brings January's demo value while "11" is still being typed.
  pull.release();
  await firstSync(page);
  await expect(input).toHaveValue("11");
  await input.press("Tab");
  await synced(page);
  const records = (await (await page.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json()).records;
  const january = records.find((r: any) => r.key.indicator_id === IKU_07 && r.key.unit_id === SEKSI_KDL && r.key.period === month(1));
  expect(january.values.value).toBe("11");
  expect(errors).toEqual([]);
  await context.close();
  await server.stop();
});

test("entered offline with the server stopped, kept through a closed browser, synced and seen elsewhere", async ({ playwright, browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(120_000);
  const server = await ownServer();
  const profile = tempDir("kinerja-entry-profile-");

  let context = await launch(playwright, profile, false, server.base);
  let page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await synced(page);
  await workerActive(page);
  await context.close();
  await server.stop();

  context = await launch(playwright, profile, true, server.base);
  page = context.pages()[0] ?? (await context.newPage());
  const errors = watch(page);
  await openEntry(page);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Kepala Seksi Kajian Dampak Lingkungan (contoh)");
  for (let m = 1; m <= 10; m++) {
    await choose(page, month(m));
    await enter(page, `${m},25`);
    await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", String(m));
  }
  await expect(row(page).getByTestId("unsent")).toBeVisible();
  const image = photo();
  const sha = createHash("sha256").update(image).digest("hex");
  await row(page).locator("summary").click();
  await row(page).getByTestId("evidence-photo").setInputFiles({ name: "lokasi.png", mimeType: "image/png", buffer: image });
  await expect(row(page).getByTestId("evidence-item")).toHaveAttribute("data-sha", sha);
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "11");
  await expect(page.getByTestId("sync-offline")).toBeVisible();
  await context.close();

  context = await launch(playwright, profile, true, server.base);
  page = context.pages()[0] ?? (await context.newPage());
  errors.push(...watch(page));
  await openEntry(page);
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "11");
  for (let m = 1; m <= 10; m++) {
    await choose(page, month(m));
    await expect(row(page).getByTestId("value-input")).toHaveValue(`${m},25`);
  }
  await row(page).locator("summary").click();
  await expect(row(page).getByTestId("evidence-item")).toContainText("lokasi.png");

  await server.restart();
  await context.setOffline(false);
  await synced(page);
  await expect(row(page).getByTestId("unsent")).toHaveCount(0);
  expect(errors).toEqual([]);
  await context.close();

  const office = await browser.newContext({ baseURL: server.base });
  const other = await office.newPage();
  await signIn(other, "kabid.tl");
  await openEntry(other);
  await synced(other);
  for (const m of [1, 6, 10]) {
    await choose(other, month(m), SEKSI_KDL);
    await expect(row(other).getByTestId("value-input")).toHaveValue(`${m},25`);
  }
  await row(other).locator("summary").click();
  await expect(row(other).getByTestId("evidence-item")).toHaveAttribute("data-sha", sha);
  const pulled = await (await other.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
  for (let m = 1; m <= 10; m++) {
    const record = pulled.records.find(
      (r: any) => r.entity === "realisation" && r.key.indicator_id === IKU_07 && r.key.period === month(m),
    );
    expect(record.values.value).toBe(`${m}.25`);
  }
  const file = await other.request.get(`/api/v1/evidence/${sha}`);
  expect(file.status()).toBe(200);
  expect(createHash("sha256").update(await file.body()).digest("hex")).toBe(sha);
  await office.close();
  await server.stop();
});

test("two devices change one value offline; the conflict is resolved once and reaches both", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(90_000);
  const server = await ownServer();
  const devices = [];
  for (const username of ["kasi.kdl", "kabid.tl"]) {
    const context = await browser.newContext({ baseURL: server.base });
    const page = await context.newPage();
    await signIn(page, username);
    await openEntry(page);
    await synced(page);
    await choose(page, month(3), SEKSI_KDL);
    devices.push({ context, page });
  }
  const [phone, laptop] = devices;
  for (const [device, value] of [[phone, "41"], [laptop, "42,5"]] as const) {
    await device.context.setOffline(true);
    await enter(device.page, value);
    await expect(device.page.getByTestId("pending-count")).toHaveAttribute("data-count", "1");
  }
  for (const device of [phone, laptop]) {
    await device.context.setOffline(false);
    await device.page.getByTestId("sync-now").click();
    await synced(device.page);
  }
  await expect(row(phone.page).getByTestId("value-input")).toHaveValue("41");
  await expect(row(laptop.page).getByTestId("value-input")).toHaveValue("41");
  await expect(row(laptop.page).getByTestId("row-conflict")).toBeVisible();

  await laptop.page.getByTestId("conflicts-link").first().click();
  await expect(laptop.page.getByTestId("page-title")).toHaveText("Konflik Data");
  const card = laptop.page.getByTestId("conflict");
  await expect(card.getByTestId("server-value")).toHaveText("41");
  await expect(card.getByTestId("client-value")).toContainText("42,5");
  await card.getByTestId("take-client").click();
  await expect(card).toHaveCount(0);

  for (const device of [phone, laptop]) {
    await openEntry(device.page);
    await device.page.getByTestId("sync-now").click();
    await synced(device.page);
    await choose(device.page, month(3), SEKSI_KDL);
    await expect(row(device.page).getByTestId("value-input")).toHaveValue("42,5");
    await expect(row(device.page).getByTestId("row-conflict")).toHaveCount(0);
    await device.context.close();
  }
  await server.stop();
});

test("a change for a period locked meanwhile is refused and stays on the device with its reason", async ({ browser, playwright }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const server = await ownServer();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  const errors = watch(page);
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await synced(page);
  await choose(page, month(2));
  const before = { value: await row(page).getByTestId("value-input").inputValue(), capaian: await row(page).getByTestId("capaian").innerText() };
  expect(before.value).not.toBe("7");
  await context.setOffline(true);
  await enter(page, "7");

  const sekretaris = await playwright.request.newContext({ baseURL: server.base });
  await sekretaris.post("/api/v1/auth/login", { data: { username: "sekretaris", password: "kinerja-demo-2026" } });
  const locked = await sekretaris.post("/api/v1/locks", {
    data: { unit_id: SEKSI_KDL, period: `${year}-TW1`, reason: "Laporan TW I disetujui" },
  });
  expect(locked.status()).toBe(204);

  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await synced(page);
  const refusal = row(page).getByTestId("refused");
  await expect(refusal).toHaveAttribute("data-code", "period_locked");
  await expect(refusal).toContainText("dikunci");
  // The refusal names what was asked; the field and the capaian are the server's again.
  await expect(refusal.getByTestId("refused-value")).toHaveText("7");
  await expect(row(page).getByTestId("value-input")).toHaveValue(before.value);
  await expect(row(page).getByTestId("capaian")).toHaveText(before.capaian);
  // The panel names the row.
  const monthName = new Intl.DateTimeFormat("id-ID", { month: "long" }).format(new Date(year, 1, 1));
  await expect(page.getByTestId("refused-rows")).toHaveText(`IKU-07 ${monthName} ${year}`);
  await expect(row(page).getByTestId("locked")).toContainText("Laporan TW I disetujui");
  await expect(row(page).getByTestId("value-input")).toBeDisabled();

  await page.reload();
  await waitForHydration(page);
  await choose(page, month(2));
  await expect(row(page).getByTestId("refused")).toHaveAttribute("data-code", "period_locked");
  await expect(row(page).getByTestId("value-input")).toHaveValue(before.value);
  const pulled = await (await page.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
  const record = pulled.records.find((r: any) => r.key.indicator_id === IKU_07 && r.key.period === month(2));
  expect(record.values.value).not.toBe("7");
  expect(errors.filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
  await context.close();
  await sekretaris.dispose();
  await server.stop();
});

/** Two synced tabs of one signed-in browser on a server of their own, gone
 * offline, the first on month 4 and the second on month 5 of one quarter. */
async function twoTabsOffline(browser: Browser) {
  const server = await ownServer();
  const context = await browser.newContext({ baseURL: server.base });
  const first = await context.newPage();
  await signIn(first, "kasi.kdl");
  await openEntry(first);
  await synced(first);
  const second = await context.newPage();
  await openEntry(second);
  await synced(second);
  await context.setOffline(true);
  await choose(first, month(4));
  await choose(second, month(5));
  return { server, context, first, second };
}

test("text being typed stays while another tab's edit changes the row around it", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(60_000);
  const { server, context, first: other, second: typing } = await twoTabsOffline(browser);
  const capaian = await row(typing).getByTestId("capaian").textContent();
  const input = row(typing).getByTestId("value-input");
  await input.fill("50,5");
  const otherInput = row(other).getByTestId("value-input");
  await otherInput.fill("40,4");
  await otherInput.dispatchEvent("change");
  // The typing tab has read the other's edit: its quarter's capaian moved, the typed text did not.
  await expect(typing.getByTestId("pending-count")).toHaveAttribute("data-count", "1");
  await expect(row(typing).getByTestId("capaian")).not.toHaveText(capaian ?? "");
  await expect(input).toHaveValue("50,5");
  await input.dispatchEvent("change");
  await expect(typing.getByTestId("pending-count")).toHaveAttribute("data-count", "2");
  await context.close();
  await server.stop();
});

test("two tabs of one browser share the store: both edits kept, numbered apart, each seen by the other", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(60_000);
  const { server, context, first, second } = await twoTabsOffline(browser);
  // Both at once; a keypress needs the page focused, so the change is sent directly.
  const change = async (page: Page, value: string) => {
    const input = row(page).getByTestId("value-input");
    await input.fill(value);
    await input.dispatchEvent("change");
  };
  await Promise.all([change(first, "40,4"), change(second, "50,5")]);
  for (const page of [first, second]) {
    await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "2");
  }
  await choose(first, month(5));
  await expect(row(first).getByTestId("value-input")).toHaveValue("50,5");
  const seqs = await first.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open("kinerja");
        open.onerror = reject;
        open.onsuccess = () => {
          const all = open.result.transaction(["outbox"]).objectStore("outbox").getAll();
          all.onsuccess = () => resolve(all.result.map((text: string) => JSON.parse(text).op.seq).sort());
        };
      }),
  );
  expect(new Set(seqs).size).toBe(2);
  await context.setOffline(false);
  await first.getByTestId("sync-now").click();
  await synced(first);
  await expect(first.getByTestId("refused-count")).toHaveCount(0);
  await context.close();
  await server.stop();
});

test("a session that ends while offline keeps the queue; after signing in again the sync goes on", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const server = await ownServer();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await synced(page);
  await context.setOffline(true);
  await choose(page, month(6));
  await enter(page, "6,75");
  await context.clearCookies();
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await expect(page.getByTestId("sync-signed-out")).toBeVisible();
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "1");
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await synced(page);
  const pulled = await (await page.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
  const record = pulled.records.find((r: any) => r.key.indicator_id === IKU_07 && r.key.period === month(6));
  expect(record.values.value).toBe("6.75");
  await context.close();
  await server.stop();
});

test("an exported queue imported on another device is sent from there, once", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(60_000);
  const server = await ownServer();
  const devices = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext({ baseURL: server.base });
    const page = await context.newPage();
    await signIn(page, "kasi.kdl");
    await openEntry(page);
    await synced(page);
    devices.push({ context, page });
  }
  const [broken, spare] = devices;
  await broken.context.setOffline(true);
  await choose(broken.page, month(7));
  await enter(broken.page, "77");
  await broken.page.getByTestId("sync-tools").locator("summary").click();
  const [download] = await Promise.all([
    broken.page.waitForEvent("download"),
    broken.page.getByTestId("export-outbox").click(),
  ]);
  const file = await download.path();
  const unreadable = { name: "antrean.json", mimeType: "application/json", buffer: Buffer.from('{"device_id": 7') };
  await spare.page.getByTestId("import-outbox").setInputFiles(unreadable);
  await expect(spare.page.getByTestId("sync-panel").getByTestId("form-message")).toHaveText("Berkas antrean tidak dapat dibaca.");
  await expect(spare.page.getByTestId("pending-count")).toHaveAttribute("data-count", "0");
  await spare.page.getByTestId("import-outbox").setInputFiles(file);
  await expect(spare.page.getByTestId("sync-panel").getByTestId("form-message")).toHaveText("Perubahan baru dari berkas: 1 · berkas bukti: 0 · tindakan: 0");
  await spare.page.getByTestId("sync-now").click();
  await synced(spare.page);
  await choose(spare.page, month(7));
  await expect(row(spare.page).getByTestId("value-input")).toHaveValue("77");

  await broken.context.setOffline(false);
  await broken.page.getByTestId("sync-now").click();
  await synced(broken.page);
  await expect(broken.page.getByTestId("refused-count")).toHaveCount(0);
  const audit = await (await spare.page.request.get(`/api/v1/audit?entity=realisation&limit=1000`)).json();
  const changes = audit.filter((a: any) => a.key.includes(month(7)) && a.field === "value" && a.new === "77");
  expect(changes).toHaveLength(1);
  for (const device of devices) await device.context.close();
  await server.stop();
});

test("an exported queue with two photos and a step action, imported on a fresh browser profile, syncs all three", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(90_000);
  const server = await ownServer();
  const tw1 = `${year}-TW1`;
  const sekretaris = await (await browser.newContext({ baseURL: server.base })).newPage();
  await signIn(sekretaris, "sekretaris");
  const started = await sekretaris.request.post(`/api/v1/cycles/${tw1}/actions`, {
    data: { id: crypto.randomUUID(), action: "start", instruction: "Harap dikirim data kinerja TW I" },
  });
  expect(started.status(), await started.text()).toBe(200);

  // The kasubag's phone: the step's action and two photos, kept offline.
  const phone = await browser.newContext({ baseURL: server.base });
  const page = await phone.newPage();
  const errors = watch(page);
  await signIn(page, "kasubag.program");
  await openEntry(page);
  await synced(page);
  await page.getByTestId("nav-cycle").click();
  const card = page.locator(`[data-testid=cycle][data-period="${tw1}"]`);
  await expect(card.getByTestId("cycle-phase")).toHaveText("Langkah 2: Merekap laporan kinerja triwulan");
  await phone.setOffline(true);
  await card.getByTestId("note").fill("Rekap dari lapangan");
  await card.getByTestId("complete").click();
  await expect(card.getByTestId("form-message")).toHaveText("Tersimpan di perangkat. Dikirim otomatis saat tersambung kembali.");
  await page.getByTestId("nav-entry").click();
  await choose(page, month(11), SEKSI_KDL);
  await row(page).locator("summary").click();
  const photos = [photo(), Buffer.concat([photo(), Buffer.from(" kedua")])];
  const shas = photos.map((p) => createHash("sha256").update(p).digest("hex"));
  for (const [i, image] of photos.entries()) {
    await row(page).getByTestId("evidence-photo").setInputFiles({ name: `lokasi-${i}.png`, mimeType: "image/png", buffer: image });
    await expect(row(page).locator(`[data-testid=evidence-item][data-sha="${shas[i]}"]`)).toHaveCount(1);
  }
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "3");
  // A photo kept on the device opens offline, from the device's copy.
  const link = row(page).locator(`[data-testid=evidence-item][data-sha="${shas[0]}"] a`);
  await expect(link).toHaveAttribute("href", /^blob:/);
  const width = await link.evaluate(async (a: HTMLAnchorElement) => {
    const image = new Image();
    image.src = a.href;
    await image.decode();
    return image.naturalWidth;
  });
  expect(width).toBe(1);
  await page.getByTestId("sync-tools").locator("summary").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-outbox").click()]);
  const file = await download.path();

  // Another browser profile, never used before, sends all three.
  const spare = await browser.newContext({ baseURL: server.base });
  const other = await spare.newPage();
  errors.push(...watch(other));
  await signIn(other, "kasubag.program");
  await openEntry(other);
  await synced(other);
  await other.getByTestId("import-outbox").setInputFiles(file);
  await expect(other.getByTestId("sync-panel").getByTestId("form-message")).toHaveText(
    "Perubahan baru dari berkas: 2 · berkas bukti: 2 · tindakan: 1",
  );
  await synced(other);
  const board = await (await other.request.get(`/api/v1/cycles?year=${year}`)).json();
  const cycle = board.cycles.find((c: { period: string }) => c.period === tw1);
  expect(cycle.history.map((h: { action: string }) => h.action)).toEqual(["start", "complete"]);
  const records = (await (await other.request.get("/api/v1/sync/pull?cursor=0&limit=5000")).json()).records;
  const attached = records.filter((r: any) => r.entity === "evidence" && shas.includes(r.key.sha256));
  expect(attached.map((r: any) => r.values.status)).toEqual(["attached", "attached"]);
  for (const [i, sha] of shas.entries()) {
    const served = await other.request.get(`/api/v1/evidence/${sha}`);
    expect(served.status()).toBe(200);
    expect(Buffer.from(await served.body()).equals(photos[i])).toBe(true);
  }
  expect(errors.filter((e) => !e.includes("Failed to load resource") && !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
  for (const context of [sekretaris.context(), phone, spare]) await context.close();
  await server.stop();
});

test("the budget tab computes spending to date and serapan offline as the server does", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const server = await ownServer();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await synced(page);
  await context.setOffline(true);
  await choose(page, month(8));
  await page.getByTestId("tab-budget").click();
  const line = page.getByTestId("budget-row").first();
  const amount = line.getByTestId("amount-input");
  await amount.fill("12.345.678,5");
  await amount.press("Tab");
  await expect(line.getByTestId("unsent")).toBeVisible();
  const spent = await line.getByTestId("spent").textContent();
  const serapan = await line.getByTestId("serapan").textContent();
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await synced(page);
  const program = await line.getAttribute("data-program");
  const table = await (await page.request.get(`/api/v1/budget?period=${month(8)}`)).json();
  const row = table.find((r: any) => r.program.code === program);
  const number = (text: string | null) => Number(text!.replace(/[.%]/g, "").replace(",", "."));
  expect(number(spent)).toBeCloseTo(Number(row.spent_to_date), 0);
  expect(number(serapan)).toBeCloseTo(Math.round(Number(row.serapan.percent) * 100) / 100, 2);
  await context.close();
  await server.stop();
});

test("Enter keeps the value, updates the capaian and moves to the next indicator's field", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const server = await ownServer();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, "kabid.tl");
  await openEntry(page);
  await synced(page);
  // Seksi PPL, of the kepala bidang's bidang, has three quarterly indicators.
  await choose(page, `${year}-TW1`, "demo-unit-seksi-ppl");
  const [first, second] = [row(page, "IKU-02"), row(page, "IKU-03")];
  const capaian = await first.getByTestId("capaian").textContent();
  await first.getByTestId("value-input").fill("30");
  await first.getByTestId("value-input").press("Enter");
  await expect(second.getByTestId("value-input")).toBeFocused();
  await expect(first.getByTestId("capaian")).not.toHaveText(capaian!);
  await expect(first.getByTestId("value-input")).toHaveValue("30");
  await synced(page);
  const records = (await (await page.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json()).records;
  const kept = records.find((r: any) => r.key.indicator_id === "demo-indicator-iku-02" && r.key.period === `${year}-TW1`);
  expect(kept.values.value).toBe("30");
  await context.close();
  await server.stop();
});

test("each row shows the quarter's Rencana Aksi beside its target", async ({ page, pageErrors }) => {
  await signIn(page, "kasi.kdl");
  await openEntry(page);
  await choose(page, month(5));
  await expect(row(page).getByTestId("row-action")).toHaveText(
    `Rencana aksi Triwulan II ${year}: Pelaksanaan dan pemantauan kegiatan triwulan 2 (contoh).`,
  );
  await choose(page, month(11));
  await expect(row(page).getByTestId("row-action")).toHaveText(
    `Rencana aksi Triwulan IV ${year}: Pelaksanaan dan pemantauan kegiatan triwulan 4 (contoh).`,
  );
});
