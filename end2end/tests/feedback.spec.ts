// Long work shows itself: a report being compiled, a file being downloaded
// (with a clear sentence offline instead of a browser error), a workbook
// being uploaded and checked. Each is held at the network by the test, so
// what the user sees meanwhile can be read. (Pages without the service
// worker, whose requests the interception would not see.)
import { test, expect, hold, signIn, waitForHydration } from "./fixtures";
import { workbook } from "./xlsx";

const year = new Date().getFullYear();
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

test("a report being compiled and a file being downloaded are shown; a download offline says why it cannot", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, "sekretaris");
  const report = `/api/v1/reports/quarter/${year}/1`;
  const compiling = await hold(page, "GET", report);
  await page.goto(`/laporan?laporan=quarter/1&tahun=${year}`);
  await waitForHydration(page);
  await compiling.waitForRequest();
  await expect(page.getByTestId("working")).toContainText("Menyusun laporan dari data terbaru…");
  await expect(page.getByTestId("working").locator("progress")).toHaveCount(1);
  // After a second the time taken shows.
  await expect(page.getByTestId("working")).toContainText("detik");
  compiling.release();
  await expect(page.getByTestId("export-xlsx")).toBeVisible();
  await expect(page.getByTestId("working")).toHaveCount(0);

  await context.setOffline(true);
  await page.getByTestId("export-xlsx").click();
  await expect(page.getByTestId("download-state")).toHaveText("Unduhan memerlukan koneksi ke server. Coba lagi saat tersambung.");
  await context.setOffline(false);

  const file = await hold(page, "GET", `${report}/export/xlsx`);
  const downloaded = page.waitForEvent("download");
  await page.getByTestId("export-xlsx").click();
  await file.waitForRequest();
  await expect(page.getByTestId("download-state")).toHaveAttribute("data-state", "fetching");
  await expect(page.getByTestId("download-state")).toContainText("Mengunduh…");
  file.release();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const saved = await download.path();
  expect(saved).toBeTruthy();
  await expect(page.getByTestId("download-state")).toHaveCount(0);
  await context.close();
});

test("a workbook being uploaded and checked is shown until the answer", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL, serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, "kasi.kdl");
  await page.goto("/entri/impor");
  await waitForHydration(page);
  const columns = ["Kode IKU", "Kode unit", "Periode", "Nilai", "Analisis", "Kendala/Hambatan", "Upaya/Tindak Lanjut"];
  const book = workbook([
    ["Realisasi", [columns, ["IKU-07", "SEKSI-KDL", `${2031 + (Date.now() % 60)}-01`, "12,5", "", "", ""]]],
    ["Belanja", [["Kode program", "Periode", "Jumlah"]]],
  ]);
  await page.getByTestId("import-file").setInputFiles({ name: "realisasi.xlsx", mimeType: XLSX, buffer: book });
  const checking = await hold(page, "POST", "/api/v1/imports/realisations");
  await page.getByTestId("check-import").click();
  await checking.waitForRequest();
  await expect(page.getByTestId("working")).toContainText("Mengunggah dan memeriksa berkas…");
  await expect(page.getByTestId("check-import")).toBeDisabled();
  checking.release();
  await expect(page.getByTestId("import-result")).toContainText("Diperiksa, belum disimpan");
  await expect(page.getByTestId("working")).toHaveCount(0);
  await context.close();
});
