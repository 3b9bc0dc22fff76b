// Jejak Audit in the browser: the administrator's account changes appear in
// the sekretaris's audit trail, filtered by record and user, newest first,
// with a CSV of the same filters; a kepala seksi is refused the page.
import { test, expect, signIn, waitForHydration } from "./fixtures";

test("the sekretaris reads the audit trail filtered by record and user, and downloads it as CSV", async ({ page, browser, pageErrors }) => {
  const admin = await browser.newPage();
  await signIn(admin, "admin");
  const username = `audit.${Date.now() % 100000}`;
  const id = crypto.randomUUID();
  const added = await admin.request.post("/api/v1/users", {
    data: { id, username, full_name: "Pengguna Audit", nip: "", role: "staf_evaluasi", unit_id: null, initial_password: "Sandi-awal-2026" },
  });
  expect(added.status()).toBe(201);
  expect((await admin.request.post(`/api/v1/users/${id}/password-reset`)).status()).toBe(200);
  await admin.close();

  await signIn(page, "sekretaris");
  await page.getByTestId("nav-audit").click();
  await expect(page.getByTestId("page-title")).toHaveText("Jejak Audit");
  const filters = page.getByTestId("audit-filters");
  await filters.getByLabel("Data").selectOption("user");
  await filters.getByLabel("Nama pengguna").fill("admin");
  await page.getByTestId("audit-show").click();
  const results = page.locator('[data-testid="audit-results"][data-query*="entity=user"][data-query*="user=admin"]');
  const rows = results.getByTestId("audit-row");
  await expect(rows.first()).toContainText(id);
  await expect(rows.first().locator("td").nth(5)).toHaveText("password");
  await expect(rows.first().locator("td").nth(7)).toHaveText("reset");
  for (const entity of await rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-entity")))) {
    expect(entity).toBe("user");
  }
  const csv = await page.getByTestId("audit-csv").getAttribute("href");
  expect(csv).toContain("entity=user");
  expect(csv).toContain("user=admin");
  const file = await page.request.get(csv!);
  expect(file.headers()["content-type"]).toContain("text/csv");
  expect(await file.text()).toContain(`{""id"":""${id}""}`);
  expect(pageErrors).toEqual([]);
});

test("a kepala seksi is refused the audit trail page", async ({ page }) => {
  await signIn(page, "kasi.kdl");
  await expect(page.getByTestId("nav-audit")).toHaveCount(0);
  await page.goto("/jejak-audit");
  await waitForHydration(page);
  await expect(page.getByTestId("access-denied")).toHaveText("Akses ditolak: jejak audit hanya untuk sekretaris dan administrator.");
});
