declare const __SCAMCHECK_VERSION__: string | undefined;

/** Set by the build from package.json; "dev" when running from source. */
export const VERSION: string = typeof __SCAMCHECK_VERSION__ === "string" ? __SCAMCHECK_VERSION__ : "0.0.0-dev";
