// docs/operating.md "What `verify` reads" tells an operator which RBAC verify needs: every kind
// verify/observed.ts KINDS keeps (what verify/live.ts reads) must be in that table, by its resource
// name (the plural, as RBAC spells it) and, outside the core group, its API group.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";
import { KINDS } from "./observed";

/** The table's first column: each resource name with the parenthesis after it, when there is one. */
function documentedResources(doc: string): Map<string, string | undefined> {
    const section = doc.split("### What `verify` reads")[1]?.split(/\n## /)[0];
    assert.ok(section, "docs/operating.md has the section");
    const rows = section.split("\n").filter((l) => l.startsWith("| `"));
    const found = new Map<string, string | undefined>();
    for (const row of rows) for (const m of row.split("|")[1].matchAll(/`([a-z]+)`(?:\s*\(([^)]*)\))?/g)) found.set(m[1], m[2]);
    return found;
}

describe("docs/operating.md: what verify reads", () => {
    const documented = documentedResources(fs.readFileSync(path.join(ROOT, "docs/operating.md"), "utf8"));

    for (const k of KINDS) {
        const resource = path.basename(k.file, ".json");
        const group = k.apiVersion.includes("/") ? k.apiVersion.split("/")[0] : undefined;
        it(`lists ${k.kind}: ${resource}${group ? ` (${group})` : ""}`, () => {
            assert.ok(documented.has(resource), `add \`${resource}\` to the table`);
            if (group) assert.strictEqual(documented.get(resource), group, `${resource}: its API group`);
        });
    }

    it("reads the table's names as written (a row the parser missed would pass every kind above)", () => {
        assert.ok(documented.size >= KINDS.length, [...documented.keys()].join(", "));
        assert.strictEqual(documented.get("ingressclassparams"), "eks.amazonaws.com");
    });
});
