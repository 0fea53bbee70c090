import { describe, expect, it } from "vitest";
import { csrRequestDecodeError, offsetAfter, reportError } from "../../../../src/sim/k8s/api/json-iterator.ts";
import type { KObject } from "../../../../src/sim/k8s/api/object.ts";
import { base64Error } from "../../../../src/sim/k8s/registry/kinds/index.ts";

const csr = (apiVersion: string, spec: Record<string, unknown>): KObject =>
  ({ apiVersion, kind: "CertificateSigningRequest", metadata: { name: "hari" }, spec }) as KObject;

describe("json-iterator's decode errors (API servers before 1.23)", () => {
  it("quotes 10 bytes either side of the head, and 50 for the bigger context, clipped to the body", () => {
    const body = new TextEncoder().encode('{"a":"0123456789abcdefghij"}');
    expect(reportError(body, 6, "op", "msg")).toBe(
      'op: msg, error found in #6 byte of ...|{"a":"0123456789|..., bigger context ...|{"a":"0123456789abcdefghij"}|...',
    );
  });

  it("finds the byte just past a nested value in the Go JSON of the object", () => {
    const obj = { b: { z: 1, request: "\u00e9<" }, a: "x" };
    // {"a":"x","b":{"request":"é\u003c","z":1}}: 25 bytes to the opening quote, é is two bytes,
    // < is written as \u003c (six), then the closing quote: 25 + 2 + 6 + 1.
    expect(offsetAfter(obj, ["b", "request"])).toBe(34);
  });

  it("words the CSR of kubernetes/kubernetes#90239 as upstream printed it (kubectl create, no annotation)", () => {
    const body = csr("certificates.k8s.io/v1beta1", {
      request: "$(cat akshay.csr | base64 | tr -d '\\n')",
      usages: ["digital signature", "key encipherment", "server auth"],
    });
    expect(csrRequestDecodeError(body, base64Error)).toBe(
      "v1beta1.CertificateSigningRequest.Spec: v1beta1.CertificateSigningRequestSpec.Usages: []v1beta1.KeyUsage: Request: decode base64: illegal base64 data at input byte 0, " +
        `error found in #10 byte of ...|-d '\\\\n')","usages":|..., ` +
        `bigger context ...|equest":"$(cat akshay.csr | base64 | tr -d '\\\\n')","usages":["digital signature","key encipherment",|...`,
    );
  });

  it("lets every known spec field after request add its prefix, and skips unknown ones", () => {
    const body = csr("certificates.k8s.io/v1", { request: "!", signerName: "s", uid: "u", username: "n", zzz: 1 });
    expect(csrRequestDecodeError(body, base64Error)).toMatch(
      /^v1\.CertificateSigningRequest\.Spec: v1\.CertificateSigningRequestSpec\.Username: UID: SignerName: Request: decode base64: illegal base64 data at input byte 0, /,
    );
  });

  it("says nothing of a request that is base64", () => {
    expect(csrRequestDecodeError(csr("certificates.k8s.io/v1", { request: "aGVsbG8=" }), base64Error)).toBeUndefined();
  });
});
