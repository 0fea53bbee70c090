/**
 * The label selector grammar of apimachinery's labels.Parse, token for token, so that every
 * malformed selector fails with the same words as a real API server:
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in"|"notin") "(" VALUES ")" | ("="|"=="|"!="|">"|"<") VALUE ]
 *
 * e.g. `a b` -> unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt
 */
import {
  BINARY_OPERATOR_LIST,
  byteOrder,
  labelFieldErrorText,
  newRequirement,
  type Operator,
  type Requirement,
  validateLabelKey,
} from "./label-requirement.ts";

type Token =
  | "error"
  | "eos"
  | "closedPar"
  | "comma"
  | "doesNotExist"
  | "doubleEquals"
  | "equals"
  | "greaterThan"
  | "identifier"
  | "in"
  | "lessThan"
  | "notEquals"
  | "notIn"
  | "openPar";

const STRING_TO_TOKEN: Record<string, Token> = {
  ")": "closedPar",
  ",": "comma",
  "!": "doesNotExist",
  "==": "doubleEquals",
  "=": "equals",
  ">": "greaterThan",
  in: "in",
  "<": "lessThan",
  "!=": "notEquals",
  notin: "notIn",
  "(": "openPar",
};

interface Item {
  tok: Token;
  lit: string;
}

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSpecialSymbol = (c: string) => "=!(),><".includes(c) && c.length === 1;
const tokenOf = (s: string): Token | undefined => (Object.hasOwn(STRING_TO_TOKEN, s) ? STRING_TO_TOKEN[s] : undefined);

/** The lexer works on UTF-16 units; only ASCII is special, so that is the same as Go's bytes. */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: "eos", lit: "" });
      return items;
    }
    if (isSpecialSymbol(s[pos])) {
      // The longest run of special characters that still spells a token: "!=" but "=(" -> "=".
      let buffer = "";
      let last: Item | undefined;
      while (pos < s.length && isSpecialSymbol(s[pos])) {
        buffer += s[pos];
        const t = tokenOf(buffer);
        if (t) last = { tok: t, lit: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: "error", lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = "";
    while (pos < s.length && !isSpecialSymbol(s[pos]) && !isWhitespace(s[pos])) buffer += s[pos++];
    items.push({ tok: tokenOf(buffer) ?? "identifier", lit: buffer });
  }
}

type Context = "keyAndOperator" | "values";

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In a values context the keywords `in` and `notin` are plain identifiers (`x in (in)`). */
  private view(item: Item, context: Context): Item {
    if (context === "values" && (item.tok === "in" || item.tok === "notIn"))
      return { tok: "identifier", lit: item.lit };
    return item;
  }
  lookahead(context: Context): Item {
    return this.view(this.items[this.position], context);
  }
  consume(context: Context): Item {
    return this.view(this.items[this.position++], context);
  }

  parse(): { ok: true; requirements: Requirement[] } | { ok: false; error: string } {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead("values");
      switch (tok) {
        case "identifier":
        case "doesNotExist": {
          const r = this.parseRequirement();
          if (!r.ok) return { ok: false, error: `unable to parse requirement: ${r.error}` };
          requirements.push(r.requirement);
          const t = this.consume("values");
          if (t.tok === "eos") return { ok: true, requirements };
          if (t.tok === "comma") {
            const t2 = this.lookahead("values");
            if (t2.tok !== "identifier" && t2.tok !== "doesNotExist")
              return { ok: false, error: `found '${t2.lit}', expected: identifier after ','` };
            break;
          }
          return { ok: false, error: `found '${t.lit}', expected: ',' or 'end of string'` };
        }
        case "eos":
          return { ok: true, requirements };
        default:
          return { ok: false, error: `found '${lit}', expected: !, identifier, or 'end of string'` };
      }
    }
  }

  private parseRequirement(): { ok: true; requirement: Requirement } | { ok: false; error: string } {
    const ko = this.parseKeyAndInferOperator();
    if (!ko.ok) return ko;
    if (ko.operator === "exists" || ko.operator === "!") return newRequirement(ko.key, ko.operator, []);
    const op = this.parseOperator();
    if (!op.ok) return op;
    const values = op.operator === "in" || op.operator === "notin" ? this.parseValues() : this.parseExactValue();
    if (!values.ok) return values;
    // A Go sets.String: unique and sorted (List()).
    const list = [...new Set(values.values)].sort(byteOrder);
    return newRequirement(ko.key, op.operator, list);
  }

  private parseKeyAndInferOperator():
    | { ok: true; key: string; operator: Operator | undefined }
    | { ok: false; error: string } {
    let operator: Operator | undefined;
    let item = this.consume("values");
    if (item.tok === "doesNotExist") {
      operator = "!";
      item = this.consume("values");
    }
    if (item.tok !== "identifier") return { ok: false, error: `found '${item.lit}', expected: identifier` };
    const keyErr = validateLabelKey(item.lit, null);
    if (keyErr) return { ok: false, error: labelFieldErrorText(keyErr) };
    const next = this.lookahead("values").tok;
    if ((next === "eos" || next === "comma") && operator !== "!") operator = "exists";
    return { ok: true, key: item.lit, operator };
  }

  private parseOperator(): { ok: true; operator: Operator } | { ok: false; error: string } {
    const { tok, lit } = this.consume("keyAndOperator");
    const ops: Partial<Record<Token, Operator>> = {
      in: "in",
      equals: "=",
      doubleEquals: "==",
      greaterThan: "gt",
      lessThan: "lt",
      notIn: "notin",
      notEquals: "!=",
    };
    const operator = ops[tok];
    if (!operator) return { ok: false, error: `found '${lit}', expected: ${BINARY_OPERATOR_LIST}` };
    return { ok: true, operator };
  }

  private parseValues(): { ok: true; values: string[] } | { ok: false; error: string } {
    const open = this.consume("values");
    if (open.tok !== "openPar") return { ok: false, error: `found '${open.lit}' expected: '('` };
    const { tok, lit } = this.lookahead("values");
    switch (tok) {
      case "identifier":
      case "comma": {
        const list = this.parseIdentifiersList();
        if (!list.ok) return list;
        // Upstream reports the token that followed "(", not the one that is not ")".
        if (this.consume("values").tok !== "closedPar") return { ok: false, error: `found '${lit}', expected: ')'` };
        return list;
      }
      case "closedPar":
        this.consume("values");
        return { ok: true, values: [""] };
      default:
        return { ok: false, error: `found '${lit}', expected: ',', ')' or identifier` };
    }
  }

  private parseIdentifiersList(): { ok: true; values: string[] } | { ok: false; error: string } {
    const s: string[] = [];
    for (;;) {
      const { tok, lit } = this.consume("values");
      if (tok === "identifier") {
        s.push(lit);
        const next = this.lookahead("values");
        if (next.tok === "comma") continue;
        if (next.tok === "closedPar") return { ok: true, values: s };
        return { ok: false, error: `found '${next.lit}', expected: ',' or ')'` };
      }
      if (tok === "comma") {
        // "(,", ",)" and ",," each stand for the empty value.
        if (s.length === 0) s.push("");
        const next = this.lookahead("values").tok;
        if (next === "closedPar") {
          s.push("");
          return { ok: true, values: s };
        }
        if (next === "comma") s.push("");
        continue;
      }
      return { ok: false, error: `found '${lit}', expected: ',', or identifier` };
    }
  }

  private parseExactValue(): { ok: true; values: string[] } | { ok: false; error: string } {
    const next = this.lookahead("values").tok;
    if (next === "eos" || next === "comma") return { ok: true, values: [""] };
    const { tok, lit } = this.consume("values");
    if (tok === "identifier") return { ok: true, values: [lit] };
    return { ok: false, error: `found '${lit}', expected: identifier` };
  }
}

/** labels.Parse without the final sort: the requirements in the order written. */
export function parseRequirements(
  selector: string,
): { ok: true; requirements: Requirement[] } | { ok: false; error: string } {
  return new Parser(lex(selector)).parse();
}
