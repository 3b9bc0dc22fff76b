// Siklus Pelaporan: the year's cycles with where each stands, and the SOP
// compliance report of last year's seeded cycles against the standard times.
import { test, expect, signIn } from "./fixtures";

test("the compliance report sets last year's seeded cycles against the SOP's standard times", async ({ page, pageErrors }) => {
  await signIn(page, "kasubag.program");
  await page.getByTestId("nav-cycle").click();
  await expect(page.getByTestId("page-title")).toHaveText("Siklus Pelaporan");
  const lastYear = new Date().getFullYear() - 1;
  await page.getByTestId("cycle-year").selectOption(String(lastYear));
  await expect(page.getByTestId("cycle")).toHaveCount(7);
  const s2 = page.locator(`[data-period="${lastYear}-S2"]`);
  await expect(s2.getByTestId("cycle-phase")).toHaveText("Disetujui — data periode ini dikunci");
  await expect(s2).toContainText("Putaran telaah 2");
  await expect(s2.getByTestId("cycle-turn")).toHaveCount(0);

  const rows = page.getByTestId("compliance-row");
  await expect(rows).toHaveCount(9);
  await expect(rows.nth(1).locator("td")).toHaveText([
    "2", "Merekap laporan kinerja triwulan", "30,0 menit", "4", /^\d+,\d (menit|jam)$/, /^\d+,\d (menit|jam)$/, /^\d$/,
  ]);
  await expect(rows.nth(6).locator("td").nth(2)).toHaveText("120,0 hari");
  await expect(page.getByTestId("compliance-chart").locator("rect")).toHaveCount(9);
});
