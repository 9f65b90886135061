/** docs/domain.md is generated from the code; this fails when the two have drifted apart. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TRANSITIONS, transitionTableMarkdown } from "../../domain/index.js";
import { DOC_PATH, renderDomainDoc } from "../../scripts/gen-docs.js";

describe("docs/domain.md", () => {
  it("is what scripts/gen-docs.ts generates (run `node --import tsx scripts/gen-docs.ts` to update it)", () => {
    expect(readFileSync(DOC_PATH, "utf8")).toBe(renderDomainDoc());
  });

  it("contains the transition table generated from TRANSITIONS, one row per event type", () => {
    const doc = renderDomainDoc();
    expect(doc).toContain(transitionTableMarkdown());
    for (const type of Object.keys(TRANSITIONS)) expect(doc).toContain(`| \`${type}\` |`);
  });
});
