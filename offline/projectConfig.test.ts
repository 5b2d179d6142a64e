// The CLI's type rules and messages for declared config, each from pulumi/pulumi:
// sdk/go/common/workspace/project.go `ValidateConfigValue` (what passes a declared type),
// pkg/workspace/config.go `createConfigValue` (how a default becomes a value) and
// `missingStackConfigurationKeysError` with `formatMissingKeys` (the missing-keys message).
import * as assert from "assert";
import * as YAML from "yaml";
import { CfgNode, CfgValue } from "./configValue";
import { Content, contentOfValue, matchesType, missingKeysMessage, readDeclarations, valueOfDeclared } from "./projectConfig";

const SECRET = contentOfValue({ node: { t: "secure" }, object: false, secure: true });

describe("matchesType (project.go ValidateConfigValue)", () => {
    const cases: Array<[string, Content, boolean | undefined]> = [
        ["string", "x", true],
        ["string", 5, false],
        ["string", SECRET, true],
        ["integer", 5, true],
        ["integer", 5.5, false],
        ["integer", true, false],
        // strconv.Atoi, 64-bit: an optional sign, digits, within int64.
        ["integer", "12", true],
        ["integer", "+12", true],
        ["integer", "-12", true],
        ["integer", "x5", false],
        ["integer", "5x", false],
        ["integer", "9223372036854775807", true],
        ["integer", "9223372036854775808", false],
        ["integer", "-9223372036854775808", true],
        ["integer", "-9223372036854775809", false],
        ["integer", SECRET, undefined],
        ["boolean", false, true],
        ["boolean", "true", true],
        ["boolean", "yes", false],
        ["boolean", 1, false],
        ["boolean", SECRET, undefined],
        ["object", new Map([["a", 1]]), true],
        ["object", [], false],
        ["object", "{}", false],
        ["object", SECRET, false],
    ];
    for (const [type, content, expected] of cases)
        it(`${type}: ${JSON.stringify(content instanceof Map ? Object.fromEntries(content) : content)} → ${String(expected)}`, () =>
            assert.strictEqual(matchesType(type, undefined, content), expected));

    it("array: every item of the items type; false wins over unknowable, unknowable over true", () => {
        const strings = { type: "string" };
        const ints = { type: "integer" };
        assert.strictEqual(matchesType("array", strings, ["a", SECRET]), true);
        assert.strictEqual(matchesType("array", strings, ["a", 5]), false);
        assert.strictEqual(matchesType("array", strings, "a"), false);
        assert.strictEqual(matchesType("array", undefined, ["a"]), false);
        assert.strictEqual(matchesType("array", ints, [1, SECRET]), undefined);
        assert.strictEqual(matchesType("array", ints, [SECRET, "x"]), false);
        assert.strictEqual(matchesType("array", { type: "array", items: ints }, [[1], [2, "3"]]), true);
        assert.strictEqual(matchesType("array", { type: "array", items: ints }, [[1], ["x"]]), false);
    });
});

describe("contentOfValue (config.go validateStackConfigValue: an object value is JSON-decoded)", () => {
    const obj = (node: CfgNode): CfgValue => ({ node, object: true, secure: false });
    it("decodes an object's leaves as Go's json.Unmarshal into any would", () => {
        const node: CfgNode = {
            t: "map",
            v: new Map<string, CfgNode>([
                ["i", { t: "int", v: 7n }],
                ["f", { t: "float", v: 1.5 }],
                ["b", { t: "bool", v: true }],
                ["n", { t: "null" }],
                ["s", { t: "secure" }],
                ["l", { t: "list", v: [{ t: "str", v: "x" }] }],
            ]),
        };
        const c = contentOfValue(obj(node)) as Map<string, Content>;
        assert.deepStrictEqual([...c.keys()], ["i", "f", "b", "n", "s", "l"]);
        assert.deepStrictEqual([c.get("i"), c.get("f"), c.get("b"), c.get("n"), c.get("l")], [7, 1.5, true, null, ["x"]]);
        assert.strictEqual(matchesType("string", undefined, c.get("s")!), true, "a ciphertext inside an object is a string of unknown text");
        assert.strictEqual(matchesType("integer", undefined, c.get("s")!), undefined);
    });
    it("gives a plain value's text: a string as it is, other scalars as their JSON text", () => {
        assert.strictEqual(contentOfValue({ node: { t: "str", v: "5" }, object: false, secure: false }), "5");
        assert.strictEqual(matchesType("integer", undefined, contentOfValue({ node: { t: "int", v: 5n }, object: false, secure: false })), true);
    });
});

describe("valueOfDeclared (config.go createConfigValue)", () => {
    it("keeps strings, and integers and booleans as their text; anything else becomes an object value", () => {
        assert.deepStrictEqual(valueOfDeclared({ t: "str", v: "x" }), { node: { t: "str", v: "x" }, object: false, secure: false });
        assert.deepStrictEqual(valueOfDeclared({ t: "int", v: 5n }), { node: { t: "str", v: "5" }, object: false, secure: false });
        assert.deepStrictEqual(valueOfDeclared({ t: "bool", v: false }), { node: { t: "str", v: "false" }, object: false, secure: false });
        const list: CfgNode = { t: "list", v: [{ t: "int", v: 1n }] };
        assert.deepStrictEqual(valueOfDeclared(list), { node: list, object: true, secure: false });
    });
});

describe("missingKeysMessage (config.go missingStackConfigurationKeysError, formatMissingKeys)", () => {
    it("names one key, two with and, more with commas and a final and, in byte order", () => {
        assert.strictEqual(missingKeysMessage("dev", ["b"]), "Stack 'dev' is missing configuration value 'b'");
        assert.strictEqual(missingKeysMessage("dev", ["b", "a"]), "Stack 'dev' is missing configuration values 'a' and 'b'");
        assert.strictEqual(missingKeysMessage("qa", ["c", "a", "B"]), "Stack 'qa' is missing configuration values 'B', 'a' and 'c'");
    });
});

describe("readDeclarations: what a Pulumi.yaml config section may hold (pulumi/pulumi sdk/go/common/workspace/project.json)", () => {
    const section = (text: string): unknown => (YAML.parse(`config:\n${text}`, { mapAsMap: true, intAsBigInt: true }) as Map<string, unknown>).get("config");
    const errorOf = (text: string) => {
        try {
            readDeclarations("p", section(text), "Pulumi.yaml");
        } catch (e) {
            return (e as Error).message;
        }
        return "no error";
    };

    it("takes no section, an empty one, or the old stackConfigDir string as no declarations", () => {
        for (const raw of [undefined, null, "config-dir"]) assert.deepStrictEqual(readDeclarations("p", raw, "Pulumi.yaml"), []);
        assert.strictEqual(errorOf("  - a\n"), "Pulumi.yaml: 'config' must be a map of declarations");
    });

    it("refuses a declaration that is neither a shorthand value nor an object of known fields", () => {
        assert.strictEqual(errorOf("  a: 1.5\n"), "Pulumi.yaml: config 'a' must be a string, integer, boolean, list or a declaration");
        assert.strictEqual(errorOf("  a:\n    typo: x\n"), "Pulumi.yaml: config 'a': 'typo' not allowed");
        assert.strictEqual(errorOf("  a:\n    type: float\n"), "Pulumi.yaml: config 'a': type must be one of string, integer, boolean, array, object");
        assert.strictEqual(errorOf("  a:\n    type: 5\n"), "Pulumi.yaml: config 'a': type must be one of string, integer, boolean, array, object");
        assert.strictEqual(errorOf('  a:\n    secret: "yes"\n'), "Pulumi.yaml: config 'a': secret must be true or false");
    });

    it("refuses items without a known type, and an array of arrays without inner items", () => {
        for (const items of ["{}", "string", "{type: float}", "{type: 5}"])
            assert.strictEqual(
                errorOf(`  a:\n    type: array\n    items: ${items}\n`),
                "Pulumi.yaml: config 'a': items must have a type (string, integer, boolean, array or object)",
                items,
            );
        assert.strictEqual(errorOf("  a:\n    type: array\n    items: {type: array}\n"), "Pulumi.yaml: config 'a': an array needs 'items'");
        assert.strictEqual(
            errorOf("  a:\n    type: array\n    items: {type: array, items: {type: array}}\n"),
            "Pulumi.yaml: config 'a'.items: an array needs 'items'",
        );
    });

    it("reads shorthand as a default of a project key and a value of another namespace, never secret, sorted by key", () => {
        const ds = readDeclarations("p", section("  z: 1\n  aws:region: us-east-1\n  b: [x]\n  c: true\n  p:d: y\n"), "Pulumi.yaml");
        assert.deepStrictEqual(
            ds.map((d) => [d.key, d.fullKey, d.default?.t ?? "-", d.value?.t ?? "-", d.secret]),
            [
                ["aws:region", "aws:region", "-", "str", false],
                ["b", "p:b", "list", "-", false],
                ["c", "p:c", "bool", "-", false],
                ["p:d", "p:d", "str", "-", false],
                ["z", "p:z", "int", "-", false],
            ],
        );
    });
});
