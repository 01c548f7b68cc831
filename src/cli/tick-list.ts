/**
 * The tick lists (a multiple-choice question, the steps done on a "do this right now" screen), on
 * @inquirer/core (the prompt library's own way to make a prompt). The library's checkbox takes Enter as "done" whichever row the cursor is on, so
 * someone who moved to "Why are we asking this?" and pressed Enter, as they would on any other
 * list, answered "Not sure" instead of being told why. Here Enter with nothing ticked picks the row
 * under the cursor when that row is one that stands for itself (`enterPicks`: why we ask, go back);
 * on an answer row it is "nothing ticked", which the question takes as "Not sure". Otherwise it
 * behaves as the checkbox did: a number key ticks the choice with that number, Space the one under
 * the cursor, the arrows move round the list, and there is no tick-all or invert key, as one stray
 * key would answer that everything happened.
 */
import { cursorHide } from "@inquirer/ansi";
import { createPrompt, isDownKey, isEnterKey, isNumberKey, isSpaceKey, isUpKey, makeTheme, Separator, useKeypress, usePagination, usePrefix, useState, type Theme } from "@inquirer/core";
import figures from "@inquirer/figures";

export interface TickChoice {
  name: string;
  /** The words the answer is echoed in (the name without its number or padding). */
  short?: string;
  value: string;
  checked?: boolean;
}

interface Row extends TickChoice {
  short: string;
  checked: boolean;
}

export interface TickListTheme {
  icon: { checked: string; unchecked: string; cursor: string };
  style: {
    /** The answer's echo, from the rows ticked. */
    renderSelectedChoices: (ticked: readonly Row[]) => string;
  };
}

export interface TickListConfig {
  message: string;
  choices: readonly (TickChoice | Separator)[];
  /** The line under the list, saying which keys do what. */
  instructions?: string;
  pageSize?: number;
  /** Rows Enter picks alone when nothing is ticked and the cursor is on them. */
  enterPicks?: readonly string[];
  /** true, or what to say when the rows ticked cannot go together. */
  validate?: (ticked: readonly Row[]) => true | string;
  theme?: Partial<Omit<Theme<TickListTheme>, "icon" | "style">> & { icon?: Partial<TickListTheme["icon"]>; style?: Partial<Theme<TickListTheme>["style"]> };
}

const defaultTheme: TickListTheme = {
  icon: { checked: figures.circleFilled, unchecked: figures.circle, cursor: figures.pointer },
  style: { renderSelectedChoices: (ticked) => ticked.map((row) => row.short).join(", ") },
};

const isRow = (item: Row | Separator): item is Row => !Separator.isSeparator(item);

export const tickList = createPrompt<string[], TickListConfig>((config, done) => {
  const theme = makeTheme<TickListTheme>(defaultTheme, config.theme);
  const [status, setStatus] = useState<"idle" | "done">("idle");
  const prefix = usePrefix({ status, theme });
  const [items, setItems] = useState<(Row | Separator)[]>(() =>
    config.choices.map((c) => (Separator.isSeparator(c) ? c : { ...c, short: c.short ?? c.name, checked: c.checked === true })),
  );
  const rows = items.map((item, i) => (isRow(item) ? i : -1)).filter((i) => i >= 0);
  const [active, setActive] = useState(rows[0] ?? 0);
  const [error, setError] = useState<string | undefined>(undefined);

  const toggle = (at: number) => setItems(items.map((item, i) => (i === at && isRow(item) ? { ...item, checked: !item.checked } : item)));
  useKeypress((key) => {
    if (status === "done") return;
    if (isEnterKey(key)) {
      const ticked = items.filter(isRow).filter((row) => row.checked);
      const here = items[active];
      if (ticked.length === 0 && here && isRow(here) && config.enterPicks?.includes(here.value)) {
        setStatus("done");
        setItems(items.map((item, i) => (i === active && isRow(item) ? { ...item, checked: true } : item)));
        done([here.value]);
        return;
      }
      const verdict = config.validate?.(ticked) ?? true;
      if (verdict !== true) return setError(verdict);
      setStatus("done");
      done(ticked.map((row) => row.value));
    } else if (isUpKey(key) || isDownKey(key)) {
      const at = rows.indexOf(active);
      setActive(rows[(at + (isUpKey(key) ? -1 : 1) + rows.length) % rows.length] ?? active);
    } else if (isSpaceKey(key)) {
      setError(undefined);
      toggle(active);
    } else if (isNumberKey(key)) {
      // The nth row, counting rows only, as the numbers in the list do.
      const at = rows[Number(key.name) - 1];
      if (at === undefined) return;
      setError(undefined);
      setActive(at);
      toggle(at);
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === "done") return [prefix, message, theme.style.answer(theme.style.renderSelectedChoices(items.filter(isRow).filter((row) => row.checked)))].filter(Boolean).join(" ");
  const page = usePagination<Row | Separator>({
    items,
    active,
    renderItem: ({ item, isActive }) => {
      if (!isRow(item)) return ` ${item.separator}`;
      const line = `${isActive ? theme.icon.cursor : " "}${item.checked ? theme.icon.checked : theme.icon.unchecked} ${item.name}`;
      return isActive ? theme.style.highlight(line) : line;
    },
    pageSize: config.pageSize ?? 7,
    loop: true,
  });
  const lines = [[prefix, message].filter(Boolean).join(" "), page, " ", error ? theme.style.error(error) : "", config.instructions ?? ""];
  return `${lines.filter(Boolean).join("\n").trimEnd()}${cursorHide}`;
});
