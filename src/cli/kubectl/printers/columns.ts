/**
 * The server-side Table model (metav1.Table) that kube-apiserver's printers return and kubectl
 * renders: column definitions with a priority (1 = only with `-o wide`) and string cells.
 */
import type { KObject } from "../../../sim/k8s/api/object.ts";

export interface Column {
  /** As the server names it ("Nominated Node"); kubectl upper-cases it for the header. */
  name: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: 0 | 1;
  /** "name" marks the column kubectl prefixes with `kind/` when several kinds are printed. */
  format?: "name";
}

export interface TableOptions {
  /** Virtual now, ms since the epoch. */
  now: number;
  /** Emulated Kubernetes minor version (21 for 1.21). */
  minor: number;
  wide: boolean;
}

export interface Table {
  columns: Column[];
  rows: string[][];
}

/** One kind's printer: its columns for a version and a row per object (all cells, wide ones too). */
export interface KindPrinter {
  columns(minor: number): Column[];
  row(obj: KObject, opts: TableOptions): string[];
}

export const nameCol: Column = { name: "Name", priority: 0, format: "name" };
export const ageCol: Column = { name: "Age", priority: 0 };
export const col = (name: string): Column => ({ name, priority: 0 });
export const wideCol = (name: string): Column => ({ name, priority: 1 });
