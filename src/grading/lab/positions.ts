/**
 * Where each value of a YAML document sits, by JSON Pointer (`/checkpoints/2/check/kind`), so
 * a lint error can name the line an instructor has to fix. Built from js-yaml's event stream,
 * which carries source offsets.
 */
import { parseEvents } from "js-yaml";

export interface Position {
  line: number;
  column: number;
}

// js-yaml event ids (EVENT_ID): document, sequence, mapping, scalar, alias, pop.
const DOCUMENT = 1;
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const ALIAS = 5;
const POP = 6;

type Frame = { kind: "seq"; index: number; pointer: string } | { kind: "map"; key: string | null; pointer: string };

export function yamlPositions(text: string): Map<string, Position> {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const at = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const out = new Map<string, Position>();
  let events: ReturnType<typeof parseEvents>;
  try {
    events = parseEvents(text, { maxDepth: 64 });
  } catch {
    return out;
  }
  const stack: Frame[] = [];
  // The pointer a value arriving now gets; for a mapping expecting a key, null (the value is a key).
  const slot = (): string | null => {
    const top = stack[stack.length - 1];
    if (!top) return "";
    if (top.kind === "seq") return `${top.pointer}/${top.index}`;
    return top.key === null ? null : `${top.pointer}/${escapePointer(top.key)}`;
  };
  const consumed = () => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.kind === "seq") top.index += 1;
    else top.key = null;
  };
  for (const e of events as unknown as Record<string, number>[]) {
    switch (e.type) {
      case DOCUMENT:
        stack.length = 0;
        break;
      case SEQUENCE:
      case MAPPING: {
        const pointer = slot() ?? "";
        if (!out.has(pointer)) out.set(pointer, at(Math.max(0, e.start)));
        stack.push(e.type === SEQUENCE ? { kind: "seq", index: 0, pointer } : { kind: "map", key: null, pointer });
        break;
      }
      case SCALAR:
      case ALIAS: {
        const top = stack[stack.length - 1];
        const offset = Math.max(0, e.valueStart ?? e.start ?? 0);
        if (top?.kind === "map" && top.key === null) {
          top.key = e.type === SCALAR ? text.slice(e.valueStart, e.valueEnd).replace(/^["']|["']$/g, "") : "";
          // A key's own position stands for its value until the value is seen.
          out.set(`${top.pointer}/${escapePointer(top.key)}`, at(offset));
          break;
        }
        const pointer = slot();
        if (pointer !== null && !out.has(pointer)) out.set(pointer, at(offset));
        consumed();
        break;
      }
      case POP:
        stack.pop();
        consumed();
        break;
    }
  }
  return out;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The position of the nearest pointer that has one (walking up the path). */
export function positionOf(positions: Map<string, Position>, pointer: string): Position {
  let p = pointer;
  for (;;) {
    const found = positions.get(p);
    if (found) return found;
    if (p === "") return { line: 1, column: 1 };
    p = p.slice(0, p.lastIndexOf("/"));
  }
}
