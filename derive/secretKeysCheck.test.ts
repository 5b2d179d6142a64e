// Expected results follow ASCP's (aws/secrets-store-csi-driver-provider-aws) provider/secret_value.go (getJsonSecrets): the value must be
// JSON ("Invalid JSON used with jmesPath in secret"), each path must find something ("does not
// point to a valid object": missing or null) and that must be a string ("Only string is allowed").
import * as assert from "assert";
import { secretKeysMessage, secretKeysProblems } from "./secretKeysCheck";

const CANARY = "canary-value-3e9f17";

describe("secretKeysProblems: what ASCP's jmesPath accepts", () => {
    it("passes when every key is a string, the empty string included, whatever else the secret holds", () => {
        const secret = JSON.stringify({ A: CANARY, B: "", EXTRA: 42 });
        assert.deepStrictEqual(secretKeysProblems(secret, ["A", "B"]), []);
    });

    it("names a missing key", () => {
        assert.deepStrictEqual(secretKeysProblems(JSON.stringify({ A: CANARY }), ["A", "B"]), [{ kind: "key", key: "B", type: "missing" }]);
    });

    it("names null, number, boolean, object and array keys with their JSON type", () => {
        const secret = JSON.stringify({ N: null, I: 3, T: true, O: { x: CANARY }, L: [CANARY], S: CANARY });
        assert.deepStrictEqual(secretKeysProblems(secret, ["N", "I", "T", "O", "L", "S"]), [
            { kind: "key", key: "N", type: "null" },
            { kind: "key", key: "I", type: "number" },
            { kind: "key", key: "T", type: "boolean" },
            { kind: "key", key: "O", type: "object" },
            { kind: "key", key: "L", type: "array" },
        ]);
    });

    it("does not take a key inherited from Object.prototype for one the secret has", () => {
        assert.deepStrictEqual(secretKeysProblems("{}", ["constructor"]), [{ kind: "key", key: "constructor", type: "missing" }]);
    });

    it("reports a value that is not JSON, or no string value at all, once", () => {
        assert.deepStrictEqual(secretKeysProblems(`KEY=${CANARY}`, ["KEY"]), [{ kind: "not-json" }]);
        assert.deepStrictEqual(secretKeysProblems(undefined, ["KEY"]), [{ kind: "not-json" }]);
    });

    it("reports JSON that is not an object, so no key can be found", () => {
        assert.deepStrictEqual(secretKeysProblems(JSON.stringify([CANARY]), ["KEY"]), [{ kind: "not-object", type: "array" }]);
        assert.deepStrictEqual(secretKeysProblems(JSON.stringify(CANARY), ["KEY"]), [{ kind: "not-object", type: "string" }]);
    });

    it("accepts any value when nothing is mounted by key (ASCP then never parses it)", () => {
        assert.deepStrictEqual(secretKeysProblems("not json", []), []);
    });
});

describe("secretKeysMessage", () => {
    it("names the secret, each key with its JSON type, and both fixes", () => {
        const m = secretKeysMessage("team/portkey", secretKeysProblems(JSON.stringify({ A: 1, C: CANARY }), ["A", "B", "C"]));
        assert.strictEqual(
            m,
            "portkey-gateway:secretKeys: the adopted secret team/portkey lacks keys the gateway mounts as strings: A (number), B (missing); ASCP would fail the whole mount and leave the pods in ContainerCreating. Fix: add each key to the secret in Secrets Manager as a string, or remove it from secretKeys.",
        );
    });

    it("says what to store, or how to turn the check off, for a value that is not a JSON object", () => {
        for (const secret of [`x${CANARY}`, JSON.stringify([CANARY])]) {
            const m = secretKeysMessage("team/portkey", secretKeysProblems(secret, ["A"]));
            assert.match(
                m,
                /^portkey-gateway:secretKeys: the adopted secret team\/portkey .*Fix: store the secret as a JSON object .*secret\.checkKeys to false/,
            );
            assert.ok(!m.includes(CANARY), m);
        }
    });
});
