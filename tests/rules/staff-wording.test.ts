/**
 * Operator mode reads as one script in the operator's words: a question a pack words for staff
 * (`staff_text`) has its first-person choices ("I paid…", "my bank") worded for staff too
 * (`staff_label`), and no staff wording slips back into the first person.
 */
import { describe, expect, it } from "vitest";
import { loadRules } from "../../src/node/load-rules.js";

const FIRST_PERSON = /\b(I|[Mm]e|[Mm]y|[Mm]yself|I'm|I've)\b/;

describe("the shipped packs' staff wording", async () => {
  const { rules } = await loadRules({ noCache: true });
  const forStaff = rules.questions.filter((q) => q.staffText !== undefined);

  it("words for staff every first-person choice of a question that has staff wording", () => {
    expect(forStaff.length).toBeGreaterThan(10);
    const missing = forStaff.flatMap((q) => q.choices.filter((c) => FIRST_PERSON.test(c.label) && c.staffLabel === undefined).map((c) => `${q.id}: ${c.id} ("${c.label}")`));
    expect(missing).toEqual([]);
  });

  it("keeps staff questions and choices out of the first person", () => {
    const firstPerson = rules.questions.flatMap((q) => [
      ...(q.staffText !== undefined && FIRST_PERSON.test(q.staffText.replace(/"[^"]*"/g, "")) ? [`${q.id}: "${q.staffText}"`] : []),
      ...q.choices.filter((c) => c.staffLabel !== undefined && FIRST_PERSON.test(c.staffLabel)).map((c) => `${q.id}: ${c.id} ("${c.staffLabel}")`),
    ]);
    expect(firstPerson).toEqual([]);
  });
});
