// Master data in the browser: an administrator adds an indicator with its
// quarter targets and finds it after a reload, and keeps every field of an
// indicator (definition to negative formula, Rencana Aksi) from the page; the form checks its input
// offline; a section head can neither open the page nor call its API; the
// administrator keeps the SOP's steps, and on Pengaturan the office calendar they are timed in.
import { test, expect, waitForHydration, signIn } from "./fixtures";

test("a wrong password is refused with an Indonesian message", async ({ page }) => {
  await page.goto("/masuk");
  await waitForHydration(page);
  await page.getByLabel("Nama pengguna").fill("admin");
  await page.getByLabel("Kata sandi").fill("bukan-sandinya-1");
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Nama pengguna atau kata sandi salah.");
  await expect(page.getByTestId("sign-in-link")).toBeVisible();
});

test("an administrator adds an indicator with quarter targets and finds it after a reload", async ({ page, pageErrors }) => {
  await signIn(page, "admin");
  await page.getByTestId("nav-master").click();
  await expect(page.getByTestId("indicators-table")).toBeVisible();
  const code = `IKU-E2E-${Date.now() % 100000}`;
  const form = page.getByTestId("indicator-form");
  await form.getByLabel("Kode").fill(code);
  await form.getByLabel("Nama", { exact: true }).fill("Jumlah kampung iklim yang dibina");
  await form.getByLabel("Satuan").fill("kampung");
  await form.getByLabel("Agregasi").selectOption("sum");
  await form.getByLabel("Unit penanggung jawab").selectOption({ label: "SEKSI-PPL — Seksi Pemeliharaan dan Pemulihan Lingkungan" });
  await form.getByLabel("Sasaran strategis").selectOption({ label: "S1 — Meningkatnya kualitas lingkungan hidup" });
  await form.getByLabel("Target tahunan (PK)").fill("1.000");
  for (const tw of ["TW I", "TW II", "TW III", "TW IV"]) {
    await form.getByLabel(tw, { exact: true }).fill("250");
  }
  await form.getByRole("button", { name: "Tambah indikator" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Tersimpan.");

  await page.reload();
  await waitForHydration(page);
  const row = page.getByTestId("indicator-row").filter({ hasText: code });
  await expect(row).toHaveCount(1);
  await expect(row.locator("td")).toHaveText([
    code, "Jumlah kampung iklim yang dibina", "kampung", "Jumlah", "1.000,00", "250,00", "250,00", "250,00", "250,00", "Ubah",
  ]);
  expect(pageErrors).toEqual([]);
});

test("an administrator keeps every field of an indicator from the page, and they come back after a reload", async ({ page, pageErrors }) => {
  await signIn(page, "admin");
  await page.goto("/data-induk");
  await waitForHydration(page);
  const code = `IKU-FULL-${Date.now() % 100000}`;
  const form = page.getByTestId("indicator-form");
  await form.getByLabel("Kode").fill(code);
  await form.getByLabel("Nama", { exact: true }).fill("Persentase pengaduan lingkungan yang berulang");
  await form.getByLabel("Satuan").fill("persen");
  await form.getByLabel("Polaritas").selectOption("negative");
  await form.getByLabel("Agregasi").selectOption("average");
  await form.getByLabel("Unit penanggung jawab").selectOption({ label: "SEKSI-PPL — Seksi Pemeliharaan dan Pemulihan Lingkungan" });
  await form.getByLabel("Unit kontributor").selectOption([
    { label: "OPD-PUPR — Dinas PUPR Kabupaten Balangan" },
    { label: "INST-BPN — Kantor Pertanahan Kabupaten Balangan (BPN)" },
  ]);
  await form.getByLabel("Desimal").fill("1");
  await form.getByLabel("Rumus negatif").selectOption("inverse");
  await form.getByLabel("Program/kegiatan yang mendanai").selectOption({ label: "PRG-03 — Program Penatagunaan Tanah" });
  await form.getByLabel("Definisi operasional").fill("Pengaduan yang sama diajukan lagi dalam 90 hari");
  await form.getByLabel("Formula (uraian)").fill("pengaduan berulang / seluruh pengaduan × 100");
  await form.getByLabel("Sumber data").fill("Register pengaduan");
  await form.getByLabel("Baseline", { exact: true }).fill("12,5");
  await form.getByLabel("Tahun baseline").fill("2024");
  await form.getByLabel("Target akhir Renstra").fill("5");
  await form.getByLabel("Target tahunan (PK)").fill("8");
  for (const tw of ["TW I", "TW II", "TW III", "TW IV"]) {
    await form.getByLabel(tw, { exact: true }).fill("8");
  }
  await form.getByLabel("Rencana aksi TW II", { exact: true }).fill("Patroli bersama DLH dan kecamatan");
  // Seven decimals are refused at the field, before anything is sent.
  await form.getByLabel("Desimal").fill("7");
  await form.getByRole("button", { name: "Tambah indikator" }).click();
  await expect(form.locator(".field-problem")).toHaveCount(1);
  await form.getByLabel("Desimal").fill("1");
  await form.getByRole("button", { name: "Tambah indikator" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Tersimpan.");

  await page.reload();
  await waitForHydration(page);
  await page.getByTestId("indicator-row").filter({ hasText: code }).getByRole("button", { name: "Ubah" }).click();
  await expect(form.getByLabel("Kode")).toHaveValue(code);
  await expect(form.getByLabel("Desimal")).toHaveValue("1");
  await expect(form.getByLabel("Rumus negatif")).toHaveValue("inverse");
  await expect(form.getByLabel("Program/kegiatan yang mendanai")).toHaveValue("demo-program-prg-03");
  await expect(form.getByLabel("Definisi operasional")).toHaveValue("Pengaduan yang sama diajukan lagi dalam 90 hari");
  await expect(form.getByLabel("Formula (uraian)")).toHaveValue("pengaduan berulang / seluruh pengaduan × 100");
  await expect(form.getByLabel("Sumber data")).toHaveValue("Register pengaduan");
  await expect(form.getByLabel("Baseline", { exact: true })).toHaveValue("12,5");
  await expect(form.getByLabel("Tahun baseline")).toHaveValue("2024");
  await expect(form.getByLabel("Target akhir Renstra")).toHaveValue("5");
  await expect(form.getByLabel("Rencana aksi TW II", { exact: true })).toHaveValue("Patroli bersama DLH dan kecamatan");
  const chosen = await form.getByLabel("Unit kontributor").evaluate((s: HTMLSelectElement) => [...s.selectedOptions].map((o) => o.value));
  expect(chosen.sort()).toEqual(["demo-unit-inst-bpn", "demo-unit-opd-pupr"]);
  // And as the server keeps it.
  const indicators = await (await page.request.get("/api/v1/indicators")).json();
  const kept = indicators.find((i: { code: string }) => i.code === code);
  expect(kept.rule).toMatchObject({ polarity: "negative", aggregation: "average", decimals: 1, negative_formula: "inverse" });
  expect([kept.baseline, kept.baseline_year, kept.end_target]).toEqual(["12.5", 2024, "5"]);
  expect(kept.program_id).toBe("demo-program-prg-03");
  expect(pageErrors).toEqual([]);
});

test("an administrator changes an indicator's targets for a chosen year", async ({ page, pageErrors }) => {
  await signIn(page, "admin");
  await page.goto("/data-induk");
  await waitForHydration(page);
  const next = new Date().getFullYear() + 1;
  await page.getByLabel("Tahun", { exact: true }).fill(String(next));
  await page.getByTestId("show-year").click();
  await expect(page.locator("h2").first()).toHaveText(`Indikator Kinerja (IKU) ${next}`);
  const row = page.getByTestId("indicator-row").filter({ hasText: "IKU-07" });
  await expect(row.locator("td").nth(4)).toHaveText("—");
  await row.getByRole("button", { name: "Ubah" }).click();
  await expect(page.getByTestId("indicator-form-heading")).toHaveText("Mengubah IKU-07");
  const form = page.getByTestId("indicator-form");
  await expect(form.getByLabel("Kode")).toHaveValue("IKU-07");
  await form.getByLabel("Target tahunan (PK)").fill("52");
  for (const tw of ["TW I", "TW II", "TW III", "TW IV"]) {
    await form.getByLabel(tw, { exact: true }).fill("13");
  }
  await form.getByRole("button", { name: "Simpan perubahan" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Tersimpan.");
  await expect(row.locator("td").nth(4)).toHaveText("52,00");

  await page.reload();
  await waitForHydration(page);
  await page.getByLabel("Tahun", { exact: true }).fill(String(next));
  await page.getByTestId("show-year").click();
  const saved = page.getByTestId("indicator-row").filter({ hasText: "IKU-07" });
  await expect(saved.locator("td").nth(4)).toHaveText("52,00");
  await expect(saved.locator("td").nth(8)).toHaveText("13,00");
  expect(await page.getByTestId("indicator-row").filter({ hasText: "IKU-07" }).count()).toBe(1);
  expect(pageErrors).toEqual([]);
});

test("the indicator form checks its input in the browser, even offline", async ({ page, context }) => {
  await signIn(page, "admin");
  await page.goto("/data-induk");
  await waitForHydration(page);
  const form = page.getByTestId("indicator-form");
  await expect(form).toBeVisible();
  await context.setOffline(true);
  await form.getByLabel("Kode").fill("IKU 99");
  await form.getByLabel("TW I", { exact: true }).fill("12.5");
  await form.getByRole("button", { name: "Tambah indikator" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Beberapa isian belum benar. Periksa pesan di bawah isian.");
  await expect(form.locator(".field-problem")).toContainText([
    "Isian tidak valid.", "Wajib diisi.", "Wajib diisi.", "Wajib diisi.",
    "Angka tidak valid. Gunakan koma untuk desimal, mis. 12,5.",
  ]);
  await context.setOffline(false);
});

test("a section head can neither open master data nor call its API", async ({ page }) => {
  await signIn(page, "kasi.kdl");
  await page.getByTestId("nav-master").click();
  await expect(page.getByTestId("access-denied")).toHaveText("Akses ditolak: halaman Data Induk hanya untuk administrator.");
  await expect(page.getByTestId("indicator-form")).toHaveCount(0);
  const statuses = await page.evaluate(async () => {
    const users = await fetch("/api/v1/users");
    const save = await fetch("/api/v1/indicators/x", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const unit = await fetch("/api/v1/units", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "u", code: "X", name: "X", kind: "seksi", parent_id: null, active: true }),
    });
    return [users.status, save.status, unit.status, (await unit.json()).error.code];
  });
  expect(statuses).toEqual([403, 403, 403, "forbidden"]);
});

test("an administrator imports an Excel export back, and a broken file is refused with its problems listed", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/data-induk");
  await waitForHydration(page);
  // The two download links stand apart, not run together as one phrase.
  const template = (await page.getByTestId("template-link").boundingBox())!;
  const exportLink = (await page.getByTestId("export-link").boundingBox())!;
  expect(exportLink.x - (template.x + template.width) >= 16 || exportLink.y >= template.y + template.height).toBe(true);
  const year = new Date().getFullYear();
  const exported = await page.request.get(`/api/v1/exports/plans.xlsx?year=${year}`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-disposition"]).toContain(`kinerja-iku-pk-renaksi-${year}.xlsx`);
  const indicators = (await (await page.request.get("/api/v1/indicators")).json()).length;
  const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  const input = page.getByLabel("Berkas Excel (.xlsx)");
  await input.setInputFiles({ name: "ekspor.xlsx", mimeType: xlsx, buffer: await exported.body() });
  await page.getByTestId("import-form").getByRole("button", { name: "Impor" }).click();
  await expect(page.getByTestId("import-result")).toHaveText(
    `Impor berhasil: ${indicators} indikator dan ${indicators} rencana tahunan tersimpan.`,
  );

  await input.setInputFiles({ name: "rusak.xlsx", mimeType: xlsx, buffer: Buffer.from("bukan berkas excel") });
  await page.getByTestId("import-form").getByRole("button", { name: "Impor" }).click();
  await expect(page.getByTestId("import-result")).toContainText("Berkas ditolak; tidak ada data yang disimpan.");
  await expect(page.getByTestId("import-problems").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("import-problems").locator("tbody td").last()).toHaveText("Isian tidak valid.");
});

test("an administrator changes a SOP step's standard time, checked in the browser, and the compliance report uses it", async ({ page, pageErrors }) => {
  await signIn(page, "admin");
  await page.goto("/data-induk");
  await waitForHydration(page);
  const step = page.locator('[data-testid=sop-step][data-step="4"]');
  await expect(step.getByTestId("step-minutes")).toHaveValue("30");
  await step.getByTestId("step-minutes").fill("0");
  await step.getByTestId("save-step").click();
  await expect(step.getByTestId("form-message")).toHaveText("Beberapa isian belum benar. Periksa pesan di bawah isian.");
  await step.getByTestId("step-minutes").fill("45");
  await step.getByTestId("save-step").click();
  await expect(step.getByTestId("form-message")).toHaveText("Tersimpan.");

  await page.goto("/siklus");
  await waitForHydration(page);
  await page.getByTestId("cycle-year").selectOption(String(new Date().getFullYear() - 1));
  await expect(page.getByTestId("compliance-row").nth(3).locator("td").nth(2)).toHaveText("45,0 menit");

  // Back to the SOP's standard time, for the other tests on this server.
  await page.goto("/data-induk");
  await waitForHydration(page);
  await step.getByTestId("step-minutes").fill("30");
  await step.getByTestId("save-step").click();
  await expect(step.getByTestId("form-message")).toHaveText("Tersimpan.");
  expect(pageErrors).toEqual([]);
});

test("an administrator keeps the office calendar, and the compliance report counts in its office hours", async ({ page, pageErrors }) => {
  await signIn(page, "admin");
  await page.goto("/pengaturan");
  await waitForHydration(page);
  const calendar = page.getByTestId("office-calendar");
  await expect(calendar.getByLabel("Zona waktu")).toHaveValue("wita");
  await expect(calendar.getByLabel("Jam buka")).toHaveValue("07:30");
  await expect(calendar.getByLabel("Jam tutup")).toHaveValue("16:00");
  await calendar.getByTestId("add-holiday").click();
  const holiday = calendar.getByTestId("holiday").last();
  await holiday.getByTestId("holiday-date").fill("2031-12-25");
  await calendar.getByTestId("save-calendar").click();
  await expect(holiday.locator(".field-problem")).toHaveText("Wajib diisi.");
  await holiday.getByTestId("holiday-name").fill("Hari Raya Natal");
  await calendar.getByLabel("Jam buka").fill("00:00");
  await calendar.getByLabel("Jam tutup").fill("23:59");
  await calendar.getByTestId("save-calendar").click();
  await expect(calendar.getByTestId("form-message")).toHaveText("Tersimpan.");

  await page.reload();
  await waitForHydration(page);
  await expect(calendar.getByTestId("holiday-name")).toHaveValue("Hari Raya Natal");
  await expect(calendar.getByTestId("holiday-date")).toHaveValue("2031-12-25");
  // Open (almost) all day, step 1 also counts the night before the first opening.
  await page.goto("/siklus");
  await waitForHydration(page);
  await page.getByTestId("cycle-year").selectOption(String(new Date().getFullYear() - 1));
  await expect(page.getByTestId("compliance-row").first().locator("td").nth(4)).toHaveText(/ jam$/);

  // Back to the default calendar, for the other tests on this server.
  await page.goto("/pengaturan");
  await waitForHydration(page);
  await calendar.getByTestId("remove-holiday").click();
  await calendar.getByLabel("Jam buka").fill("07:30");
  await calendar.getByLabel("Jam tutup").fill("16:00");
  await calendar.getByTestId("save-calendar").click();
  await expect(calendar.getByTestId("form-message")).toHaveText("Tersimpan.");
  await page.goto("/siklus");
  await waitForHydration(page);
  await page.getByTestId("cycle-year").selectOption(String(new Date().getFullYear() - 1));
  await expect(page.getByTestId("compliance-row").first().locator("td").nth(4)).toHaveText(/ menit$/);
  expect(pageErrors).toEqual([]);
});

test("an administrator resets a user's password and deactivates the account from the users table", async ({ page, pageErrors, playwright, baseURL }) => {
  await signIn(page, "admin");
  const username = `staf.uji${Date.now() % 100000}`;
  const added = await page.request.post("/api/v1/users", {
    data: { id: crypto.randomUUID(), username, full_name: "Staf Uji", nip: "", role: "staf_evaluasi", unit_id: null,
            initial_password: "Sandi-awal-2026" },
  });
  expect(added.status()).toBe(201);
  await page.goto("/data-induk");
  await waitForHydration(page);
  const row = page.getByTestId("users-table").locator(`tr[data-username="${username}"]`);
  await expect(row).toHaveAttribute("data-active", "true");
  await expect(page.getByTestId("users-table").locator('tr[data-username="admin"] button')).toHaveCount(0);

  await row.getByTestId("reset-password").click();
  const message = page.getByTestId("account-message");
  await expect(message).toContainText(`Sandi sekali pakai (harus diganti saat masuk) untuk ${username}: Kj-`);
  const password = (await message.textContent())!.split(": ").pop()!.trim();
  const api = await playwright.request.newContext({ baseURL });
  const signedIn = await api.post("/api/v1/auth/login", { data: { username, password } });
  expect(signedIn.status()).toBe(200);
  expect((await signedIn.json()).must_change_password).toBe(true);

  await row.getByTestId("toggle-active").click();
  await expect(row).toHaveAttribute("data-active", "false");
  await expect(row.locator("td").nth(4)).toHaveText("Nonaktif");
  expect((await api.get("/api/v1/auth/me")).ok()).toBe(true);
  expect(await (await api.get("/api/v1/auth/me")).json(), "the session ended").toBeNull();
  const refused = await api.post("/api/v1/auth/login", { data: { username, password } });
  expect(refused.status()).toBe(401);
  expect(pageErrors).toEqual([]);
});
