import * as assert from "assert";
import { flag, optionalSection, section, text, whole } from "./fields";
import { Problems } from "./problems";
import { isPlainObject, own, reportInapplicable, resolveFields, resolveOne } from "./schema";
import { assertWellFormed } from "./testing";

const ctx = { stack: "prod" };
function resolve(fields: Parameters<typeof resolveFields>[0], value: unknown, path = ""): [unknown, string[]] {
    const p = new Problems();
    const out = resolveFields(fields, value, path, p, ctx);
    assertWellFormed(p.list);
    return [out, p.list];
}

describe("isPlainObject", () => {
    it("is true only for non-null, non-list objects", () => {
        assert.deepStrictEqual([{}, { a: 1 }].map(isPlainObject), [true, true]);
        assert.deepStrictEqual([[], null, undefined, "x", 1, true].map(isPlainObject), [false, false, false, false, false, false]);
    });
});

describe("own", () => {
    it("reads own properties and never the prototype's", () => {
        assert.strictEqual(own({ a: 1 }, "a"), 1);
        assert.strictEqual(own({}, "toString"), undefined);
        assert.strictEqual(own({}, "constructor"), undefined);
        assert.strictEqual(own(Object.create({ a: 1 }), "a"), undefined);
    });
});

describe("resolveFields", () => {
    const fields = {
        create: flag({ doc: "d", default: true }),
        name: text({ doc: "d", default: (s, c) => `${String(s.create)}-${c.stack}` }),
        size: whole({ doc: "d", default: 2, min: 0, max: 9 }),
        note: text({ doc: "d" }),
    };
    it("applies static and computed defaults (computed ones see earlier siblings and the stack)", () => {
        assert.deepStrictEqual(resolve(fields, undefined, "sec"), [{ create: true, name: "true-prod", size: 2, note: undefined }, []]);
        assert.deepStrictEqual(resolve(fields, { create: false }, "sec")[0], { create: false, name: "false-prod", size: 2, note: undefined });
    });
    it("keeps given values", () =>
        assert.deepStrictEqual(resolve(fields, { create: "false", name: "n", size: "5", note: "x" }, "sec"), [
            { create: false, name: "n", size: 5, note: "x" },
            [],
        ]));
    it("falls back to the default after reporting a bad value", () =>
        assert.deepStrictEqual(resolve(fields, { size: 10 }, "sec"), [
            { create: true, name: "true-prod", size: 2, note: undefined },
            ["portkey-gateway:sec.size: expected a whole number from 0 to 9, got 10. Fix: set a number in that range."],
        ]));
    it("reports a section that is not an object, then uses the defaults", () =>
        assert.deepStrictEqual(resolve(fields, "x", "cluster"), [
            { create: true, name: "true-prod", size: 2, note: undefined },
            ["portkey-gateway:cluster: expected an object, got a string. Fix: set its fields with `pulumi config set --path 'cluster.<field>' <value>`."],
        ]));
    it("reports unknown keys of a section, naming the known ones", () =>
        assert.deepStrictEqual(resolve(fields, { create: true, nmae: "x" }, "cluster")[1], [
            "portkey-gateway:cluster.nmae: unknown setting. Fix: remove it, or use one of create, name, size, note.",
        ]));
    it("leaves unknown top-level keys to decodeRaw (path '')", () => assert.deepStrictEqual(resolve(fields, { other: 1 })[1], []));
    it("reads own properties only", () => assert.deepStrictEqual(resolve({ toString: text({ doc: "d" }) }, {}, "s"), [{ toString: undefined }, []]));
    it("resolves nested sections; an optional one only when given", () => {
        const nested = { inner: section("d", { a: flag({ doc: "d", default: false }) }), opt: optionalSection("d", { b: text({ doc: "d" }) }) };
        assert.deepStrictEqual(resolve(nested, {}, "x"), [{ inner: { a: false }, opt: undefined }, []]);
        assert.deepStrictEqual(resolve(nested, { opt: { b: "y" }, inner: { a: true } }, "x"), [{ inner: { a: true }, opt: { b: "y" } }, []]);
        assert.deepStrictEqual(resolve(nested, { inner: { z: 1 } }, "x")[1], ["portkey-gateway:x.inner.z: unknown setting. Fix: remove it, or use one of a."]);
        assert.deepStrictEqual(resolve(nested, { inner: { z: 1 } })[1], ["portkey-gateway:inner.z: unknown setting. Fix: remove it, or use one of a."]);
    });
});

describe("resolveOne", () => {
    it("decodes a field at its path", () => {
        const p = new Problems();
        assert.strictEqual(resolveOne(text({ doc: "d", default: "x" }), 3, "a.b", p, ctx, {}), "x");
        assert.deepStrictEqual(p.list, [
            "portkey-gateway:a.b: expected a non-empty string, got a number. Fix: set it with `pulumi config set --path 'a.b' <text>`, or remove it.",
        ]);
    });
});

describe("reportInapplicable", () => {
    const off = { test: (s: Record<string, unknown>) => s.on === true, because: "only applies when on", otherwise: "set sec.on to true" };
    const rootTest = {
        test: (_s: Record<string, unknown>, root: Record<string, unknown>) => root.mode === "a",
        because: "only in mode a",
        otherwise: "set mode to a",
    };
    const fields = {
        on: flag({ doc: "d", default: false }),
        x: text({ doc: "d", appliesWhen: off }),
        y: text({ doc: "d", appliesWhen: rootTest }),
        sub: section("d", { z: text({ doc: "d", appliesWhen: off }) }),
    };
    function report(raw: unknown, resolved: unknown, root: Record<string, unknown> = {}, path = "sec"): string[] {
        const p = new Problems();
        reportInapplicable(fields, raw, resolved, path, root, p);
        assertWellFormed(p.list);
        return p.list;
    }
    it("reports a setting given while its condition is false", () =>
        assert.deepStrictEqual(report({ x: "v" }, { on: false, x: "v" }), [
            "portkey-gateway:sec.x: only applies when on. Fix: remove sec.x, or set sec.on to true.",
        ]));
    it("is silent when the condition holds or the setting is not given", () => {
        assert.deepStrictEqual(report({ x: "v", on: true }, { on: true, x: "v" }), []);
        assert.deepStrictEqual(report({}, { on: false }), []);
        assert.deepStrictEqual(report({ x: "v" }, "no"), []);
        assert.deepStrictEqual(report("no", { on: false }), []);
    });
    it("passes the root to the condition", () => {
        assert.deepStrictEqual(report({ y: "v" }, { y: "v" }, { mode: "b" }), ["portkey-gateway:sec.y: only in mode a. Fix: remove sec.y, or set mode to a."]);
        assert.deepStrictEqual(report({ y: "v" }, { y: "v" }, { mode: "a" }), []);
    });
    it("descends into sections, judging each by its own section", () => {
        assert.deepStrictEqual(report({ sub: { z: "v" } }, { on: true, sub: { z: "v" } }), [
            "portkey-gateway:sec.sub.z: only applies when on. Fix: remove sec.sub.z, or set sec.on to true.",
        ]);
        assert.deepStrictEqual(report({ sub: { z: "v" } }, { sub: { on: true, z: "v" } }, {}, ""), []);
        assert.deepStrictEqual(report({ sub: { z: "v" } }, { sub: { z: "v" } }, {}, ""), [
            "portkey-gateway:sub.z: only applies when on. Fix: remove sub.z, or set sec.on to true.",
        ]);
    });
    it("reads own properties only", () => assert.deepStrictEqual(report(Object.create({ x: "v" }), { on: false }), []));
});
