/**
 * A filesystem that remembers when each change happened. A container's command is evaluated
 * ahead of time, in its own virtual time (`touch /tmp/healthy; sleep 30; rm /tmp/healthy`);
 * the changes it makes are recorded with their times and applied to the container's live
 * filesystem only when the cluster's clock reaches them, so an exec probe or `kubectl exec`
 * at t+10s sees the file and one at t+40s does not.
 */
import { VirtualFs, type VirtualFsOptions } from "../../../cli/shell/vfs.ts";

export interface FsChange {
  at: number;
  apply(fs: VirtualFs): void;
}

export class RecordingFs extends VirtualFs {
  readonly changes: FsChange[] = [];
  constructor(
    opts: VirtualFsOptions,
    private readonly clock: () => number,
  ) {
    super(opts);
  }

  private record(apply: (fs: VirtualFs) => void): void {
    // The base constructor creates its skeleton before this class's fields exist.
    const changes = this.changes as FsChange[] | undefined;
    changes?.push({ at: this.clock(), apply });
  }

  override writeFile(path: string, data: string) {
    const r = super.writeFile(path, data);
    if (r.ok) this.record((fs) => fs.writeFile(path, data));
    return r;
  }
  override appendFile(path: string, data: string) {
    const r = super.appendFile(path, data);
    if (r.ok) this.record((fs) => fs.appendFile(path, data));
    return r;
  }
  override mkdir(path: string, opts: { recursive?: boolean } = {}) {
    const r = super.mkdir(path, opts);
    if (r.ok) this.record((fs) => fs.mkdir(path, opts));
    return r;
  }
  override rm(path: string, opts: { recursive?: boolean } = {}) {
    const r = super.rm(path, opts);
    if (r.ok) this.record((fs) => fs.rm(path, opts));
    return r;
  }
  override rmdir(path: string) {
    const r = super.rmdir(path);
    if (r.ok) this.record((fs) => fs.rmdir(path));
    return r;
  }
  override copy(from: string, to: string, opts: { recursive?: boolean } = {}) {
    const r = super.copy(from, to, opts);
    if (r.ok) this.record((fs) => fs.copy(from, to, opts));
    return r;
  }
  override rename(from: string, to: string) {
    const r = super.rename(from, to);
    if (r.ok) this.record((fs) => fs.rename(from, to));
    return r;
  }
  override touch(path: string) {
    const r = super.touch(path);
    if (r.ok) this.record((fs) => fs.touch(path));
    return r;
  }
}
