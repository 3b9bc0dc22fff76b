// Impor Realisasi in the browser: reached from Entri Data; a workbook with
// a bad period is refused with the cell named in Indonesian and nothing
// can be imported; a good one is checked (nothing kept), then imported,
// and the value is the server's.
import { test, expect, waitForHydration, signIn } from "./fixtures";
import { workbook } from "./xlsx";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const COLUMNS = ["Kode IKU", "Kode unit", "Periode", "Nilai", "Analisis", "Kendala/Hambatan", "Upaya/Tindak Lanjut"];

test("a section head checks and imports a realisation workbook, a bad cell named first", async ({ page, pageErrors }) => {
  // A year no other test enters or locks, and no earlier run on this server.
  const year = 2031 + (Date.now() % 60);
  const book = (period: string) =>
    workbook([
      ["Realisasi", [COLUMNS, ["IKU-07", "SEKSI-KDL", `${year}-01`, "12,5", "Diimpor dari Excel", "", ""], ["IKU-07", "SEKSI-KDL", period, "3", "", "", ""]]],
      ["Belanja", [["Kode program", "Periode", "Jumlah"]]],
    ]);
  await signIn(page, "kasi.kdl");
  await page.goto("/entri");
  await waitForHydration(page);
  await page.getByTestId("import-link").click();
  await expect(page.getByTestId("page-title")).toHaveText("Impor Realisasi");
  await page.getByTestId("import-year").selectOption(String(new Date().getFullYear() + 1));
  await expect(page.getByTestId("template-link")).toHaveAttribute(
    "href",
    `/api/v1/templates/realisations.xlsx?year=${new Date().getFullYear() + 1}&unit=demo-unit-seksi-kdl`,
  );
  const template = await page.request.get((await page.getByTestId("template-link").getAttribute("href"))!);
  expect(template.headers()["content-type"]).toContain("spreadsheetml");

  const file = page.getByTestId("import-file");
  await file.setInputFiles({ name: "realisasi.xlsx", mimeType: XLSX, buffer: book(`${year}-13`) });
  await page.getByTestId("check-import").click();
  const problems = page.getByTestId("import-problems");
  await expect(problems.locator("tbody tr")).toHaveCount(1);
  await expect(problems.locator("tbody tr td")).toHaveText(["Realisasi", "3", "Periode", "Isian tidak valid."]);
  await expect(page.getByTestId("commit-import")).toBeDisabled();
  // The refusal is the only thing the page logged; nothing else went wrong.
  expect(pageErrors).toEqual(["console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
  pageErrors.length = 0;

  await file.setInputFiles({ name: "realisasi.xlsx", mimeType: XLSX, buffer: book(`${year}-02`) });
  await page.getByTestId("check-import").click();
  await expect(page.getByTestId("import-result")).toHaveText(
    "Diperiksa, belum disimpan: 2 baris berubah — 2 diterima, 0 digabung dengan perubahan lain, 0 menjadi konflik (diselesaikan di Konflik Data).",
  );
  const pulled = async () => {
    const answer = await (await page.request.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
    return answer.records.filter((r: { key: { period: string } }) => r.key.period === `${year}-01`);
  };
  expect(await pulled()).toEqual([]);
  await page.getByTestId("commit-import").click();
  await expect(page.getByTestId("import-result")).toContainText("Tersimpan: 2 baris berubah — 2 diterima");
  const [record] = await pulled();
  expect(record.values).toMatchObject({ value: "12.5", analisis: "Diimpor dari Excel" });
  expect(pageErrors).toEqual([]);
});
