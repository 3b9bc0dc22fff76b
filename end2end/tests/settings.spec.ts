// Pengaturan in the browser: the administrator reaches it from Data Induk,
// keeps the letterhead, a signatory (a bad NIP refused in Indonesian
// before anything is sent) and the logo (a file that is not a PNG refused
// in Indonesian), finds them after a reload, and the printed LKjIP
// carries them; a band out of order in the capaian policy is refused
// and nothing changes; other roles are shown the door.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test, expect, waitForHydration, signIn } from "./fixtures";

/** The test logo: a 96 × 120 PNG crest. */
const logo = readFileSync(join(__dirname, "../../server/tests/fixtures/logo.png"));

test("an administrator sets the letterhead and a signatory, and the printed report carries them", async ({ page, pageErrors }, testInfo) => {
  const year = new Date().getFullYear();
  await signIn(page, "admin");
  const original = await (await page.request.get("/api/v1/settings/letterhead")).json();
  await page.getByTestId("nav-master").click();
  await page.getByTestId("settings-link").click();
  await expect(page).toHaveURL(/\/pengaturan$/);
  const form = page.getByTestId("letterhead-form");
  await expect(form.getByLabel("Pemerintah")).toHaveValue(original.government);
  await form.getByLabel("Alamat").fill("Jl. Uji Coba Nomor 9, Paringin");
  const annual = form.locator('[data-document="annual_report"]');
  await annual.getByTestId("signatory-name").fill("Ir. Nama Kepala Uji, M.T.");
  await annual.getByTestId("signatory-nip").fill("1970 0101");
  await form.getByTestId("save-letterhead").click();
  await expect(annual.locator(".field-problem")).toHaveText("Isian tidak valid.");
  expect((await (await page.request.get("/api/v1/settings/letterhead")).json()).address).toBe(original.address);
  await annual.getByTestId("signatory-nip").fill("19700101 199503 1 004");
  await form.getByTestId("save-letterhead").click();
  await expect(form.getByTestId("form-message").first()).toHaveText("Tersimpan.");

  // The logo: a JPEG is refused before it is sent; the PNG is kept and shown.
  const logoField = form.getByTestId("logo-field");
  await expect(logoField.getByTestId("no-logo")).toBeVisible();
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, ...new Array(30).fill(0)]);
  await logoField.getByTestId("logo-file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: jpeg });
  await expect(logoField.getByTestId("form-message")).toHaveText("Logo harus berkas PNG.");
  await logoField.getByTestId("logo-file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: logo });
  await expect(logoField.getByTestId("form-message")).toHaveText("Logo disimpan.");
  await expect(logoField.getByTestId("logo-preview")).toHaveJSProperty("naturalWidth", 96);

  await page.reload();
  await waitForHydration(page);
  await expect(form.getByLabel("Alamat")).toHaveValue("Jl. Uji Coba Nomor 9, Paringin");
  await expect(annual.getByTestId("signatory-nip")).toHaveValue("19700101 199503 1 004");
  await expect(form.getByTestId("logo-preview")).toHaveJSProperty("naturalWidth", 96);

  // A band above the one before is refused; nothing is sent.
  const policy = page.getByTestId("policy-form");
  await policy.getByLabel("Tinggi mulai", { exact: true }).fill("95");
  await policy.getByTestId("save-policy").click();
  await expect(policy.getByTestId("bands-problem")).toHaveText("Batas predikat harus menurun dari Sangat Tinggi ke Rendah.");
  expect((await (await page.request.get("/api/v1/settings/policy")).json()).bands[1].min).toBe("76");

  // The LKjIP as printed: the letterhead on top, the signatory at the end.
  await page.goto(`/laporan?laporan=annual/1&tahun=${year - 1}`);
  await waitForHydration(page);
  await expect(page.getByTestId("report-doc")).toBeVisible();
  const heading = page.getByTestId("letterhead");
  await expect(heading.locator("p")).toHaveText([
    "PEMERINTAH KABUPATEN BALANGAN",
    "DINAS PERTANAHAN DAN LINGKUNGAN HIDUP",
    "Jl. Uji Coba Nomor 9, Paringin",
  ]);
  await expect(heading.getByTestId("letterhead-logo")).toHaveJSProperty("naturalHeight", 120);
  await expect(page.getByTestId("signature-name")).toHaveText("Ir. Nama Kepala Uji, M.T.");
  await expect(page.getByTestId("signature-nip")).toHaveText("NIP. 19700101 199503 1 004");
  await page.emulateMedia({ media: "print" });
  await expect(heading).toBeVisible();
  await expect(heading.getByTestId("letterhead-logo")).toBeVisible();
  const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("lkjip-kop.png") });
  await testInfo.attach("lkjip-kop", { body: shot, contentType: "image/png" });

  // Back to what it was, for the other tests on this server.
  const restored = await page.request.put("/api/v1/settings/letterhead", { data: original });
  expect(restored.status()).toBe(204);
  expect((await page.request.delete("/api/v1/settings/logo")).status()).toBe(204);
  expect(pageErrors).toEqual([]);
});

test("a section head is shown the door of Pengaturan and cannot change a setting", async ({ page }) => {
  await signIn(page, "kasi.kdl");
  await page.goto("/pengaturan");
  await waitForHydration(page);
  await expect(page.getByTestId("access-denied")).toHaveText("Akses ditolak: halaman Pengaturan hanya untuk administrator.");
  await expect(page.getByTestId("letterhead-form")).toHaveCount(0);
  const refused = await page.request.put("/api/v1/settings/letterhead", {
    data: { government: "x", agency: "x", city: "x" },
  });
  expect(refused.status()).toBe(403);
});

test("an administrator names the predicates in the agency's scale, and the report uses the names", async ({ page, pageErrors }) => {
  const year = new Date().getFullYear();
  await signIn(page, "admin");
  const original = await (await page.request.get("/api/v1/settings/policy")).json();
  await page.goto("/pengaturan");
  await waitForHydration(page);
  const names = page.getByTestId("predicate-names");
  const scale: [string, string][] = [
    ["Sangat Tinggi", "Sangat Baik"], ["Tinggi", "Baik"], ["Sedang", "Cukup"], ["Rendah", "Kurang"], ["Sangat Rendah", "Sangat Kurang"],
  ];
  for (const [regulation, own] of scale) {
    await expect(names.getByLabel(regulation, { exact: true })).toHaveValue(regulation);
    await names.getByLabel(regulation, { exact: true }).fill(own);
  }
  // Two predicates of one name are refused before anything is sent.
  await names.getByLabel("Tinggi", { exact: true }).fill("Sangat Baik");
  await page.getByTestId("save-policy").click();
  await expect(page.getByTestId("labels-problem")).toHaveText("Setiap predikat perlu nama sendiri: satu baris, paling banyak 40 karakter, tidak boleh sama.");
  expect((await (await page.request.get("/api/v1/settings/policy")).json()).labels).toBeUndefined();
  await names.getByLabel("Tinggi", { exact: true }).fill("Baik");
  await page.getByTestId("save-policy").click();
  await expect(page.getByTestId("policy-form").getByTestId("form-message")).toHaveText("Tersimpan.");
  await page.reload();
  await waitForHydration(page);
  await expect(names.getByLabel("Sangat Tinggi", { exact: true })).toHaveValue("Sangat Baik");

  // The quarter's report, compiled now, names its predicates in the agency's words.
  await page.goto(`/laporan?laporan=quarter/1&tahun=${year}`);
  await waitForHydration(page);
  const table = page.getByTestId("report-doc").locator("table").first();
  await expect(table).toContainText("Sangat Baik");
  await expect(table).not.toContainText("Sangat Tinggi");

  const restored = await page.request.put("/api/v1/settings/policy", { data: original });
  expect(restored.status()).toBe(204);
  expect(pageErrors).toEqual([]);
});
