// Key paths follow pulumi/pulumi sdk/go/common/resource/properties_path.go (ParsePropertyPathStrict):
// the examples of its doc comment, its errors, and a round-trip property over the grammar.
import * as assert from "assert";
import fc from "fast-check";
import { coerceLeaf, parsePath, PathElement, setAtPath, splitKeyPath } from "./configPath";
import { CfgNode } from "./configValue";

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

describe("config key paths: edges of the grammar (properties_path.go)", () => {
    it("reads escaped quotes in a quoted key, and refuses a quoted key without its bracket", () => {
        assert.deepStrictEqual(parsePath('a["x\\"y"].b'), ["a", 'x"y', "b"]);
        assert.deepStrictEqual(parsePath('a["x\\y"]'), ["a", "x\\y"]);
        assert.throws(() => parsePath('a["x"y'), /missing closing bracket in property access/);
        assert.throws(() => parsePath('a["x\\"'), /missing closing quote in property name/);
    });

    it("takes a signed index as Go's ParseInt does, and refuses anything else between the brackets", () => {
        assert.deepStrictEqual(parsePath("a[+1]"), ["a", 1]);
        assert.deepStrictEqual(parsePath("a[*]"), ["a", "*"]);
        for (const bad of ["a[1x]", "a[x1]", "a[ 1]", "a[1.0]", "a[]", "a[9007199254740993]"]) assert.throws(() => parsePath(bad), /invalid array index/, bad);
    });

    it("needs a top-level name (map.go parseKeyPath)", () => {
        assert.throws(() => splitKeyPath(""), /^Error: empty config key path$/);
        assert.throws(() => splitKeyPath('[""].a'), /^Error: config key is empty$/);
        assert.deepStrictEqual(splitKeyPath("a[0].b"), { top: "a", rest: [0, "b"] });
    });

    it("coerces the bounds of int64 and uint64 only (object.go coerce: ParseInt, then ParseUint)", () => {
        assert.deepStrictEqual(coerceLeaf("0"), { t: "int", v: 0n });
        assert.deepStrictEqual(coerceLeaf("false"), { t: "bool", v: false });
        assert.deepStrictEqual(coerceLeaf("-9223372036854775809"), { t: "str", v: "-9223372036854775809" });
        assert.deepStrictEqual(coerceLeaf("+7"), { t: "int", v: 7n });
        assert.deepStrictEqual(coerceLeaf("True"), { t: "str", v: "True" });
    });
});

describe("setAtPath (object.go Set)", () => {
    const str = (v: string): CfgNode => ({ t: "str", v });
    const map = (entries: Record<string, CfgNode>): CfgNode => ({ t: "map", v: new Map(Object.entries(entries)) });
    const V = str("v");

    it("replaces a scalar at the first level, and fails on one deeper, naming the path", () => {
        assert.deepStrictEqual(setAtPath(str("x"), ["top"], ["b"], V), map({ b: V }));
        assert.throws(() => setAtPath(map({ a: str("x") }), ["top"], ["a", "b"], V), /^Error: top\.a: expected a map$/);
        assert.throws(() => setAtPath(map({ a: str("x") }), ["top"], ["a", 0], V), /^Error: top\.a: expected an array$/);
    });

    it("makes a list of n+1 empty entries for index n, and a map for a name", () => {
        assert.deepStrictEqual(setAtPath({ t: "null" }, ["top"], [2], V), { t: "list", v: [{ t: "null" }, { t: "null" }, V] });
        assert.deepStrictEqual(setAtPath({ t: "null" }, ["top"], [0, "k"], V), { t: "list", v: [map({ k: V })] });
    });

    it("sets in a list up to one past its end, and names the path of a bad index or key", () => {
        const list: CfgNode = { t: "list", v: [str("a")] };
        assert.deepStrictEqual(setAtPath(list, ["top"], [1], V), { t: "list", v: [str("a"), V] });
        assert.deepStrictEqual(setAtPath(list, ["top"], [0], V), { t: "list", v: [V] });
        assert.deepStrictEqual(list, { t: "list", v: [str("a")] }, "the list given is not changed");
        assert.throws(() => setAtPath(list, ["top"], [2], V), /^Error: top\[2\]: array index out of range$/);
        assert.throws(() => setAtPath(list, ["top"], [-1], V), /^Error: top\[-1\]: array index out of range$/);
        assert.throws(() => setAtPath(list, ["top"], ["k"], V), /^Error: top\.k: key for an array must be an int$/);
        assert.throws(() => setAtPath(map({}), ["top", 0], [3], V), /^Error: top\[0\]\[3\]: key for a map must be a string$/);
    });

    it('reserves a map whose single key is "secure" with a string, the shape of a ciphertext', () => {
        assert.throws(() => setAtPath(map({}), ["top"], ["secure"], V), /maps with the single key "secure" are reserved/);
        assert.deepStrictEqual(setAtPath(map({ a: V }), ["top"], ["secure"], V), map({ a: V, secure: V }));
        assert.deepStrictEqual(setAtPath(map({}), ["top"], ["secure"], { t: "bool", v: true }), map({ secure: { t: "bool", v: true } }));
        assert.deepStrictEqual(setAtPath(map({}), ["top"], ["secure", "x"], V), map({ secure: map({ x: V }) }));
    });
});
