// An adopted secret's mounted keys are checked at preview: a key ASCP cannot mount fails the run
// before any Kubernetes resource of the gateway is registered, and the value read for the check
// reaches no input, output, error or plan.
import * as assert from "assert";
import program = require("../index");
import { FakeCloudOptions } from "../offline/fakeCloud";
import { renderYaml } from "../offline/render";
import { Plan, runProgram } from "../offline/run";
import { EXISTING_CLUSTER, find, OPEN_SOURCE_IMAGE, plan, rawConfig, T, TestConfig } from "./testing";

const GET_SECRET_VERSION = "aws:secretsmanager/getSecretVersion:getSecretVersion";
const CANARY = "canary-adopted-value-9d2e41";
const KUBERNETES_TYPES = [T.namespace, T.spc, T.release, T.k8sSecret, T.deploymentPatch];

function adopted(extra: TestConfig = {}): TestConfig {
    return {
        secret: { existing: "team/portkey" },
        secretKeys: ["OPENAI_API_KEY", "REDIS_URL"],
        env: { LOG_LEVEL: "info" },
        gateway: { values: OPEN_SOURCE_IMAGE },
        imageCredentials: { username: "acme", password: "pull-password" },
        rotation: { enabled: true },
        cluster: EXISTING_CLUSTER,
        ...extra,
    };
}

function withSecret(value: unknown): FakeCloudOptions {
    return { adoptedSecretJson: typeof value === "string" ? value : JSON.stringify(value) };
}

/** The run's error message and the types it registered; fails the test when the run passes. */
async function failedRun(cfg: TestConfig, cloud: FakeCloudOptions): Promise<{ message: string; registered: string[] }> {
    const registered: string[] = [];
    try {
        await runProgram(program, rawConfig(cfg), (type) => registered.push(type), cloud);
    } catch (e) {
        return { message: (e as Error).message, registered };
    }
    return assert.fail("expected the run to fail");
}

describe("adopted secret: keys checked at preview", () => {
    it("a missing key fails the run, naming the secret and the key, before any Kubernetes resource, add-ons included", async () => {
        const { message, registered } = await failedRun(adopted(), withSecret({ OPENAI_API_KEY: CANARY }));
        assert.match(
            message,
            /portkey-gateway:secretKeys: the adopted secret team\/portkey lacks keys the gateway mounts as strings: REDIS_URL \(missing\);.* Fix: add each key to the secret in Secrets Manager as a string, or remove it from secretKeys\./,
        );
        assert.deepStrictEqual(
            registered.filter((t) => (KUBERNETES_TYPES as readonly string[]).includes(t)),
            [],
        );
        assert.ok(!message.includes(CANARY));
    });

    it("a key that is not a string fails the run, naming its JSON type and never its value", async () => {
        const { message } = await failedRun(adopted(), withSecret({ OPENAI_API_KEY: CANARY, REDIS_URL: { url: CANARY } }));
        assert.match(message, /lacks keys the gateway mounts as strings: REDIS_URL \(object\);/);
        assert.ok(!message.includes(CANARY));
    });

    it("a value that is not JSON fails the run without quoting it", async () => {
        const { message } = await failedRun(adopted(), withSecret(`OPENAI_API_KEY=${CANARY}`));
        assert.match(message, /the adopted secret team\/portkey has no string value that is JSON/);
        assert.ok(!message.includes(CANARY));
    });

    it("secret.checkKeys false: the secret is never read and the plan goes on", async () => {
        const p = await runProgram(program, rawConfig(adopted({ secret: { existing: "team/portkey", checkKeys: false } })), undefined, withSecret("not json"));
        assert.ok(!p.calls.includes(GET_SECRET_VERSION));
        find(p, T.spc);
    });

    it("a created secret is never read", async () => {
        const p = await plan({ secretValues: { OPENAI_API_KEY: "sk-test" }, gateway: { values: OPEN_SOURCE_IMAGE } });
        assert.ok(!p.calls.includes(GET_SECRET_VERSION));
    });

    describe("with every key a string", () => {
        let p: Plan;
        before(async () => {
            p = await runProgram(program, rawConfig(adopted()), undefined, withSecret({ OPENAI_API_KEY: CANARY, REDIS_URL: CANARY, OTHER: 1 }));
        });

        it("reads the secret and plans every Kubernetes resource", () => {
            assert.ok(p.calls.includes(GET_SECRET_VERSION));
            for (const t of KUBERNETES_TYPES) find(p, t);
        });

        it("the Kubernetes resources get a plain namespace from the check, not one marked secret", () => {
            assert.strictEqual((find(p, T.namespace).inputs.metadata as { name: unknown }).name, "portkeyai");
            assert.strictEqual((find(p, T.spc).inputs.metadata as { namespace: unknown }).namespace, "portkeyai");
            assert.strictEqual(find(p, T.release, "portkey-gateway-release").inputs.namespace, "portkeyai");
        });

        it("the value read appears in no input (not even marked secret), output or rendered plan", () => {
            assert.ok(!JSON.stringify(p.resources).includes(CANARY));
            assert.ok(!JSON.stringify(p.outputs).includes(CANARY));
            assert.ok(!renderYaml(p).includes(CANARY));
        });
    });
});

describe("adopted secret with a failover region: the replica is checked too", () => {
    // ASCP reads both regions on every mount; a 4xx from either fails it (docs/upstream-facts.md#ascp-failover,
    // aws/secrets-store-csi-driver-provider-aws provider/secrets_manager_provider.go), so the replica must hold the keys as well.
    const failover = adopted({ secret: { existing: "team/portkey", failoverRegion: "us-west-2" } });
    it("reads the primary and its replica in the failover region", async () => {
        const p = await runProgram(program, rawConfig(failover), undefined, withSecret({ OPENAI_API_KEY: "a", REDIS_URL: "b" }));
        assert.strictEqual(p.calls.filter((c) => c === GET_SECRET_VERSION).length, 2);
        // Only the primary's value was declared (as --secret-json declares it): the replica's check is still preview's.
        assert.deepStrictEqual(
            p.notCheckedOffline.filter((l) => l.startsWith("secretKeys:")),
            ["secretKeys: that team/portkey (replica in us-west-2) holds each mounted key as a string (Secrets Manager GetSecretValue)"],
        );
    });
    it("fails when the replica lacks a key the primary has, naming the replica's region", async () => {
        const cloud = { ...withSecret({ OPENAI_API_KEY: "a", REDIS_URL: "b" }), replicaSecretJson: JSON.stringify({ OPENAI_API_KEY: CANARY }) };
        const { message, registered } = await failedRun(failover, cloud);
        assert.match(message, /team\/portkey \(replica in us-west-2\).*REDIS_URL \(missing\)/s);
        assert.ok(!message.includes(CANARY));
        assert.deepStrictEqual(
            registered.filter((t) => KUBERNETES_TYPES.includes(t as never)),
            [],
        );
    });
});
