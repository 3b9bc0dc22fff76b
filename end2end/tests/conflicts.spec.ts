// Konflik Data in the browser: two devices change the same value
// differently; a kepala bidang in scope sees both values and resolves one
// conflict with the device's value and another with a value typed in
// Indonesian notation; the server holds the choices afterwards.
import { test, expect, waitForHydration, signIn } from "./fixtures";
import { op, push, session } from "./sync-api";

test("a conflict between two devices is resolved in the browser by a user in scope", async ({ page, pageErrors, playwright, baseURL }) => {
  const year = 2035 + (Date.now() % 60);
  const [march, april] = [`${year}-03`, `${year}-04`];
  const kasi = await session(playwright, baseURL, "kasi.kdl");
  const staf = await session(playwright, baseURL, "staf.evaluasi");
  const [phone, laptop] = [crypto.randomUUID(), crypto.randomUUID()];

  let answers = await push(kasi, phone, [
    op(1, march, 0, {}, { value: "4" }),
    op(2, april, 0, {}, { kendala: "hujan" }),
  ]);
  expect(answers.map((a: any) => a.outcome)).toEqual(["applied", "applied"]);
  answers = await push(kasi, phone, [
    op(3, march, 1, { value: "4" }, { value: "5" }),
    op(4, april, 1, { kendala: "hujan" }, { kendala: "banjir" }),
  ]);
  expect(answers.map((a: any) => a.outcome)).toEqual(["applied", "applied"]);
  answers = await push(staf, laptop, [
    op(1, march, 1, { value: "4" }, { value: "6.25" }),
    op(2, april, 1, { kendala: "hujan" }, { kendala: "jalan longsor" }),
  ]);
  expect(answers.map((a: any) => a.outcome)).toEqual(["conflict", "conflict"]);

  await signIn(page, "kabid.tl");
  await page.goto("/konflik");
  await waitForHydration(page);
  await expect(page.getByTestId("page-title")).toHaveText("Konflik Data");
  const marchCard = page.getByTestId("conflict").filter({ hasText: `Maret ${year}` });
  await expect(marchCard.getByTestId("base-value")).toHaveText("4");
  await expect(marchCard.getByTestId("server-value")).toHaveText("5");
  await expect(marchCard.getByTestId("client-value")).toContainText("6,25");
  await expect(marchCard.getByTestId("client-value")).toContainText("Staf Penyusun Evaluasi Kinerja (contoh)");
  await expect(marchCard.getByTestId("client-value")).toContainText(/\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4} \d{2}\.\d{2}/);
  await marchCard.getByTestId("take-client").click();
  await expect(page.getByTestId("resolved-notice")).toBeVisible();
  await expect(marchCard).toHaveCount(0);

  const aprilCard = page.getByTestId("conflict").filter({ hasText: `April ${year}` });
  await expect(aprilCard.getByTestId("server-value")).toHaveText("banjir");
  await aprilCard.getByLabel("Nilai lain").fill("banjir dan jalan longsor");
  await aprilCard.getByTestId("resolve-other").click();
  await expect(aprilCard).toHaveCount(0);

  const pulled = await (await kasi.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
  const record = (period: string) =>
    pulled.records.find((r: any) => r.key.indicator_id === "demo-indicator-iku-07" && r.key.period === period);
  expect(record(march).values.value).toBe("6.25");
  expect(record(april).values.kendala).toBe("banjir dan jalan longsor");
  expect([record(march).conflicted, record(april).conflicted]).toEqual([false, false]);
  expect(pageErrors).toEqual([]);
});

test("a number typed to resolve a conflict is checked in the browser first", async ({ page, pageErrors, playwright, baseURL }) => {
  const year = 2035 + ((Date.now() + 30) % 60);
  const may = `${year}-05`;
  const kasi = await session(playwright, baseURL, "kasi.kdl");
  const staf = await session(playwright, baseURL, "staf.evaluasi");
  await push(kasi, crypto.randomUUID(), [op(1, may, 0, {}, { value: "1" }), op(2, may, 1, { value: "1" }, { value: "2" })]);
  const answers = await push(staf, crypto.randomUUID(), [op(1, may, 1, { value: "1" }, { value: "3" })]);
  expect(answers[0].outcome).toBe("conflict");

  await signIn(page, "kasi.kdl");
  await page.goto("/konflik");
  await waitForHydration(page);
  const card = page.getByTestId("conflict").filter({ hasText: `Mei ${year}` });
  await card.getByLabel("Nilai lain").fill("7.5");
  await card.getByTestId("resolve-other").click();
  await expect(card.getByTestId("form-message")).toHaveText("Beberapa isian belum benar. Periksa pesan di bawah isian.");
  await card.getByLabel("Nilai lain").fill("7,5");
  await card.getByTestId("resolve-other").click();
  await expect(card).toHaveCount(0);
  const pulled = await (await kasi.get("/api/v1/sync/pull?cursor=0&limit=2000")).json();
  const record = pulled.records.find((r: any) => r.key.indicator_id === "demo-indicator-iku-07" && r.key.period === may);
  expect(record.values.value).toBe("7.5");
  expect(pageErrors).toEqual([]);
});
