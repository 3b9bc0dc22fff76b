// The Perjanjian Kinerja in the browser: reached from Laporan, the
// agency's agreement names the head of the agency and the regent, a
// bidang's names the user who heads it; the targets and ceilings are the
// appendix; printed alone on portrait A4 (PDF and screenshot attached);
// the DOCX downloads.
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
