// The human plan reads well in a pull-request diff: tree order, JSON strings shown parsed, the
// resource options that matter for review; --json keeps the inputs as registered.
import * as assert from "assert";
import { OPEN_SOURCE_FIGURES } from "../derive/data/measuredCapacity";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { planStack } from "../scripts/plan";
import { shippedPlan } from "../test/testing";
import { helmReleases, inTreeOrder, kubernetesManifests, parsedJsonString, renderJson, renderYaml, toReviewable, withJsonStructured } from "./render";
import { Plan, PlannedResource, reviewedOptions } from "./run";
import { parsedYamlText } from "../test/parsedYaml";

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
    return { stack: "t", resources, outputs: {}, secretOutputs: [], calls: [], notCheckedOffline: [] };
}

/** A planned stack rendered as YAML, and that YAML parsed: worked out once per plan, as the tests only read them. */
const renders = new WeakMap<Plan, { text: string; parsed?: any }>();
function renderedYaml(p: Plan): string {
    if (!renders.has(p)) renders.set(p, { text: renderYaml(p) });
    return renders.get(p)!.text;
}
function parsedYaml(p: Plan): any {
    const text = renderedYaml(p);
    const r = renders.get(p)!;
    r.parsed ??= parsedYamlText(text);
    return r.parsed;
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
        const yaml = parsedYaml(dev);
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
        const before = renderedYaml(dev).split("\n");
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
            const protectedOnes = parsedYaml(await devPlan([...overrides]))
                .resources.filter((r: any) => "protect" in r)
                .map((r: any) => [r.type, r.protect]);
            assert.deepStrictEqual(protectedOnes, [
                ["eks:index:Cluster", expected],
                ["aws:secretsmanager/secret:Secret", expected],
            ]);
        }
        assert.match(
            renderedYaml(await devPlan(["protect=true"])),
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

/** A value the way Pulumi's mocks hand over a secret input (pulumi/pulumi sdk/nodejs/runtime/rpc.ts specialSigKey). */
function secret(value: unknown): unknown {
    return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

describe("plan rendering: tree order where it differs from name order", () => {
    it("puts a child right after its parent even when its name sorts first", () => {
        const rs = [res("c"), res("a-child", "b"), res("b"), res("b-child-child", "a-child")];
        assert.deepStrictEqual(
            inTreeOrder(rs).map((r) => r.name),
            ["b", "a-child", "b-child-child", "c"],
        );
    });

    it("makes a child of a parent missing from the plan top-level, sorted with the others", () => {
        assert.deepStrictEqual(
            inTreeOrder([res("b"), res("a", "the-stack")]).map((r) => r.name),
            ["a", "b"],
        );
    });

    it("lists the children of two resources of one name once", () => {
        const rs = [res("x", undefined, "b:m:B"), res("x-child", "x"), res("x", undefined, "a:m:A")];
        assert.deepStrictEqual(
            inTreeOrder(rs).map((r) => `${r.name} ${r.type}`),
            ["x a:m:A", "x-child t:m:R", "x b:m:B"],
        );
    });

    it("breaks a tie by type whatever the registration order", () => {
        for (const twins of [
            [res("x", undefined, "b:m:B"), res("x", undefined, "a:m:A")],
            [res("x", undefined, "a:m:A"), res("x", undefined, "b:m:B")],
        ])
            assert.deepStrictEqual(
                inTreeOrder(twins).map((r) => r.type),
                ["a:m:A", "b:m:B"],
            );
    });
});

describe("plan rendering: what each resource shows", () => {
    const p: Plan = {
        stack: "st",
        resources: [
            {
                type: "t:m:R",
                name: "r",
                custom: true,
                parent: "c",
                provider: "portkey-aws",
                dependsOn: ["zeta", "Alpha", "beta"],
                inputs: { n: 5, b: false, s: "x" },
            },
            { type: "t:m:C", name: "c", custom: false, dependsOn: [], inputs: {} },
        ],
        outputs: { endpoint: "https://gw", kubeconfig: "secret text" },
        secretOutputs: ["kubeconfig"],
        calls: [],
        notCheckedOffline: [],
    };

    it("keeps parent and provider, sorts dependsOn by code point, omits what is empty, and keeps non-string inputs", () => {
        const [c, r] = toReviewable(p).resources;
        assert.deepStrictEqual(c, { type: "t:m:C", name: "c", inputs: {} });
        assert.deepStrictEqual(r, {
            type: "t:m:R",
            name: "r",
            parent: "c",
            provider: "portkey-aws",
            dependsOn: ["Alpha", "beta", "zeta"],
            inputs: { n: 5, b: false, s: "x" },
        });
        assert.deepStrictEqual(withJsonStructured({ n: 5, b: true, s: "x", z: null, l: [1, "[2]"] }), {
            n: 5,
            b: true,
            s: "x",
            z: null,
            l: [1, { json: [2] }],
        });
    });

    // docs/plans-ci.md "Plans under review": encrypted values appear as `[secret]`.
    it("shows a secret output as [secret], the others as they are", () => {
        assert.deepStrictEqual(toReviewable(p).outputs, { endpoint: "https://gw", kubeconfig: "[secret]" });
    });

    it("YAML names the stack, how to regenerate it and how secrets and JSON appear; JSON is the same data, ending with a newline", () => {
        const yaml = renderYaml(p);
        assert.match(yaml, /^# Offline plan of stack "st"/);
        assert.match(yaml, /^# Regenerate with `npm run plan:update`/m);
        assert.match(yaml, /^# Secret values are `\[secret\]`/m);
        assert.match(yaml, /^# .*shown\n# parsed, as `\{json: …\}`; `--json` prints it as registered/m);
        assert.match(yaml, /^# deleteBeforeReplace, ignoreChanges and replaceOnChanges appear only when the program sets them/m);
        assert.deepStrictEqual(YAML.parse(yaml), toReviewable(p, { structuredJson: true }));
        // One line per value however long, so a changed value is a one-line diff (docs/plans-ci.md).
        const long = plan([{ ...res("long"), inputs: { description: "word ".repeat(30).trim() } }]);
        assert.ok(renderYaml(long).includes(`description: ${"word ".repeat(30).trim()}\n`));
        const json = renderJson(p);
        assert.ok(json.endsWith("}\n"));
        assert.deepStrictEqual(JSON.parse(json), toReviewable(p));
    });
});

describe("plan rendering: Helm releases for --out", () => {
    it("lists each release with what helm template needs, values {} when none are set", () => {
        const release = (name: string, values?: Record<string, unknown>): PlannedResource => ({
            ...res(`${name}-release`, undefined, "kubernetes:helm.sh/v3:Release"),
            inputs: {
                name,
                chart: "gateway",
                repositoryOpts: { repo: "https://portkey-ai.github.io/helm" },
                version: "1.7.7",
                namespace: "ns",
                ...(values ? { values } : {}),
            },
        });
        const p = plan([release("b", { replicaCount: 2, token: secret("t") }), release("a"), res("not-a-release")]);
        assert.deepStrictEqual(helmReleases(p), [
            { resource: "a-release", release: "a", chart: "gateway", repo: "https://portkey-ai.github.io/helm", version: "1.7.7", namespace: "ns", values: {} },
            {
                resource: "b-release",
                release: "b",
                chart: "gateway",
                repo: "https://portkey-ai.github.io/helm",
                version: "1.7.7",
                namespace: "ns",
                values: { replicaCount: 2, token: "[secret]" },
            },
        ]);
    });
});

describe("plan rendering: manifests of hand-made plans", () => {
    const obj = (name: string, type: string, inputs: Record<string, unknown>): PlannedResource => ({ ...res(name, undefined, type), inputs });

    it("takes only Kubernetes resources whose inputs are one object with apiVersion and kind", () => {
        const p = plan([
            obj("ns", "kubernetes:core/v1:Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } }),
            obj("no-kind", "kubernetes:core/v1:ConfigMap", { apiVersion: "v1", metadata: { name: "x" } }),
            obj("no-version", "kubernetes:core/v1:ConfigMap", { kind: "ConfigMap", metadata: { name: "x" } }),
            obj("aws-lookalike", "aws:x/y:Z", { apiVersion: "v1", kind: "Namespace" }),
        ]);
        assert.deepStrictEqual(
            kubernetesManifests(p).map((m) => m.file),
            ["ns.yaml"],
        );
    });

    // docs/plans-ci.md "Plans under review": two objects of one name are told apart by kind.
    it("names a second object of one name after its kind, and heads each file with type, name and stack", () => {
        const p = plan([
            obj("gw", "kubernetes:core/v1:Service", { apiVersion: "v1", kind: "Service", metadata: { name: "gw" } }),
            obj("gw", "kubernetes:apps/v1:DeploymentPatch", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "gw" } }),
        ]);
        const [patch, service] = kubernetesManifests(p);
        assert.deepStrictEqual([patch.file, service.file], ["gw.yaml", "gw-service.yaml"]);
        assert.match(
            patch.text,
            /^# kubernetes:apps\/v1:DeploymentPatch gw of stack "t", as planned; secret values are \[secret\]\.\n# A server-side apply patch: only these fields of an existing Deployment/,
        );
        assert.match(service.text, /^# kubernetes:core\/v1:Service gw of stack "t", as planned; secret values are \[secret\]\.\napiVersion: v1\n/);
    });

    it("keeps a Secret's data and stringData keys with each value redacted, and redacts any other secret whole", () => {
        const p = plan([
            obj("s", "kubernetes:core/v1:Secret", {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "s" },
                data: secret({ a: "YQ==", b: "Yg==" }),
                stringData: secret({ c: "c" }),
                note: secret("whole"),
                immutable: false,
            }),
            obj("plain", "kubernetes:core/v1:Secret", { apiVersion: "v1", kind: "Secret", data: { k: "dg==" }, stringData: secret(["listed"]) }),
            obj("nulled", "kubernetes:core/v1:Secret", { apiVersion: "v1", kind: "Secret", data: secret(null) }),
            obj("long", "kubernetes:core/v1:ConfigMap", { apiVersion: "v1", kind: "ConfigMap", data: { text: "word ".repeat(30).trim() } }),
        ]);
        const text = (file: string) => kubernetesManifests(p).find((m) => m.file === file)!;
        const [plain, long] = [text("plain.yaml"), text("long.yaml")];
        assert.deepStrictEqual(YAML.parse(plain.text), { apiVersion: "v1", kind: "Secret", data: { k: "dg==" }, stringData: "[secret]" });
        assert.deepStrictEqual(YAML.parse(text("nulled.yaml").text), { apiVersion: "v1", kind: "Secret", data: "[secret]" });
        assert.ok(long.text.includes(`text: ${"word ".repeat(30).trim()}\n`), long.text);
        assert.deepStrictEqual(YAML.parse(text("s.yaml").text), {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "s" },
            data: { a: "[secret]", b: "[secret]" },
            stringData: { c: "[secret]" },
            note: "[secret]",
            immutable: false,
        });
    });
});

describe("plan rendering: sizing", () => {
    it("shows a stack's sizing after notCheckedOffline and before the resources, and none without it", async () => {
        const prod = parsedYamlText(renderYaml(await shippedPlan("prod")));
        assert.deepStrictEqual(Object.keys(prod).slice(0, 4), ["stack", "notCheckedOffline", "sizing", "resources"]);
        assert.deepStrictEqual(Object.keys(prod.sizing), ["peak", "perCore", "headroomPercent", "bound", "arithmetic", "settings", "warnings"]);
        // A --config-path value replaces dev's gateway section, peak included.
        const unsized = renderYaml(await planStack("dev", ["gateway.replicas=1"], true));
        assert.ok(!("sizing" in YAML.parse(unsized)));
        assert.match(unsized, /^# sizing \(with gateway\.capacity\) shows how the declared peak sized the gateway/m);
    });
    it("sizes a peak given with --config-path (which replaces dev's gateway section): 90 requests/s on 1 pod at 71%, rounded up to 50m, 1 replica", async () => {
        const p = await planStack("dev", ["gateway.capacity.peakRequestsPerSecond=90"], true);
        // docs/availability.md#the-formula: q = R / r / (1 pod × 71%), rounded up to 50m.
        const cpu = Math.ceil(((90 / OPEN_SOURCE_FIGURES.requestsPerCoreSecond) * 1000) / 0.71 / 50) * 50;
        assert.deepStrictEqual(p.sizing!.settings, {
            "gateway.replicas": "1 (derived)",
            "gateway.resources.requests.cpu": `${cpu}m (derived)`,
            // dev runs the enterprise image: docs/availability.md#streams-and-the-hpas-signal.
            "gateway.resources.requests.memory": "512Mi (not derived: the memory figures are the open-source gateway's, not the enterprise image's)",
            "gateway.resources.limits.memory": "1Gi (not derived: the memory figures are the open-source gateway's, not the enterprise image's)",
        });
        const values = helmReleases(p).find((r) => r.release === "portkey")!.values as { replicaCount: number; resources: { requests: { cpu: string } } };
        assert.deepStrictEqual([values.replicaCount, values.resources.requests.cpu], [1, `${cpu}m`]);
    });
});
