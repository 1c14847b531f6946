import { InputError } from "../errors.js";

/** What one command accepts: options that take a value (`--data FILE` or `--data=FILE`) and flags. */
export interface CommandOptions {
  values: readonly string[];
  flags: readonly string[];
  /** How many plain arguments (such as a file name) the command takes; default none. */
  positional?: number;
}

export interface ParsedOptions {
  values: Record<string, string>;
  flags: Set<string>;
  positional: string[];
}

/** Parses a command's options. Unknown options, missing values and stray arguments are InputErrors. */
export function parseOptions(command: string, argv: readonly string[], accepted: CommandOptions): ParsedOptions {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h") { flags.add("help"); continue; }
    if (!arg.startsWith("--") && positional.length < (accepted.positional ?? 0)) { positional.push(arg); continue; }
    if (!arg.startsWith("--")) throw new InputError(`unexpected argument "${arg}" to "${command}"; run longitude ${command} --help`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (accepted.flags.includes(name)) {
      if (eq >= 0) throw new InputError(`option --${name} takes no value`);
      flags.add(name);
    } else if (accepted.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new InputError(`option --${name} needs a value`);
      if (name in values) throw new InputError(`option --${name} is given twice`);
      values[name] = value;
    } else {
      throw new InputError(`unknown option "--${name}" for "${command}"; run longitude ${command} --help`);
    }
  }
  return { values, flags, positional };
}
