// Every Kubernetes object the program registers itself (not the Helm releases' contents) matches
// the schema of the API it goes to: the Kubernetes version the stack targets, or the pinned
// driver's CRD. Generic over resource types, so objects added later are checked too.
import * as assert from "assert";
import { parseConfig } from "../config";
import { listStacks, loadStackConfig } from "../offline/stackConfig";
import { Plan } from "../offline/run";
import { baseConfig, plan, shippedPlan, T, FILE_READ_VALUES } from "./testing";
import * as fs from "fs";
import * as path from "path";
import { loadSchemaModules, plainInputs, SCHEMA_PACKAGES, schemaPackageDir, schemaPackageFor, schemaProblems } from "./kubeSchema";
import { autoModeAlbClass } from "../derive/autoModeEndpoint";
import { albIngress, nlbService } from "../derive/endpointObjects";
import { gatewayNames } from "../derive/names";
import { testConfig } from "../derive/testing";

/** Resources that are Kubernetes objects sent as they are (a Helm release is not one; its chart renders them). */
function kubernetesObjects(p: Plan) {
    return p.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== T.release);
}

async function problemsOf(p: Plan, version: string): Promise<string[]> {
    if (schemaPackageFor(version)?.esm) await loadSchemaModules(kubernetesObjects(p).map((r) => plainInputs(r.inputs) as Record<string, unknown>));
    return kubernetesObjects(p).flatMap((r) =>
        schemaProblems(plainInputs(r.inputs) as Record<string, unknown>, version, r.type.endsWith("Patch")).map((x) => `${r.type} ${r.name}: ${x}`),
    );
}

function targetVersion(stack: string): string {
    const s = loadStackConfig(stack);
    const c = parseConfig(s.config, new Set(s.secretKeys), stack).cluster;
    return c.create ? c.version! : c.kubernetesVersion!;
}

describe("schemas: the program's Kubernetes objects", () => {
    for (const stack of listStacks()) {
        it(`${stack}: every object matches the API of the Kubernetes version the stack targets`, async () => {
            const version = targetVersion(stack);
            assert.ok(schemaPackageFor(version), `no schema for Kubernetes ${version} or older: add its kubernetes-models release to test/kubeSchema.ts`);
            const p = await shippedPlan(stack);
            assert.ok(kubernetesObjects(p).length > 0);
            assert.deepStrictEqual(await problemsOf(p, version), []);
        });
    }

    const layouts: Record<string, Record<string, unknown>> = {
        "partial, dataservice, rotation with Reloader, pull credentials": {
            gateway: { replicas: 2, dataservice: { enabled: true, replicas: 2 }, values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } },
            rotation: { enabled: true, reloader: "install" },
            imageCredentials: { username: "u", password: "p" },
        },
        "mount-only, Pod Identity": { secretsMode: "mount-only", identity: "pod-identity", secretValues: FILE_READ_VALUES },
        "full, adopted secret": { secretsMode: "full", secret: { existing: "team/portkey" }, secretKeys: ["OPENAI_API_KEY"], secretValues: undefined, env: {} },
    };
    for (const [what, extra] of Object.entries(layouts)) {
        it(`${what}: every object matches the Kubernetes 1.33 API`, async () => {
            const p = await plan(baseConfig(extra));
            assert.deepStrictEqual(await problemsOf(p, "1.33"), []);
        });
    }

    it("covers namespaces, budgets, patches, pull secrets and the SecretProviderClass", async () => {
        const p = await plan(baseConfig(layouts["partial, dataservice, rotation with Reloader, pull credentials"]));
        const types = new Set(kubernetesObjects(p).map((r) => r.type));
        for (const t of [T.namespace, T.spc, T.deploymentPatch, T.k8sSecret, "kubernetes:policy/v1:PodDisruptionBudget"]) assert.ok(types.has(t), t);
    });
});

describe("SCHEMA_PACKAGES", () => {
    it("name the release that is installed (package.json pins it)", () => {
        for (const { pkg, version } of Object.values(SCHEMA_PACKAGES))
            assert.strictEqual(JSON.parse(fs.readFileSync(path.join(schemaPackageDir(pkg), "package.json"), "utf8")).version, version, pkg);
    });
});

describe("schemaPackageFor", () => {
    it("takes the target's own schema, else the newest older one, never a newer one", () => {
        assert.strictEqual(schemaPackageFor("1.33")?.api, "1.33");
        assert.strictEqual(schemaPackageFor("1.35")?.api, "1.33");
        assert.strictEqual(schemaPackageFor("1.36")?.api, "1.36");
        assert.strictEqual(schemaPackageFor("1.37")?.api, "1.36");
        assert.strictEqual(schemaPackageFor("1.32"), undefined);
    });
});

describe("schemaProblems", () => {
    // The kinds the 1.36 cases below check (kubernetes-models 5.x is imported kind by kind).
    before(() =>
        loadSchemaModules([
            { apiVersion: "v1", kind: "Namespace" },
            { apiVersion: "v1", kind: "Pod" },
        ]),
    );
    const ns = (metadata: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Namespace", metadata });
    it("accepts a valid object", () => assert.deepStrictEqual(schemaProblems(ns({ name: "a", labels: { x: "y" } }), "1.33", false), []));
    it("rejects an unknown field, at any depth", () => {
        assert.deepStrictEqual(schemaProblems(ns({ name: "a", lables: { x: "y" } }), "1.33", false), ["/metadata/lables is not a field of v1/Namespace"]);
        assert.deepStrictEqual(schemaProblems({ ...ns({ name: "a" }), spek: {} }, "1.33", false), ["/spek is not a field of v1/Namespace"]);
    });
    it("rejects a wrong type", () => assert.strictEqual(schemaProblems(ns({ name: "a", labels: { x: 1 } }), "1.33", false).length, 1));
    it("checks a patch only for the fields it sets", () => {
        const patch = {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "d" },
            spec: { template: { spec: { automountServiceAccountToken: false } } },
        };
        assert.deepStrictEqual(schemaProblems(patch, "1.33", true), []);
        assert.ok(schemaProblems(patch, "1.33", false).length > 0, "a whole Deployment needs a selector and containers");
        const typo = { ...patch, spec: { template: { spec: { automountServiceAccountTokens: false } } } };
        assert.deepStrictEqual(schemaProblems(typo, "1.33", true), ["/spec/template/spec/automountServiceAccountTokens is not a field of apps/v1/Deployment"]);
    });
    it("the 1.36 schema (kubernetes-models 5.x, ES modules) catches the same faults", () => {
        assert.deepStrictEqual(schemaProblems(ns({ name: "a", labels: { x: "y" } }), "1.36", false), []);
        assert.deepStrictEqual(schemaProblems(ns({ name: "a", lables: { x: "y" } }), "1.36", false), ["/metadata/lables is not a field of v1/Namespace"]);
        assert.strictEqual(schemaProblems(ns({ name: "a", labels: { x: 1 } }), "1.36", false).length, 1);
    });
    // PodSpec.hostnameOverride is new in Kubernetes 1.34 (kubernetes/kubernetes CHANGELOG-1.34, KEP-4762).
    it("knows a field by the version it came in", () => {
        const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image: "i" }], hostnameOverride: "h" } };
        assert.deepStrictEqual(schemaProblems(pod, "1.36", false), []);
        assert.deepStrictEqual(schemaProblems(pod, "1.33", false), ["/spec/hostnameOverride is not a field of v1/Pod"]);
    });
    it("checks a PodDisruptionBudget's selector", () => {
        const pdb = (selector: unknown) => ({
            apiVersion: "policy/v1",
            kind: "PodDisruptionBudget",
            metadata: { name: "p" },
            spec: { minAvailable: 1, selector },
        });
        assert.deepStrictEqual(schemaProblems(pdb({ matchLabels: { a: "b" }, matchExpressions: [{ key: "c", operator: "DoesNotExist" }] }), "1.33", false), []);
        assert.ok(schemaProblems(pdb({ matchLabel: { a: "b" } }), "1.33", false).length > 0);
    });
    it("checks the SecretProviderClass against the driver's CRD", () => {
        const spc = (spec: unknown) => ({ apiVersion: "secrets-store.csi.x-k8s.io/v1", kind: "SecretProviderClass", metadata: { name: "c" }, spec });
        assert.deepStrictEqual(schemaProblems(spc({ provider: "aws", parameters: { objects: "[]" } }), "1.33", false), []);
        // facts: spec.parameters is a map of strings.
        assert.ok(schemaProblems(spc({ provider: "aws", parameters: { usePodIdentity: true } }), "1.33", false).length > 0);
        assert.ok(schemaProblems(spc({ provider: "aws", secretObjects: [{ secretName: "s", datas: [] }] }), "1.33", false).length > 0);
        assert.deepStrictEqual(schemaProblems({ ...spc({ provider: "aws" }), metadata: { name: "c", namespaces: "x" } }, "1.33", false), [
            "/metadata/namespaces is not a field of ObjectMeta",
        ]);
    });
    it("rejects a kind the version does not serve, and a version with no schema", () => {
        assert.deepStrictEqual(schemaProblems({ apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", metadata: { name: "p" } }, "1.33", false), [
            "policy/v1beta1/PodSecurityPolicy is not in the Kubernetes 1.33 API",
        ]);
        assert.deepStrictEqual(schemaProblems(ns({ name: "a" }), "1.20", false), ["no schema package for Kubernetes 1.20: add one to SCHEMA_PACKAGES"]);
    });
});

// EKS Auto Mode's objects (derive/autoModeEndpoint.ts): the plan refuses the stacks that would register them
// (config/rules/endpoint.ts autoModeTlsPolicyUnknown), so they are checked as derived.
describe("schemas: the endpoint's objects under EKS Auto Mode", () => {
    const lb = { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc", hostname: "gw.example.com", inboundCidrs: ["10.0.0.0/16"] };
    const cfg = (type: "internal-alb" | "internal-nlb") => testConfig({ cluster: { compute: "auto-mode" }, endpoint: { type, ...lb } });
    const subnets = ["subnet-0a1b2c3d", "subnet-0e1f2a3b"];
    const objects = () => {
        const alb = cfg("internal-alb");
        const names = gatewayNames(alb);
        const c = autoModeAlbClass(alb, names, subnets)!;
        return [
            c.ingressClassParams,
            c.ingressClass,
            { apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...albIngress(alb, names, subnets) },
            { apiVersion: "v1", kind: "Service", ...nlbService(cfg("internal-nlb"), names, subnets) },
        ] as Array<Record<string, unknown>>;
    };
    for (const version of Object.keys(SCHEMA_PACKAGES)) {
        it(`the IngressClassParams, IngressClass, Ingress and Service match Kubernetes ${version} and the documented IngressClassParams`, async () => {
            if (schemaPackageFor(version)?.esm) await loadSchemaModules(objects());
            assert.deepStrictEqual(
                objects().flatMap((o) => schemaProblems(o, version, false).map((x) => `${String(o.kind)}: ${x}`)),
                [],
            );
        });
    }
    it("refuses IngressClassParams fields the Auto Mode guide does not list, and a wrong shape", () => {
        const params = objects()[0] as { spec: Record<string, unknown> };
        const withSpec = (spec: Record<string, unknown>) => ({ ...params, spec: { ...params.spec, ...spec } });
        for (const extra of [{ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }, { inboundCIDRs: ["10.0.0.0/16"] }, { certificateArn: "x" }])
            assert.ok(schemaProblems(withSpec(extra), "1.33", false).length > 0, JSON.stringify(extra));
        assert.ok(schemaProblems(withSpec({ loadBalancerAttributes: { "idle_timeout.timeout_seconds": "600" } }), "1.33", false).length > 0);
        assert.ok(schemaProblems(withSpec({ scheme: "public" }), "1.33", false).length > 0);
    });
});
