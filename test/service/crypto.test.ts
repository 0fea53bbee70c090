import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, hmacSign, hmacVerify } from "../../src/api/crypto.ts";

describe("base64url and HMAC signatures", () => {
  it("decodes only the one canonical text of a value", () => {
    const bytes = new Uint8Array(32).map((_, i) => i * 7 + 1);
    const text = base64url(bytes);
    expect(fromBase64url(text)).toEqual(bytes);
    // 32 bytes leave the last character two unused bits: each other character with the same
    // four data bits decodes to the same bytes, and none of them is accepted.
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const data = last.indexOf(text.at(-1)!) >> 2;
    const aliases = [0, 1, 2, 3].map((low) => last[(data << 2) | low]).filter((c) => c !== text.at(-1));
    expect(aliases).toHaveLength(3);
    for (const c of aliases) expect(fromBase64url(text.slice(0, -1) + c)).toBeUndefined();
    expect(fromBase64url(`${text}=`)).toBeUndefined();
    expect(fromBase64url("not base64!")).toBeUndefined();
  });

  it("rejects a signature altered in any character, including the unused bits of the last", async () => {
    const signature = await hmacSign("secret", "message");
    expect(await hmacVerify("secret", "message", signature)).toBe(true);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < signature.length; i++) {
      for (const c of alphabet) {
        if (c === signature[i]) continue;
        const altered = signature.slice(0, i) + c + signature.slice(i + 1);
        if (await hmacVerify("secret", "message", altered)) throw new Error(`accepted ${altered}`);
      }
    }
  });
});
