/**
 * The simulated host's filesystem: an in-memory tree of directories and text files behind
 * POSIX absolute paths. Nothing here touches the real disk. Failures are values (`FsResult`)
 * carrying the errno wording coreutils prints (`No such file or directory`), so a tool only
 * has to prefix its own name and the operand.
 *
 * Every write is bounded: one file's size, the total bytes stored and the number of entries.
 * Past a bound the write fails with a message naming the bound.
 */

import type { HasSlots, Slot } from "../../sim/core/slots.ts";
import { expandGlob } from "./glob.ts";

export type FsErrorCode = "ENOENT" | "ENOTDIR" | "EISDIR" | "EEXIST" | "ENOTEMPTY" | "EINVAL" | "EBUSY" | "ELIMIT";

export interface FsError {
  ok: false;
  code: FsErrorCode;
  /** The strerror-style text, e.g. `No such file or directory`. */
  message: string;
}

export type FsResult<T> = { ok: true; value: T } | FsError;

export interface FsStat {
  kind: "file" | "dir";
  size: number;
  /** Milliseconds since the epoch, from the injected clock. */
  mtime: number;
}

export interface VirtualFsOptions {
  /** Virtual clock for mtimes; defaults to a constant 0 (tests, standalone use). */
  now?: () => number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  maxEntries?: number;
  /** Create /root, /tmp, /etc and /dev (default true). */
  skeleton?: boolean;
}

interface FileNode {
  kind: "file";
  data: string;
  bytes: number;
  mtime: number;
}

interface DirNode {
  kind: "dir";
  children: Map<string, Node>;
  mtime: number;
}

type Node = FileNode | DirNode;

const MESSAGES: Record<Exclude<FsErrorCode, "ELIMIT">, string> = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EEXIST: "File exists",
  ENOTEMPTY: "Directory not empty",
  EINVAL: "Invalid argument",
  EBUSY: "Device or resource busy",
};

export const fsError = (code: Exclude<FsErrorCode, "ELIMIT">): FsError => ({
  ok: false,
  code,
  message: MESSAGES[code],
});
const ok = <T>(value: T): FsResult<T> => ({ ok: true, value });
const OK_VOID: FsResult<void> = { ok: true, value: undefined };

/** UTF-8 byte length without Buffer (the core also runs on Workers). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair is 2 UTF-16 units and 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** Joins and normalises a path against `cwd`: `resolve("/root", "../etc/./x")` is `/etc/x`. */
export function resolvePath(cwd: string, path: string): string {
  const full = path.startsWith("/") ? path : `${cwd}/${path}`;
  const out: string[] = [];
  for (const seg of full.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return `/${out.join("/")}`;
}

export const DEV_NULL = "/dev/null";

export class VirtualFs implements HasSlots {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  readonly maxEntries: number;
  private readonly now: () => number;
  private readonly root: DirNode;
  private totalBytes = 0;
  private entries = 1;
  private ownSlots: Map<Slot<unknown>, unknown> | undefined = undefined;

  /** What other modules keep per filesystem (sim/core/slots.ts), made on first use. */
  get slots(): Map<Slot<unknown>, unknown> {
    this.ownSlots ??= new Map();
    return this.ownSlots;
  }

  constructor(opts: VirtualFsOptions = {}) {
    this.now = opts.now ?? (() => 0);
    this.maxFileBytes = opts.maxFileBytes ?? 1024 * 1024;
    this.maxTotalBytes = opts.maxTotalBytes ?? 16 * 1024 * 1024;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.root = { kind: "dir", children: new Map(), mtime: this.now() };
    if (opts.skeleton !== false) for (const d of ["/root", "/tmp", "/etc", "/dev"]) this.mkdir(d, { recursive: true });
  }

  resolve(cwd: string, path: string): string {
    return resolvePath(cwd, path);
  }

  /** Total bytes stored and entries used, for reports and tests. */
  usage(): { bytes: number; entries: number } {
    return { bytes: this.totalBytes, entries: this.entries };
  }

  exists(path: string): boolean {
    return path === DEV_NULL || this.lookup(path) !== undefined;
  }

  isDir(path: string): boolean {
    return this.lookup(path)?.kind === "dir";
  }

  isFile(path: string): boolean {
    return path === DEV_NULL || this.lookup(path)?.kind === "file";
  }

  stat(path: string): FsResult<FsStat> {
    if (path === DEV_NULL) return ok({ kind: "file", size: 0, mtime: 0 });
    const n = this.lookupResult(path);
    if (!n.ok) return n;
    const node = n.value;
    return ok({ kind: node.kind, size: node.kind === "file" ? node.bytes : 4096, mtime: node.mtime });
  }

  readFile(path: string): FsResult<string> {
    if (path === DEV_NULL) return ok("");
    const n = this.lookupResult(path);
    if (!n.ok) return n;
    if (n.value.kind === "dir") return fsError("EISDIR");
    return ok(n.value.data);
  }

  writeFile(path: string, data: string): FsResult<void> {
    return this.put(path, data, false);
  }

  appendFile(path: string, data: string): FsResult<void> {
    return this.put(path, data, true);
  }

  /** Sorted names (byte order, as `ls` with LC_ALL=C). */
  readdir(path: string): FsResult<string[]> {
    const n = this.lookupResult(path);
    if (!n.ok) return n;
    if (n.value.kind !== "dir") return fsError("ENOTDIR");
    return ok([...n.value.children.keys()].sort(byteOrder));
  }

  mkdir(path: string, opts: { recursive?: boolean } = {}): FsResult<void> {
    const segs = segments(path);
    let dir = this.root;
    for (let i = 0; i < segs.length; i++) {
      const name = segs[i];
      const last = i === segs.length - 1;
      const child = dir.children.get(name);
      if (child) {
        if (child.kind !== "dir") return fsError(last && !opts.recursive ? "EEXIST" : "ENOTDIR");
        if (last && !opts.recursive) return fsError("EEXIST");
        dir = child;
        continue;
      }
      if (!last && !opts.recursive) return fsError("ENOENT");
      const room = this.reserveEntries(1);
      if (!room.ok) return room;
      const made: DirNode = { kind: "dir", children: new Map(), mtime: this.now() };
      dir.children.set(name, made);
      dir.mtime = this.now();
      dir = made;
    }
    return OK_VOID;
  }

  rm(path: string, opts: { recursive?: boolean } = {}): FsResult<void> {
    const segs = segments(path);
    if (segs.length === 0) return fsError("EBUSY");
    const parent = this.lookup(`/${segs.slice(0, -1).join("/")}`);
    if (!parent) return fsError("ENOENT");
    if (parent.kind !== "dir") return fsError("ENOTDIR");
    const name = segs[segs.length - 1];
    const node = parent.children.get(name);
    if (!node) return fsError("ENOENT");
    if (node.kind === "dir" && !opts.recursive) return fsError("EISDIR");
    parent.children.delete(name);
    parent.mtime = this.now();
    this.release(node);
    return OK_VOID;
  }

  /** Removes an empty directory (`rmdir`). */
  rmdir(path: string): FsResult<void> {
    const n = this.lookupResult(path);
    if (!n.ok) return n;
    if (n.value.kind !== "dir") return fsError("ENOTDIR");
    if (n.value.children.size > 0) return fsError("ENOTEMPTY");
    return this.rm(path, { recursive: true });
  }

  /** Copies a file, or a directory tree when `recursive`; `to` is the exact destination path. */
  copy(from: string, to: string, opts: { recursive?: boolean } = {}): FsResult<void> {
    const src = this.lookupResult(from);
    if (!src.ok) return src;
    if (src.value.kind === "dir") {
      if (!opts.recursive) return fsError("EISDIR");
      if (isInside(resolvePath("/", to), resolvePath("/", from))) return fsError("EINVAL");
      if (!this.isDir(to)) {
        const made = this.mkdir(to);
        if (!made.ok) return made;
      }
      for (const name of [...src.value.children.keys()].sort(byteOrder)) {
        const r = this.copy(`${from}/${name}`, `${to}/${name}`, opts);
        if (!r.ok) return r;
      }
      return OK_VOID;
    }
    if (this.isDir(to)) return fsError("EISDIR");
    return this.writeFile(to, src.value.data);
  }

  /** Moves `from` to the exact path `to`, replacing a file there. */
  rename(from: string, to: string): FsResult<void> {
    const a = segments(from);
    const b = segments(to);
    if (a.length === 0) return fsError("EBUSY");
    if (isInside(`/${b.join("/")}`, `/${a.join("/")}`) && a.length !== b.length) return fsError("EINVAL");
    const srcParent = this.lookup(`/${a.slice(0, -1).join("/")}`);
    const node = srcParent?.kind === "dir" ? srcParent.children.get(a[a.length - 1]) : undefined;
    if (!srcParent || !node) return fsError("ENOENT");
    const dstParent = this.lookup(`/${b.slice(0, -1).join("/")}`);
    if (!dstParent) return fsError("ENOENT");
    if (dstParent.kind !== "dir") return fsError("ENOTDIR");
    const name = b[b.length - 1];
    const existing = dstParent.children.get(name);
    if (existing === node) return OK_VOID;
    if (existing) {
      if (existing.kind === "dir" && node.kind !== "dir") return fsError("EISDIR");
      if (existing.kind === "dir" && existing.children.size > 0) return fsError("ENOTEMPTY");
      if (existing.kind !== "dir" && node.kind === "dir") return fsError("ENOTDIR");
      this.release(existing);
    }
    (srcParent as DirNode).children.delete(a[a.length - 1]);
    dstParent.children.set(name, node);
    node.mtime = this.now();
    return OK_VOID;
  }

  /** Sets the mtime to now, creating an empty file when missing (`touch`). */
  touch(path: string): FsResult<void> {
    const node = this.lookup(path);
    if (node) {
      node.mtime = this.now();
      return OK_VOID;
    }
    return this.writeFile(path, "");
  }

  /**
   * Pathname expansion of a shell pattern (`*.yaml`, `/etc/kube*`): sorted matches, written
   * relative when the pattern is; quoted characters arrive backslash-escaped.
   */
  glob(cwd: string, pattern: string): string[] {
    return expandGlob(this, cwd, pattern);
  }

  // --- internals ---

  private lookup(path: string): Node | undefined {
    let node: Node = this.root;
    for (const name of segments(path)) {
      if (node.kind !== "dir") return undefined;
      const next = node.children.get(name);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  private lookupResult(path: string): FsResult<Node> {
    let node: Node = this.root;
    for (const name of segments(path)) {
      if (node.kind !== "dir") return fsError("ENOTDIR");
      const next = node.children.get(name);
      if (!next) return fsError("ENOENT");
      node = next;
    }
    return ok(node);
  }

  private put(path: string, data: string, append: boolean): FsResult<void> {
    if (path === DEV_NULL) return OK_VOID;
    const segs = segments(path);
    if (segs.length === 0) return fsError("EISDIR");
    const parent = this.lookup(`/${segs.slice(0, -1).join("/")}`);
    if (!parent) return fsError("ENOENT");
    if (parent.kind !== "dir") return fsError("ENOTDIR");
    const name = segs[segs.length - 1];
    const existing = parent.children.get(name);
    if (existing?.kind === "dir") return fsError("EISDIR");
    const addBytes = utf8Length(data);
    const oldBytes = existing ? existing.bytes : 0;
    const newBytes = append ? oldBytes + addBytes : addBytes;
    if (newBytes > this.maxFileBytes) return limitError(`File too large (max file size ${this.maxFileBytes} bytes)`);
    if (this.totalBytes - oldBytes + newBytes > this.maxTotalBytes)
      return limitError(`No space left on device (max total size ${this.maxTotalBytes} bytes)`);
    if (!existing) {
      const room = this.reserveEntries(1);
      if (!room.ok) return room;
      parent.children.set(name, { kind: "file", data, bytes: addBytes, mtime: this.now() });
      parent.mtime = this.now();
    } else {
      existing.data = append ? existing.data + data : data;
      existing.bytes = newBytes;
      existing.mtime = this.now();
    }
    this.totalBytes += newBytes - oldBytes;
    return OK_VOID;
  }

  private reserveEntries(n: number): FsResult<void> {
    if (this.entries + n > this.maxEntries)
      return limitError(`No space left on device (max ${this.maxEntries} filesystem entries)`);
    this.entries += n;
    return OK_VOID;
  }

  private release(node: Node): void {
    this.entries -= 1;
    if (node.kind === "file") this.totalBytes -= node.bytes;
    else for (const c of node.children.values()) this.release(c);
  }
}

const limitError = (message: string): FsError => ({ ok: false, code: "ELIMIT", message });

function segments(path: string): string[] {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") out.pop();
    else out.push(seg);
  }
  return out;
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
