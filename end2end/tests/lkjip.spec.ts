// The LKjIP in its outline: the chapters pre-filled from the data, Bab II's
// PK and Bab III's efficiency table as the API compiles them; the staff
// member rewrites Bab IV, a colleague who opened the same text earlier is
// refused without losing what he typed, the rewrite goes into the kept
// draft, the comparison names the chapter, and the generated text returns,
// even when its answer arrives after a reload started earlier has redrawn
// the document; a box being written in stays open through that redraw.
// On a server of the test's own, so the chapters start as generated.
import { test, expect, hold, signIn, waitForHydration } from "./fixtures";
import { BIN, SITE, ownServer, watch } from "./own-server";
import type { Browser, Page } from "@playwright/test";

async function reader(browser: Browser, base: string, username: string, address: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await signIn(page, username);
  await page.goto(address);
  await waitForHydration(page);
  await expect(page.getByTestId("report-doc")).toBeVisible();
  return page;
}

const chapter = (page: Page, key: string) => page.locator(`[data-testid=report-chapter][data-key=${key}]`);

test("the LKjIP's chapters are pre-filled, rewritten from the text read, kept in the draft and compared", async ({ browser }, testInfo) => {
  test.setTimeout(90_000);
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  const server = await ownServer();
  const year = new Date().getFullYear();
  const address = `/laporan?laporan=annual/1&tahun=${year}`;
  const staf = await reader(browser, server.base, "staf.evaluasi", address);
  const kasubag = await reader(browser, server.base, "kasubag.program", address);
  const errors = [staf, kasubag].map(watch);

  // The outline, with the API's tables and the generated chapters.
  const api = await (await staf.request.get(`/api/v1/reports/annual/${year}/1`)).json();
  await expect(staf.getByTestId("report-title")).toHaveText(`Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun ${year}`);
  await expect(staf.getByTestId("report-chapter")).toHaveCount(5);
  const keys = await staf.getByTestId("report-chapter").evaluateAll((all) => all.map((c) => c.getAttribute("data-key")));
  expect(keys).toEqual(["ikhtisar_eksekutif", "pendahuluan", "analisis_capaian", "efisiensi", "penutup"]);
  const pk = api.lkjip.pk.flatMap((s: { indicators: unknown[] }) => s.indicators);
  await expect(staf.getByTestId("pk-table").locator("tbody tr")).toHaveCount(pk.length);
  await expect(staf.getByTestId("efficiency-table").locator("tbody tr")).toHaveCount(api.lkjip.efficiency.length);
  // The demo's indicators name their programmes: efficiency per sasaran and per indicator too.
  expect(api.lkjip.efficiency_by_sasaran.length).toBeGreaterThan(0);
  await expect(staf.getByTestId("efficiency-sasaran-table").locator("tbody tr")).toHaveCount(api.lkjip.efficiency_by_sasaran.length);
  await expect(staf.getByTestId("efficiency-indicator-table").locator("tbody tr")).toHaveCount(api.lkjip.efficiency_by_indicator.length);
  const generated = api.lkjip.chapters[4].text as string;
  await expect(chapter(staf, "penutup").getByTestId("chapter-body")).toHaveText(generated);
  await expect(chapter(staf, "ikhtisar_eksekutif").getByTestId("chapter-body")).toContainText("Rata-rata capaian indikator");

  // Both open Bab IV; the staff member saves first.
  for (const page of [staf, kasubag]) await chapter(page, "penutup").getByTestId("chapter-edit").click();
  const mine = "Capaian kinerja tahun ini baik. Data OPD mitra perlu dikumpulkan lebih awal.";
  await chapter(staf, "penutup").getByTestId("chapter-text").fill(mine);
  await chapter(staf, "penutup").getByTestId("chapter-save").click();
  await expect(staf.getByTestId("version-message")).toContainText("Bab tersimpan");
  await expect(chapter(staf, "penutup").getByTestId("chapter-body")).toHaveText(mine);
  await expect(chapter(staf, "penutup")).toContainText("Disunting oleh Staf Penyusun Evaluasi Kinerja (contoh)");

  // The colleague's save started from the generated text: refused, his text kept in the box.
  const theirs = "Kesimpulan versi kasubag.";
  await chapter(kasubag, "penutup").getByTestId("chapter-text").fill(theirs);
  await chapter(kasubag, "penutup").getByTestId("chapter-save").click();
  await expect(chapter(kasubag, "penutup").getByTestId("chapter-message")).toContainText("sudah diubah orang lain");
  await expect(chapter(kasubag, "penutup").getByTestId("chapter-text")).toHaveValue(theirs);
  const now = await (await kasubag.request.get(`/api/v1/reports/annual/${year}/1`)).json();
  expect(now.lkjip.chapters[4].text).toBe(mine);

  // Kept as draft 1 with the rewrite; the generated text returns; draft 2's comparison names the chapter.
  // The reset is clicked while the reload after the new draft is still on its way, and
  // answered only once that reload has redrawn the document: it still shows.
  const reportPath = `/api/v1/reports/annual/${year}/1`;
  const reload = await hold(staf, "GET", reportPath);
  const reset = await hold(staf, "PUT", `${reportPath}/chapters/penutup`);
  const unsaved = "Ikhtisar yang belum disimpan.";
  await chapter(staf, "ikhtisar_eksekutif").getByTestId("chapter-edit").click();
  await chapter(staf, "ikhtisar_eksekutif").getByTestId("chapter-text").fill(unsaved);
  await staf.getByTestId("regenerate").click();
  await expect(staf.getByTestId("version-message")).toHaveText("Versi baru tersimpan sebagai draf.");
  const v1 = await (await staf.request.get(`${reportPath}/versions/1`)).json();
  expect(v1.report.lkjip.chapters[4].text).toBe(mine);
  await reload.waitForRequest();
  await expect(staf.getByTestId("no-versions")).toBeVisible();
  await chapter(staf, "penutup").getByTestId("chapter-reset").click();
  await reset.waitForRequest();
  reload.release();
  await expect(staf.getByTestId("version-row")).toHaveCount(1);
  await expect(chapter(staf, "ikhtisar_eksekutif").getByTestId("chapter-text")).toHaveValue(unsaved);
  reset.release();
  await expect(chapter(staf, "penutup").getByTestId("chapter-body")).toHaveText(generated);
  await expect(chapter(staf, "ikhtisar_eksekutif").getByTestId("chapter-text")).toHaveValue(unsaved);
  await chapter(staf, "ikhtisar_eksekutif").getByRole("button", { name: "Batal" }).click();
  await expect(chapter(staf, "ikhtisar_eksekutif").getByTestId("chapter-text")).toHaveCount(0);
  const sekretaris = await reader(browser, server.base, "sekretaris", address);
  await sekretaris.getByTestId("view-version").click();
  await expect(sekretaris.getByTestId("report-status")).toHaveText("Versi 1 — draf, belum disetujui");
  await expect(sekretaris.getByTestId("chapter-edit")).toHaveCount(0);
  await sekretaris.getByTestId("approve-version").click();
  await expect(sekretaris.getByTestId("version-row")).toHaveAttribute("data-status", "approved");
  await staf.getByTestId("regenerate").click();
  await expect(staf.getByTestId("version-row")).toHaveCount(2);
  await staf.getByTestId("compare-version").last().click();
  const change = staf.getByTestId("chapter-change");
  await expect(change).toHaveCount(1);
  await expect(change).toContainText("Bab IV Penutup");
  await expect(change).toContainText(mine);

  // Printed, the chapters show without their editing controls.
  await staf.emulateMedia({ media: "print" });
  await expect(chapter(staf, "penutup").getByTestId("chapter-body")).toBeVisible();
  await expect(staf.getByTestId("chapter-edit").first()).toBeHidden();
  const shot = await staf.screenshot({ fullPage: true, path: testInfo.outputPath("lkjip-cetak.png") });
  await testInfo.attach("lkjip-cetak", { body: shot, contentType: "image/png" });
  expect(errors.flat()).toEqual([]);
  await server.stop();
});
