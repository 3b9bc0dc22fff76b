// Shared test fixture: every page records console errors and uncaught
// exceptions, and a test fails if any occurred (a broken hydration shows up
// there first).
import { test as base, expect } from "@playwright/test";

export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    await use(errors);
    expect(errors, "the page logged errors").toEqual([]);
  },
});

export { expect };

/** Resolves once the wasm has hydrated the page (the app marks <body>). */
export async function waitForHydration(page: import("@playwright/test").Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** The demo accounts' password. */
export const PASSWORD = "kinerja-demo-2026";

/** Signs in through the sign-in page as a demo user. */
export async function signIn(page: import("@playwright/test").Page, username: string) {
  await page.goto("/masuk");
  await waitForHydration(page);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill(PASSWORD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
}
