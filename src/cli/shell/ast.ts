/** The parsed form of a shell script, as the parser produces it and the interpreter walks it. */

export type WordPart =
  /** Unquoted text: subject to globbing (and it came from the source, so never split). */
  | { k: "lit"; v: string }
  /** Quoted or backslash-escaped text: taken literally. */
  | { k: "q"; v: string }
  /** A double-quoted span: its expansions are neither split nor globbed. */
  | { k: "dq"; parts: WordPart[] }
  /** `$name`, `${name}`, `${name:-word}`, `${#name}`, `${name#pat}` ... */
  | { k: "param"; name: string; op?: string; arg?: Word }
  /** `$(...)` or backticks. */
  | { k: "cmd"; body: Script }
  /** `$((...))`: the inner text is itself expanded, then evaluated. */
  | { k: "arith"; expr: Word }
  /** `~` or `~user` at the start of a word. */
  | { k: "tilde"; user: string };

export interface Word {
  parts: WordPart[];
}

export interface Redirect {
  fd: number;
  /** `>`, `>>`, `<`, `>&`, `<&`, `&>`, `&>>`, `<<`, `<<<`, `>|`, `<>`. */
  op: string;
  target: Word;
  /** For `<<`: the body, and whether it expands (`<<EOF`) or is literal (`<<'EOF'`). */
  heredoc?: { body: Word | string };
}

export interface Assignment {
  name: string;
  value: Word;
  append: boolean;
}

export type Command =
  | { t: "simple"; assigns: Assignment[]; words: Word[]; redirs: Redirect[]; line: number }
  | { t: "if"; clauses: { cond: Script; body: Script }[]; otherwise?: Script; redirs: Redirect[] }
  | { t: "for"; name: string; items?: Word[]; body: Script; redirs: Redirect[] }
  | { t: "cfor"; init: string; cond: string; step: string; body: Script; redirs: Redirect[] }
  | { t: "while"; until: boolean; cond: Script; body: Script; redirs: Redirect[] }
  | { t: "group"; body: Script; redirs: Redirect[] }
  | { t: "subshell"; body: Script; redirs: Redirect[] }
  | { t: "case"; word: Word; items: CaseItem[]; redirs: Redirect[] }
  | { t: "func"; name: string; body: Command }
  | { t: "arith"; expr: Word; redirs: Redirect[] }
  | { t: "cond"; expr: CondExpr; redirs: Redirect[] };

export interface CaseItem {
  patterns: Word[];
  body: Script;
  /** `;;` ends, `;&` falls through, `;;&` tests the next pattern. */
  term: ";;" | ";&" | ";;&";
}

/** `[[ ... ]]` expressions. */
export type CondExpr =
  | { k: "and" | "or"; a: CondExpr; b: CondExpr }
  | { k: "not"; a: CondExpr }
  | { k: "unary"; op: string; a: Word }
  | { k: "binary"; op: string; a: Word; b: Word }
  | { k: "word"; a: Word };

export interface Pipeline {
  negate: boolean;
  cmds: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: "&&" | "||"; p: Pipeline }[];
}

/** A list of and-or lists separated by `;`, `&` or newlines. */
export interface Script {
  items: AndOr[];
}
