// The plan set up from the pages alone, as the planning staff would for a
// new Renstra: its period (a six-year one refused in Indonesian), a tujuan
// and a sasaran under it; a programme with its ceiling; an indicator with
// every field, linked to both, with a target for each of the five Renstra
// years, and a PK target written as a range ("12 s.d. 14"). Everything
// comes back after a reload, and the exported workbook, imported again,
// changes nothing — every value is in it.
import { test, expect, waitForHydration, signIn } from "./fixtures";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

test("an administrator sets up a Renstra, a programme and a full indicator from the pages, and an export imports back unchanged", async ({ page, pageErrors }) => {
  const year = new Date().getFullYear();
  const n = Date.now() % 100000;
  const [tujuanCode, sasaranCode, programCode, code] = [`T-${n}`, `S-${n}`, `PRG-${n}`, `IKU-R${n}`];
  await signIn(page, "admin");
  await page.goto("/data-induk");
  await waitForHydration(page);

  // The Renstra page: the period, a tujuan, a sasaran under it.
  await page.getByTestId("renstra-link").click();
  await expect(page).toHaveURL(/\/data-induk\/renstra$/);
  const period = page.getByTestId("renstra-period-form");
  await period.getByLabel("Tahun awal").fill(String(year));
  await period.getByLabel("Tahun akhir").fill(String(year + 5));
  await period.getByRole("button", { name: "Simpan" }).click();
  await expect(period.locator(".field-problem")).toHaveText("Di luar rentang yang diizinkan.");
  await period.getByLabel("Tahun akhir").fill(String(year + 4));
  await period.getByRole("button", { name: "Simpan" }).click();
  await expect(period.getByTestId("form-message")).toHaveText("Tersimpan.");
  const tujuan = page.getByTestId("tujuan-form");
  await tujuan.getByLabel("Kode").fill(tujuanCode);
  await tujuan.getByLabel("Rumusan").fill("Terwujudnya tata ruang yang berkelanjutan");
  await tujuan.getByRole("button", { name: "Tambah tujuan" }).click();
  await expect(tujuan.getByTestId("form-message")).toHaveText("Tersimpan.");
  const sasaran = page.getByTestId("sasaran-form");
  await sasaran.getByLabel("Kode").fill(sasaranCode);
  await sasaran.getByLabel("Tujuan").selectOption({ label: `${tujuanCode} — Terwujudnya tata ruang yang berkelanjutan` });
  await sasaran.getByLabel("Rumusan").fill("Meningkatnya kesesuaian pemanfaatan ruang");
  await sasaran.getByRole("button", { name: "Tambah sasaran" }).click();
  await expect(sasaran.getByTestId("form-message")).toHaveText("Tersimpan.");

  // The programme page: a programme carried out by a bidang, with its pagu for this year.
  await page.goto("/data-induk");
  await waitForHydration(page);
  await page.getByTestId("programs-link").click();
  await expect(page).toHaveURL(/\/data-induk\/program$/);
  const program = page.getByTestId("program-form");
  await program.getByLabel("Kode").fill(programCode);
  await program.getByLabel("Nama").fill("Program Penataan Ruang Berkelanjutan");
  await program.getByLabel("Tingkat").selectOption("program");
  await program.getByLabel("Unit kerja").selectOption({ label: "BID-TANAH — Bidang Pertanahan" });
  await program.getByLabel("Pagu (Rp)").fill("1.250.000.000");
  await program.getByRole("button", { name: "Tambah program/kegiatan" }).click();
  await expect(program.getByTestId("form-message")).toHaveText("Tersimpan.");

  // The indicator with every field, under the new sasaran and programme,
  // with a target for each of the five Renstra years.
  await page.goto("/data-induk");
  await waitForHydration(page);
  const form = page.getByTestId("indicator-form");
  await form.getByLabel("Kode").fill(code);
  await form.getByLabel("Nama", { exact: true }).fill("Persentase pemanfaatan ruang yang sesuai RTRW");
  await form.getByLabel("Satuan").fill("persen");
  await form.getByLabel("Sasaran strategis").selectOption({ label: `${sasaranCode} — Meningkatnya kesesuaian pemanfaatan ruang` });
  await form.getByLabel("Program/kegiatan yang mendanai").selectOption({ label: `${programCode} — Program Penataan Ruang Berkelanjutan` });
  await form.getByLabel("Polaritas").selectOption("negative");
  await form.getByLabel("Agregasi").selectOption("average");
  await form.getByLabel("Jenis target TW").selectOption("per_period");
  await form.getByLabel("Frekuensi").selectOption("quarterly");
  await form.getByLabel("Unit penanggung jawab").selectOption({ label: "BID-TANAH — Bidang Pertanahan" });
  await form.getByLabel("Unit kontributor").selectOption([{ label: "OPD-PUPR — Dinas PUPR Kabupaten Balangan" }]);
  await form.getByLabel("Desimal").fill("1");
  await form.getByLabel("Rumus negatif").selectOption("inverse");
  await form.getByLabel("Definisi operasional").fill("Izin pemanfaatan ruang yang menyimpang dari RTRW");
  await form.getByLabel("Formula (uraian)").fill("pemanfaatan menyimpang / seluruh pemanfaatan × 100");
  await form.getByLabel("Sumber data").fill("Register KKPR");
  await form.getByLabel("Baseline", { exact: true }).fill("14,5");
  await form.getByLabel("Tahun baseline").fill(String(year - 1));
  await form.getByLabel("Target akhir Renstra").fill("6");
  const renstraTargets = ["12,5", "11", "9,5", "8", "6"];
  for (const [i, target] of renstraTargets.entries()) {
    await form.getByLabel(`Target ${year + i}`, { exact: true }).fill(target);
  }
  await form.getByLabel("Target tahunan (PK)").fill("12 s.d. 14");
  for (const tw of ["TW I", "TW II", "TW III", "TW IV"]) {
    await form.getByLabel(tw, { exact: true }).fill("12,5");
  }
  await form.getByLabel("Rencana aksi TW I", { exact: true }).fill("Inventarisasi KKPR terbit");
  await form.getByLabel("Rencana aksi TW III", { exact: true }).fill("Pengawasan lapangan bersama PUPR");
  await form.getByRole("button", { name: "Tambah indikator" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Tersimpan.");

  // After a reload, every page shows what was kept.
  await page.goto("/data-induk/renstra");
  await waitForHydration(page);
  await expect(period.getByLabel("Tahun awal")).toHaveValue(String(year));
  await expect(period.getByLabel("Tahun akhir")).toHaveValue(String(year + 4));
  await expect(page.getByTestId("tujuan-row").filter({ hasText: tujuanCode }).locator("td").nth(1)).toHaveText("Terwujudnya tata ruang yang berkelanjutan");
  await expect(page.getByTestId("sasaran-row").filter({ hasText: sasaranCode }).locator("td")).toHaveText([
    sasaranCode, tujuanCode, "Meningkatnya kesesuaian pemanfaatan ruang", "Ubah",
  ]);
  await page.goto("/data-induk/program");
  await waitForHydration(page);
  await expect(page.getByTestId("program-row").filter({ hasText: programCode }).locator("td")).toHaveText([
    programCode, "Program Penataan Ruang Berkelanjutan", "Program", "", "Bidang Pertanahan", "1.250.000.000", "Ubah",
  ]);
  await page.goto("/data-induk");
  await waitForHydration(page);
  await page.getByTestId("indicator-row").filter({ hasText: code }).getByRole("button", { name: "Ubah" }).click();
  await expect(form.getByLabel("Kode")).toHaveValue(code);
  for (const [i, target] of renstraTargets.entries()) {
    await expect(form.getByLabel(`Target ${year + i}`, { exact: true })).toHaveValue(target);
  }
  await expect(form.getByLabel("Frekuensi")).toHaveValue("quarterly");
  await expect(form.getByLabel("Target tahunan (PK)")).toHaveValue("12–14");
  await expect(page.getByTestId("indicator-row").filter({ hasText: code }).locator("td").nth(4)).toHaveText("12,00–14,00");
  await expect(form.getByLabel("Rencana aksi TW III", { exact: true })).toHaveValue("Pengawasan lapangan bersama PUPR");
  const state = async () => {
    const indicators = await (await page.request.get("/api/v1/indicators")).json();
    const plans = await (await page.request.get(`/api/v1/plans?year=${year}`)).json();
    return { indicators, plans };
  };
  const before = await state();
  const kept = before.indicators.find((i: { code: string }) => i.code === code);
  expect(kept.renstra_targets).toEqual(
    ["12.5", "11", "9.5", "8", "6"].map((target, i) => ({ year: year + i, target })),
  );
  expect(kept.rule).toMatchObject({ polarity: "negative", aggregation: "average", frequency: "quarterly", decimals: 1, negative_formula: "inverse" });
  expect([kept.baseline, kept.baseline_year, kept.end_target]).toEqual(["14.5", year - 1, "6"]);
  const plan = before.plans.find((p: { indicator_id: string }) => p.indicator_id === kept.id);
  expect([plan.targets.annual, plan.targets.upper.annual]).toEqual(["12", "14"]);
  const ceilings = await (await page.request.get(`/api/v1/budget?period=${year}`)).json();
  const row = ceilings.find((r: { program: { code: string } }) => r.program.code === programCode);
  expect([kept.program_id, row.pagu]).toEqual([row.program.id, "1250000000"]);

  // The export, imported again from the page, changes nothing.
  const exported = await page.request.get(`/api/v1/exports/plans.xlsx?year=${year}`);
  expect(exported.status()).toBe(200);
  await page.getByLabel("Berkas Excel (.xlsx)").setInputFiles({ name: "ekspor.xlsx", mimeType: XLSX, buffer: await exported.body() });
  await page.getByTestId("import-form").getByRole("button", { name: "Impor" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Impor berhasil");
  expect(await state()).toEqual(before);
  expect(pageErrors).toEqual([]);
});
