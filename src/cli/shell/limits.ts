/**
 * Hard bounds on one `exec`: a student's script can loop forever or print without end, and
 * the grader must still answer. Past a bound the script stops with a message naming it and
 * exit status 125 (the status `timeout`-style wrappers use for "the wrapper itself failed").
 */
export interface ShellLimits {
  /** Simple commands run in one exec. */
  maxCommands: number;
  /** Loop iterations (for, while, until) in one exec, all loops together. */
  maxLoopIterations: number;
  /** Nesting of function calls and `source`. */
  maxCallDepth: number;
  /** Bytes written to stdout and stderr by one exec (and by any one pipe or substitution). */
  maxOutputBytes: number;
  /** Nesting of `$(...)` being evaluated. */
  maxSubstitutionDepth: number;
  /** Length of one command line / script given to exec or source. */
  maxScriptBytes: number;
  /** Syntactic nesting (compound commands, substitutions) the parser accepts. */
  maxParseDepth: number;
}

export const DEFAULT_LIMITS: ShellLimits = {
  maxCommands: 10_000,
  maxLoopIterations: 10_000,
  maxCallDepth: 100,
  maxOutputBytes: 1024 * 1024,
  maxSubstitutionDepth: 32,
  maxScriptBytes: 1024 * 1024,
  maxParseDepth: 200,
};

export const LIMIT_EXIT_CODE = 125;

/** Thrown inside the interpreter only; `Shell.exec` turns it into a result. */
export class LimitError {
  readonly message: string;
  constructor(what: string, limitName: string) {
    this.message = `labgrader: limit reached: ${what} (${limitName})`;
  }
}
