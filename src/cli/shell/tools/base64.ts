/** `base64` (encode wrapped at 76 columns like GNU, `-w N`, `-d`, `-i`), over UTF-8 text. */
import type { Command } from "../../types.ts";
import { parseArgs, readOperand } from "./util.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

export function encodeBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? "=" : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? "=" : ALPHABET[c & 63];
  }
  return out;
}

/** Decodes base64 (whitespace allowed); undefined when the input is not base64. */
export function decodeBase64(text: string, ignoreGarbage = false): string | undefined {
  let clean = text.replace(/[\s]/g, "");
  if (ignoreGarbage) clean = clean.replace(/[^A-Za-z0-9+/=]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  const body = clean.replace(/=+$/, "");
  if (body.length % 4 === 1) return undefined;
  const bytes: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of body) {
    buf = (buf << 6) | ALPHABET.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buf >> bits) & 0xff);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

export const base64: Command = {
  name: "base64",
  summary: "base64 encode/decode data",
  run(ctx) {
    const o = parseArgs("base64", ctx.argv.slice(1), {
      bool: "di",
      value: "w",
      long: { decode: "d", "ignore-garbage": "i", "wrap=": "w" },
    });
    if (typeof o === "string") return { stdout: "", stderr: o, exitCode: 1 };
    if (o.operands.length > 1)
      return {
        stdout: "",
        stderr: `base64: extra operand '${o.operands[1]}'\nTry 'base64 --help' for more information.\n`,
        exitCode: 1,
      };
    const r = readOperand(ctx, o.operands[0] ?? "-");
    if (!r.ok) return { stdout: "", stderr: `base64: ${r.error}\n`, exitCode: 1 };
    if (o.has("d")) {
      const d = decodeBase64(r.text, o.has("i"));
      if (d === undefined) return { stdout: "", stderr: "base64: invalid input\n", exitCode: 1 };
      return { stdout: d, stderr: "", exitCode: 0 };
    }
    const wrap = o.has("w") ? Number(o.get("w")) : 76;
    if (!Number.isInteger(wrap) || wrap < 0)
      return { stdout: "", stderr: `base64: invalid wrap size: '${o.get("w")}'\n`, exitCode: 1 };
    const enc = encodeBase64(r.text);
    if (enc === "") return { stdout: "", stderr: "", exitCode: 0 };
    if (wrap === 0) return { stdout: `${enc}\n`, stderr: "", exitCode: 0 };
    let out = "";
    for (let i = 0; i < enc.length; i += wrap) out += `${enc.slice(i, i + wrap)}\n`;
    return { stdout: out, stderr: "", exitCode: 0 };
  },
};
