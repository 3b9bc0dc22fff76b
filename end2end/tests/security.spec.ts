// Stored evidence stays inert in the most trusted browser: a kepala seksi
// attaches a "photo" that is really a page with a script (its first bytes
// are a JPEG's, so the upload accepts it) and a PDF with JavaScript; the
// administrator's Chromium then opens every stored evidence file, and no
// script runs — no user is created, nothing is written to the page's
// storage. docs/security.md.
import { test, expect, signIn, PASSWORD } from "./fixtures";
import type { APIRequestContext } from "@playwright/test";
import { createHash } from "node:crypto";

function uuidv7(): string {
  const time = Date.now().toString(16).padStart(12, "0");
  const random = crypto.randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

const ATTACK = `<html><body><script>
  localStorage.setItem("pwned", "yes");
  fetch("/api/v1/users", { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: "u-pwned", username: "pwned", full_name: "Pwned", nip: "", role: "admin",
      unit_id: null, must_change_password: false, active: true, password: "Pwned-12345" }) });
</script></body></html>`;

const FILES = [
  { name: "foto.jpg", type: "image/jpeg", body: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(ATTACK)]) },
  { name: "laporan.pdf", type: "application/pdf", body: Buffer.from(`%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n${ATTACK}`) },
];

async function session(playwright: any, baseURL: string | undefined, username: string): Promise<APIRequestContext> {
  const api: APIRequestContext = await playwright.request.newContext({ baseURL });
  const login = await api.post("/api/v1/auth/login", { data: { username, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return api;
}

test("an administrator opening every stored evidence file runs no script", async ({ page, playwright, baseURL }) => {
  const kasi = await session(playwright, baseURL, "kasi.kdl");
  const year = 2036 + (Date.now() % 50);
  const ops = [];
  for (const [n, file] of FILES.entries()) {
    const sha = createHash("sha256").update(file.body).digest("hex");
    const uploaded = await kasi.put(`/api/v1/evidence/${sha}`, { data: file.body, headers: { "content-type": file.type } });
    expect(uploaded.status()).toBe(201);
    ops.push({
      op_id: uuidv7(), seq: n + 1, entity: "evidence",
      key: { indicator_id: "demo-indicator-iku-07", unit_id: "demo-unit-seksi-kdl", period: `${year}-0${n + 1}`, sha256: sha },
      base_revision: 0, base: {}, new: { file_name: file.name, media_type: file.type, status: "attached" },
      client_time: new Date().toISOString(),
    });
  }
  const pushed = await kasi.post("/api/v1/sync/push", { data: { protocol: 1, device_id: crypto.randomUUID(), ops } });
  expect((await pushed.json()).answers.map((a: any) => a.outcome)).toEqual(["applied", "applied"]);

  await signIn(page, "admin");
  const users = async () => (await (await page.request.get("/api/v1/users")).json()).length;
  const before = await users();
  const stored: string[] = [];
  for (let cursor = 0, more = true; more; ) {
    const pull = await (await page.request.get(`/api/v1/sync/pull?cursor=${cursor}&limit=2000`)).json();
    stored.push(...pull.records.filter((r: any) => r.entity === "evidence").map((r: any) => r.key.sha256));
    ({ cursor, more } = pull);
  }
  expect(stored.length).toBeGreaterThanOrEqual(FILES.length);
  let downloads = 0;
  page.on("download", () => downloads++);
  for (const sha of new Set(stored)) {
    await page.goto(`/api/v1/evidence/${sha}`).catch((error) => {
      expect(String(error)).toContain("Download is starting");
    });
    await page.waitForTimeout(300);
  }
  expect(downloads, "the PDF is saved, not opened").toBeGreaterThanOrEqual(1);
  await page.goto("/");
  expect(await page.evaluate(() => localStorage.getItem("pwned"))).toBeNull();
  expect(await users(), "no user was created by a stored file").toBe(before);
});

test.fail("the policy fixture fails a test whose page runs an inline script (expected to fail)", async ({ page }) => {
  await page.goto("/masuk");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "document.title = 'diretas';";
    document.body.appendChild(script);
  });
  await expect(page).not.toHaveTitle("diretas");
});
