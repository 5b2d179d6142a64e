// The test setup's stand-in for google.protobuf.Struct (test/mocha.setup.ts `plainStructs`) gives the
// program's inputs back exactly as google-protobuf's own round trip does (protocolbuffers/protobuf-javascript
// google/protobuf/struct_pb.js `Struct.fromJavaScript`, `toJavaScript`, as the npm package
// google-protobuf builds it), so the mocks see what the SDK would send.
import * as assert from "assert";
import fc from "fast-check";
import { protobufStruct, structModule } from "./mocha.setup";

/** Whether any object in `v`, at any depth, has an own `__proto__` key. */
function hasProtoKey(v: unknown): boolean {
    if (typeof v !== "object" || v === null) return false;
    return Object.hasOwn(v, "__proto__") || Object.values(v).some(hasProtoKey);
}

type Struct = { toJavaScript(): unknown; getFieldsMap(): { get(k: string): { toJavaScript(): unknown } | undefined } };

/** `obj` through google-protobuf's own Struct (nested structs included), then through the stand-in. */
function bothWays(obj: object): { protobuf: () => unknown; standIn: () => unknown } {
    const { Struct } = structModule();
    const standIn = Struct.fromJavaScript;
    return {
        protobuf: () => {
            Struct.fromJavaScript = protobufStruct;
            try {
                return protobufStruct!(obj).toJavaScript();
            } finally {
                Struct.fromJavaScript = standIn;
            }
        },
        standIn: () => (standIn(obj) as Struct).toJavaScript(),
    };
}

describe("test setup: google.protobuf.Struct under the mocks", function () {
    before(function () {
        // With TEST_TRACES the SDK runs as it is, with no stand-in to compare.
        if (protobufStruct === undefined) this.skip();
    });

    it("gives back what google-protobuf gives back, keys in the same (sorted) order", () => {
        fc.assert(
            // No `__proto__` key at any depth: google-protobuf's toJavaScript assigns keys, so that one sets the
            // result's prototype instead of a field; no input the program registers has such a key.
            fc.property(
                fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })).filter((o) => !hasProtoKey(o)),
                (obj) => {
                    const { protobuf, standIn } = bothWays(obj);
                    const [want, got] = [protobuf(), standIn()];
                    assert.deepStrictEqual(got, want);
                    assert.strictEqual(JSON.stringify(got), JSON.stringify(want));
                },
            ),
        );
        const { protobuf, standIn } = bothWays({ b: 1, a: { d: [true, null, "x"], c: -0 }, 10: "n", 9: "m" });
        assert.deepStrictEqual(standIn(), protobuf());
        assert.deepStrictEqual(Object.keys(standIn() as object), ["9", "10", "a", "b"]);
    });

    it("gives new objects at each call, so a reader that changes them changes nothing else", () => {
        const s = structModule().Struct.fromJavaScript({ a: { b: [1] } }) as Struct;
        const first = s.toJavaScript() as { a: { b: number[] } };
        first.a.b.push(2);
        assert.deepStrictEqual(s.toJavaScript(), { a: { b: [1] } });
    });

    it("refuses what a google.protobuf.Value cannot hold, as google-protobuf does", () => {
        for (const bad of [
            { u: undefined },
            { f: () => 1 },
            { s: Symbol("s") },
            { big: 1n },
            { holes: Object.assign(new Array(3), { 0: 1, 2: 3 }) },
            { deep: { u: [undefined] } },
        ]) {
            const { protobuf, standIn } = bothWays(bad);
            assert.throws(protobuf, /Unexpected struct type/, JSON.stringify(Object.keys(bad)));
            assert.throws(standIn, /Unexpected struct type/, JSON.stringify(Object.keys(bad)));
        }
    });

    it("builds the message's fields when something reads them", () => {
        const s = structModule().Struct.fromJavaScript({ urn: "urn:x", id: "i-1", n: { k: [2] } }) as Struct;
        assert.strictEqual(s.getFieldsMap().get("urn")!.toJavaScript(), "urn:x");
        assert.deepStrictEqual(s.getFieldsMap().get("n")!.toJavaScript(), { k: [2] });
        assert.deepStrictEqual(s.toJavaScript(), { id: "i-1", n: { k: [2] }, urn: "urn:x" });
    });
});
