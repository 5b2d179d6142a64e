import * as assert from "assert";
import fc from "fast-check";
import { deepMerge, isPlainObject, sortKeys, unique } from "./objects";

// Chart values as JSON gives them: plain objects (no null prototype, no `__proto__` key).
const key = fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__");
const leaf = fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
    tree: fc.oneof({ depthSize: "small" }, leaf, fc.dictionary(key, tie("tree"), { maxKeys: 4 })),
}));
const json = fc.dictionary(key, tree, { maxKeys: 6 }).map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

describe("unique", () => {
    it("keeps the first of each value, in order", () => {
        assert.deepStrictEqual(unique(["b", "a", "b", "c", "a"]), ["b", "a", "c"]);
        assert.deepStrictEqual(unique([]), []);
    });
});

describe("sortKeys", () => {
    it("orders keys by code unit, keeping each value", () => {
        const sorted = sortKeys({ b: 2, a: 1, C: 3, _x: 4 });
        assert.deepStrictEqual(Object.entries(sorted), [
            ["C", 3],
            ["_x", 4],
            ["a", 1],
            ["b", 2],
        ]);
    });

    // Env var names (config's ENV_NAME); integer-like keys would keep JS's own ordering.
    it("holds for any env map: same entries, keys ascending", () => {
        fc.assert(
            fc.property(fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/), fc.integer()), (o) => {
                const keys = Object.keys(sortKeys(o));
                assert.deepStrictEqual(keys, Object.keys(o).sort());
                for (const k of keys) assert.strictEqual(sortKeys(o)[k], o[k]);
            }),
        );
    });
});

describe("isPlainObject", () => {
    it("accepts objects only, not null, arrays or scalars", () => {
        assert.strictEqual(isPlainObject({}), true);
        for (const v of [null, undefined, [], [1], "s", 1, true]) assert.strictEqual(isPlainObject(v), false, JSON.stringify(v));
    });
});

describe("deepMerge", () => {
    it("merges objects key by key and lets anything else in `over` replace `base`", () => {
        const base = { service: { type: "ClusterIP", port: 8787 }, list: [1, 2], gone: { a: 1 }, str: { a: 1 }, keep: "k" };
        const over = { service: { type: "LoadBalancer" }, list: [3], gone: null, str: "s", added: { b: 2 } };
        assert.deepStrictEqual(deepMerge(base, over), {
            service: { type: "LoadBalancer", port: 8787 },
            list: [3],
            gone: null,
            str: "s",
            keep: "k",
            added: { b: 2 },
        });
    });

    it("replaces a scalar or array in `base` with an object from `over`", () => {
        assert.deepStrictEqual(deepMerge({ a: "x", b: [1], c: null }, { a: { y: 1 }, b: { z: 2 }, c: { w: 3 } }), { a: { y: 1 }, b: { z: 2 }, c: { w: 3 } });
    });

    it("does not change its arguments", () => {
        const base = { a: { b: 1 } };
        const over = { a: { c: 2 } };
        deepMerge(base, over);
        assert.deepStrictEqual(base, { a: { b: 1 } });
        assert.deepStrictEqual(over, { a: { c: 2 } });
    });

    it("has {} as identity on both sides", () => {
        fc.assert(
            fc.property(json, (x) => {
                assert.deepStrictEqual(deepMerge(x, {}), x);
                assert.deepStrictEqual(deepMerge({}, x), x);
            }),
        );
    });

    it("keeps every key of both sides, and every non-object value of `over`", () => {
        fc.assert(
            fc.property(json, json, (base, over) => {
                const out = deepMerge(base, over);
                assert.deepStrictEqual(Object.keys(out).sort(), unique([...Object.keys(base), ...Object.keys(over)]).sort());
                for (const [k, v] of Object.entries(over)) {
                    if (!isPlainObject(v) || !isPlainObject(base[k])) assert.deepStrictEqual(out[k], v);
                }
                for (const [k, v] of Object.entries(base)) if (!(k in over)) assert.deepStrictEqual(out[k], v);
            }),
        );
    });

    it("is idempotent: merging the same `over` twice changes nothing more", () => {
        fc.assert(fc.property(json, json, (base, over) => assert.deepStrictEqual(deepMerge(deepMerge(base, over), over), deepMerge(base, over))));
    });
});
