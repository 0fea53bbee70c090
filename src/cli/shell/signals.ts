/**
 * Non-local control flow inside the interpreter (`exit`, `return`, `break`, `continue`).
 * These are thrown only between the interpreter's own frames and always caught before
 * `Shell.exec` returns.
 */
export class ExitSignal {
  constructor(readonly code: number) {}
}

export class ReturnSignal {
  constructor(readonly code: number) {}
}

export class LoopSignal {
  constructor(
    readonly kind: "break" | "continue",
    public levels: number,
  ) {}
}
