// Each field kind decodes one raw value, names the key when it is wrong, and never quotes a
// value that could be secret.
import * as assert from "assert";
import { anyObject, choice, envMap, flag, optionalSection, section, text, textList, whole } from "./fields";
import { Problems } from "./problems";
import { Field } from "./schema";
import { assertWellFormed } from "./testing";

/** Decodes `v` at path "k" and returns [value, problems]. */
function decode<T>(f: Field<T>, v: unknown, path = "k"): [T | undefined, string[]] {
    const p = new Problems();
    const out = f.decode(v, path, p);
    assertWellFormed(p.list);
    return [out, p.list];
}
const applies = { test: () => true, because: "b", otherwise: "o" };

describe("text", () => {
    const f = text({ doc: "d", default: "dflt", defaultDoc: "dd", appliesWhen: applies });
    it("declares a string with its doc, default and condition", () => {
        assert.deepStrictEqual([f.kind, f.type, f.doc, f.default, f.defaultDoc, f.appliesWhen], ["field", "string", "d", "dflt", "dd", applies]);
    });
    it("decodes a non-empty string; nothing for undefined", () => {
        assert.deepStrictEqual(decode(f, "x"), ["x", []]);
        assert.deepStrictEqual(decode(f, undefined), [undefined, []]);
    });
    it("rejects empty and non-string values", () => {
        const fix = "Fix: set it with `pulumi config set --path 'gateway.mountPath' <text>`, or remove it.";
        assert.deepStrictEqual(decode(f, "", "gateway.mountPath"), [
            undefined,
            [`portkey-gateway:gateway.mountPath: expected a non-empty string, got an empty value. ${fix}`],
        ]);
        assert.deepStrictEqual(decode(f, null, "gateway.mountPath")[1], [
            `portkey-gateway:gateway.mountPath: expected a non-empty string, got an empty value. ${fix}`,
        ]);
        assert.deepStrictEqual(decode(f, 5, "gateway.mountPath")[1], [`portkey-gateway:gateway.mountPath: expected a non-empty string, got a number. ${fix}`]);
        assert.deepStrictEqual(decode(f, ["x"], "gateway.mountPath")[1], [
            `portkey-gateway:gateway.mountPath: expected a non-empty string, got a list. ${fix}`,
        ]);
    });
    it("applies its check to a decoded value only", () => {
        const seen: string[] = [];
        const g = text({ doc: "d", check: (v) => (seen.push(v), v === "bad" ? { what: "is bad", fix: "make it good" } : undefined) });
        assert.deepStrictEqual(decode(g, "bad"), [undefined, ["portkey-gateway:k: is bad. Fix: make it good."]]);
        assert.deepStrictEqual(decode(g, "good"), ["good", []]);
        decode(g, undefined);
        decode(g, 7);
        assert.deepStrictEqual(seen, ["bad", "good"]);
    });
});

describe("flag", () => {
    const f = flag({ doc: "d", default: true });
    it("declares a boolean", () => assert.deepStrictEqual([f.type, f.default], ["boolean", true]));
    it("decodes booleans and their text from the CLI", () => {
        assert.deepStrictEqual(
            [decode(f, true), decode(f, false), decode(f, "true"), decode(f, "false"), decode(f, undefined)],
            [
                [true, []],
                [false, []],
                [true, []],
                [false, []],
                [undefined, []],
            ],
        );
    });
    it("rejects anything else", () => {
        assert.deepStrictEqual(decode(f, "yes"), [undefined, ["portkey-gateway:k: expected true or false, got a string. Fix: set it to true or false."]]);
        assert.deepStrictEqual(decode(f, 1)[1], ["portkey-gateway:k: expected true or false, got a number. Fix: set it to true or false."]);
    });
});

describe("whole", () => {
    const f = whole({ doc: "d", default: 30, min: 0, max: 30 });
    const bad = (got: string) => [`portkey-gateway:k: expected a whole number from 0 to 30, got ${got}. Fix: set a number in that range.`];
    it("declares an integer", () => assert.deepStrictEqual([f.type, f.default], ["integer", 30]));
    it("decodes numbers and their text within the range, edges included", () => {
        for (const [v, n] of [
            [0, 0],
            [30, 30],
            ["7", 7],
            ["0", 0],
            ["30", 30],
        ] as const)
            assert.deepStrictEqual(decode(f, v), [n, []]);
        assert.deepStrictEqual(decode(f, undefined), [undefined, []]);
    });
    it("rejects numbers outside the range and fractions", () => {
        assert.deepStrictEqual(decode(f, 31), [undefined, bad("31")]);
        assert.deepStrictEqual(decode(f, -1)[1], bad("-1"));
        assert.deepStrictEqual(decode(f, "-1")[1], bad("-1"));
        assert.deepStrictEqual(decode(f, 1.5)[1], bad("1.5"));
        assert.deepStrictEqual(decode(f, "31")[1], bad("31"));
    });
    it("rejects text that is not a whole number without quoting it", () => {
        assert.deepStrictEqual(decode(f, "7days")[1], bad("a string"));
        assert.deepStrictEqual(decode(f, "x7")[1], bad("a string"));
        assert.deepStrictEqual(decode(f, "1.5")[1], bad("a string"));
        assert.deepStrictEqual(decode(f, true)[1], bad("a boolean"));
    });
});

describe("choice", () => {
    const f = choice(["partial", "full"] as const, { doc: "d", default: "partial" });
    it("declares a string", () => assert.deepStrictEqual([f.type, f.default], ["string", "partial"]));
    it("decodes a listed value", () => {
        assert.deepStrictEqual(decode(f, "full"), ["full", []]);
        assert.deepStrictEqual(decode(f, undefined), [undefined, []]);
    });
    const notAccepted = ["portkey-gateway:k: is not one of the accepted values. Fix: use one of partial, full."];
    it("names the key, not the word it does not know, and lists the choices", () => {
        assert.deepStrictEqual(decode(f, "sync"), [undefined, notAccepted]);
        assert.deepStrictEqual(decode(f, "Full")[1], notAccepted);
    });
    it("never echoes the text, short or long (it could be a pasted secret)", () => {
        for (const v of ["sync", "a".repeat(40), "v1.2-x_y", "a".repeat(41), "sk live", "x/y", ""]) {
            const list = decode(f, v)[1];
            assert.deepStrictEqual(list, notAccepted, v);
            if (v !== "") assert.ok(!list[0].includes(v), v);
        }
    });
    it("names the kind of a value that is not text", () => {
        assert.deepStrictEqual(decode(f, 3)[1], ["portkey-gateway:k: expected one of the accepted values, got a number. Fix: use one of partial, full."]);
        assert.deepStrictEqual(decode(f, true)[1], ["portkey-gateway:k: expected one of the accepted values, got a boolean. Fix: use one of partial, full."]);
    });
});

describe("textList", () => {
    const f = textList({ doc: "d", default: [] });
    const fix = "Fix: set items with `pulumi config set --path 'cluster.instanceTypes[0]' <value>`.";
    it("declares an array", () => assert.deepStrictEqual([f.type, f.default], ["array", []]));
    it("decodes lists of non-empty strings", () => {
        assert.deepStrictEqual(decode(f, ["a", "b"]), [["a", "b"], []]);
        assert.deepStrictEqual(decode(f, []), [[], []]);
        assert.deepStrictEqual(decode(f, undefined), [undefined, []]);
    });
    it("rejects lists with other items, and other values", () => {
        assert.deepStrictEqual(decode(f, ["a", ""], "cluster.instanceTypes"), [
            undefined,
            [`portkey-gateway:cluster.instanceTypes: expected a list of non-empty strings, got a list with other items. ${fix}`],
        ]);
        assert.deepStrictEqual(decode(f, ["a", ["b"]], "cluster.instanceTypes")[1], [
            `portkey-gateway:cluster.instanceTypes: expected a list of non-empty strings, got a list with other items. ${fix}`,
        ]);
        assert.deepStrictEqual(decode(f, ["a", 1], "cluster.instanceTypes")[1], [
            `portkey-gateway:cluster.instanceTypes: expected a list of non-empty strings, got a list with other items. ${fix}`,
        ]);
        assert.deepStrictEqual(decode(f, "a", "cluster.instanceTypes")[1], [
            `portkey-gateway:cluster.instanceTypes: expected a list of non-empty strings, got a string. ${fix}`,
        ]);
    });
});

describe("envMap", () => {
    const plain = envMap({ doc: "d" });
    const secret = envMap({ doc: "d", secret: true });
    it("declares an object; secret only when asked", () => {
        assert.deepStrictEqual([plain.type, plain.secret, secret.secret, plain.default], ["object", undefined, true, undefined]);
    });
    it("decodes NAME: string pairs", () => {
        assert.deepStrictEqual(decode(plain, { A: "1", _B: "" }), [{ A: "1", _B: "" }, []]);
        assert.deepStrictEqual(decode(plain, undefined), [undefined, []]);
    });
    it("rejects a non-object, with --secret in the fix of a secret map", () => {
        assert.deepStrictEqual(decode(plain, ["x"], "env"), [
            {},
            [
                "portkey-gateway:env: expected an object of NAME: value pairs, got a list. Fix: set entries with `pulumi config set --path 'env.<NAME>' <value>`.",
            ],
        ]);
        assert.deepStrictEqual(decode(secret, "x", "secretValues")[1], [
            "portkey-gateway:secretValues: expected an object of NAME: value pairs, got a string. Fix: set entries with `pulumi config set --secret --path 'secretValues.<NAME>' <value>`.",
        ]);
    });
    it("drops and reports bad names and non-string values, keeping the rest", () => {
        const [out, list] = decode(plain, { "LOG-LEVEL": "x", PORT: 8787, OK: "y" }, "env");
        assert.deepStrictEqual(out, { OK: "y" });
        assert.deepStrictEqual(list, [
            "portkey-gateway:env.LOG-LEVEL: the key is not an environment variable name (letters, digits and _, not starting with a digit). Fix: rename the key.",
            "portkey-gateway:env.PORT: expected a string value, got a number. Fix: set it as a string with `pulumi config set --path 'env.PORT' <value>`, or quote it in the stack file.",
        ]);
    });
    it("never suggests writing a secret into the stack file", () =>
        assert.deepStrictEqual(decode(secret, { A: 1 }, "secretValues")[1], [
            "portkey-gateway:secretValues.A: expected a string value, got a number. Fix: set it as a string with `pulumi config set --secret --path 'secretValues.A' <value>`.",
        ]));
});

describe("anyObject", () => {
    const f = anyObject({ doc: "d", default: {} });
    it("declares an object", () => assert.deepStrictEqual([f.type, f.default], ["object", {}]));
    it("decodes an object", () => {
        assert.deepStrictEqual(decode(f, { a: [1] }), [{ a: [1] }, []]);
        assert.deepStrictEqual(decode(f, undefined), [undefined, []]);
    });
    it("rejects anything else", () =>
        assert.deepStrictEqual(decode(f, [1], "gateway.values"), [
            undefined,
            [
                "portkey-gateway:gateway.values: expected an object, got a list. Fix: set its fields with `pulumi config set --path 'gateway.values.<field>' <value>`.",
            ],
        ]));
});

describe("section and optionalSection", () => {
    const fields = { a: text({ doc: "a" }) };
    it("group fields; only optionalSection may be absent", () => {
        assert.deepStrictEqual(section("doc", fields), { kind: "section", doc: "doc", fields, optional: false });
        assert.deepStrictEqual(optionalSection("doc", fields, { secret: true }), { kind: "section", doc: "doc", fields, optional: true, secret: true });
        assert.deepStrictEqual(section("doc", fields, { appliesWhen: applies }).appliesWhen, applies);
    });
});
