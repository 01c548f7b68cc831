/**
 * What every command needs from the outside world, passed in rather than reached for, so commands
 * can be tested without a real process.
 */
import type { ChalkInstance } from "chalk";
import type { RuleSet } from "../core/ruleset.js";
import { loadRules } from "../node/load-rules.js";
import { colorLevel } from "./color.js";
import { resolveRegion } from "./region.js";
import { formatDiagnostic } from "../core/diagnostics.js";
import { sanitizeForTerminal } from "../core/sanitize.js";
import { caseStoreLocation, loadConfig, staffMode, type Config } from "./config.js";

export interface GlobalOptions {
  /** Absent when no --rules was given. */
  rules?: string[];
  region?: string;
  plain?: boolean;
  color?: boolean;
  debug?: boolean;
  staff?: boolean;
  caseStore?: string;
  operator?: string;
}

export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  platform: string;
  cwd: string;
}

export class CliContext {
  private rulesPromise?: Promise<RuleSet>;
  private configCache?: Config;
  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
  ) {}

  /** Rule packs, loaded once; warnings go to stderr. */
  rules(): Promise<RuleSet> {
    this.rulesPromise ??= loadRules({ paths: this.options.rules ?? [], cwd: this.io.cwd }).then(({ rules, warnings }) => {
      for (const w of warnings) this.io.stderr.write(`${sanitizeForTerminal(formatDiagnostic(w))}\n`);
      return rules;
    });
    return this.rulesPromise;
  }

  async region(): Promise<string | undefined> {
    return resolveRegion(await this.rules(), this.options.region, this.io.env, this.io.platform, this.config().region);
  }

  config(): Config {
    this.configCache ??= loadConfig(this.io.env, this.io.platform);
    return this.configCache;
  }

  get staff(): boolean {
    return staffMode(this.options.staff, this.io.env, this.config());
  }

  /** The case store as given (an SQLite file or a postgres:// address), and whether it is the default one. */
  get caseStore(): { location: string; isDefault: boolean } {
    return caseStoreLocation(this.options.caseStore, this.io.env, this.io.platform, this.config());
  }

  get operator(): string | undefined {
    return this.options.operator ?? (this.io.env.SCAMCHECK_OPERATOR || this.config().operator);
  }

  /**
   * chalk for a stream, loaded on first use: at import it works out colour support, which loads
   * node:tty (and node:net with it), a cost that a scripted check writing JSON to a file or pipe
   * never needs to pay.
   */
  async chalkFor(stream: NodeJS.WriteStream): Promise<ChalkInstance> {
    const { Chalk } = await import("chalk");
    return new Chalk({ level: colorLevel(stream, this.io.env, this.options) });
  }

  get plain(): boolean {
    return this.options.plain === true || this.io.env.TERM === "dumb";
  }
}
