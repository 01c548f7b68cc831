/**
 * The prompts scamcheck uses, and only those. Importing the whole of @inquirer/prompts would put
 * every prompt in the bundle the first question waits for (the editor prompt alone brings an
 * encoding library); named re-exports let the bundler leave the rest out.
 */
export { confirm, input, select, Separator } from "@inquirer/prompts";
export { tickList } from "./tick-list.js";
