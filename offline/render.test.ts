// The human plan reads well in a pull-request diff: tree order, JSON strings shown parsed, the
// resource options that matter for review; --json keeps the inputs as registered.
import * as assert from "assert";
import * as YAML from "yaml";
import { planStack } from "../scripts/plan";
import { shippedPlan } from "../test/testing";
import { inTreeOrder, kubernetesManifests, parsedJsonString, renderJson, renderYaml, withJsonStructured } from "./render";
import { Plan, PlannedResource, reviewedOptions } from "./run";

/** The dev stack's plan with some --config overrides, planned once per set of overrides. */
const devPlans = new Map<string, Promise<Plan>>();
function devPlan(overrides: string[] = []): Promise<Plan> {
    const key = overrides.join("\n");
    if (!devPlans.has(key)) devPlans.set(key, overrides.length ? planStack("dev", overrides) : shippedPlan("dev"));
    return devPlans.get(key)!;
}

function res(name: string, parent?: string, type = "t:m:R"): PlannedResource {
    return { type, name, custom: true, parent, dependsOn: [], inputs: {} };
}

function plan(resources: PlannedResource[]): Plan {
    return { stack: "t", resources, outputs: {}, secretOutputs: [], calls: [] };
}

/** The resource of a rendered YAML plan (text, or already parsed) with this name. */
function renderedResource(yaml: string | { resources: any[] }, name: string): any {
    return (typeof yaml === "string" ? YAML.parse(yaml) : yaml).resources.find((r: any) => r.name === name);
}

describe("plan rendering: order", () => {
    it("puts each component before its children, depth-first, siblings by name", () => {
        // Registered out of order, as apply() callbacks do; "orphan" names a parent not in the plan (the stack).
        const registered = [res("app-b", "app"), res("zz"), res("app-a-x", "app-a"), res("app"), res("app-a", "app"), res("orphan", "portkey-gateway-dev")];
        assert.deepStrictEqual(
            inTreeOrder(registered).map((r) => r.name),
            ["app", "app-a", "app-a-x", "app-b", "orphan", "zz"],
        );
    });

    it("orders siblings by code point, so the order does not depend on the machine's locale", () => {
        const sibs = [res("role-AmazonEKS_CNI_Policy", "p"), res("role-AmazonEKSWorkerNodePolicy", "p"), res("p")];
        assert.deepStrictEqual(
            inTreeOrder(sibs).map((r) => r.name),
            ["p", "role-AmazonEKSWorkerNodePolicy", "role-AmazonEKS_CNI_Policy"],
        );
    });

    it("breaks a tie between two resources of one name by type", () => {
        const twins = [res("x", undefined, "b:m:B"), res("x", undefined, "a:m:A")];
        assert.deepStrictEqual(
            inTreeOrder(twins).map((r) => r.type),
            ["a:m:A", "b:m:B"],
        );
    });

    it("documents the order in the plan header", () => {
        assert.match(renderYaml(plan([res("a")])), /^# Order: each top-level resource, then its children depth-first; siblings by name/m);
    });
});

describe("plan rendering: JSON carried as strings", () => {
    it("parses objects and arrays only", () => {
        assert.deepStrictEqual(parsedJsonString('{"a":[1]}'), { a: [1] });
        assert.deepStrictEqual(parsedJsonString(' [{"b":"c"}]'), [{ b: "c" }]);
        for (const s of ["[secret]", "123", '"text"', "{not json", "null", "2012-10-17"]) assert.strictEqual(parsedJsonString(s), undefined, s);
        assert.deepStrictEqual(withJsonStructured({ p: '{"Version":"2012-10-17"}', q: ["[1]"], r: "[secret]" }), {
            p: { json: { Version: "2012-10-17" } },
            q: [{ json: [1] }],
            r: "[secret]",
        });
    });

    let dev: Plan;
    before(async () => {
        dev = await devPlan();
    });

    it("shows IAM policies, the class's objects and the kubeconfig parsed in YAML, and as registered in JSON", () => {
        const yaml = YAML.parse(renderYaml(dev));
        // docs/upstream-facts.md#iam-irsa-trust, docs/upstream-facts.md#ascp-iam-actions: IRSA trust is sts:AssumeRoleWithWebIdentity; ASCP needs GetSecretValue and DescribeSecret.
        assert.strictEqual(renderedResource(yaml, "portkey-role-iam").inputs.assumeRolePolicy.json.Statement[0].Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepStrictEqual(renderedResource(yaml, "portkey-role-read-secret").inputs.policy.json.Statement[0].Action, [
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret",
        ]);
        // docs/upstream-facts.md#ascp-objects: objects is a string carrying a list whose entries have objectType secretsmanager.
        assert.strictEqual(renderedResource(yaml, "portkey-spc-class").inputs.spec.parameters.objects.json[0].objectType, "secretsmanager");
        assert.strictEqual(renderedResource(yaml, "portkey-cluster-k8s").inputs.kubeconfig.json.kind, "Config");
        const json = JSON.parse(renderJson(dev));
        const raw = json.resources.find((r: any) => r.name === "portkey-spc-class").inputs.spec.parameters.objects;
        assert.strictEqual(typeof raw, "string");
        assert.strictEqual(JSON.parse(raw)[0].objectType, "secretsmanager");
    });

    it("turns one added policy action into one added line of the plan", () => {
        const changed: Plan = structuredClone(dev);
        const policy = changed.resources.find((r) => r.name === "portkey-role-read-secret")!;
        const doc = JSON.parse(policy.inputs.policy as string);
        doc.Statement[0].Action.push("kms:Decrypt");
        policy.inputs.policy = JSON.stringify(doc);
        const before = renderYaml(dev).split("\n");
        const after = renderYaml(changed).split("\n");
        const at = after.findIndex((line, i) => line !== before[i]);
        assert.strictEqual(after[at].trim(), "- kms:Decrypt");
        assert.deepStrictEqual([...after.slice(0, at), ...after.slice(at + 1)], before);
    });
});

describe("plan rendering: resource options", () => {
    it("keeps the options set, booleans even when false, lists only when non-empty", () => {
        assert.strictEqual(reviewedOptions({}), undefined);
        assert.strictEqual(reviewedOptions({ ignoreChanges: [], replaceOnChanges: [] }), undefined);
        assert.deepStrictEqual(reviewedOptions({ protect: false }), { protect: false });
        assert.deepStrictEqual(
            reviewedOptions({
                protect: true,
                retainOnDelete: true,
                deleteBeforeReplace: true,
                ignoreChanges: ["tags"],
                replaceOnChanges: ["spec.name"],
                parent: undefined,
            }),
            { protect: true, retainOnDelete: true, deleteBeforeReplace: true, ignoreChanges: ["tags"], replaceOnChanges: ["spec.name"] },
        );
    });

    // docs/config-reference.md: `protect` (default true) guards the created EKS cluster and the created secret.
    it("shows protect on the created cluster and secret, as the stack sets it, and on nothing else", async () => {
        for (const [overrides, expected] of [
            [["protect=true"], true],
            [[], false],
        ] as const) {
            const yaml = renderYaml(await devPlan([...overrides]));
            const protectedOnes = YAML.parse(yaml)
                .resources.filter((r: any) => "protect" in r)
                .map((r: any) => [r.type, r.protect]);
            assert.deepStrictEqual(protectedOnes, [
                ["eks:index:Cluster", expected],
                ["aws:secretsmanager/secret:Secret", expected],
            ]);
        }
        assert.match(
            renderYaml(await devPlan(["protect=true"])),
            /\n {4}name: portkey-cluster-eks\n {4}parent: portkey-cluster\n {4}protect: true\n {4}inputs:\n/,
        );
    });

    it("records ignoreChanges and retainOnDelete given by the program", () => {
        const p = plan([{ ...res("kept"), options: { retainOnDelete: true, ignoreChanges: ["tags"] } }]);
        assert.deepStrictEqual(renderedResource(renderYaml(p), "kept"), {
            type: "t:m:R",
            name: "kept",
            retainOnDelete: true,
            ignoreChanges: ["tags"],
            inputs: {},
        });
    });
});

describe("plan rendering: Kubernetes manifests", () => {
    it("renders every Kubernetes object, not Helm releases or providers, with Secret data keys kept and values redacted", async () => {
        const manifests = kubernetesManifests(await devPlan());
        assert.deepStrictEqual(
            manifests.map((m) => m.file),
            [
                "portkey-endpoint-callers.yaml",
                "portkey-endpoint-redis.yaml",
                "portkey-gateway-image-pull.yaml",
                "portkey-gateway-reload-portkey-gateway.yaml",
                "portkey-namespace.yaml",
                "portkey-spc-class.yaml",
            ],
        );
        const pull = YAML.parse(manifests.find((m) => m.file === "portkey-gateway-image-pull.yaml")!.text);
        assert.deepStrictEqual(pull, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "portkey-gateway-image-pull", namespace: "portkeyai" },
            stringData: { ".dockerconfigjson": "[secret]" },
            type: "kubernetes.io/dockerconfigjson",
        });
        const file = (name: string) => manifests.find((m) => m.file === name)!.text;
        assert.match(file("portkey-gateway-reload-portkey-gateway.yaml"), /server-side apply patch/);
        // docs/upstream-facts.md#spc-shape: the class is secrets-store.csi.x-k8s.io/v1 and `objects` is a string.
        const spc = YAML.parse(file("portkey-spc-class.yaml"));
        assert.strictEqual(spc.apiVersion, "secrets-store.csi.x-k8s.io/v1");
        assert.strictEqual(typeof spc.spec.parameters.objects, "string");
    });
});
