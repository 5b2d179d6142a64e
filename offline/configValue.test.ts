// Config values as the Pulumi CLI reads and prints them: pulumi/pulumi
// sdk/go/common/resource/config/object.go (`isSecureValue`, `Secure`, `MarshalString`) and Go's
// encoding/json (`Marshal`: HTML-safe escapes, map keys in byte order, ES6 float formatting).
import * as assert from "assert";
import { CfgNode, compareGo, containsSecure, goJson, nodeFromJs, programText, valueFromNode, yamlDocument } from "./configValue";

describe("nodeFromJs", () => {
    it("maps each YAML value to its node; integers only when exact", () => {
        assert.deepStrictEqual(nodeFromJs(null), { t: "null" });
        assert.deepStrictEqual(nodeFromJs(undefined), { t: "null" });
        assert.deepStrictEqual(nodeFromJs("x"), { t: "str", v: "x" });
        assert.deepStrictEqual(nodeFromJs(7n), { t: "int", v: 7n });
        assert.deepStrictEqual(nodeFromJs(7), { t: "int", v: 7n });
        assert.deepStrictEqual(nodeFromJs(Number.MAX_SAFE_INTEGER), { t: "int", v: 9007199254740991n });
        assert.deepStrictEqual(nodeFromJs(2 ** 60), { t: "float", v: 2 ** 60 });
        assert.deepStrictEqual(nodeFromJs(-(2 ** 60)), { t: "float", v: -(2 ** 60) });
        assert.deepStrictEqual(nodeFromJs(1.5), { t: "float", v: 1.5 });
        assert.ok(Object.is((nodeFromJs(-0) as { v: number }).v, -0) && nodeFromJs(-0).t === "float");
        assert.deepStrictEqual(nodeFromJs(false), { t: "bool", v: false });
        assert.deepStrictEqual(nodeFromJs(["a", 1n]), {
            t: "list",
            v: [
                { t: "str", v: "a" },
                { t: "int", v: 1n },
            ],
        });
        assert.deepStrictEqual(nodeFromJs(new Date("2026-01-02T03:04:05Z")), { t: "str", v: "2026-01-02T03:04:05.000Z" });
        assert.deepStrictEqual(nodeFromJs(Symbol.for("s")), { t: "str", v: "Symbol(s)" });
    });

    it('reads a map whose only key is "secure" with a string as a ciphertext, and no other map (object.go isSecureValue)', () => {
        assert.deepStrictEqual(nodeFromJs(new Map([["secure", "v1:x"]])), { t: "secure" });
        for (const m of [
            new Map<unknown, unknown>([["secure", 5n]]),
            new Map<unknown, unknown>([
                ["secure", "v1:x"],
                ["a", "b"],
            ]),
        ])
            assert.strictEqual(nodeFromJs(m).t, "map");
        assert.deepStrictEqual(nodeFromJs(new Map([[1n, "a"]])), { t: "map", v: new Map([["1", { t: "str", v: "a" }]]) });
    });
});

describe("containsSecure and valueFromNode (object.go Secure, MarshalString)", () => {
    const secure = { t: "secure" } as CfgNode;
    const str = { t: "str", v: "x" } as CfgNode;
    it("finds a ciphertext at any depth, in lists and maps holding other values too", () => {
        assert.strictEqual(
            containsSecure({
                t: "map",
                v: new Map([
                    ["a", str],
                    ["b", secure],
                ]),
            }),
            true,
        );
        assert.strictEqual(containsSecure({ t: "list", v: [str, { t: "list", v: [secure] }] }), true);
        assert.strictEqual(containsSecure({ t: "map", v: new Map([["a", str]]) }), false);
        assert.strictEqual(containsSecure(str), false);
    });
    it("reads a top-level null as an empty string, and marks lists and maps as objects", () => {
        assert.deepStrictEqual(valueFromNode({ t: "null" }), { node: { t: "str", v: "" }, object: false, secure: false });
        assert.deepStrictEqual(valueFromNode(str), { node: str, object: false, secure: false });
        assert.deepStrictEqual(valueFromNode(secure), { node: secure, object: false, secure: true });
        const list: CfgNode = { t: "list", v: [secure] };
        assert.deepStrictEqual(valueFromNode(list), { node: list, object: true, secure: true });
        const map: CfgNode = { t: "map", v: new Map() };
        assert.deepStrictEqual(valueFromNode(map), { node: map, object: true, secure: false });
    });
});

describe("goJson (encoding/json Marshal)", () => {
    it("escapes <, >, & and the line and paragraph separators as Go does", () => {
        assert.strictEqual(goJson({ t: "str", v: "<a>&\u2028\u2029" }), '"\\u003ca\\u003e\\u0026\\u2028\\u2029"');
    });
    it("formats floats as ES6 does, keeps -0, and refuses infinities and NaN", () => {
        assert.strictEqual(goJson({ t: "float", v: 1e21 }), "1e+21");
        assert.strictEqual(goJson({ t: "float", v: -0 }), "-0");
        for (const v of [Infinity, -Infinity, NaN])
            assert.throws(() => goJson({ t: "float", v }), /^Error: json: unsupported value \(infinite or NaN number\)$/);
    });
    it("sorts map keys by their UTF-8 bytes, which differs from UTF-16 order beyond the BMP", () => {
        const node: CfgNode = {
            t: "map",
            v: new Map<string, CfgNode>([
                ["😀", { t: "int", v: 1n }],
                ["！", { t: "bool", v: true }],
                ["a", { t: "null" }],
                ["B", { t: "secure" }],
            ]),
        };
        assert.strictEqual(goJson(node), '{"B":"[secret]","a":null,"！":true,"😀":1}');
        assert.ok(compareGo("！", "😀") < 0 && "！" > "😀");
    });
    it("gives the program a string or ciphertext as its text, anything else as JSON", () => {
        assert.strictEqual(programText({ node: { t: "str", v: "<x>" }, object: false, secure: false }), "<x>");
        assert.strictEqual(programText({ node: { t: "secure" }, object: false, secure: true }), "[secret]");
        assert.strictEqual(programText({ node: { t: "list", v: [{ t: "str", v: "<x>" }] }, object: true, secure: false }), '["\\u003cx\\u003e"]');
    });
});

describe("yamlDocument", () => {
    it("keeps integers exact and applies merge keys, as the CLI's YAML reader does", () => {
        const js = yamlDocument("big: 12345678901234567890\nbase: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n").toJS({ mapAsMap: true }) as Map<string, unknown>;
        assert.strictEqual(js.get("big"), 12345678901234567890n);
        assert.deepStrictEqual(
            js.get("derived"),
            new Map<string, unknown>([
                ["x", 1n],
                ["y", 2n],
            ]),
        );
    });
    it("gives an error its line and column", () => {
        const err = yamlDocument("a: [\n").errors[0];
        assert.ok(err.linePos?.[0].line !== undefined, JSON.stringify(err));
    });
});
