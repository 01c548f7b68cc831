/**
 * Where scamcheck keeps files, per platform: the draft of an unfinished triage (state), the case
 * log (data) and the config file (config). Linux follows the XDG rules; macOS uses Application
 * Support and Preferences; Windows uses LOCALAPPDATA and APPDATA. Each can be moved with an
 * environment variable (SCAMCHECK_STATE_DIR, SCAMCHECK_DATA_DIR, SCAMCHECK_CONFIG_DIR).
 *
 * Written here rather than taken from env-paths: env-paths uses a relative XDG_*_HOME as given,
 * which the XDG rules say to ignore, has no state folder, and adds "-nodejs" to the folder names.
 */
import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

const APP = "scamcheck";
/** The case store's file in the data folder, unless another is chosen. */
export const DEFAULT_STORE_FILE = "cases.sqlite";
/** The JSON Lines case log earlier versions kept in the data folder, moved into the store once. */
export const OLD_LOG_FILE = "cases.jsonl";

export interface AppPaths {
  state: string;
  data: string;
  config: string;
}

/** An XDG base directory from the environment: the spec says a relative path is invalid and to be ignored. */
function xdg(value: string | undefined): string | undefined {
  return value && isAbsolute(value) ? value : undefined;
}

export function appPaths(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, home: string = homedir()): AppPaths {
  let paths: AppPaths;
  if (platform === "win32") {
    const local = env.LOCALAPPDATA || join(home, "AppData", "Local");
    const roaming = env.APPDATA || join(home, "AppData", "Roaming");
    paths = { state: join(local, APP, "State"), data: join(local, APP, "Data"), config: join(roaming, APP, "Config") };
  } else if (platform === "darwin") {
    const support = join(home, "Library", "Application Support", APP);
    paths = { state: join(support, "State"), data: support, config: join(home, "Library", "Preferences", APP) };
  } else {
    paths = {
      state: join(xdg(env.XDG_STATE_HOME) ?? join(home, ".local", "state"), APP),
      data: join(xdg(env.XDG_DATA_HOME) ?? join(home, ".local", "share"), APP),
      config: join(xdg(env.XDG_CONFIG_HOME) ?? join(home, ".config"), APP),
    };
  }
  return {
    state: env.SCAMCHECK_STATE_DIR || paths.state,
    data: env.SCAMCHECK_DATA_DIR || paths.data,
    config: env.SCAMCHECK_CONFIG_DIR || paths.config,
  };
}
