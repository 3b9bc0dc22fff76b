// Figures for the offline client, printed for the issue notes and never
// compared with a time limit: how long storing 1,000 entries on the device
// takes through the entry page (each one checked, written to IndexedDB as
// an op with its sequence number, and shown), measured in the page itself.
// What is asserted is that all 1,000 are kept, through a reload.
import { test, expect, synced, waitForHydration } from "./fixtures";
import { BIN, SITE, ownServerPage, workerActive } from "./own-server";

test("1,000 entries made offline are all kept on the device (the time is printed)", async ({ browser }) => {
  test.skip(!BIN || !SITE, "run through `cargo xtask test`, which names the server binary");
  test.setTimeout(180_000);
  const { server, context, page } = await ownServerPage(browser, "kasi.kdl", "/entri");
  await synced(page);
  // The reload below is made offline, so it must go through the worker.
  await workerActive(page);
  await context.setOffline(true);
  await page.getByTestId("entry-period").selectOption(`${new Date().getFullYear()}-01`);

  const entries = 1000;
  const took = await page.evaluate(async (entries) => {
    const input = document.querySelector("input[data-entry-value]") as HTMLInputElement;
    const counter = document.querySelector("[data-testid=pending-count]")!;
    const count = () => Number(counter.getAttribute("data-count"));
    const yieldOnce = () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
    const start = performance.now();
    for (let i = 1; i <= entries; i++) {
      input.value = `${i},5`;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      while (count() < i) await yieldOnce();
    }
    return performance.now() - start;
  }, entries);
  console.log(
    `stored ${entries} entries on the device in ${Math.round(took)} ms (${(took / entries).toFixed(2)} ms per entry)`,
  );

  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId("pending-count")).toHaveAttribute("data-count", String(entries));
  await context.close();
  await server.stop();
});
