// Beranda as each role sees it on the demo agency with a quarter under way
// (the sekretaris has started TW I; the kasubag's step 2 is next): their
// to-dos, the cycles and whose turn it is, data completeness per unit,
// capaian by sasaran with predicate colours, what is overdue — and the
// same again offline, from what the device kept.
import { test, expect, waitForHydration, signIn } from "./fixtures";
import { BIN, SITE, ownServer, watch, workerActive } from "./own-server";
import type { Browser, Page } from "@playwright/test";

const year = new Date().getFullYear();
const tw1 = `${year}-TW1`;

async function home(browser: Browser, base: string, username: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await signIn(page, username);
  await page.goto("/");
  await waitForHydration(page);
  await expect(page.getByTestId("dashboard")).toBeVisible();
  return page;
}

/** What the dashboard shows, section by section, in words. */
async function seen(page: Page) {
  const text = async (id: string) => (await page.getByTestId(id).innerText()).replace(/\s+/g, " ").trim();
  return {
    todo: await text("dash-todo"),
    cycles: await text("dash-cycles"),
    completeness: await text("dash-completeness"),
    sasaran: await text("dash-sasaran"),
    overdue: await text("dash-overdue"),
  };
}

test("Beranda shows each role where the agency stands, online and offline", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(180_000);
  const server = await ownServer();
  const sekretaris = await home(browser, server.base, "sekretaris");
  const started = await sekretaris.request.post(`/api/v1/cycles/${tw1}/actions`, {
    data: { id: crypto.randomUUID(), action: "start", instruction: "Harap dikirim data kinerja TW I" },
  });
  expect(started.status(), await started.text()).toBe(200);
  await sekretaris.context().close();
  // What each role sees: whose turn, how many units' completeness, which sasaran, their to-dos.
  const expected: Record<string, { mine: boolean; units: number; sasaran: string[]; turns: number; dispositions: number }> = {
    admin: { mine: false, units: 11, sasaran: ["S1", "S2", "S3", "S4"], turns: 0, dispositions: 0 },
    sekretaris: { mine: false, units: 11, sasaran: ["S1", "S2", "S3", "S4"], turns: 0, dispositions: 0 },
    "kabid.tl": { mine: false, units: 3, sasaran: ["S1"], turns: 0, dispositions: 2 },
    "kasubag.program": { mine: true, units: 11, sasaran: ["S1", "S2", "S3", "S4"], turns: 1, dispositions: 8 },
    "kasi.kdl": { mine: false, units: 1, sasaran: ["S2"], turns: 0, dispositions: 1 },
    "staf.evaluasi": { mine: false, units: 11, sasaran: ["S1", "S2", "S3", "S4"], turns: 0, dispositions: 0 },
  };
  const colours: Record<string, string> = {
    "Sangat Tinggi": "sangat-tinggi",
    Tinggi: "tinggi",
    Sedang: "sedang",
    Rendah: "rendah",
    "Sangat Rendah": "sangat-rendah",
    "Belum dapat diukur": "unmeasured",
  };
  for (const [username, sees] of Object.entries(expected)) {
    const page = await home(browser, server.base, username);
    const errors = watch(page);
    const cycle = page.getByTestId("dash-cycle");
    await expect(cycle, username).toHaveCount(1);
    await expect(cycle).toHaveAttribute("data-period", tw1);
    await expect(cycle).toHaveAttribute("data-mine", String(sees.mine));
    await expect(cycle).toContainText(`Triwulan I ${year} · Langkah 2: Merekap laporan kinerja triwulan · Giliran: ${sees.mine ? "Anda" : "Kepala Subbagian Program"}`);
    const units = page.getByTestId("dash-unit");
    await expect(units, username).toHaveCount(sees.units);
    // Least complete first (the demo's quarters have gaps).
    await expect(units.first()).toHaveAttribute("data-complete", "false");
    await expect(units.first()).toContainText("Belum lengkap");
    if (username === "kasi.kdl") await expect(units.first()).toContainText("Seksi Kajian Dampak Lingkungan");
    const rows = page.getByTestId("dash-sasaran-row");
    await expect(rows, username).toHaveCount(sees.sasaran.length);
    expect(await rows.evaluateAll((all) => all.map((r) => r.getAttribute("data-code")))).toEqual(sees.sasaran);
    for (const row of await rows.all()) {
      const predicate = (await row.locator("td").nth(2).innerText()).trim();
      await expect(row.locator(".swatch"), `${username}: ${predicate}`).toHaveClass(`swatch ${colours[predicate]}`);
    }
    await expect(page.getByTestId("dash-todo").getByTestId("todo-turn")).toHaveCount(sees.turns);
    await expect(page.getByTestId("dash-todo").getByTestId("todo-disposition")).toHaveCount(sees.dispositions);
    if (sees.turns + sees.dispositions === 0) await expect(page.getByTestId("dash-todo")).toContainText("Tidak ada tugas yang menunggu Anda.");
    await expect(page.getByTestId("dash-overdue")).toContainText("Tidak ada yang terlambat.");

    // Offline, from what the device kept: the same.
    const online = await seen(page);
    await workerActive(page);
    await page.context().setOffline(true);
    await page.reload();
    await waitForHydration(page);
    await expect(page.getByTestId("dash-cycle")).toHaveCount(1);
    expect(await seen(page), `${username} offline`).toEqual(online);
    expect(errors.filter((e) => !e.includes("Failed to load resource") && !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
    await page.context().close();
  }
  await server.stop();
});
