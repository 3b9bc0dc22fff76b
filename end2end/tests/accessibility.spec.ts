// axe-core on every route, signed out and signed in as each role of the
// demo: no serious or critical violation. Each page is checked once its
// data has loaded (the loading note gone), in Indonesian.
import AxeBuilder from "@axe-core/playwright";
import { test, expect, waitForHydration, signIn } from "./fixtures";

const ROUTES = [
  "/",
  "/entri",
  "/entri/impor",
  "/siklus",
  "/disposisi",
  "/laporan",
  "/laporan/progres",
  "/laporan/pk",
  "/laporan/pohon",
  "/data-induk",
  "/data-induk/renstra",
  "/data-induk/program",
  "/pengaturan",
  "/konflik",
  "/jejak-audit",
];

const ROLES = [null, "admin", "sekretaris", "kabid.tl", "kasubag.program", "kasi.kdl", "staf.evaluasi"];

for (const user of ROLES) {
  test(`every route has no serious or critical axe violation: ${user ?? "signed out"}`, async ({ page }) => {
    test.setTimeout(180_000);
    if (user) await signIn(page, user);
    const found: string[] = [];
    for (const path of user ? ROUTES : [...ROUTES, "/masuk"]) {
      await page.goto(path);
      await waitForHydration(page);
      await expect(page.getByText("Memuat…")).toHaveCount(0, { timeout: 15_000 });
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        found.push(`${path}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      }
    }
    expect(found).toEqual([]);
  });
}
