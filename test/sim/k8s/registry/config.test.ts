import { describe, expect, it } from "vitest";
import { base64Error } from "../../../../src/sim/k8s/registry/kinds/config.ts";
import { create, obj, update } from "./harness.ts";

describe("Namespace", () => {
  it("gets the kubernetes finalizer, phase Active and its name label", () => {
    const r = create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev" } }, 21);
    expect(r.errs).toEqual([]);
    expect(r.obj).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "dev", labels: { "kubernetes.io/metadata.name": "dev" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    });
  });
  it("its name is a DNS-1123 label", () => {
    const r = create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "dev.team" } }, 33);
    expect(r.text).toBe('metadata.name: Invalid value: "dev.team": must not contain dots');
  });
});

describe("ConfigMap and Secret", () => {
  it("a config key with a slash is refused", () => {
    const r = create(obj("v1", "ConfigMap", { name: "cfg" }, { data: { "a/b": "x" } }), 33);
    expect(r.text).toBe(
      `data[a/b]: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  });
  it("an immutable ConfigMap refuses data changes", () => {
    const old = create(obj("v1", "ConfigMap", { name: "cfg" }, { data: { a: "1" }, immutable: true }), 33).obj;
    const r = update(obj("v1", "ConfigMap", { name: "cfg" }, { data: { a: "2" }, immutable: true }), old, 33);
    expect(r.text).toBe("data: Forbidden: field is immutable when `immutable` is set");
  });
  it("a Secret defaults to Opaque and merges stringData into data", () => {
    const r = create(obj("v1", "Secret", { name: "s" }, { data: { a: "MQ==" }, stringData: { a: "two", b: "3" } }), 21);
    expect(r.errs).toEqual([]);
    expect(r.obj.type).toBe("Opaque");
    expect(r.obj.data).toEqual({ a: "dHdv", b: "Mw==" });
    expect(r.obj.stringData).toBeUndefined();
  });
  it("a TLS Secret needs both keys", () => {
    const r = create(obj("v1", "Secret", { name: "s" }, { type: "kubernetes.io/tls", data: {} }), 33);
    expect(r.text).toBe("[data[tls.crt]: Required value, data[tls.key]: Required value]");
  });
  it("a Secret's type is immutable", () => {
    const old = create(obj("v1", "Secret", { name: "s" }, { data: {} }), 33).obj;
    const r = update(
      obj("v1", "Secret", { name: "s" }, { type: "kubernetes.io/basic-auth", data: { username: "YQ==" } }),
      old,
      33,
    );
    expect(r.text).toBe('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
  });
  const b64: [string, string, string | undefined][] = [
    ["valid base64 decodes", "aGVsbG8=", undefined],
    ["newlines are skipped", "aGVs\nbG8=", undefined],
    ["an illegal character is reported at its byte", "aGV$bG8=", "illegal base64 data at input byte 3"],
    ["a short final quantum is reported at its start", "aGVsbG8", "illegal base64 data at input byte 4"],
  ];
  it.each(b64)("%s", (_n, text, want) => {
    expect(base64Error(text)).toBe(want);
  });
});

describe("RBAC", () => {
  it("a rule needs verbs and resources", () => {
    const r = create(obj("rbac.authorization.k8s.io/v1", "Role", { name: "r" }, { rules: [{ apiGroups: [""] }] }), 33);
    expect(r.text).toBe(
      "[rules[0].verbs: Required value: verbs must contain at least one value, rules[0].resources: Required value: resource rules must supply at least one resource]",
    );
  });
  it("a binding's roleRef cannot change", () => {
    const rb = (role: string) =>
      obj(
        "rbac.authorization.k8s.io/v1",
        "RoleBinding",
        { name: "rb" },
        { roleRef: { kind: "Role", name: role }, subjects: [{ kind: "User", name: "jane" }] },
      );
    const old = create(rb("a"), 21);
    expect(old.errs).toEqual([]);
    expect(old.obj.roleRef.apiGroup).toBe("rbac.authorization.k8s.io");
    expect(old.obj.subjects[0].apiGroup).toBe("rbac.authorization.k8s.io");
    expect(update(rb("b"), old.obj, 21).text).toBe(
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
    );
  });
  it("a subject kind must be known", () => {
    const r = create(
      obj(
        "rbac.authorization.k8s.io/v1",
        "RoleBinding",
        { name: "rb" },
        { roleRef: { kind: "Role", name: "r" }, subjects: [{ kind: "Robot", name: "x" }] },
      ),
      33,
    );
    expect(r.text).toBe(
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
    );
  });
});
