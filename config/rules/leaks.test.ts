import * as assert from "assert";
import { CANARIES, ruleInput, run, Overrides } from "../testing";
import { credentialsComplete, LEAK_RULES, MIN_COMPARED_LENGTH, noSecretInLiterals, noSecretInNames } from "./leaks";

const [SECRET, USER, PASS, MAIL] = CANARIES;
const envLeak = (k: string) =>
    `portkey-gateway:env.${k}: contains a value set with --secret (secretValues or imageCredentials), so the secret would be in the chart values in plaintext. Fix: remove env.${k} and list ${k} in secretKeys instead.`;
const valuesLeak =
    "portkey-gateway:gateway.values: contains a value set with --secret (secretValues or imageCredentials), which would be in the chart values in plaintext. Fix: remove it from gateway.values; take it from AWS with secretKeys.";

describe("LEAK_RULES", () => {
    it("holds every leak rule", () => assert.deepStrictEqual(LEAK_RULES, [noSecretInLiterals, noSecretInNames, credentialsComplete]));
});

describe("MIN_COMPARED_LENGTH", () => {
    it("is 8 (README: a secret value of 8 characters or more)", () => assert.strictEqual(MIN_COMPARED_LENGTH, 8));
});

describe("noSecretInLiterals", () => {
    const check = (over: Overrides) => run(noSecretInLiterals, ruleInput({ secretValues: { A: SECRET }, ...over }));
    it("rejects a secret value inside a literal env value", () => {
        assert.deepStrictEqual(check({ env: { AUTH: `Bearer ${SECRET}`, LOG_LEVEL: "info" } }), [envLeak("AUTH")]);
        assert.deepStrictEqual(check({ env: { URL: SECRET } }), [envLeak("URL")]);
    });
    it("rejects a secret anywhere in gateway.values: leaves, list items and keys", () => {
        assert.deepStrictEqual(check({ gateway: { values: { extraEnv: [{ name: "K", value: `x${SECRET}x` }] } } }), [valuesLeak]);
        assert.deepStrictEqual(check({ gateway: { values: { [SECRET]: true } } }), [valuesLeak]);
        assert.deepStrictEqual(check({ gateway: { values: { a: { b: [[SECRET]] } } } }), [valuesLeak]);
    });
    it("checks the registry credentials too", () => {
        const ic = { registry: "https://index.docker.io/v1/", username: USER, password: PASS, email: MAIL };
        assert.deepStrictEqual(run(noSecretInLiterals, ruleInput({ imageCredentials: ic, env: { U: USER, P: PASS, M: MAIL } })), [
            envLeak("U"),
            envLeak("P"),
            envLeak("M"),
        ]);
        assert.deepStrictEqual(run(noSecretInLiterals, ruleInput({ imageCredentials: { ...ic, email: undefined }, env: { M: MAIL } })), []);
    });
    it("compares values of 8 characters or more only", () => {
        assert.deepStrictEqual(run(noSecretInLiterals, ruleInput({ secretValues: { A: "1234567" }, env: { X: "1234567" } })), []);
        assert.deepStrictEqual(run(noSecretInLiterals, ruleInput({ secretValues: { A: "12345678" }, env: { X: "12345678" } })), [envLeak("X")]);
    });
    it("accepts literals and values that hold no secret", () => {
        assert.deepStrictEqual(check({ env: { LOG_LEVEL: "information" }, gateway: { values: { n: 1, b: true, z: null, s: "service" } } }), []);
        assert.deepStrictEqual(run(noSecretInLiterals, ruleInput({ secretValues: undefined, env: { X: "anything-long" } })), []);
    });
});

describe("credentialsComplete", () => {
    const problem =
        "portkey-gateway:imageCredentials: needs both username and password. Fix: set them with `pulumi config set --secret --path 'imageCredentials.username' <user>` (and password).";
    const check = (imageCredentials: Overrides["imageCredentials"]) => run(credentialsComplete, ruleInput({ imageCredentials }));
    it("rejects credentials without a username or a password", () => {
        assert.deepStrictEqual(check({ registry: "r", password: PASS }), [problem]);
        assert.deepStrictEqual(check({ registry: "r", username: USER }), [problem]);
    });
    it("accepts complete credentials, or none", () => {
        assert.deepStrictEqual(check({ registry: "r", username: USER, password: PASS }), []);
        assert.deepStrictEqual(check(undefined), []);
    });
});
