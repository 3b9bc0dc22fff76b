// Laporan: the agency's first semester report of this year (after a look
// at a unit's, chosen by its address) shown as the document the agency prints — its table and charts agree with the API — kept as a draft
// by the programme staff, approved by the sekretaris from the version he
// read, then printed (A4 landscape, without the app's frame) and
// photographed; the approved version's file is offered; and the page opens
// the same report offline from its address.
import { test, expect, signIn, waitForHydration } from "./fixtures";
import { watch, workerActive } from "./own-server";
import type { Page } from "@playwright/test";

const UNIT = "demo-unit-seksi-kdl";

async function openReport(page: Page, address: string) {
  await page.goto(address);
  await waitForHydration(page);
  await expect(page.getByTestId("report-doc")).toBeVisible();
}

test("a report is shown as its printed document, kept as a draft, approved as read, printed and read offline", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const errors = watch(page);
  const year = new Date().getFullYear();
  await signIn(page, "staf.evaluasi");
  await page.getByTestId("nav-reports").click();
  await expect(page.getByTestId("page-title")).toHaveText("Laporan");
  await expect(page.getByTestId("report-doc")).toBeVisible();
  await page.getByTestId("report-kind").selectOption("semester/1");
  await page.getByTestId("report-unit").selectOption(UNIT);
  await expect(page).toHaveURL(new RegExp(`laporan=semester/1&tahun=${year}&unit=${UNIT}$`));
  await expect(page.getByTestId("report-title")).toHaveText(`Laporan Kinerja Semester I ${year}`);
  await expect(page.getByTestId("report-subject")).toContainText("Seksi Kajian Dampak Lingkungan");
  await page.getByTestId("report-unit").selectOption("");
  await expect(page).toHaveURL(new RegExp(`laporan=semester/1&tahun=${year}$`));
  await expect(page.getByTestId("report-subject")).toHaveText("Dinas Pertanahan dan Lingkungan Hidup Kabupaten Balangan");

  // The document holds the API's report: a row per indicator, the parts' columns, a bar per measured capaian.
  const api = await (await page.request.get(`/api/v1/reports/semester/${year}/1`)).json();
  expect(api.rows.filter((r: { measurement: { capaian: { state: string } } }) => r.measurement.capaian.state === "value").length).toBeGreaterThan(5);
  const table = page.getByTestId("report-table");
  await expect(table.locator("tbody tr")).toHaveCount(api.rows.length);
  for (const heading of ["Realisasi TW I", "Realisasi TW II", "Realisasi Semester I", "Capaian Semester I (%)", "Predikat"]) {
    await expect(table.locator("th", { hasText: heading }).first()).toBeVisible();
  }
  const measured = (m: { capaian: { state: string } }) => m.capaian.state === "value";
  await expect(page.getByTestId("chart-capaian").locator("rect")).toHaveCount(api.rows.filter((r: { measurement: never }) => measured(r.measurement)).length);
  const points = [0, 1].filter((i) => api.rows.some((r: { parts: never[] }) => measured(r.parts[i]))).length
    + (api.rows.some((r: { measurement: never }) => measured(r.measurement)) ? 1 : 0);
  await expect(page.getByTestId("chart-trend").locator("rect")).toHaveCount(points);
  await expect(page.getByTestId("budget-table").locator("tbody tr")).toHaveCount(api.budget.length);
  await expect(page.getByTestId("chart-serapan").locator("rect")).toHaveCount(api.budget.filter((b: { serapan: { state: string } }) => b.serapan.state === "value").length);
  const first = api.rows[0];
  await expect(table.locator("tbody tr").first().locator("td").nth(1)).toHaveText(first.indicator_code);

  // The programme staff keep the current data as the draft.
  await expect(page.getByTestId("no-versions")).toBeVisible();
  await page.getByTestId("regenerate").click();
  await expect(page.getByTestId("version-message")).toHaveText("Versi baru tersimpan sebagai draf.");
  await expect(page.getByTestId("version-row")).toHaveCount(1);
  await expect(page.getByTestId("approve-version")).toHaveCount(0);

  // The sekretaris reads version 1 and approves it.
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin });
  const sekretaris = await context.newPage();
  const theirs = watch(sekretaris);
  await signIn(sekretaris, "sekretaris");
  await openReport(sekretaris, `/laporan?laporan=semester/1&tahun=${year}`);
  await expect(sekretaris.getByTestId("approve-version")).toHaveCount(0);
  await sekretaris.getByTestId("view-version").click();
  await expect(sekretaris.getByTestId("report-status")).toHaveText("Versi 1 — draf, belum disetujui");
  await sekretaris.getByTestId("approve-version").click();
  await expect(sekretaris.getByTestId("version-message")).toHaveText("Versi ini disetujui. Isinya tidak akan berubah lagi.");
  await expect(sekretaris.getByTestId("version-row")).toHaveAttribute("data-status", "approved");
  await expect(sekretaris.getByTestId("report-status")).toContainText("Versi 1 — disetujui oleh Sekretaris Dinas (contoh)");
  const xlsx = sekretaris.getByTestId("export-xlsx");
  await expect(xlsx).toHaveAttribute("href", `/api/v1/reports/semester/${year}/1/export/xlsx?version=1`);
  const file = await sekretaris.request.get((await xlsx.getAttribute("href"))!);
  expect(file.headers()["content-type"]).toContain("spreadsheetml");

  // Printed: only the document, on A4 landscape, with the signature block.
  await sekretaris.emulateMedia({ media: "print" });
  await expect(sekretaris.locator(".app-nav")).toBeHidden();
  await expect(sekretaris.getByTestId("report-versions")).toBeHidden();
  await expect(sekretaris.getByTestId("report-kind")).toBeHidden();
  await expect(sekretaris.getByTestId("signature")).toBeVisible();
  const shot = await sekretaris.screenshot({ fullPage: true, path: testInfo.outputPath("laporan-cetak.png") });
  await testInfo.attach("laporan-cetak", { body: shot, contentType: "image/png" });
  expect(shot.length).toBeGreaterThan(20_000);
  const pdf = await sekretaris.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(theirs).toEqual([]);
  await context.close();

  // The staff member's page opens the same report from its address with the network off.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("report-title")).toHaveText(`Laporan Kinerja Semester I ${year}`);
  await workerActive(page);
  await page.context().setOffline(true);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("report-title")).toHaveText(`Laporan Kinerja Semester I ${year}`);
  await expect(page.getByTestId("report-table").locator("tbody tr")).toHaveCount(api.rows.length);
  await page.context().setOffline(false);
  expect(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED"))).toEqual([]);
});
