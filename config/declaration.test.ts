// The value-level rules of the declaration, the settings that apply only in some configurations,
// and the documentation every key carries.
import * as assert from "assert";
import { CONFIG, DEFAULT_VERSIONS, IDENTITIES, NAT_GATEWAYS, RELOADER_SOURCES, SECRETS_MODES } from "./declaration";
import { Field, Fields, Section } from "./schema";
import { MINIMAL, problemsOf } from "./testing";

const V = MINIMAL;
/** The single problem `cfg` (on top of MINIMAL) produces. */
function only(cfg: Record<string, unknown>): string {
    const list = problemsOf({ ...V, ...cfg });
    assert.strictEqual(list.length, 1, list.join("\n"));
    return list[0];
}

describe("the choices", () => {
    it("are the README's", () => {
        assert.deepStrictEqual([...SECRETS_MODES], ["partial", "full", "mount-only"]);
        assert.deepStrictEqual([...IDENTITIES], ["irsa", "pod-identity"]);
        assert.deepStrictEqual([...RELOADER_SOURCES], ["install", "existing", "none"]);
        assert.deepStrictEqual([...NAT_GATEWAYS], ["single", "one-per-zone"]);
    });
});

describe("DEFAULT_VERSIONS", () => {
    it("are the README's defaults (facts.md: chart 1.7.7, driver 1.5.6, ASCP 3.1.1)", () =>
        assert.deepStrictEqual({ ...DEFAULT_VERSIONS }, { gatewayChart: "1.7.7", csiDriverChart: "1.5.6", awsProviderChart: "3.1.1", reloaderChart: "2.2.16", kubernetes: "1.33" }));
});

describe("documentation", () => {
    function walk(fields: Fields, path: string, visit: (path: string, f: Field<unknown> | Section) => void): void {
        for (const [k, f] of Object.entries(fields)) {
            visit(`${path}${k}`, f);
            if (f.kind === "section") walk(f.fields, `${path}${k}.`, visit);
        }
    }
    it("every key has a sentence of doc; every computed default says how it is chosen", () => {
        const missing: string[] = [];
        walk(CONFIG, "", (path, f) => {
            if (!/^\S.*\.$/s.test(f.doc)) missing.push(`${path}: doc`);
            if (f.kind === "field" && typeof f.default === "function" && f.defaultDoc === undefined) missing.push(`${path}: defaultDoc`);
            if (f.kind === "field" && f.defaultDoc !== undefined && !/^\S/.test(f.defaultDoc)) missing.push(`${path}: empty defaultDoc`);
        });
        assert.deepStrictEqual(missing, []);
    });
    it("marks exactly secretValues and imageCredentials secret (README: **Secret.**)", () => {
        const secret: string[] = [];
        walk(CONFIG, "", (path, f) => f.secret === true && secret.push(path));
        assert.deepStrictEqual(secret, ["secretValues", "imageCredentials"]);
    });
});

describe("value rules", () => {
    it("namespace: a DNS-1123 label", () =>
        assert.strictEqual(only({ namespace: "Portkey_AI" }), "portkey-gateway:namespace: \"Portkey_AI\" is not a valid namespace name. Fix: use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit."));
    it("cluster.name: EKS's cluster name", () =>
        assert.strictEqual(only({ cluster: { name: "-dev" } }), "portkey-gateway:cluster.name: \"-dev\" is not a valid EKS cluster name. Fix: use letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters."));
    it("cluster.version: a Kubernetes minor version", () => {
        for (const v of ["1.3", "v1.33", "1.33.1", "2.0"]) assert.strictEqual(only({ cluster: { version: v } }), `portkey-gateway:cluster.version: "${v}" is not a Kubernetes minor version. Fix: use a version EKS supports, such as "1.33".`);
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { version: "1.34" } }), []);
    });
    it("cluster.instanceTypes: a non-empty list of EC2 types", () => {
        assert.strictEqual(only({ cluster: { instanceTypes: [] } }), 'portkey-gateway:cluster.instanceTypes: is empty. Fix: list at least one EC2 instance type, such as "m6i.large".');
        assert.strictEqual(only({ cluster: { instanceTypes: ["m6i.large", "large"] } }), 'portkey-gateway:cluster.instanceTypes: "large" is not an EC2 instance type. Fix: use a type such as "m6i.large".');
        for (const t of ["M6i.large", "m6i.", ".large", "m6i.large "]) assert.match(only({ cluster: { instanceTypes: [t] } }), /is not an EC2 instance type/, t);
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { instanceTypes: ["c7g.2xlarge", "u-6tb1.metal"] } }), []);
    });
    it("node group sizes: EKS allows up to 450 nodes per managed node group", () => {
        assert.strictEqual(only({ cluster: { minSize: 1, desiredSize: 1, maxSize: 451 } }), "portkey-gateway:cluster.maxSize: expected a whole number from 1 to 450, got 451. Fix: set a number in that range.");
        assert.strictEqual(only({ cluster: { maxSize: 0 } }), "portkey-gateway:cluster.maxSize: expected a whole number from 1 to 450, got 0. Fix: set a number in that range.");
        assert.strictEqual(only({ cluster: { minSize: -1 } }), "portkey-gateway:cluster.minSize: expected a whole number from 0 to 450, got -1. Fix: set a number in that range.");
        assert.strictEqual(only({ cluster: { desiredSize: 451 } }), "portkey-gateway:cluster.desiredSize: expected a whole number from 0 to 450, got 451. Fix: set a number in that range.");
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { minSize: 450, maxSize: 450 } }), []);
        assert.strictEqual(only({ cluster: { minSize: 451 } }), "portkey-gateway:cluster.minSize: expected a whole number from 0 to 450, got 451. Fix: set a number in that range.");
    });
    it("cluster.availabilityZoneCount: 2 to 6 (EKS needs subnets in two zones)", () => {
        assert.strictEqual(only({ cluster: { availabilityZoneCount: 1 } }), "portkey-gateway:cluster.availabilityZoneCount: expected a whole number from 2 to 6, got 1. Fix: set a number in that range.");
        assert.strictEqual(only({ cluster: { availabilityZoneCount: 7 } }), "portkey-gateway:cluster.availabilityZoneCount: expected a whole number from 2 to 6, got 7. Fix: set a number in that range.");
        assert.deepStrictEqual(problemsOf({ ...V, cluster: { availabilityZoneCount: 6 } }), []);
    });
    it("cluster.vpcCidr: an IPv4 block from /16 to /24 (VPC CIDR limits)", () => {
        for (const v of ["10.0.0.0/15", "10.0.0.0/25", "10.0.0/16", "10.0.0.0", "10.0.0.0/16x", "x10.0.0.0/16"]) assert.strictEqual(only({ cluster: { vpcCidr: v } }), `portkey-gateway:cluster.vpcCidr: "${v}" is not an IPv4 CIDR block from /16 to /24. Fix: use a block such as "10.0.0.0/16".`);
        for (const v of ["10.1.0.0/16", "172.16.0.0/20", "192.168.1.0/24", "10.0.0.0/19"]) assert.deepStrictEqual(problemsOf({ ...V, cluster: { vpcCidr: v } }), [], v);
    });
    it("cluster.adminPrincipalArns: role or user ARNs", () =>
        assert.strictEqual(only({ cluster: { adminPrincipalArns: ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/ci/s"] } }), 'portkey-gateway:cluster.adminPrincipalArns: "arn:aws:sts::111122223333:assumed-role/ci/s" is not an IAM role or user ARN. Fix: give arn:<partition>:iam::<account>:role/<name> (not an assumed-role session ARN).'));
    it("secret.kmsKeyArn: a key ARN, not an alias", () =>
        assert.strictEqual(only({ secret: { kmsKeyArn: "alias/portkey" } }), 'portkey-gateway:secret.kmsKeyArn: "alias/portkey" is not a KMS key ARN. Fix: give the key\'s ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (an alias cannot scope kms:Decrypt).'));
    it("secret.recoveryWindowInDays: at most 30", () =>
        assert.strictEqual(only({ secret: { recoveryWindowInDays: 31 } }), "portkey-gateway:secret.recoveryWindowInDays: expected a whole number from 0 to 30, got 31. Fix: set a number in that range."));
    it("chart versions are pinned exactly", () => {
        const loose = (key: string, v: string) => `portkey-gateway:${key}: "${v}" is not an exact chart version. Fix: pin an exact version such as "1.2.3".`;
        assert.strictEqual(only({ gateway: { chartVersion: "^1.7" } }), loose("gateway.chartVersion", "^1.7"));
        assert.strictEqual(only({ addons: { csiDriverChartVersion: "1.6" } }), loose("addons.csiDriverChartVersion", "1.6"));
        assert.strictEqual(only({ addons: { awsProviderChartVersion: "3.x" } }), loose("addons.awsProviderChartVersion", "3.x"));
        assert.strictEqual(only({ rotation: { enabled: true, reloaderChartVersion: "2" } }), loose("rotation.reloaderChartVersion", "2"));
    });
    it("Kubernetes object names are DNS-1123 subdomains", () => {
        const bad = (key: string, v: string) => `portkey-gateway:${key}: "${v}" is not a valid Kubernetes object name. Fix: use lower-case letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit.`;
        assert.strictEqual(only({ gateway: { serviceAccountName: "Gateway" } }), bad("gateway.serviceAccountName", "Gateway"));
        assert.strictEqual(only({ gateway: { syncedSecretName: "aws_secrets" } }), bad("gateway.syncedSecretName", "aws_secrets"));
        assert.strictEqual(only({ gateway: { imagePullSecrets: ["regcred", "Reg"] } }), bad("gateway.imagePullSecrets", "Reg"));
        assert.strictEqual(only({ gateway: { dataservice: { enabled: true, serviceAccountName: "ds_" } } }), bad("gateway.dataservice.serviceAccountName", "ds_"));
        assert.deepStrictEqual(problemsOf({ ...V, gateway: { imagePullSecrets: ["regcred", "a.b"], serviceAccountName: "gw", dataservice: { enabled: true, serviceAccountName: "ds" } } }), []);
    });
});

describe("settings that apply only in some configurations", () => {
    const na = (key: string, because: string, otherwise: string) => `portkey-gateway:${key}: ${because}. Fix: remove ${key}, or ${otherwise}.`;
    const existing = { create: false, name: "platform" };
    it("cluster settings of a created cluster", () => {
        const because = "only applies to a cluster the program creates (cluster.create is false)";
        for (const [k, v] of [["version", "1.33"], ["instanceTypes", ["m6i.large"]], ["minSize", 1], ["desiredSize", 1], ["maxSize", 4], ["vpcId", "vpc-1"], ["publicSubnetIds", ["s"]], ["privateSubnetIds", ["s"]], ["adminPrincipalArns", []]] as const) {
            assert.strictEqual(only({ cluster: { ...existing, [k]: v } }), na(`cluster.${k}`, because, "set cluster.create to true"), k);
        }
    });
    it("network settings of a created network", () => {
        const because = "only applies to the network the program creates (cluster.create is false, or cluster.vpcId is set)";
        for (const [k, v] of [["vpcCidr", "10.0.0.0/16"], ["availabilityZoneCount", 3], ["natGateways", "single"]] as const) {
            assert.strictEqual(only({ cluster: { vpcId: "vpc-1", privateSubnetIds: ["s"], [k]: v } }), na(`cluster.${k}`, because, "set cluster.create to true and remove cluster.vpcId"), k);
            assert.deepStrictEqual(problemsOf({ ...V, cluster: { [k]: v } }), [], k);
        }
        assert.strictEqual(only({ cluster: { ...existing, natGateways: "single" } }), na("cluster.natGateways", because, "set cluster.create to true and remove cluster.vpcId"));
    });
    it("Pod Identity agent settings with identity pod-identity", () => {
        const because = "the Pod Identity agent settings apply only with identity pod-identity";
        assert.strictEqual(only({ cluster: { installPodIdentityAgent: true } }), na("cluster.installPodIdentityAgent", because, "set identity to pod-identity"));
        assert.strictEqual(only({ cluster: { podIdentityAgentVersion: "v1" } }), na("cluster.podIdentityAgentVersion", because, "set identity to pod-identity"));
        assert.deepStrictEqual(problemsOf({ ...V, identity: "pod-identity", cluster: { installPodIdentityAgent: false } }), []);
    });
    it("add-on versions when the program installs the add-ons", () => {
        for (const k of ["csiDriverChartVersion", "awsProviderChartVersion"]) {
            assert.strictEqual(only({ addons: { install: false, [k]: "1.0.0" } }), na(`addons.${k}`, "only applies when the program installs the add-ons (addons.install is false)", "set addons.install to true"));
        }
    });
    it("rotation settings", () => {
        assert.strictEqual(only({ rotation: { pollInterval: "2h" } }), na("rotation.pollInterval", "is set but rotation.enabled is false", "set rotation.enabled to true"));
        assert.strictEqual(only({ rotation: { enabled: true, reloader: "existing", reloaderChartVersion: "2.2.16" } }), na("rotation.reloaderChartVersion", "only applies when the program installs Reloader (rotation.reloader is not install)", "set rotation.reloader to install"));
        assert.deepStrictEqual(problemsOf({ ...V, rotation: { enabled: true, pollInterval: "2h", reloaderChartVersion: "2.2.16" } }), []);
    });
    it("secret settings of a created or an adopted secret", () => {
        const adopted = { secretKeys: ["A"] };
        const created = "only applies to a secret the program creates (secret.existing is set)";
        assert.deepStrictEqual(problemsOf({ ...adopted, secret: { existing: "p", name: "n" } }), [na("secret.name", created, "remove secret.existing")]);
        assert.deepStrictEqual(problemsOf({ ...adopted, secret: { existing: "p", recoveryWindowInDays: 7 } }), [na("secret.recoveryWindowInDays", created, "remove secret.existing")]);
        assert.strictEqual(only({ secret: { checkKeys: false } }), na("secret.checkKeys", "only applies to an adopted secret (secret.existing is not set)", "set secret.existing"));
        assert.deepStrictEqual(problemsOf({ ...adopted, secret: { existing: "p", checkKeys: false } }), []);
        assert.deepStrictEqual(problemsOf({ ...V, secret: { name: "team/portkey", recoveryWindowInDays: 7 } }), []);
    });
    it("gateway settings of the mode and the dataservice", () => {
        assert.strictEqual(only({ secretsMode: "mount-only", gateway: { syncedSecretName: "s" } }), na("gateway.syncedSecretName", "mount-only mode creates no Kubernetes Secret", "use secretsMode partial or full"));
        assert.strictEqual(only({ gateway: { dataservice: { serviceAccountName: "ds" } } }), na("gateway.dataservice.serviceAccountName", "is set but the dataservice is off", "set gateway.dataservice.enabled to true"));
    });
});
