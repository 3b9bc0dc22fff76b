// Sync calls the browser tests make as devices would: ops on IKU-07 of
// the Seksi KDL, pushed from a signed-in API session of a demo user.
import { expect, PASSWORD } from "./fixtures";
import type { APIRequestContext } from "@playwright/test";

/** A UUIDv7, as devices make op ids. */
export function uuidv7(): string {
  const time = Date.now().toString(16).padStart(12, "0");
  const random = crypto.randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

export function op(seq: number, period: string, baseRevision: number, base: object, change: object) {
  return {
    op_id: uuidv7(), seq, entity: "realisation",
    key: { indicator_id: "demo-indicator-iku-07", unit_id: "demo-unit-seksi-kdl", period },
    base_revision: baseRevision, base, new: change, client_time: new Date().toISOString(),
  };
}

export async function push(api: APIRequestContext, device: string, ops: object[]) {
  const response = await api.post("/api/v1/sync/push", { data: { protocol: 1, device_id: device, ops } });
  expect(response.status()).toBe(200);
  return (await response.json()).answers;
}

export async function session(playwright: any, baseURL: string | undefined, username: string) {
  const api: APIRequestContext = await playwright.request.newContext({ baseURL });
  const login = await api.post("/api/v1/auth/login", { data: { username, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return api;
}
