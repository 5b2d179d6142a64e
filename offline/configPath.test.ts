// Key paths follow pulumi/pulumi sdk/go/common/resource/properties_path.go (ParsePropertyPathStrict):
// the examples of its doc comment, its errors, and a round-trip property over the grammar.
import * as assert from "assert";
import fc from "fast-check";
import { coerceLeaf, parsePath, PathElement, splitKeyPath } from "./configPath";

/** Prints elements in the path grammar: names after dots, indexes and other keys in brackets. */
function printPath(els: PathElement[]): string {
    return els
        .map((e, i) => {
            if (typeof e === "number") return `[${e}]`;
            if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(e)) return i === 0 ? e : `.${e}`;
            return `["${e.replace(/"/g, '\\"')}"]`;
        })
        .join("");
}

describe("config key paths (properties_path.go)", () => {
    it("parses the documented examples", () => {
        const cases: Array<[string, PathElement[]]> = [
            ["root", ["root"]],
            ['root["nested"]', ["root", "nested"]],
            ["root.array[0][1].nested", ["root", "array", 0, 1, "nested"]],
            ['root["key with \\"escaped\\" quotes"]', ["root", 'key with "escaped" quotes']],
            ['["root key with a ."][100]', ["root key with a .", 100]],
            ["root.array[*].field", ["root", "array", "*", "field"]],
            ["foo-bar", ["foo-bar"]],
        ];
        for (const [text, els] of cases) assert.deepStrictEqual(parsePath(text), els, text);
    });

    it("rejects what strict parsing rejects", () => {
        for (const [text, re] of [
            [".a", /start with a name or index/],
            ["a.", /end with a name or index/],
            ["a.[0]", /expected property name after '\.'/],
            ["a[0", /missing closing bracket in array index/],
            ['a["x', /missing closing quote/],
            ["a[x]", /invalid array index/],
        ] as Array<[string, RegExp]>) {
            assert.throws(() => parsePath(text), re, text);
        }
        assert.throws(() => splitKeyPath("[0].a"), /first path segement of config key must be a string/);
    });

    it("round-trips any path printed in the grammar", () => {
        const name = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,8}$/);
        const quoted = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !s.includes("\\") && !s.endsWith('"') && !s.includes('"]'));
        const element = fc.oneof(name, quoted, fc.nat({ max: 1000 }));
        fc.assert(
            fc.property(fc.oneof(name, quoted), fc.array(element, { maxLength: 6 }), (first, rest) => {
                const els: PathElement[] = [first, ...rest];
                assert.deepStrictEqual(parsePath(printPath(els)), els);
            }),
        );
    });

    it("coerces --config-path leaves as object.go coerce does", () => {
        fc.assert(
            fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), (n) => {
                const text = n.toString();
                const c = coerceLeaf(text);
                assert.deepStrictEqual(c, text.length > 1 && text[0] === "0" ? { t: "str", v: text } : { t: "int", v: n });
            }),
        );
        assert.deepStrictEqual(coerceLeaf("true"), { t: "bool", v: true });
        assert.deepStrictEqual(coerceLeaf("007"), { t: "str", v: "007" });
        assert.deepStrictEqual(coerceLeaf("18446744073709551616"), { t: "str", v: "18446744073709551616" }, "beyond uint64");
        assert.deepStrictEqual(coerceLeaf("1.5"), { t: "str", v: "1.5" });
    });
});
