import { describe, expect, it } from "vitest";
import { VirtualFs } from "../../../src/cli/shell/vfs.ts";

describe("VirtualFs", () => {
  it("resolves paths against a working directory", () => {
    const fs = new VirtualFs();
    expect([fs.resolve("/root", "a/../b/./c"), fs.resolve("/root", "/etc//x/"), fs.resolve("/", "../..")]).toEqual([
      "/root/b/c",
      "/etc/x",
      "/",
    ]);
  });

  it("writes, appends and reads files", () => {
    const fs = new VirtualFs();
    fs.writeFile("/tmp/a", "x");
    fs.appendFile("/tmp/a", "y");
    expect(fs.readFile("/tmp/a")).toEqual({ ok: true, value: "xy" });
  });

  it("reports errors as values with errno wording", () => {
    const fs = new VirtualFs();
    expect(fs.readFile("/nope")).toEqual({ ok: false, code: "ENOENT", message: "No such file or directory" });
    expect(fs.readFile("/tmp")).toEqual({ ok: false, code: "EISDIR", message: "Is a directory" });
    expect(fs.writeFile("/no/dir/f", "")).toEqual({ ok: false, code: "ENOENT", message: "No such file or directory" });
    expect(fs.mkdir("/tmp")).toEqual({ ok: false, code: "EEXIST", message: "File exists" });
  });

  it("lists directories sorted and creates parents with recursive mkdir", () => {
    const fs = new VirtualFs({ skeleton: false });
    fs.mkdir("/a/b/c", { recursive: true });
    fs.writeFile("/a/z", "");
    fs.writeFile("/a/B", "");
    expect(fs.readdir("/a")).toEqual({ ok: true, value: ["B", "b", "z"] });
    expect([fs.isDir("/a/b/c"), fs.isFile("/a/z"), fs.exists("/a/q")]).toEqual([true, true, false]);
  });

  it("copies, renames and removes trees", () => {
    const fs = new VirtualFs();
    fs.mkdir("/src/sub", { recursive: true });
    fs.writeFile("/src/sub/f", "data");
    expect(fs.copy("/src", "/dst", { recursive: true }).ok).toBe(true);
    expect(fs.rename("/dst/sub/f", "/dst/g").ok).toBe(true);
    expect(fs.readFile("/dst/g")).toEqual({ ok: true, value: "data" });
    expect(fs.rm("/src")).toEqual({ ok: false, code: "EISDIR", message: "Is a directory" });
    expect(fs.rm("/src", { recursive: true }).ok).toBe(true);
    expect(fs.exists("/src/sub/f")).toBe(false);
  });

  it("stats with sizes in bytes and mtimes from the injected clock", () => {
    let now = 1000;
    const fs = new VirtualFs({ now: () => now });
    fs.writeFile("/tmp/u", "é");
    now = 2000;
    fs.touch("/tmp/u");
    expect(fs.stat("/tmp/u")).toEqual({ ok: true, value: { kind: "file", size: 2, mtime: 2000 } });
  });

  it("expands globs sorted, relative as written", () => {
    const fs = new VirtualFs();
    for (const f of ["/tmp/b.yaml", "/tmp/a.yaml", "/tmp/.h.yaml", "/tmp/c.txt"]) fs.writeFile(f, "");
    expect(fs.glob("/tmp", "*.yaml")).toEqual(["a.yaml", "b.yaml"]);
    expect(fs.glob("/", "/tmp/[ab].*")).toEqual(["/tmp/a.yaml", "/tmp/b.yaml"]);
    expect(fs.glob("/tmp", "\\*.yaml")).toEqual([]);
  });

  it("names the bound that a write would exceed", () => {
    const fs = new VirtualFs({ maxFileBytes: 10, maxTotalBytes: 15, maxEntries: 7 });
    expect(fs.writeFile("/tmp/big", "x".repeat(11))).toEqual({
      ok: false,
      code: "ELIMIT",
      message: "File too large (max file size 10 bytes)",
    });
    fs.writeFile("/tmp/a", "x".repeat(10));
    expect(fs.writeFile("/tmp/b", "x".repeat(6))).toEqual({
      ok: false,
      code: "ELIMIT",
      message: "No space left on device (max total size 15 bytes)",
    });
    fs.writeFile("/tmp/c", "");
    expect(fs.writeFile("/tmp/d", "")).toEqual({
      ok: false,
      code: "ELIMIT",
      message: "No space left on device (max 7 filesystem entries)",
    });
    fs.rm("/tmp/a");
    expect(fs.usage()).toEqual({ bytes: 0, entries: 6 });
  });

  it("treats /dev/null as an empty sink", () => {
    const fs = new VirtualFs();
    expect([fs.writeFile("/dev/null", "x").ok, fs.readFile("/dev/null")]).toEqual([true, { ok: true, value: "" }]);
  });
});
