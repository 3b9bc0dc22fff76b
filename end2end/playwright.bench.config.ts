// Playwright settings for the phone benchmark (`cargo xtask bench-ui`): one
// long run that prints figures, never part of `cargo xtask test` (timed
// tests are not tests). The server is started by the benchmark itself from
// KINERJA_SERVER_BIN and KINERJA_SITE_ROOT; the browser is Debian's Chromium.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./bench",
  testMatch: "*.bench.ts",
  timeout: 900_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    locale: "id-ID",
    launchOptions: {
      executablePath: process.env.KINERJA_CHROMIUM ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
});
