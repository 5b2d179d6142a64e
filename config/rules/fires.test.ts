// Every cross-field rule, as a user meets it: a stack config that breaks the rule, given to
// parseConfig, reports the rule's own problem. A rule added to RULES without a row here fails.
import * as assert from "assert";
import { CONFIG } from "../declaration";
import { decodeRaw } from "../decode";
import { RULES } from "../index";
import { Problems } from "../problems";
import { resolveFields } from "../schema";
import { onMinimal, OPEN_IMAGE, problemsOfRaw, rawMap, REGION } from "../testing";
import { autoscalingNeedsCpuRequest, autoscalingRangeInOrder, dataserviceBudgetFits, gatewayBudgetBelowReplicas, limitsCoverRequests } from "./availability";
import { createdClusterHasNoMetricsApi, metricsServerRunsOnVersion } from "./autoscaling";
import { capacityNamesAPeak } from "./capacity";
import {
    dataserviceAccountFits,
    derivedNamesFit,
    enterpriseImageRequirements,
    imageMatchesRepository,
    openSourcePortFixed,
    serverModeRenderable,
    serviceAccountsDistinct,
    syncedSecretNameFree,
} from "./chart";
import {
    adminsListedOnce,
    existingClusterNeedsName,
    instanceTypesShareArchitecture,
    nodeGroupSizesInOrder,
    podIdentityAgentVersionNeedsAgent,
    subnetsMatchVpc,
} from "./cluster";
import { managedValuesUntouched, mountPathSafe, namespaceCreatable, portsValid, releaseNameValid, securityValuesUntouched } from "./gateway";
import { createdSecretHoldsExactlyTheKeys, literalsFitTheMode, mountOnlyKeysReadAsFiles, secretKeysWellFormed, someKeyFromAws } from "./keys";
import { failoverKeyInFailoverRegion, failoverKeysPaired, failoverRegionDiffers, fromStackExcludesCreate } from "./layouts";
import { credentialsComplete, noSecretInLiterals, noSecretInNames } from "./leaks";
import {
    bedrockSettings,
    dataPlanePolicyFits,
    logStoreSettings,
    managedDataPlaneKeys,
    noStaticKeysWithRole,
    podIdentityGatewayVersion,
    roleNeedsEnterpriseImage,
} from "./dataPlane";
import { arnsInRegionPartition, failoverRegionInPartition } from "./partition";
import { portsDistinct } from "./ports";
import { pollIntervalIsADuration, reloaderNeedsRotation } from "./rotation";
import { Rule } from "./rule";
import {
    albSubnetsInTwoZones,
    certificateInStackRegion,
    controllerPolicyRecorded,
    endpointValuesUntouched,
    autoModeTlsPolicyUnknown,
    existingControllerEnforcesNlbSourceRanges,
    graceOutlastsPreStop,
    loadBalancerNeedsItsSettings,
    loadBalancerSubnetsKnown,
    mcpNeedsAlb,
    namespacesListedOnce,
    sleepActionAvailable,
} from "./endpoint";
import { arnsInStackRegion, recoveryWindowAllowed, secretNamesValid } from "./secret";
import { awsProviderMajorKnown, csiDriverLineKnown, gatewayChartKnown, reloaderHasCsiIntegration } from "./versions";

const KMS_EU = `arn:aws:kms:${REGION}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const KMS_US = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ADMIN = "arn:aws:iam::111122223333:role/ops";
const adopted = (secret: Record<string, unknown>, keys = ["OPENAI_API_KEY"]) => ({ secretValues: undefined, secretKeys: keys, secret });

const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
const ALB = {
    type: "internal-alb",
    certificateArn: `arn:aws:acm:${REGION}:111122223333:certificate/12345678-1234-1234-1234-123456789012`,
    hostname: "gateway.internal.example.com",
    inboundCidrs: ["10.0.0.0/8"],
    loadBalancerSubnetIds: SUBNETS,
};
const withAlb = (endpoint: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
    endpoint: { ...ALB, ...endpoint },
    addons: { loadBalancerController: "existing" },
    ...more,
});

/** [rule, the config key its problem names, a stack config (over the minimal one) that breaks it]. */
const ROWS: Array<[Rule, string, Record<string, unknown>]> = [
    [gatewayBudgetBelowReplicas, "gateway.minAvailable", { gateway: { replicas: 2, minAvailable: 2 } }],
    [autoscalingRangeInOrder, "gateway.autoscaling.max", { gateway: { autoscaling: { enabled: true, min: 4, max: 3 } } }],
    [autoscalingNeedsCpuRequest, "gateway.resources.requests.cpu", { gateway: { autoscaling: { enabled: true }, resources: { requests: { cpu: "0" } } } }],
    [capacityNamesAPeak, "gateway.capacity", { gateway: { capacity: { headroomPercent: 30 } } }],
    [
        createdClusterHasNoMetricsApi,
        "addons.metricsServer",
        { cluster: { create: true }, addons: { metricsServer: "existing" }, gateway: { autoscaling: { enabled: true } } },
    ],
    [
        metricsServerRunsOnVersion,
        "addons.metricsServer",
        { cluster: { create: false, name: "platform", kubernetesVersion: "1.30" }, addons: { metricsServer: "install" } },
    ],
    [limitsCoverRequests, "gateway.resources.limits.memory", { gateway: { resources: { limits: { memory: "256Mi" } } } }],
    [dataserviceBudgetFits, "gateway.dataservice.minAvailable", { gateway: { dataservice: { enabled: true, replicas: 2, minAvailable: 2 } } }],
    [derivedNamesFit, "gateway.releaseName", { gateway: { releaseName: `r${"a".repeat(50)}`, dataservice: { enabled: true } } }],
    [serviceAccountsDistinct, "gateway.dataservice.serviceAccountName", { gateway: { dataservice: { enabled: true, serviceAccountName: "portkey-gateway" } } }],
    [dataserviceAccountFits, "gateway.dataservice.serviceAccountName", { gateway: { dataservice: { enabled: true, serviceAccountName: "a".repeat(64) } } }],
    [syncedSecretNameFree, "gateway.syncedSecretName", { gateway: { syncedSecretName: "regcred", imagePullSecrets: ["regcred"] } }],
    [serverModeRenderable, "env.SERVER_MODE", { env: { SERVER_MODE: "everything" } }],
    [enterpriseImageRequirements, "imageCredentials", { gateway: { values: {} } }],
    [imageMatchesRepository, "gateway.image", { gateway: { image: "enterprise", values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } } }],
    [openSourcePortFixed, "env.PORT", { gateway: { image: "open-source" }, env: { PORT: "9000" } }],
    [gatewayChartKnown, "gateway.chartVersion", { gateway: { chartVersion: "9.9.9" } }],
    [csiDriverLineKnown, "addons.csiDriverChartVersion", { addons: { csiDriverChartVersion: "1.4.0" } }],
    [awsProviderMajorKnown, "addons.awsProviderChartVersion", { addons: { awsProviderChartVersion: "1.0.0" } }],
    [
        reloaderHasCsiIntegration,
        "rotation.reloaderChartVersion",
        { secretsMode: "mount-only", rotation: { enabled: true, reloader: "install", reloaderChartVersion: "2.2.7" } },
    ],
    [adminsListedOnce, "cluster.adminPrincipalArns", { cluster: { create: true, adminPrincipalArns: [ADMIN, ADMIN] } }],
    [existingClusterNeedsName, "cluster.name", { cluster: { create: false } }],
    [nodeGroupSizesInOrder, "cluster.desiredSize", { cluster: { create: true, minSize: 3, maxSize: 2 } }],
    [subnetsMatchVpc, "cluster.privateSubnetIds", { cluster: { create: true, vpcId: "vpc-0abc" } }],
    [
        podIdentityAgentVersionNeedsAgent,
        "cluster.podIdentityAgentVersion",
        { identity: "pod-identity", cluster: { installPodIdentityAgent: false, podIdentityAgentVersion: "v1.3.0-eksbuild.1" } },
    ],
    [namespaceCreatable, "createNamespace", { namespace: "default" }],
    [releaseNameValid, "gateway.releaseName", { gateway: { releaseName: "1portkey" } }],
    [mountPathSafe, "gateway.mountPath", { gateway: { mountPath: "/etc" } }],
    [portsValid, "env.PORT", { env: { PORT: "0" } }],
    [
        managedValuesUntouched,
        "gateway.values.replicaCount",
        { gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } }, replicaCount: 3 } } },
    ],
    [securityValuesUntouched, "gateway.values.securityContext", { gateway: { values: { securityContext: { privileged: true } } } }],
    [loadBalancerNeedsItsSettings, "endpoint.certificateArn", { endpoint: { type: "internal-alb" } }],
    [certificateInStackRegion, "endpoint.certificateArn", withAlb({ certificateArn: ALB.certificateArn.replace(REGION, "us-west-2") })],
    [
        loadBalancerSubnetsKnown,
        "endpoint.loadBalancerSubnetIds",
        withAlb({ loadBalancerSubnetIds: undefined }, { cluster: { create: false, name: "platform" } }),
    ],
    [albSubnetsInTwoZones, "endpoint.loadBalancerSubnetIds", withAlb({ loadBalancerSubnetIds: [SUBNETS[0]] })],
    [mcpNeedsAlb, "endpoint.type", withAlb({ type: "internal-nlb" }, { env: { SERVER_MODE: "all" } })],
    [endpointValuesUntouched, "gateway.values.service", { gateway: { values: { ...OPEN_IMAGE, service: { type: "NodePort" } } } }],
    [
        graceOutlastsPreStop,
        "gateway.values.terminationGracePeriodSeconds",
        withAlb({}, { gateway: { values: { ...OPEN_IMAGE, terminationGracePeriodSeconds: 10 } } }),
    ],
    [sleepActionAvailable, "cluster.kubernetesVersion", withAlb({}, { cluster: { create: false, name: "platform", kubernetesVersion: "1.29" } })],
    [
        existingControllerEnforcesNlbSourceRanges,
        "addons.loadBalancerControllerVersion",
        withAlb({ type: "internal-nlb" }, { addons: { loadBalancerController: "existing", loadBalancerControllerVersion: "v2.5.4" } }),
    ],
    [controllerPolicyRecorded, "addons.loadBalancerController", { "aws:region": "us-iso-east-1", addons: { loadBalancerController: "install" } }],
    [autoModeTlsPolicyUnknown, "endpoint.type", { endpoint: ALB, cluster: { create: false, name: "platform", compute: "auto-mode" } }],
    [namespacesListedOnce, "endpoint.allowedNamespaces", { endpoint: { allowedNamespaces: ["apps", "apps"] } }],
    [instanceTypesShareArchitecture, "cluster.instanceTypes", { cluster: { create: true, instanceTypes: ["m6i.large", "m6g.large"] } }],
    [arnsInRegionPartition, "secret.kmsKeyArn", { secret: { kmsKeyArn: KMS_EU.replace("arn:aws:", "arn:aws-cn:") } }],
    [failoverRegionInPartition, "secret.failoverRegion", { secret: { failoverRegion: "cn-north-1" } }],
    [portsDistinct, "env.MCP_PORT", { env: { SERVER_MODE: "all", MCP_PORT: "8787" } }],
    [noSecretInNames, "namespace", { secretValues: { OPENAI_API_KEY: "canarysecretvalue1" }, namespace: "canarysecretvalue1" }],
    [secretKeysWellFormed, "secretKeys", { secretKeys: ["OPENAI_API_KEY", "OPENAI_API_KEY"] }],
    [someKeyFromAws, "secretKeys", adopted({ existing: "team/portkey" }, [])],
    [createdSecretHoldsExactlyTheKeys, "secretValues.OPENAI_API_KEY", { secretValues: { OPENAI_API_KEY: "sk", REDIS_URL: "r" }, secretKeys: ["REDIS_URL"] }],
    [literalsFitTheMode, "env.OPENAI_API_KEY", { env: { OPENAI_API_KEY: "x" } }],
    [mountOnlyKeysReadAsFiles, "secretKeys", { secretsMode: "mount-only" }],
    [fromStackExcludesCreate, "cluster.fromStack", { cluster: { create: true, fromStack: "acme/eks/prod" } }],
    [failoverRegionDiffers, "secret.failoverRegion", { secret: { failoverRegion: REGION } }],
    [failoverKeyInFailoverRegion, "secret.failoverKmsKeyArn", { secret: { kmsKeyArn: KMS_EU, failoverRegion: "us-west-2", failoverKmsKeyArn: KMS_EU } }],
    [failoverKeysPaired, "secret.failoverKmsKeyArn", { secret: { kmsKeyArn: KMS_EU, failoverRegion: "us-west-2" } }],
    [noSecretInLiterals, "env.NOTE", { secretValues: { OPENAI_API_KEY: "sk-canary-Zq7xW3pL9" }, env: { NOTE: "sk-canary-Zq7xW3pL9" } }],
    [credentialsComplete, "imageCredentials", { imageCredentials: { registry: "r.example.com", username: "u" } }],
    [
        noStaticKeysWithRole,
        "secretValues.LOG_STORE_ACCESS_KEY",
        { logStore: { bucket: "create" }, secretValues: { OPENAI_API_KEY: "sk-minimal", LOG_STORE_ACCESS_KEY: "AKIAEXAMPLEKEY1" }, gateway: { values: {} } },
    ],
    [managedDataPlaneKeys, "env.LOG_STORE", { logStore: { bucket: "create" }, env: { LOG_STORE: "s3" }, gateway: { values: {} } }],
    [logStoreSettings, "logStore.region", { logStore: { bucket: "create", region: "us-west-2" }, gateway: { values: {} } }],
    [bedrockSettings, "bedrock.models[0]", { bedrock: { models: ["global.anthropic.claude-sonnet-4-5-20250929-v1:0"] }, gateway: { values: {} } }],
    [roleNeedsEnterpriseImage, "bedrock", { bedrock: { models: ["anthropic.claude-3-5-sonnet-20240620-v1:0"] } }],
    [
        dataPlanePolicyFits,
        "bedrock.models",
        {
            bedrock: { models: Array.from({ length: 60 }, (_, i) => `anthropic.claude-model-${i}-v1:0`), regions: ["eu-west-1", "eu-west-3"] },
            gateway: { values: {} },
        },
    ],
    [
        podIdentityGatewayVersion,
        "identity",
        { identity: "pod-identity", logStore: { bucket: "create" }, gateway: { values: { images: { gatewayImage: { tag: "1.16.3" } } } } },
    ],
    [pollIntervalIsADuration, "rotation.pollInterval", { rotation: { enabled: true, pollInterval: "0s" } }],
    [reloaderNeedsRotation, "rotation.reloader", { rotation: { reloader: "install" } }],
    [recoveryWindowAllowed, "secret.recoveryWindowInDays", { secret: { recoveryWindowInDays: 3 } }],
    [secretNamesValid, "secret.name", { secret: { name: "team/portkey-Ab12Cd" } }],
    [arnsInStackRegion, "secret.kmsKeyArn", { secret: { kmsKeyArn: KMS_US } }],
];

/** The problems `rule` alone reports for the settings parseConfig resolves from `raw`. */
function problemsOfRule(rule: Rule, raw: Record<string, string>, secretKeys: ReadonlySet<string>): string[] {
    const p = new Problems();
    const { values, region } = decodeRaw(raw, secretKeys, p);
    const s = resolveFields(CONFIG, values, "", p, { stack: "dev" });
    const own = new Problems();
    rule({ s, raw: values, region, stack: "dev" }, own);
    return own.list;
}

describe("every rule fires through parseConfig", () => {
    for (const [rule, key, cfg] of ROWS) {
        it(`${rule.name}: ${key}`, () => {
            const { raw, secretKeys } = rawMap(onMinimal(cfg));
            const own = problemsOfRule(rule, raw, secretKeys);
            assert.ok(
                own.some((l) => l.startsWith(`portkey-gateway:${key}: `)),
                own.join("\n") || "the rule reports nothing",
            );
            const reported = problemsOfRaw(raw, secretKeys);
            for (const line of own) assert.ok(reported.includes(line), `parseConfig does not report: ${line}\n${reported.join("\n")}`);
        });
    }

    it("has a row for every rule parseConfig runs", () => {
        const covered = new Set(ROWS.map(([rule]) => rule));
        assert.deepStrictEqual(
            RULES.filter((r) => !covered.has(r)).map((r) => r.name),
            [],
        );
    });
});
