// One figure everywhere, on the entry page: a quarterly `average` indicator
// entered TW I 70, TW II 80, nothing for TW III, TW IV 90 shows 80,00 as its
// realisation to the end of TW IV — the mean of the quarters entered, the
// figure the measurement API and every report give for the year — never
// 82,50, the mean of the semesters' means. On a server of its own, so the
// added indicator stays out of the other tests.
import { test, expect, waitForHydration, signIn } from "./fixtures";
import { BIN, SITE, ownServer } from "./own-server";

const year = new Date().getFullYear();
const INDICATOR = {
  id: "iku-rata-rata", code: "IKU-RR", name: "Indeks kualitas air sungai", sasaran_id: null,
  unit_of_measure: "indeks",
  rule: { polarity: "positive", aggregation: "average", target_mode: "per_period", frequency: "quarterly", negative_formula: null, decimals: 2 },
  definition: "", formula: "", data_source: "", responsible_unit_id: "demo-unit-seksi-kdl", contributor_unit_ids: [],
  baseline: null, baseline_year: null, end_target: null, active: true,
};

test("the entry page shows a quarterly average to date as the mean of the quarters entered", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(90_000);
  const server = await ownServer();
  const context = await browser.newContext({ baseURL: server.base });
  const page = await context.newPage();
  await signIn(page, "admin");
  expect((await page.request.put(`/api/v1/indicators/${INDICATOR.id}`, { data: INDICATOR })).status()).toBe(204);
  const plan = [{ indicator_id: INDICATOR.id, year, targets: { annual: "80", quarters: ["75", "80", "80", "85"] }, actions: ["", "", "", ""] }];
  expect((await page.request.put(`/api/v1/plans/${year}`, { data: plan })).ok()).toBe(true);
  await page.request.post("/api/v1/auth/logout");

  await signIn(page, "kasi.kdl");
  await page.goto("/entri");
  await waitForHydration(page);
  const row = page.locator('[data-testid=entry-row][data-indicator="IKU-RR"]');
  for (const [quarter, value] of [[1, "70"], [2, "80"], [4, "90"]]) {
    await page.getByTestId("entry-period").selectOption(`${year}-TW${quarter}`);
    await row.getByTestId("value-input").fill(String(value));
    await row.getByTestId("value-input").press("Tab");
    await expect(row.getByTestId("value-input")).toHaveValue(String(value));
  }
  await expect(row.getByTestId("capaian")).toHaveText("105,88%");
  await expect(row.getByTestId("to-date-value")).toHaveText("80,00");
  // 80 against the annual target of 80.
  await expect(row.getByTestId("to-date-capaian")).toHaveText("100,00%");
  await expect(row.getByTestId("to-date-predicate")).toHaveText("Sangat Tinggi");
  await page.getByTestId("entry-period").selectOption(`${year}-TW2`);
  await expect(row.getByTestId("to-date-value")).toHaveText("75,00");
  await context.close();
  await server.stop();
});
