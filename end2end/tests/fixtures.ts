// Shared test fixtures: every page records console errors and uncaught
// exceptions, and a test fails if any occurred (a broken hydration shows up
// there first); and every browser context a test opens — the default one,
// `browser.newContext()` and persistent ones — reports Content Security
// Policy violations, which fail the test (docs/security.md).
import { test as base, expect } from "@playwright/test";
import type { BrowserContext } from "@playwright/test";

/** Makes `context` report every `securitypolicyviolation` into `violations`. */
async function reportViolations(context: BrowserContext, violations: string[]) {
  await context.exposeBinding("__kinerjaPolicyViolation", (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as any).__kinerjaPolicyViolation;
      report(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.documentURI}`);
    });
  });
}

export const test = base.extend<{ pageErrors: string[]; policyViolations: string[] }>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    await use(errors);
    expect(errors, "the page logged errors").toEqual([]);
  },
  policyViolations: [
    async ({ context, browser, playwright }, use) => {
      const violations: string[] = [];
      await reportViolations(context, violations);
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const created = await newContext.apply(browser, args);
        await reportViolations(created, violations);
        return created;
      };
      const chromium = playwright.chromium;
      const launchPersistent = chromium.launchPersistentContext;
      chromium.launchPersistentContext = async (...args) => {
        const created = await launchPersistent.apply(chromium, args);
        await reportViolations(created, violations);
        return created;
      };
      await use(violations);
      browser.newContext = newContext;
      chromium.launchPersistentContext = launchPersistent;
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Resolves once the wasm has hydrated the page (the app marks <body>). */
export async function waitForHydration(page: import("@playwright/test").Page) {
  await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
}

/** Resolves once the device's first sync has finished: "Sinkron terakhir" is set.
 *  Before it, the device has not pulled the server's values, and an entry
 *  typed over one is rightly a conflict, not a change. */
export async function firstSync(page: import("@playwright/test").Page) {
  await expect(page.getByTestId("last-sync")).not.toHaveText("belum pernah", { timeout: 20_000 });
}

/** Resolves once the device has synced with nothing left to send. */
export async function synced(page: import("@playwright/test").Page) {
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", "0", { timeout: 20_000 });
  await firstSync(page);
  await expect(page.getByTestId("sync-now")).toBeEnabled();
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

/** Holds the page's next `method` request to `path` until released; later ones pass. */
export async function hold(page: import("@playwright/test").Page, method: string, path: string) {
  let arrived!: () => void;
  let release!: () => void;
  const seen = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  await page.route(
    (url) => url.pathname === path,
    async (route) => {
      if (held || route.request().method() !== method) return route.fallback();
      held = true;
      arrived();
      await gate;
      await route.continue();
    },
  );
  return { waitForRequest: () => seen, release };
}
