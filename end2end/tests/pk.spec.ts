// The planning documents in the browser. The Perjanjian Kinerja: reached
// from Laporan, the agency's agreement names the head of the agency and the
// regent, a bidang's names the user who heads it; the targets and ceilings
// are the appendix; printed alone on portrait A4 (PDF and screenshot
// attached); the DOCX downloads. The Pohon Kinerja: every tujuan, sasaran,
// indicator and its units drawn, coloured by predicate, printed to PDF.
import { test, expect, waitForHydration, signIn } from "./fixtures";

test("the Perjanjian Kinerja of the agency and of a bidang is printed as the regulation's form", async ({ page, pageErrors }, testInfo) => {
  const year = new Date().getFullYear();
  await signIn(page, "staf.evaluasi");
  await page.goto(`/laporan?laporan=annual/1&tahun=${year}`);
  await waitForHydration(page);
  await page.getByTestId("pk-link").click();
  await expect(page).toHaveURL(new RegExp(`/laporan/pk\\?tahun=${year}$`));
  const doc = page.getByTestId("pk-doc");
  await expect(page.getByTestId("pk-title")).toHaveText(`PERJANJIAN KINERJA TAHUN ${year}`);
  await expect(page.getByTestId("pk-unit")).toHaveText("DINAS PERTANAHAN DAN LINGKUNGAN HIDUP KABUPATEN BALANGAN");
  await expect(doc.getByTestId("pk-pihak-kedua").first()).toContainText("Bupati Balangan");
  await expect(doc.getByTestId("pk-pihak-pertama").first()).toContainText("Kepala Dinas Pertanahan dan Lingkungan Hidup");
  const api = await (await page.request.get(`/api/v1/perjanjian-kinerja/${year}`)).json();
  const lines = api.sasaran.flatMap((s: { indicators: unknown[] }) => s.indicators).length;
  await expect(page.getByTestId("pk-targets").locator("tbody tr")).toHaveCount(lines);
  await expect(page.getByTestId("pk-programs").locator("tbody tr")).toHaveCount(api.programs.length + 1);
  await expect(page.getByTestId("pk-programs").locator("tbody tr").last()).toContainText("Jumlah");

  await page.getByTestId("pk-unit-choice").selectOption({ label: "Bidang Tata Lingkungan" });
  await expect(page.getByTestId("pk-unit")).toHaveText("BIDANG TATA LINGKUNGAN");
  await expect(doc.getByTestId("pk-pihak-pertama").first()).toContainText("Kepala Bidang Tata Lingkungan (contoh)");
  await expect(doc.getByTestId("pk-pihak-kedua").first()).toContainText("Kepala Dinas Pertanahan dan Lingkungan Hidup");
  await expect(page.getByTestId("pk-statement")).toContainText("selanjutnya disebut pihak pertama");

  const docx = await page.request.get((await page.getByTestId("export-docx").getAttribute("href"))!);
  expect(docx.status()).toBe(200);
  expect(docx.headers()["content-type"]).toContain("wordprocessingml");

  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".app-nav")).toBeHidden();
  await expect(page.getByTestId("export-docx")).toBeHidden();
  await expect(page.getByTestId("letterhead")).toBeVisible();
  const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("perjanjian-kinerja.png") });
  await testInfo.attach("perjanjian-kinerja", { body: shot, contentType: "image/png" });
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  await testInfo.attach("perjanjian-kinerja.pdf", { body: pdf, contentType: "application/pdf" });
  expect(pageErrors).toEqual([]);
});

test("the Pohon Kinerja draws the cascade with the year's predicates and prints", async ({ page, pageErrors }, testInfo) => {
  const year = new Date().getFullYear();
  await signIn(page, "staf.evaluasi");
  await page.goto(`/laporan?laporan=annual/1&tahun=${year}`);
  await waitForHydration(page);
  await page.getByTestId("tree-link").click();
  await expect(page).toHaveURL(new RegExp(`/laporan/pohon\\?tahun=${year}$`));
  await expect(page.getByTestId("tree-title")).toHaveText(`POHON KINERJA TAHUN ${year}`);
  const chart = page.getByTestId("tree-chart");
  await expect(chart).toHaveAttribute("aria-label", `Pohon Kinerja Tahun ${year}`);

  // One box per tujuan and sasaran with indicators, two per indicator (itself and its units).
  const report = await (await page.request.get(`/api/v1/reports/annual/${year}/1`)).json();
  const renstra = await (await page.request.get("/api/v1/renstra")).json();
  type Row = { sasaran_id: string | null; indicator_code: string; measurement: { predicate: string | null } };
  const rows: Row[] = report.rows.filter((r: Row) => renstra.sasaran.some((s: { id: string }) => s.id === r.sasaran_id));
  const sasaran = renstra.sasaran.filter((s: { id: string }) => rows.some((r) => r.sasaran_id === s.id));
  const tujuan = renstra.tujuan.filter((t: { id: string }) => sasaran.some((s: { tujuan_id: string }) => s.tujuan_id === t.id));
  await expect(chart.getByTestId("tree-node")).toHaveCount(tujuan.length + sasaran.length + 2 * rows.length);
  const measured = rows.find((r) => r.measurement.predicate !== null)!;
  expect(measured, "the demo year measures an indicator").toBeTruthy();
  const box = chart.getByTestId("tree-node").filter({ has: page.locator("text.code", { hasText: new RegExp(`^${measured.indicator_code}$`) }) });
  await expect(box).toHaveClass(`node ${measured.measurement.predicate!.replace("_", "-")}`);
  await expect(page.getByTestId("tree-legend").locator("li")).toHaveCount(6);

  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".app-nav")).toBeHidden();
  await expect(chart).toBeVisible();
  const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("pohon-kinerja.png") });
  await testInfo.attach("pohon-kinerja", { body: shot, contentType: "image/png" });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  await testInfo.attach("pohon-kinerja.pdf", { body: pdf, contentType: "application/pdf" });
  expect(pageErrors).toEqual([]);
});
