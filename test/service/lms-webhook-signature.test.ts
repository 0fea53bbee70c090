/**
 * Standard Webhooks verification for the LMS webhook: the published test vector, forgeries,
 * the replay window on both sides (from the injected clock), missing and malformed headers,
 * and secret rotation on either end.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  type HeaderSource,
  signWebhook,
  type VerifyWebhookInput,
  verifyWebhook,
  WEBHOOK_TOLERANCE_SECONDS,
  type WebhookFailureCode,
  type WebhookHeaders,
  type WebhookVerification,
} from "../../src/lms/webhook-signature.ts";

// The test vector published with the Standard Webhooks reference implementations.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SENT = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

const OTHER_SECRET = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";
const at = (seconds: number, ms = 0) => new Date(seconds * 1000 + ms);
const VECTOR: WebhookHeaders = { "webhook-id": ID, "webhook-timestamp": String(SENT), "webhook-signature": SIGNATURE };
const accepted = (id = ID, seconds = SENT): WebhookVerification => ({ ok: true, id, timestamp: at(seconds) });
const rejected = (code: WebhookFailureCode, detail: string): WebhookVerification => ({ ok: false, code, detail });

async function signed(overrides: Partial<{ secret: string | string[]; id: string; sent: number; body: string }>) {
  return signWebhook({
    secret: overrides.secret ?? SECRET,
    id: overrides.id ?? ID,
    timestamp: at(overrides.sent ?? SENT),
    body: overrides.body ?? BODY,
  });
}

describe("signWebhook", () => {
  it("reproduces the published Standard Webhooks test vector", async () => {
    expect(await signWebhook({ secret: SECRET, id: ID, timestamp: at(SENT), body: BODY })).toEqual(VECTOR);
  });

  it("signs with whole seconds even when the clock has milliseconds", async () => {
    expect(await signWebhook({ secret: SECRET, id: ID, timestamp: at(SENT, 999), body: BODY })).toEqual(VECTOR);
  });

  it("gives one space-separated v1 signature per secret while a sender rotates", async () => {
    const headers = await signed({ secret: [OTHER_SECRET, SECRET] });
    const [first, second] = headers["webhook-signature"].split(" ");
    expect(first).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(first).not.toBe(SIGNATURE);
    expect(second).toBe(SIGNATURE);
  });

  it("refuses a secret that is not base64", async () => {
    await expect(signWebhook({ secret: "whsec_not base64!", id: ID, timestamp: at(SENT), body: BODY })).rejects.toThrow(
      'webhook signing secret 1 is not "whsec_" followed by base64',
    );
  });
});

describe("generateWebhookSecret", () => {
  it("makes a fresh whsec_ secret of 32 random bytes that signs and verifies", async () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateWebhookSecret()).not.toBe(secret);
    const headers = await signWebhook({ secret, id: "msg_1", timestamp: at(SENT), body: "{}" });
    expect(await verifyWebhook({ secret, headers, body: "{}", now: at(SENT) })).toEqual(accepted("msg_1"));
  });
});

type Case = [name: string, input: () => Promise<Partial<VerifyWebhookInput>>, expected: WebhookVerification];

const withHeaders = (headers: HeaderSource) => async () => ({ headers });
const replace = (patch: Partial<Record<keyof WebhookHeaders, string | undefined>>) =>
  withHeaders({ ...VECTOR, ...patch });
const tooOld = (by: number) =>
  rejected(
    "timestamp_too_old",
    `webhook-timestamp is ${by} s behind the server clock (tolerance ${WEBHOOK_TOLERANCE_SECONDS} s)`,
  );
const tooNew = (by: number) =>
  rejected(
    "timestamp_too_new",
    `webhook-timestamp is ${by} s ahead of the server clock (tolerance ${WEBHOOK_TOLERANCE_SECONDS} s)`,
  );
const noMatch = rejected("no_matching_signature", "no v1 signature in webhook-signature matches the body");

const CASES: Case[] = [
  ["the published vector verifies at the moment it was sent", async () => ({}), accepted()],
  [
    "header names are matched whatever their case",
    withHeaders({ "Webhook-Id": ID, "WEBHOOK-TIMESTAMP": String(SENT), "webhook-Signature": SIGNATURE }),
    accepted(),
  ],
  ["a Fetch Headers object is read as well as a plain record", withHeaders(new Headers({ ...VECTOR })), accepted()],
  ["the whsec_ prefix on the secret is optional", async () => ({ secret: SECRET.slice(6) }), accepted()],

  // Forgeries and tampering
  [
    "a signature made with another secret is forged",
    async () => ({ headers: await signed({ secret: OTHER_SECRET }) }),
    noMatch,
  ],
  ["a body changed by one character no longer matches", async () => ({ body: '{"test": 2432232315}' }), noMatch],
  ["a body with added whitespace no longer matches", async () => ({ body: `${BODY}\n` }), noMatch],
  ["the webhook-id is signed, so swapping it fails", replace({ "webhook-id": "msg_other" }), noMatch],
  ["the timestamp is signed, so refreshing it fails", replace({ "webhook-timestamp": String(SENT + 1) }), noMatch],
  [
    "a signature of the right length with one character changed fails",
    replace({ "webhook-signature": SIGNATURE.replace("g0h", "g0i") }),
    noMatch,
  ],
  ["a truncated signature fails", replace({ "webhook-signature": SIGNATURE.slice(0, -2) }), noMatch],

  // Replay window, measured on the injected clock
  ["exactly five minutes late is still inside the window", async () => ({ now: at(SENT + 300) }), accepted()],
  ["five minutes and 999 ms late is still 300 whole seconds", async () => ({ now: at(SENT + 300, 999) }), accepted()],
  ["301 seconds late is too old", async () => ({ now: at(SENT + 301) }), tooOld(301)],
  ["a replay an hour later is too old", async () => ({ now: at(SENT + 3600) }), tooOld(3600)],
  [
    "exactly five minutes early (a sender clock ahead) is inside the window",
    async () => ({ now: at(SENT - 300) }),
    accepted(),
  ],
  ["301 seconds early is too far in the future", async () => ({ now: at(SENT - 301) }), tooNew(301)],
  [
    "a timestamp in milliseconds by mistake is far in the future",
    async () => ({ headers: { ...VECTOR, "webhook-timestamp": `${SENT}000` } }),
    tooNew(SENT * 1000 - SENT),
  ],

  // Missing headers, each named
  ["no webhook-id", replace({ "webhook-id": undefined }), rejected("missing_header", "missing webhook-id header")],
  [
    "no webhook-timestamp",
    replace({ "webhook-timestamp": undefined }),
    rejected("missing_header", "missing webhook-timestamp header"),
  ],
  [
    "an empty webhook-signature counts as missing",
    replace({ "webhook-signature": "  " }),
    rejected("missing_header", "missing webhook-signature header"),
  ],
  [
    "no Standard Webhooks headers at all",
    withHeaders({ "content-type": "application/json" }),
    rejected("missing_header", "missing webhook-id, webhook-timestamp, webhook-signature headers"),
  ],

  // Malformed headers
  [
    "a fractional timestamp",
    replace({ "webhook-timestamp": "1614265330.5" }),
    rejected("malformed_header", 'webhook-timestamp must be Unix seconds (got "1614265330.5")'),
  ],
  [
    "a negative timestamp",
    replace({ "webhook-timestamp": "-1" }),
    rejected("malformed_header", 'webhook-timestamp must be Unix seconds (got "-1")'),
  ],
  [
    "a date instead of Unix seconds",
    replace({ "webhook-timestamp": "2021-02-25T15:02:10Z" }),
    rejected("malformed_header", 'webhook-timestamp must be Unix seconds (got "2021-02-25T15:02:10Z")'),
  ],
  [
    "a webhook-id with a dot, which would make the signed content ambiguous",
    replace({ "webhook-id": "msg.1" }),
    rejected("malformed_header", 'webhook-id must be 1 to 256 visible ASCII characters without "." (got "msg.1")'),
  ],
  [
    "a webhook-id with a space (two ids joined by a proxy)",
    replace({ "webhook-id": "msg_1, msg_2" }),
    rejected(
      "malformed_header",
      'webhook-id must be 1 to 256 visible ASCII characters without "." (got "msg_1, msg_2")',
    ),
  ],
  [
    "a webhook-id longer than 256 characters",
    replace({ "webhook-id": "m".repeat(257) }),
    rejected(
      "malformed_header",
      `webhook-id must be 1 to 256 visible ASCII characters without "." (got "${"m".repeat(64)}…")`,
    ),
  ],
  [
    "a bare signature without its version",
    replace({ "webhook-signature": SIGNATURE.slice(3) }),
    rejected(
      "malformed_header",
      `webhook-signature entries must be "<version>,<base64>" (got "${SIGNATURE.slice(3)}")`,
    ),
  ],
  [
    "a version with an empty signature",
    replace({ "webhook-signature": "v1," }),
    rejected("malformed_header", 'webhook-signature entries must be "<version>,<base64>" (got "v1,")'),
  ],
  [
    "only an asymmetric v1a signature, which this receiver does not use",
    replace({ "webhook-signature": "v1a,AAAA" }),
    rejected("malformed_header", "webhook-signature has no v1 signature"),
  ],
  [
    "more than 16 signatures",
    replace({ "webhook-signature": Array(17).fill(SIGNATURE).join(" ") }),
    rejected("malformed_header", "webhook-signature has more than 16 signatures"),
  ],

  // Key rotation
  [
    "a sender mid-rotation sends old and new signatures and the new one matches",
    async () => ({ headers: await signed({ secret: [OTHER_SECRET, SECRET] }) }),
    accepted(),
  ],
  [
    "an unknown version next to a valid v1 is skipped",
    replace({ "webhook-signature": `v1a,AAAA ${SIGNATURE}` }),
    accepted(),
  ],
  [
    "a bogus v1 before the valid one does not hide it",
    replace({ "webhook-signature": `v1,bm9wZQ== ${SIGNATURE}` }),
    accepted(),
  ],
  [
    "a receiver mid-rotation holds both secrets and accepts the old one",
    async () => ({ secret: [OTHER_SECRET, SECRET] }),
    accepted(),
  ],
  [
    "a receiver mid-rotation holds both secrets and accepts the new one",
    async () => ({ secret: [SECRET, OTHER_SECRET], headers: await signed({ secret: OTHER_SECRET }) }),
    accepted(),
  ],
  ["a receiver that dropped the old secret refuses it", async () => ({ secret: OTHER_SECRET }), noMatch],

  // Server configuration
  [
    "a configured secret that is not base64 is a server error, not the sender's",
    async () => ({ secret: [SECRET, "whsec_%%%"] }),
    rejected("invalid_secret", 'webhook signing secret 2 is not "whsec_" followed by base64'),
  ],
  [
    "no configured secret at all",
    async () => ({ secret: [] }),
    rejected("invalid_secret", "no webhook signing secret is configured"),
  ],
];

describe("verifyWebhook", () => {
  it.each(CASES)("%s", async (_name, input, expected) => {
    const given = await input();
    const result = await verifyWebhook({ secret: SECRET, headers: VECTOR, body: BODY, now: at(SENT), ...given });
    expect(result).toEqual(expected);
  });

  it("accepts the same delivery again inside the window: de-duplication by webhook-id is the caller's", async () => {
    const input = { secret: SECRET, headers: VECTOR, body: BODY };
    expect(await verifyWebhook({ ...input, now: at(SENT + 10) })).toEqual(accepted());
    expect(await verifyWebhook({ ...input, now: at(SENT + 299) })).toEqual(accepted());
    expect(await verifyWebhook({ ...input, now: at(SENT + 301) })).toEqual(tooOld(301));
  });

  it("checks the window before the signature, so a stale forgery is reported as stale", async () => {
    const forged = await signed({ secret: OTHER_SECRET });
    expect(await verifyWebhook({ secret: SECRET, headers: forged, body: BODY, now: at(SENT + 400) })).toEqual(
      tooOld(400),
    );
  });
});

describe("the lms modules in workerd", () => {
  it("bundle for a Workers target without any Node built-in", async () => {
    const result = await build({
      entryPoints: ["src/lms/webhook-signature.ts", "src/lms/lti-ags.ts"],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      conditions: ["workerd", "worker", "browser"],
      outdir: "out",
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    for (const file of result.outputFiles)
      expect(file.text).not.toMatch(/\brequire\(["'](node:)?(crypto|buffer)["']\)/);
  });
});
