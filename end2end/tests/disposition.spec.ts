// Disposisi: the kepala bidang issues a Lembar Disposisi to a person and a
// position — refused in the browser first when the subject is missing — and
// it is numbered in the register; the staff member addressed finds it in the
// header's to-do list, signs the receipt and reports it done; the sheet
// prints as the A4 form without the app's frame or buttons.
import { test, expect, signIn, waitForHydration } from "./fixtures";

test("a disposition is issued, numbered, signed by its addressee and printed", async ({ page, browser, pageErrors }) => {
  test.setTimeout(60_000);
  const perihal = `Permintaan data IKLH ${Date.now()}`;
  await signIn(page, "kabid.tl");
  await page.getByTestId("nav-disposition").click();
  await expect(page.getByTestId("page-title")).toHaveText("Disposisi");
  const form = page.getByTestId("issue-form");
  await form.locator("summary").click();
  await form.getByTestId("to-people").selectOption({ label: "Staf Penyusun Evaluasi Kinerja (contoh) — Staf Penyusun Evaluasi Kinerja" });
  await form.getByTestId("to-roles").selectOption({ label: "Kepala Subbagian Program" });
  await form.getByLabel("Dengan hormat harap").fill("Siapkan data IKLH tiga tahun terakhir");
  await form.getByTestId("issue").click();
  await expect(form.getByTestId("form-message")).toHaveText("Beberapa isian belum benar. Periksa pesan di bawah isian.");
  await expect(form.locator('[name="perihal"]')).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Perihal").fill(perihal);
  await form.getByLabel("Sifat").selectOption({ label: "Segera" });
  await form.getByLabel("Surat dari").fill("Bupati Balangan");
  await form.getByTestId("issue").click();
  await expect(form.getByTestId("form-message")).toContainText("Disposisi terdaftar dengan nomor agenda");
  const row = page.getByTestId("register-row").filter({ hasText: perihal });
  await expect(row).toHaveCount(1);
  const agenda = (await row.locator("td").first().textContent()) ?? "";
  expect(agenda).toMatch(new RegExp(`^\\d{3}/${new Date().getFullYear()}$`));
  await expect(row.getByTestId("register-status")).toHaveText("Terkirim");

  // The staff member addressed signs the receipt, then reports it done.
  const context = await browser.newContext();
  const staf = await context.newPage();
  await signIn(staf, "staf.evaluasi");
  await staf.getByTestId("inbox").locator("summary").click();
  await staf.getByTestId("inbox").getByText(perihal).click();
  await expect(staf.getByTestId("sheet-perihal")).toHaveText(perihal);
  await expect(staf.getByTestId("sheet-agenda")).toHaveText(agenda);
  await expect(staf.getByTestId("sheet-to").locator("li")).toHaveText([
    "Kepala Subbagian Program",
    "Staf Penyusun Evaluasi Kinerja (contoh)",
  ]);
  await expect(staf.getByTestId("sheet-issuer")).toHaveText("Kepala Bidang Tata Lingkungan (contoh)");
  await staf.getByTestId("sign-panel").getByTestId("acknowledge").click();
  await expect(staf.getByTestId("receipt-acknowledged").nth(1)).toContainText("Staf Penyusun Evaluasi Kinerja (contoh)");
  await staf.getByTestId("done-note").fill("Data IKLH 2023–2025 terlampir");
  await staf.getByTestId("complete").click();
  await expect(staf.getByTestId("receipt-completed").nth(1)).toContainText("Staf Penyusun Evaluasi Kinerja (contoh)");
  await expect(staf.getByTestId("sign-panel")).toHaveCount(0);
  await expect(staf.getByTestId("sheet-status")).toHaveText("Terkirim");

  // Printed: the A4 form alone.
  await staf.emulateMedia({ media: "print" });
  await expect(staf.locator(".app-nav")).toBeHidden();
  await expect(staf.getByTestId("print")).toBeHidden();
  await expect(staf.getByTestId("sheet")).toBeVisible();
  await expect(staf.getByTestId("sheet")).toContainText("LEMBAR DISPOSISI");
  await context.close();

  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("register-row").filter({ hasText: perihal }).getByTestId("register-status")).toHaveText("Terkirim");
});

test("a confidential sheet to a position names the unit, and reaches that unit's holder", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const perihal = `Telaah AMDAL ${Date.now()}`;
  await signIn(page, "kabid.tl");
  await page.getByTestId("nav-disposition").click();
  const form = page.getByTestId("issue-form");
  await form.locator("summary").click();
  await form.getByLabel("Perihal").fill(perihal);
  await form.getByLabel("Sifat").selectOption({ label: "Rahasia" });
  await form.getByTestId("to-roles").selectOption({ label: "Kepala Seksi" });
  await form.getByLabel("Dengan hormat harap").fill("Telaah dokumen AMDAL terlampir");
  await form.getByTestId("issue").click();
  await expect(form.getByTestId("recipients-problem")).toHaveText("Disposisi rahasia kepada jabatan harus menyebut unitnya.");

  await form.getByLabel("Jabatan di unit").selectOption({ label: "Seksi Kajian Dampak Lingkungan" });
  await form.getByTestId("issue").click();
  await expect(form.getByTestId("form-message")).toContainText("Disposisi terdaftar dengan nomor agenda");
  const row = page.getByTestId("register-row").filter({ hasText: perihal });
  await expect(row.locator("td").nth(4)).toHaveText("Kepala Seksi — Seksi Kajian Dampak Lingkungan");

  const context = await browser.newContext();
  const kasi = await context.newPage();
  await signIn(kasi, "kasi.kdl");
  await kasi.getByTestId("inbox").locator("summary").click();
  await kasi.getByTestId("inbox").getByText(perihal).click();
  await expect(kasi.getByTestId("sheet-to").locator("li")).toHaveText(["Kepala Seksi — Seksi Kajian Dampak Lingkungan"]);
  await context.close();
});
