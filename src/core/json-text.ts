/**
 * Parse JSON text with errors a person can act on: `line 3, column 14: …`. JSON.parse's own
 * messages differ between Node versions and often give no position, so on failure a small scanner
 * finds where the text stops being JSON. Libraries were weighed: json-parse-even-better-errors and
 * parse-json read the position out of JSON.parse's message, so `{"a": x}` gets none (or 0);
 * jsonc-parser's parser recurses and overflows the stack on input nested hundreds of thousands
 * deep, which this scanner, with no recursion, answers at its place.
 */
export class JsonSyntaxError extends Error {
  override readonly name = "JsonSyntaxError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function parseJson(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Windows tools often add a BOM
  try {
    return JSON.parse(body);
  } catch {
    const { offset, message } = locateJsonError(body);
    const { line, column } = lineColumn(body, offset);
    throw new JsonSyntaxError(message, line, column);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

/** Scan JSON without recursion (deep nesting cannot overflow the stack) and report the first error. */
export function locateJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const fail = (message: string) => ({ offset: i, message });
  const describe = () => (i >= n ? "unexpected end of input" : `unexpected ${JSON.stringify(text[i])}`);
  // Stack of open containers: "{" or "[".
  const stack: string[] = [];
  // What the scanner expects next.
  let expect: "value" | "key" | "after-value" = "value";
  for (;;) {
    ws();
    if (expect === "value") {
      const c = text[i];
      if (c === "{") {
        stack.push("{");
        i++;
        ws();
        if (text[i] === "}") {
          stack.pop();
          i++;
          expect = "after-value";
        } else expect = "key";
        continue;
      }
      if (c === "[") {
        stack.push("[");
        i++;
        ws();
        if (text[i] === "]") {
          stack.pop();
          i++;
          expect = "after-value";
        } else expect = "value";
        continue;
      }
      if (c === '"') {
        const err = scanString();
        if (err) return err;
      } else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) {
        const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
        if (!m) return fail(`invalid number`);
        i += m[0].length;
      } else if (text.startsWith("true", i)) i += 4;
      else if (text.startsWith("false", i)) i += 5;
      else if (text.startsWith("null", i)) i += 4;
      else return fail(`expected a value, found ${describe().replace("unexpected ", "")}`);
      expect = "after-value";
      continue;
    }
    if (expect === "key") {
      if (text[i] !== '"') return fail(`expected a property name in double quotes, found ${describe().replace("unexpected ", "")}`);
      const err = scanString();
      if (err) return err;
      ws();
      if (text[i] !== ":") return fail(`expected ':' after the property name, found ${describe().replace("unexpected ", "")}`);
      i++;
      expect = "value";
      continue;
    }
    // after a value
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (i < n) return fail(`unexpected text after the JSON value`);
      return { offset: n, message: "invalid JSON" };
    }
    if (text[i] === ",") {
      const comma = i;
      i++;
      ws();
      if ((top === "{" && text[i] === "}") || (top === "[" && text[i] === "]")) return { offset: comma, message: "trailing comma is not allowed" };
      expect = top === "{" ? "key" : "value";
      continue;
    }
    if ((top === "{" && text[i] === "}") || (top === "[" && text[i] === "]")) {
      stack.pop();
      i++;
      continue;
    }
    return fail(`expected ',' or '${top === "{" ? "}" : "]"}', found ${describe().replace("unexpected ", "")}`);
  }

  function scanString(): { offset: number; message: string } | undefined {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c < 0x20) return { offset: i, message: "control character inside a string (use \\n, \\t …)" };
      if (c === 92) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: "invalid \\u escape" };
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: i, message: "invalid escape in a string" };
        i += 2;
        continue;
      }
      i++;
    }
    return { offset: n, message: "unterminated string" };
  }
}
