import * as assert from "assert";
import fc from "fast-check";
import { assertNotEchoed, ruleInput, run, Overrides } from "../testing";
import { arnsInStackRegion, recoveryWindowAllowed, secretNamesValid } from "./secret";

const ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/portkey-Ab12Cd";
const KMS = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("recoveryWindowAllowed", () => {
    // Secrets Manager DeleteSecret: RecoveryWindowInDays 7-30; ForceDeleteWithoutRecovery is 0 here.
    const check = (recoveryWindowInDays: number) => run(recoveryWindowAllowed, ruleInput({ secret: { recoveryWindowInDays } }));
    it("accepts 0 and 7 to 30, rejects 1 to 6", () =>
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 30 }), (n) =>
                assert.deepStrictEqual(
                    check(n),
                    n >= 1 && n <= 6
                        ? [`portkey-gateway:secret.recoveryWindowInDays: ${n} is not allowed. Fix: use 0 (delete at once) or a number of days from 7 to 30.`]
                        : [],
                ),
            ),
        ));
    it("names the edges", () => {
        assert.deepStrictEqual(check(6), [
            "portkey-gateway:secret.recoveryWindowInDays: 6 is not allowed. Fix: use 0 (delete at once) or a number of days from 7 to 30.",
        ]);
        assert.deepStrictEqual([check(0), check(7), check(1).length], [[], [], 1]);
    });
});

describe("secretNamesValid", () => {
    const created = (name: string) => run(secretNamesValid, ruleInput({ secret: { name } }));
    const adopted = (existing: string) => run(secretNamesValid, ruleInput({ secret: { existing } }));
    // Secrets Manager CreateSecret: Name 1-512 characters of letters, digits and /_+=.@-.
    it("accepts names of 512 characters, not 513", () => {
        assert.deepStrictEqual(created("a".repeat(512)), []);
        assert.deepStrictEqual(created("a".repeat(513)), ["portkey-gateway:secret.name: is 513 characters long. Fix: use a name of at most 512 characters."]);
        assert.deepStrictEqual(adopted("a".repeat(600)), [
            "portkey-gateway:secret.existing: is 600 characters long. Fix: use a name of at most 512 characters.",
        ]);
    });
    it("rejects characters outside /_+=.@-", () => {
        assert.deepStrictEqual(created("portkey gateway"), [
            "portkey-gateway:secret.name: has characters a secret name cannot have. Fix: use letters, digits and /_+=.@- only, at most 512 characters.",
        ]);
        assertNotEchoed(created("portkey gateway"), "portkey gateway");
        assert.deepStrictEqual(adopted("prod*"), [
            "portkey-gateway:secret.existing: has characters a secret name cannot have. Fix: use letters, digits and /_+=.@- only, at most 512 characters.",
        ]);
    });
    it("rejects a name ending in '-' and six characters (the ARN suffix)", () =>
        assert.deepStrictEqual(created("portkey-config-abcdef"), [
            "portkey-gateway:secret.name: ends in '-' and six characters, which Secrets Manager reserves for the ARN suffix. Fix: change the end of the name (for example drop the last '-' part).",
        ]));
    it("accepts valid names and ARNs", () => {
        assert.deepStrictEqual(created("portkey/gateway/config"), []);
        assert.deepStrictEqual(adopted("prod/portkey"), []);
        assert.deepStrictEqual(adopted(ARN), []);
    });
    it("rejects a malformed ARN", () => {
        const bad = [
            "portkey-gateway:secret.existing: is not a Secrets Manager secret ARN. Fix: give the full ARN, arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, or the secret's name.",
        ];
        for (const arn of ["arn:aws:secretsmanager:eu-west-1:1234:secret:x", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/portkey"]) {
            assert.deepStrictEqual(adopted(arn), bad, arn);
            assertNotEchoed(adopted(arn), arn);
        }
    });
    it("judges an adopted name, not the default secret.name", () =>
        assert.deepStrictEqual(run(secretNamesValid, ruleInput({ secret: { name: "bad name", existing: "prod/portkey" } })), []));
});

describe("arnsInStackRegion", () => {
    const check = (secret: Overrides["secret"], region: string | null = "eu-west-1") => run(arnsInStackRegion, ruleInput({ secret }, {}, region ?? undefined));
    it("accepts ARNs in the stack's region, names, and a stack without a region", () => {
        assert.deepStrictEqual(check({ existing: ARN, kmsKeyArn: KMS }), []);
        assert.deepStrictEqual(check({ existing: "prod/portkey" }), []);
        assert.deepStrictEqual(check({ existing: ARN.replace("eu-west-1", "us-east-1") }, null), []);
        assert.deepStrictEqual(check({}), []);
    });
    it("rejects a secret or key in another region (the class and kms:ViaService name the stack's region)", () =>
        assert.deepStrictEqual(check({ existing: ARN, kmsKeyArn: KMS }, "us-east-1"), [
            "portkey-gateway:secret.existing: is in region eu-west-1 but the stack deploys to us-east-1 (aws:region). Fix: use a secret in us-east-1, or set aws:region to eu-west-1.",
            "portkey-gateway:secret.kmsKeyArn: is in region eu-west-1 but the stack deploys to us-east-1 (aws:region). Fix: use a key in us-east-1, or set aws:region to eu-west-1.",
        ]));
});
