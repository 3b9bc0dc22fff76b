// Playwright settings for Kinerja's browser tests. The server is started by
// `cargo xtask test`, which passes its address in KINERJA_BASE_URL; the
// browser is Debian's Chromium (no browser download ever happens).
import { defineConfig } from "@playwright/test";

const baseURL = process.env.KINERJA_BASE_URL;
if (!baseURL) {
  throw new Error("KINERJA_BASE_URL is not set: run the browser tests through `cargo xtask test`");
}

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [["list"], ["json"]],
  use: {
    baseURL,
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.KINERJA_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
