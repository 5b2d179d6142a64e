// The end-to-end stack template (e2e/Pulumi.e2e.template.yaml) plans offline like a shipped stack,
// once copied into place and configured exactly as .github/workflows/e2e.yml does it: the
// workflow's "Configure the stack" script runs in bash against a recording `pulumi`, and its
// `pulumi config set` calls are applied to the copied file (test/workflowModel.ts).
import program = require("../index");
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parseConfig, PROJECT } from "../config";
import { ConfigError } from "../config/problems";
import { endpointUrl } from "../derive/endpoint";
import { endpointObjectNames } from "../derive/endpointObjects";
import { restrictedViolations, SecurityPodSpec } from "../derive/podSecurity";
import { gatewayNames } from "../derive/names";
import { parseLoadFlags } from "../load/flags";
import { selects } from "../verify/checks/endpoint";
import { healthy, hpa, ScriptRun, startLoadScripts } from "./e2eLoadScript";
import { E2eRun, RECORD_CALL, ScriptResult, startE2eScripts } from "./e2eScript";
import { Plan, runProgram } from "../offline/run";
import { listStacks, loadStackConfig, readYamlFile, ROOT, StackConfig } from "../offline/stackConfig";
import { find, gatewayValues, T, unwrap } from "./testing";
import { startedEarly } from "./spawned";
import { applyConfigSets, interpolate, pulumiCallsForEach } from "./workflowModel";
import { parsedYamlFile } from "./parsedYaml";
import { tempDir } from "./tempDir";

const TEMPLATE = path.join(ROOT, "e2e/Pulumi.e2e.template.yaml");
const WORKFLOW = parsedYamlFile(path.join(ROOT, ".github/workflows/e2e.yml"));
const RUN_ID = "1234567890";
const STACK = `e2e-${RUN_ID}`;
const MODES: string[] = WORKFLOW.on.workflow_dispatch.inputs.mode.options;
const ENDPOINTS: string[] = WORKFLOW.on.workflow_dispatch.inputs.endpoint.options;
const AUTO = "auto-mode";
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const HOSTNAME = "gateway.e2e.example.com";

/** What the run's expressions read: the settings job's choice, and the repository's secrets and variables. */
function runContext(mode: string, endpoint: string, compute: string) {
    return {
        github: { run_id: RUN_ID, event_name: "workflow_dispatch", repository: "owner/repo" },
        needs: { settings: { outputs: { mode, endpoint, compute, deploy: "true" } } },
        secrets: { E2E_CHECK_VALUE: "e2e-check-value", PULUMI_ACCESS_TOKEN: "pul-token" },
        vars: { PULUMI_ORG: "org", E2E_CERTIFICATE_ARN: CERTIFICATE_ARN, E2E_HOSTNAME: HOSTNAME },
    };
}

const CONFIGURE = WORKFLOW.jobs.up.steps.find((s: any) => s.name === "Configure the stack");

/** The step's environment for a run's mode, endpoint type and compute. */
function configureEnv(mode: string, endpoint: string, compute: string): Record<string, string> {
    const ctx = runContext(mode, endpoint, compute);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...WORKFLOW.env, ...CONFIGURE.env })) env[k] = String(interpolate(v, ctx));
    assert.strictEqual(env.STACK, STACK);
    return env;
}

/** The runs the step is run for: every mode and endpoint type on node groups, and every mode on Auto Mode, whose runs the settings job keeps to endpoint type cluster. */
const CONFIGURE_RUNS = [...MODES.flatMap((m) => ENDPOINTS.map((e) => [m, e, "node-group"])), ...MODES.map((m) => [m, "cluster", AUTO])];
let configured: Map<string, string[][]> | undefined;
// Run once for every run, started as this file loads so that bash runs them while the tests before these run;
// settled (and a failure reported) by each describe's `before`.
const configuring = startedEarly(
    pulumiCallsForEach(
        CONFIGURE.run,
        CONFIGURE_RUNS.map(([m, e, c]) => configureEnv(m, e, c)),
    ).then((calls) => {
        configured = new Map(CONFIGURE_RUNS.map(([m, e, c], i) => [`${m}/${e}/${c}`, calls[i]]));
    }),
);

/** The workflow's "Configure the stack" step, run as GitHub runs it: its `pulumi` command lines. */
function configureCalls(mode: string, endpoint: string, compute = "node-group"): string[][] {
    assert.ok(configured, "the step's runs are awaited in a before hook");
    const calls = configured.get(`${mode}/${endpoint}/${compute}`);
    assert.ok(calls, `${mode}/${endpoint}/${compute} is a run the workflow offers`);
    return calls;
}

/** The template after the workflow's "Configure the stack" step, as `pulumi config set` and `rm` leave the copied file. */
function configuredTemplate(mode: string, endpoint: string, compute = "node-group"): string {
    const doc = YAML.parseDocument(fs.readFileSync(TEMPLATE, "utf8"));
    applyConfigSets(doc, PROJECT, configureCalls(mode, endpoint, compute));
    return doc.toString();
}

const stacks = new Map<string, StackConfig>();

/** The configured template in a project directory as Pulumi.<stack>.yaml, loaded as the CLI would. */
function e2eStack(mode = "partial", endpoint = "cluster", compute = "node-group"): StackConfig {
    const key = `${mode}/${endpoint}/${compute}`;
    if (!stacks.has(key)) stacks.set(key, loadedStack(mode, endpoint, compute));
    return stacks.get(key)!;
}

function loadedStack(mode: string, endpoint: string, compute: string): StackConfig {
    const dir = tempDir("e2e-template-");
    try {
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, `Pulumi.${STACK}.yaml`), configuredTemplate(mode, endpoint, compute));
        return loadStackConfig(STACK, dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const plans = new Map<string, Promise<Plan>>();
function e2ePlan(mode = "partial", endpoint = "cluster", compute = "node-group"): Promise<Plan> {
    const key = `${mode}/${endpoint}/${compute}`;
    if (!plans.has(key)) plans.set(key, runProgram(program, e2eStack(mode, endpoint, compute)));
    return plans.get(key)!;
}

/** Every mode and every endpoint type planned at least once, without planning all nine pairs, and the Auto Mode run. */
const PLANNED: Array<[string, string, string]> = [
    ...MODES.map((m): [string, string, string] => [m, "cluster", "node-group"]),
    ...ENDPOINTS.filter((e) => e !== "cluster").map((e): [string, string, string] => ["partial", e, "node-group"]),
    ["partial", "cluster", AUTO],
];
const runName = (mode: string, endpoint: string, compute: string) => `${mode}/${endpoint}${compute === AUTO ? ` on ${AUTO}` : ""}`;

/**
 * e2e/check-endpoint.sh run for real with a `kubectl` that answers the load balancer's address
 * only for `object` in `namespace`, and answers each `kubectl run` (the curl pod) with the status
 * the gateway gives: 200 for GET /, 400 for the POST without a provider header.
 */
function checkEndpoint(endpoint: string, object: string, namespace: string): E2eRun {
    const kubectl = [
        `if [ "$1" = get ]; then [ "$2" = "${object}" ] && [ "$4" = "${namespace}" ] && echo internal-lb.example; exit 0; fi`,
        RECORD_CALL,
        'case "$*" in *"-X POST"*) printf 400 ;; *) printf 200 ;; esac',
    ];
    return { script: "check-endpoint.sh", args: [endpoint, HOSTNAME], standIns: { kubectl }, env: { E2E_LB_ATTEMPTS: "1" } };
}

describe("e2e stack template", () => {
    before(() => configuring);

    it("is not a shipped stack: no Pulumi.<stack>.yaml, no secure values, and copies named e2e-* are never listed", () => {
        assert.ok(fs.existsSync(TEMPLATE));
        assert.ok(!listStacks().some((s) => s.startsWith("e2e")), listStacks().join(", "));
        const dir = tempDir("e2e-list-");
        try {
            for (const f of ["Pulumi.dev.yaml", `Pulumi.${STACK}.yaml`]) fs.writeFileSync(path.join(dir, f), "config: {}\n");
            assert.deepStrictEqual(listStacks(dir), ["dev"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        assert.ok(!fs.readFileSync(TEMPLATE, "utf8").includes("secure:"), "a fresh stack cannot decrypt committed secure: values");
        assert.ok(readYamlFile(TEMPLATE) instanceof Map);
    });

    it("the workflow sets only stack config, and every value it sets the program accepts, for each mode and endpoint type", () => {
        for (const mode of MODES)
            for (const endpoint of ENDPOINTS) {
                const s = e2eStack(mode, endpoint);
                const cfg = parseConfig(s.config, new Set(s.secretKeys), STACK);
                assert.deepStrictEqual([cfg.secretsMode, cfg.endpoint.type], [mode, endpoint]);
            }
    });

    for (const [mode, endpoint, compute] of PLANNED) {
        it(`plans in ${mode} mode with endpoint type ${endpoint}${compute === AUTO ? ` on ${AUTO}` : ""}, exactly as the run configures it`, async () => {
            const p = await e2ePlan(mode, endpoint, compute);
            assert.ok(find(p, T.release, "portkey-gateway-release"));
        });
    }

    it("a load balancer admits the checking pod: the inbound CIDRs cover the created VPC, where the pod's address comes from", async () => {
        // The pod gets an address of the VPC's subnets (VPC CNI); the ALB and the NLB admit only endpoint.inboundCidrs.
        const alb = await e2ePlan("partial", "internal-alb");
        const vpc = find(alb, "awsx:ec2:Vpc").inputs.cidrBlock;
        const ingress = find(alb, "kubernetes:networking.k8s.io/v1:Ingress").inputs as any;
        assert.deepStrictEqual(ingress.metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"].split(","), [vpc]);
        const nlb = await e2ePlan("partial", "internal-nlb");
        assert.strictEqual(find(nlb, "awsx:ec2:Vpc").inputs.cidrBlock, vpc);
        const service = nlb.resources.find((r) => r.type === "kubernetes:core/v1:Service" && (r.inputs as any).spec?.type === "LoadBalancer");
        assert.ok(service, "the NLB's LoadBalancer Service");
        assert.deepStrictEqual((service.inputs as any).spec.loadBalancerSourceRanges, [vpc]);
    });

    it("the endpoint check calls the load balancer of the objects the program creates: the ALB's Ingress, the NLB's own LoadBalancer Service", async () => {
        const checks: Array<[string, E2eRun]> = [];
        for (const [endpoint, kind, type] of [
            ["internal-alb", "ingress", "kubernetes:networking.k8s.io/v1:Ingress"],
            ["internal-nlb", "service", "kubernetes:core/v1:Service"],
        ]) {
            const p = await e2ePlan("partial", endpoint);
            const object = p.resources.find((r) => r.type === type && (type.endsWith("Ingress") || (r.inputs as any).spec?.type === "LoadBalancer"));
            assert.ok(object, `${endpoint}: the ${kind} in the plan`);
            const { name, namespace } = (object.inputs as any).metadata;
            checks.push([endpoint, checkEndpoint(endpoint, `${kind}/${name}`, namespace)]);
        }
        const results = await startE2eScripts(checks.map(([, run]) => run));
        for (const [i, [endpoint]] of checks.entries()) {
            const r = results[i];
            assert.strictEqual(r.status, 0, `${endpoint}: ${r.output}`);
            assert.deepStrictEqual(r.calls.length, 2, endpoint);
            for (const curl of r.calls) {
                assert.ok(curl.includes(`--connect-to ${HOSTNAME}:443:internal-lb.example:443 `), `${endpoint}: ${curl}`);
                assert.ok(curl.includes(`https://${HOSTNAME}/`), `${endpoint}: ${curl}`);
            }
        }
    });

    it("creates a cluster in a VPC of its own, unprotected, on small nodes", async () => {
        const p = await e2ePlan();
        assert.ok(find(p, "awsx:ec2:Vpc"));
        const cluster = find(p, T.cluster);
        assert.strictEqual(cluster.options?.protect, false);
        assert.strictEqual(cluster.inputs.name, `portkey-${STACK}`);
        assert.deepStrictEqual(find(p, T.nodeGroup).inputs.instanceTypes, ["t3.medium"]);
    });

    it("creates its secret unprotected and deleted without a recovery window", async () => {
        const p = await e2ePlan();
        const secret = find(p, T.secret);
        assert.strictEqual(secret.options?.protect, false);
        assert.strictEqual(secret.inputs.recoveryWindowInDays, 0);
        assert.strictEqual(secret.inputs.name, `portkey/${STACK}/gateway`);
    });

    it("runs the open-source image, probed on the path it serves, so no Portkey credentials are needed", async () => {
        const v = find(await e2ePlan(), T.release, "portkey-gateway-release").inputs.values as any;
        // Portkey-AI/gateway src/index.ts (v1.15.2): GET / answers 200; the chart's /v1/health does not exist there.
        assert.strictEqual(v.images.gatewayImage.repository, "docker.io/portkeyai/gateway");
        assert.strictEqual(v.livenessProbe.httpGet.path, "/");
        assert.strictEqual(v.readinessProbe.httpGet.path, "/");
        assert.deepStrictEqual(v.imagePullSecrets, []);
    });

    it("tags every AWS resource with the run's stack", async () => {
        const p = await e2ePlan();
        const provider = find(p, "pulumi:providers:aws");
        assert.deepStrictEqual(JSON.parse(unwrap<string>(provider.inputs.defaultTags)).tags, { "pulumi:project": "portkey-gateway", "pulumi:stack": STACK });
        assert.deepStrictEqual(
            p.resources.filter((r) => r.custom && r.type.startsWith("aws:") && r.provider !== provider.name).map((r) => r.name),
            [],
        );
    });

    it("the load balancer controller tags what it creates with the run's stack too (its chart's defaultTags)", async () => {
        // kubernetes-sigs/aws-load-balancer-controller v3.5.0 templates/deployment.yaml: defaultTags becomes --default-tags.
        for (const endpoint of ENDPOINTS.filter((e) => e !== "cluster")) {
            const release = find(await e2ePlan("partial", endpoint), T.release, "portkey-lbc-release");
            assert.deepStrictEqual((release.inputs.values as any).defaultTags, { "pulumi:project": "portkey-gateway", "pulumi:stack": STACK }, endpoint);
        }
    });

    /**
     * What `pulumi destroy` calls to delete each AWS type a run registers. Component types list what
     * they hold: awsx 3.9.0's Vpc (subnets, route tables, gateways, NAT and its address, the S3 gateway
     * endpoint: docs/upstream-facts.md#awsx-vpc-endpoints) and pulumi-eks 4.3.0's Cluster (control plane,
     * security groups, OIDC provider, roles, add-ons, access entries) and ManagedNodeGroup. A type missing
     * here fails the test, so a new resource brings its delete actions to the cleanup role.
     */
    const DELETES: Record<string, string[]> = {
        "aws:iam/role:Role": ["iam:DeleteRole"],
        "aws:iam/rolePolicy:RolePolicy": ["iam:DeleteRolePolicy"],
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["iam:DetachRolePolicy"],
        "aws:secretsmanager/secret:Secret": ["secretsmanager:DeleteSecret"],
        "aws:secretsmanager/secretVersion:SecretVersion": [],
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": ["eks:DeletePodIdentityAssociation"],
        "awsx:ec2:Vpc": [
            "ec2:DeleteVpc",
            "ec2:DeleteSubnet",
            "ec2:DeleteRouteTable",
            "ec2:DisassociateRouteTable",
            "ec2:DeleteInternetGateway",
            "ec2:DetachInternetGateway",
            "ec2:DeleteNatGateway",
            "ec2:ReleaseAddress",
            "ec2:DeleteVpcEndpoints",
        ],
        "eks:index:Cluster": [
            "eks:DeleteCluster",
            "eks:DeleteAddon",
            "eks:DeleteAccessEntry",
            "ec2:DeleteSecurityGroup",
            "iam:DeleteOpenIDConnectProvider",
            "iam:DeleteRole",
        ],
        "eks:index:ManagedNodeGroup": ["eks:DeleteNodegroup", "ec2:DeleteLaunchTemplate"],
    };
    it("the cleanup role may delete every AWS resource a run registers, in every mode and endpoint type", async () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs/e2e.md"), "utf8");
        const statements: Array<{ Effect: string; Action: string | string[] }> = JSON.parse(doc.match(/```json cleanup-role\n([^]*?)\n\s*```/)![1]).Statement;
        const allowed = (action: string) =>
            statements.some((st) => st.Effect === "Allow" && [st.Action].flat().some((a) => new RegExp(`^${a.replace(/\*/g, ".*")}$`, "i").test(action)));
        for (const [mode, endpoint, compute] of PLANNED) {
            const types = new Set((await e2ePlan(mode, endpoint, compute)).resources.map((r) => r.type).filter((t) => /^(aws|awsx|eks):/.test(t)));
            for (const type of types) {
                assert.ok(Object.hasOwn(DELETES, type), `${type}: add what deleting it calls to DELETES and to the cleanup role`);
                for (const action of DELETES[type])
                    assert.ok(allowed(action), `${runName(mode, endpoint, compute)}: the cleanup role may not ${action} (${type})`);
            }
        }
    });

    describe("the load step (e2e/load-hpa.sh) on this stack", () => {
        let run: ScriptRun | undefined;
        // Started as this file loads; settled (and a failure reported) by the `before`.
        const started = startedEarly(startLoadScripts([{ fixtures: healthy() }]).then(([r]) => (run = r)));
        before(() => started);
        const loadRun = () => {
            assert.ok(run, "the load step's run is awaited in a before hook");
            return run;
        };
        const objectOf = (kind: string) => loadRun().applied.find((o) => o.kind === kind)!;
        const loadFlags = () => parseLoadFlags((objectOf("Job").spec.template.spec.containers[0].command as string[]).slice(2));
        /** The host the load sends as x-portkey-custom-host: the mock's Service, by its cluster DNS name. */
        const mockHost = () => new URL(loadFlags().options.headers!["x-portkey-custom-host"]).hostname;
        const trustedValue = (mode: string) => {
            const set = configureCalls(mode, "cluster").find((c) => c.includes("secretValues.TRUSTED_CUSTOM_HOSTS"));
            assert.ok(set, `${mode}: the workflow sets TRUSTED_CUSTOM_HOSTS`);
            assert.ok(set.includes("--secret"), "a secret value, like every secretValues key");
            return set.at(-1)!;
        };

        it("the mock's host is its Service in the gateway's namespace, a .local name the gateway refuses unless trusted", () => {
            const svc = objectOf("Service");
            const cfg = parseConfig(e2eStack().config, new Set(e2eStack().secretKeys), STACK);
            assert.strictEqual(mockHost(), `${svc.metadata.name}.${cfg.namespace}.svc.cluster.local`);
            // Portkey-AI/gateway v1.15.2 src/middlewares/requestValidator/index.ts: a host ending in .local is blocked unless trusted.
            assert.ok(mockHost().endsWith(".local"));
        });

        // Portkey-AI/gateway v1.15.2 src/middlewares/requestValidator/index.ts: TRUSTED_CUSTOM_HOSTS is split on commas,
        // each entry trimmed and lower-cased, and a custom host's hostname must equal one of them.
        it("every mode trusts exactly the mock's host; mount-only adds its check value as a second host nothing calls", () => {
            for (const mode of MODES) {
                const hosts = trustedValue(mode)
                    .split(",")
                    .map((h) => h.trim().toLowerCase())
                    .filter((h) => h.length > 0);
                assert.deepStrictEqual(hosts, mode === "mount-only" ? [mockHost(), "e2e-check-value"] : [mockHost()], mode);
                const checkKey = configureCalls(mode, "cluster").some((c) => c.includes("secretValues.E2E_CHECK_VALUE"));
                assert.strictEqual(checkKey, mode !== "mount-only", `${mode}: E2E_CHECK_VALUE is a key of its own except in mount-only`);
            }
            assert.strictEqual(WORKFLOW.jobs.up.steps.find((x: any) => x.name === "Configure the stack").env.LOAD_MOCK_HOST, mockHost());
        });

        // derive/image.ts OPEN_SOURCE_FILE_KEYS: in mount-only the open-source image reads TRUSTED_CUSTOM_HOSTS from its file.
        it("the gateway gets TRUSTED_CUSTOM_HOSTS from AWS in every mode", () => {
            for (const mode of MODES) {
                const st = e2eStack(mode, "cluster");
                const cfg = parseConfig(st.config, new Set(st.secretKeys), STACK);
                assert.ok(cfg.awsKeys.includes("TRUSTED_CUSTOM_HOSTS"), `${mode}: ${cfg.awsKeys.join(",")}`);
                assert.ok(!("TRUSTED_CUSTOM_HOSTS" in cfg.env), mode);
            }
        });

        it("no shipped stack trusts a custom host: TRUSTED_CUSTOM_HOSTS is neither a literal nor a key from AWS", () => {
            assert.ok(listStacks().length > 0);
            for (const stack of listStacks()) {
                const st = loadStackConfig(stack);
                const cfg = parseConfig(st.config, new Set(st.secretKeys), stack);
                assert.ok(!cfg.awsKeys.includes("TRUSTED_CUSTOM_HOSTS") && !("TRUSTED_CUSTOM_HOSTS" in cfg.env), stack);
            }
            assert.ok(!/^\s*[^#\n]*TRUSTED_CUSTOM_HOSTS/m.test(fs.readFileSync(TEMPLATE, "utf8")), "the template leaves it to the run");
        });

        it("works in the namespace the stack creates, so destroying the stack removes whatever the step left", async () => {
            const st = e2eStack();
            const cfg = parseConfig(st.config, new Set(st.secretKeys), STACK);
            const ns = find(await e2ePlan(), T.namespace).inputs as any;
            assert.strictEqual(ns.metadata.name, cfg.namespace);
            assert.deepStrictEqual([...new Set(loadRun().namespaces)], [cfg.namespace]);
        });

        it("calls the gateway's Service, whatever the endpoint type", () => {
            const st = e2eStack("partial", "cluster");
            const cfg = parseConfig(st.config, new Set(st.secretKeys), STACK);
            assert.strictEqual(loadFlags().options.url, endpointUrl(cfg, gatewayNames(cfg)));
        });

        // derive/endpointObjects.ts gatewayNetworkPolicy: the gateway's own namespace may call it; egress stays open.
        for (const [mode, endpoint, compute] of PLANNED) {
            it(`${runName(mode, endpoint, compute)}: the gateway's NetworkPolicy admits the load Job's pod, and no policy keeps the gateway from the mock`, async () => {
                const p = await e2ePlan(mode, endpoint, compute);
                const policies = p.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs as any);
                const st = e2eStack(mode, endpoint, compute);
                const cfg = parseConfig(st.config, new Set(st.secretKeys), STACK);
                const gateway = policies.find((x) => x.metadata.name === endpointObjectNames(gatewayNames(cfg)).gatewayPolicy);
                assert.ok(gateway, "the gateway's policy");
                const jobLabels = objectOf("Job").spec.template.metadata.labels;
                const mockLabels = objectOf("Deployment").spec.template.metadata.labels;
                const admitted = gateway.spec.ingress.some((rule: any) =>
                    rule.from.some((peer: any) => peer.namespaceSelector === undefined && peer.ipBlock === undefined && selects(peer.podSelector, jobLabels)),
                );
                assert.ok(admitted, JSON.stringify(gateway.spec.ingress));
                for (const policy of policies) {
                    assert.ok(!(policy.spec.policyTypes ?? []).includes("Egress"), `${policy.metadata.name} restricts egress`);
                    assert.ok(!selects(policy.spec.podSelector, mockLabels), `${policy.metadata.name} selects the mock`);
                }
            });
        }

        it("the stack's HPA is the one the load step's fixtures model: 2 to 4 replicas at 50% CPU, with metrics-server installed", async () => {
            const p = await e2ePlan();
            const a = gatewayValues(p).autoscaling;
            const spec = (hpa() as any).spec;
            assert.deepStrictEqual([a.enabled, a.minReplicas, a.maxReplicas, a.targetCPUUtilizationPercentage], [true, spec.minReplicas, spec.maxReplicas, 50]);
            assert.strictEqual(spec.metrics[0].resource.target.averageUtilization, 50);
            assert.ok(find(p, T.release, "portkey-metrics-server-release"));
        });
    });
});

/**
 * e2e/check-auto-mode.sh run for real with a `kubectl` and an `aws` that answer only for the objects
 * they are asked about by the right names: the gateway's pods (`pods`, lines `name|node|Ready`), a node's
 * Auto Mode label (`auto` for a node whose name starts with auto-), the class's usePodIdentity, the
 * service account's role-arn annotation and its Pod Identity associations.
 */
function checkAutoMode(
    names: { ns: string; release: string; account: string; klass: string },
    answers: { pods: string; use: string; annotation: string; associations: string },
): E2eRun {
    const kubectl = [
        'case "$1 $2" in',
        '  "get pods") [ "$4" = "$NS" ] && [ "$6" = "$SELECTOR" ] && printf "$PODS" ;;',
        '  "get node") case "$3" in auto-*) echo auto ;; *) echo "" ;; esac ;;',
        '  "get secretproviderclass") [ "$3" = "$CLASS" ] && [ "$5" = "$NS" ] && echo "$USE" ;;',
        '  "get serviceaccount") [ "$3" = "$ACCOUNT" ] && [ "$5" = "$NS" ] && echo "$ANNOTATION" ;;',
        "esac",
        "exit 0",
    ];
    const aws = ['case "$*" in *"--cluster-name $CLUSTER --namespace $NS --service-account $ACCOUNT "*) echo "$ASSOCIATIONS" ;; esac', "exit 0"];
    return {
        script: "check-auto-mode.sh",
        args: [`portkey-${STACK}`],
        standIns: { kubectl, aws },
        env: {
            CLUSTER: `portkey-${STACK}`,
            NS: names.ns,
            // Portkey-AI/helm@576a626 charts/portkey-gateway/templates/_helpers.tpl (docs/upstream-facts.md#chart-names-labels):
            // the gateway's pods carry name gateway and the release as instance; only the dataservice's carry a component.
            SELECTOR: `app.kubernetes.io/name=gateway,app.kubernetes.io/instance=${names.release},!app.kubernetes.io/component`,
            CLASS: names.klass,
            ACCOUNT: names.account,
            PODS: answers.pods,
            USE: answers.use,
            ANNOTATION: answers.annotation,
            ASSOCIATIONS: answers.associations,
        },
    };
}

describe("e2e stack template: an Auto Mode run (workflow input compute: auto-mode)", () => {
    before(() => configuring);

    const autoConfig = (mode: string) => YAML.parse(configuredTemplate(mode, "cluster", AUTO)).config;
    const problemsOf = (mode: string): string[] => {
        const st = e2eStack(mode, "cluster", AUTO);
        try {
            parseConfig(st.config, new Set(st.secretKeys), STACK);
            return [];
        } catch (e) {
            assert.ok(e instanceof ConfigError, String(e));
            return e.problems;
        }
    };

    it("asks for auto-mode with identity pod-identity, in every mode, and a node-group run keeps the template's nodes", () => {
        for (const mode of MODES) {
            const config = autoConfig(mode);
            assert.strictEqual(config[`${PROJECT}:cluster`].compute, AUTO, mode);
            assert.strictEqual(config[`${PROJECT}:identity`], "pod-identity", mode);
        }
        const nodeGroup = YAML.parse(configuredTemplate("partial", "cluster")).config;
        assert.strictEqual(nodeGroup[`${PROJECT}:cluster`].compute, undefined);
        assert.strictEqual(nodeGroup[`${PROJECT}:identity`], "irsa");
        assert.deepStrictEqual(nodeGroup[`${PROJECT}:cluster`].instanceTypes, ["t3.medium"]);
    });

    // config/declaration.ts: the node group's keys and the agent add-on do not apply under auto-mode, and a key set
    // where it does not apply is refused; every other value the run sets must be accepted.
    it("sets no key the program refuses under auto-mode, in every mode", () => {
        for (const mode of MODES) {
            const cluster = autoConfig(mode)[`${PROJECT}:cluster`];
            for (const key of ["instanceTypes", "amiFamily", "minSize", "desiredSize", "maxSize", "installPodIdentityAgent"])
                assert.ok(!(key in cluster), `${mode}: cluster.${key}`);
            assert.deepStrictEqual(problemsOf(mode), [], mode);
        }
    });

    it("plans with no node group, no agent add-on, the gateway's Pod Identity association and usePodIdentity", async () => {
        const p = await e2ePlan("partial", "cluster", AUTO);
        assert.ok(!p.resources.some((r) => r.type === T.nodeGroup));
        assert.ok(!p.resources.some((r) => r.type === T.addon && (r.inputs as any).addonName === "eks-pod-identity-agent"));
        const st = e2eStack("partial", "cluster", AUTO);
        const names = gatewayNames(parseConfig(st.config, new Set(st.secretKeys), STACK));
        assert.ok(p.resources.some((r) => r.type === T.podIdentity && (r.inputs as any).serviceAccount === names.gatewayServiceAccount));
        assert.strictEqual((find(p, T.spc).inputs as any).spec.parameters.usePodIdentity, "true");
    });

    describe("e2e/check-auto-mode.sh", () => {
        // The objects' names as the program derives them for this stack (the same on either compute).
        const names = () => {
            const st = e2eStack();
            const cfg = parseConfig(st.config, new Set(st.secretKeys), STACK);
            const n = gatewayNames(cfg);
            return { ns: cfg.namespace, release: n.release, account: n.gatewayServiceAccount, klass: n.secretProviderClass };
        };
        const healthy = {
            pods: "portkey-gateway-7c9-a|auto-i-0a|True\\nportkey-gateway-7c9-b|auto-i-0b|True\\n",
            use: "true",
            annotation: "",
            associations: "a-0123",
        };
        const broken: Array<[string, Partial<typeof healthy>, RegExp]> = [
            [
                "a pod on a node Auto Mode did not launch",
                { pods: "portkey-gateway-7c9-a|auto-i-0a|True\\nportkey-gateway-7c9-b|ip-10-0-1-5|True\\n" },
                /portkey-gateway-7c9-b runs on ip-10-0-1-5, which EKS Auto Mode did not launch/,
            ],
            ["a pod not ready", { pods: "portkey-gateway-7c9-a|auto-i-0a|False\\n" }, /portkey-gateway-7c9-a is not ready/],
            ["a pod not scheduled", { pods: "portkey-gateway-7c9-a||False\\n" }, /runs on no node/],
            ["no gateway pod", { pods: "" }, /no gateway pod in portkeyai/],
            ["a class without usePodIdentity", { use: "" }, /does not set usePodIdentity "true"/],
            ["the IRSA annotation on the service account", { annotation: "arn:aws:iam::123456789012:role/portkey" }, /carries the IRSA annotation/],
            ["no association", { associations: "" }, /no Pod Identity association for portkeyai\/portkey-gateway/],
            ["no association, as the CLI prints it", { associations: "None" }, /no Pod Identity association/],
        ];
        // The healthy run, then each broken one, in one batch started once the configure step's runs end.
        let results: ScriptResult[] | undefined;
        const checked = startedEarly(
            configuring
                .then(() =>
                    startE2eScripts([healthy, ...broken.map(([, change]) => ({ ...healthy, ...change }))].map((answers) => checkAutoMode(names(), answers))),
                )
                .then((rs) => (results = rs)),
        );
        before(() => checked);
        const result = (i: number): ScriptResult => {
            assert.ok(results, "the runs are awaited in a before hook");
            return results[i];
        };
        it("passes when the gateway's pods are ready on Auto Mode nodes and the secret comes through Pod Identity", () => {
            const r = result(0);
            assert.strictEqual(r.status, 0, r.output);
            assert.match(r.output, /portkey-gateway-7c9-b: node auto-i-0b \(eks\.amazonaws\.com\/compute-type=auto\), ready True/);
            assert.match(r.output, /read their secret with Pod Identity/);
        });
        for (const [i, [what, , error]] of broken.entries()) {
            it(`fails on ${what}`, () => {
                const r = result(i + 1);
                assert.strictEqual(r.status, 1, r.output);
                assert.match(r.output, error);
                assert.doesNotMatch(r.output, /read their secret with Pod Identity/);
            });
        }
    });
});

const DENIED_NS = "e2e-denied-caller";

/**
 * e2e/check-network-policy.sh run for real with a `kubectl` that answers each caller pod (`kubectl
 * run`) with "<HTTP code> <curl exit status>": `allowed` for the pod in the gateway's namespace,
 * `denied` for the other. Every call is recorded with its arguments (\x1f between them), and `apply`
 * with the manifest it reads.
 */
function networkPolicyRun([compute, allowed, denied]: PolicyCheck): E2eRun {
    const kubectl = [
        `{ for a in "$@"; do printf '%s\\037' "$a"; done; [ "$1" = apply ] && cat; printf '\\036'; } >> "$CALLS"`,
        'if [ "$1" = run ]; then case " $* " in *" -n $NS "*) echo "$ALLOWED" ;; *) echo "$DENIED" ;; esac; fi',
        "exit 0",
    ];
    return { script: "check-network-policy.sh", args: [compute], standIns: { kubectl }, env: { NS: "portkeyai", ALLOWED: allowed, DENIED: denied } };
}

/** A run of the check: the compute, and what the allowed and the denied caller's pods answer. */
type PolicyCheck = [compute: string, allowed: string, denied: string];
// Every run the tests read, started as this file loads so that bash runs them while the tests before these run.
const POLICY_CHECKS: PolicyCheck[] = [
    ["node-group", "200 0", "000 28"],
    ["node-group", "200 0", "200 0"],
    [AUTO, "200 0", "200 0"],
    ["node-group", "200 0", "404 0"],
    [AUTO, "200 0", "000 6"],
    [AUTO, "200 0", "000 7"],
    [AUTO, "200 0", ""],
    ["node-group", "000 28", "000 28"],
];
let policyResults: Map<string, ScriptResult> | undefined;
// Settled (and a failure reported) by the describe's `before`, whenever the batch ends.
const policyChecked = startedEarly(
    startE2eScripts(POLICY_CHECKS.map(networkPolicyRun)).then((rs) => {
        policyResults = new Map(POLICY_CHECKS.map((c, i) => [JSON.stringify(c), rs[i]]));
    }),
);

/** The run of the check with this compute and these answers, with each recorded call split into its arguments. */
function checkNetworkPolicy(compute: string, allowed: string, denied: string): { status: number | null; output: string; calls: string[][] } {
    const r = policyResults?.get(JSON.stringify([compute, allowed, denied]));
    assert.ok(r, `no run for ${compute}, ${allowed}, ${denied}: add it to POLICY_CHECKS`);
    return { status: r.status, output: r.output, calls: r.calls.map((c) => c.split("\x1f")) };
}

describe("e2e/check-network-policy.sh: a caller the NetworkPolicy does not admit is refused", () => {
    before(() => configuring);
    before(() => policyChecked);

    const st = () => e2eStack();
    const cfg = () => parseConfig(st().config, new Set(st().secretKeys), STACK);
    const runs = (r: ReturnType<typeof checkNetworkPolicy>) => r.calls.filter((c) => c[0] === "run");
    const podSpec = (call: string[]) => JSON.parse(call.find((a) => a.startsWith("--overrides="))!.slice("--overrides=".length)).spec;

    // derive/endpointObjects.ts gatewayNetworkPolicy, as each planned run registers it.
    for (const [mode, endpoint, compute] of PLANNED) {
        it(`${runName(mode, endpoint, compute)}: the gateway's NetworkPolicy admits the gateway's namespace and not ${DENIED_NS}`, async () => {
            const p = await e2ePlan(mode, endpoint, compute);
            const s = e2eStack(mode, endpoint, compute);
            const c = parseConfig(s.config, new Set(s.secretKeys), STACK);
            const policy = p.resources
                .filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")
                .map((r) => r.inputs as any)
                .find((x) => x.metadata.name === endpointObjectNames(gatewayNames(c)).gatewayPolicy);
            assert.ok(policy, "the gateway's policy");
            assert.notStrictEqual(c.namespace, DENIED_NS);
            assert.ok(!c.endpoint.allowedNamespaces.includes(DENIED_NS), "endpoint.allowedNamespaces");
            const peers = policy.spec.ingress.flatMap((rule: any) => rule.from as any[]);
            assert.ok(peers.some((peer: any) => peer.podSelector !== undefined && peer.namespaceSelector === undefined && selects(peer.podSelector, {})));
            const nsLabels = { "kubernetes.io/metadata.name": DENIED_NS };
            for (const peer of peers) if (peer.namespaceSelector) assert.ok(!selects(peer.namespaceSelector, nsLabels), JSON.stringify(peer));
            // An ipBlock admits a load balancer's subnets, one per zone: derive/network.ts vpcArgs gives them Isolated
            // subnets of their own, apart from the Private ones the VPC CNI takes the pods' addresses from.
            const blocks = peers.filter((peer: any) => peer.ipBlock);
            assert.strictEqual(blocks.length, endpoint === "cluster" ? 0 : c.cluster.availabilityZoneCount, JSON.stringify(blocks));
            if (blocks.length > 0) {
                const types = (find(p, "awsx:ec2:Vpc").inputs.subnetSpecs as any[]).map((x) => [x.type, x.tags?.["kubernetes.io/role/internal-elb"]]);
                assert.deepStrictEqual(
                    types.filter(([t]) => t !== "Public"),
                    [
                        ["Private", undefined],
                        ["Isolated", "1"],
                    ],
                );
            }
        });
    }

    it("passes when the gateway's namespace gets 200 and the other namespace's connect times out", () => {
        const r = checkNetworkPolicy("node-group", "200 0", "000 28");
        assert.strictEqual(r.status, 0, r.output);
        assert.match(r.output, new RegExp(`the NetworkPolicy refused the caller in ${DENIED_NS}`));
        assert.deepStrictEqual(
            runs(r).map((c) => c[c.indexOf("-n") + 1]),
            ["portkeyai", DENIED_NS],
        );
    });

    for (const compute of ["node-group", AUTO]) {
        it(`${compute}: a denied caller that connects fails naming NetworkPolicy enforcement${compute === AUTO ? ", the ConfigMap and the NodeClass" : ""}`, () => {
            const r = checkNetworkPolicy(compute, "200 0", "200 0");
            assert.strictEqual(r.status, 1, r.output);
            assert.match(r.output, /::error::NetworkPolicy not enforced: a pod in e2e-denied-caller/);
            if (compute === AUTO) {
                assert.match(r.output, /ConfigMap kube-system\/amazon-vpc-cni has enable-network-policy-controller: "true"/);
                assert.match(r.output, /NodeClass/);
                assert.match(r.output, /docs\/upstream-facts\.md#eks-auto-network-policy/);
            } else {
                assert.match(r.output, /enableNetworkPolicy/);
                assert.doesNotMatch(r.output, /NodeClass/);
            }
        });
    }

    it("a denied caller that answers with any HTTP status has connected: not enforced", () => {
        assert.strictEqual(checkNetworkPolicy("node-group", "200 0", "404 0").status, 1);
    });

    for (const [what, denied] of [
        ["a name that does not resolve (curl 6)", "000 6"],
        ["a refused connection (curl 7)", "000 7"],
        ["no answer from kubectl at all", ""],
    ]) {
        it(`${what} from the denied caller proves nothing: fails without claiming enforcement`, () => {
            const r = checkNetworkPolicy(AUTO, "200 0", denied);
            assert.strictEqual(r.status, 1, r.output);
            assert.match(r.output, /cannot tell whether the NetworkPolicy is enforced/);
            assert.doesNotMatch(r.output, /refused the caller/);
        });
    }

    it("stops before the denied caller when the gateway does not answer its own namespace", () => {
        const r = checkNetworkPolicy("node-group", "000 28", "000 28");
        assert.strictEqual(r.status, 1, r.output);
        assert.match(r.output, /did not answer a caller in its own namespace/);
        assert.strictEqual(runs(r).length, 1);
    });

    it("makes the denied namespace at the restricted Pod Security level and deletes it whatever happened", () => {
        for (const denied of ["000 28", "200 0"]) {
            const r = checkNetworkPolicy("node-group", "200 0", denied);
            const apply = r.calls.find((c) => c[0] === "apply")!;
            const ns = YAML.parse(apply.at(-1)!);
            assert.deepStrictEqual([ns.kind, ns.metadata.name], ["Namespace", DENIED_NS]);
            assert.strictEqual(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            assert.ok(r.calls.indexOf(apply) < r.calls.indexOf(runs(r)[0]), "made before the callers run");
            assert.deepStrictEqual(r.calls.at(-1)!.slice(0, 3), ["delete", "namespace", DENIED_NS]);
        }
    });

    it("each caller is a restricted pod without a service-account token, with bounded resources, a deadline and bounded curl", () => {
        const r = checkNetworkPolicy("node-group", "200 0", "000 28");
        assert.strictEqual(runs(r).length, 2);
        for (const call of runs(r)) {
            const spec = podSpec(call);
            const image = call.find((a) => a.startsWith("--image="))!.slice("--image=".length);
            const container = { ...spec.containers[0], image };
            assert.deepStrictEqual(restrictedViolations({ ...spec, containers: [container] } as SecurityPodSpec), []);
            assert.strictEqual(spec.automountServiceAccountToken, false);
            assert.ok(spec.activeDeadlineSeconds > 0 && spec.activeDeadlineSeconds <= 300, String(spec.activeDeadlineSeconds));
            assert.ok(container.resources.limits.cpu && container.resources.limits.memory, "limits");
            // kubernetes/kubernetes#105140: the default merge override replaces the container list and with it the
            // command; a strategic merge keeps it, matching the container kubectl run names after the pod.
            assert.ok(call.includes("--override-type=strategic"), call.join(" "));
            assert.strictEqual(container.name, call[1]);
            const script = call[call.indexOf("-c") + 1];
            assert.match(script, /--connect-timeout "\$1" --max-time "\$2"/);
            const [connect, max, url] = call.slice(call.indexOf("-c") + 3);
            assert.ok(Number(connect) > 0 && Number(max) > Number(connect) && Number(max) < spec.activeDeadlineSeconds, `${connect} ${max}`);
            assert.strictEqual(url, `${endpointUrl(cfg(), gatewayNames(cfg()))}/`);
        }
    });
});
