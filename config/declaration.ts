// The one declaration of the stack config: every key, its type, default and documentation, and
// the value-level rules. The TypeScript types, Pulumi.yaml's `config:` block and the
// config reference all come from here (`npm run generate`; a test fails when they drift).
import { Check, choice, envMap, flag, optionalSection, section, text, textList, whole, anyObject } from "./fields";
import * as g from "./grammar";
import { Resolved } from "./schema";
import { AVAILABILITY_DEFAULTS, DEFAULT_VERSIONS, DEFAULTS, defaultReloader, ENDPOINT_DEFAULTS } from "../derive/defaults";
import { defaultDataserviceMinAvailable, defaultGatewayMinAvailable, defaultReplicas, isProductionLike } from "../derive/availability";
import { METRICS_SERVER_SOURCES, metricsServerReplicas } from "../derive/metricsServer";
import { COMPUTE_TYPES } from "../derive/compute";
import { GATEWAY_IMAGES, imageOfValues } from "../derive/image";
import { cpuMillicores, memoryBytes } from "./quantity";
import { AMI_FAMILIES } from "../derive/amiType";
import { CREATE_BUCKET, isBucketName } from "../derive/dataPlane";
import { DEFAULT_HEADROOM_PERCENT, MAX_FIXED_REPLICAS, MAX_HPA_REPLICAS } from "../derive/capacity";

import { IDENTITIES, RELOADER_SOURCES, SECRETS_MODES, SecretsMode } from "../derive/inputs";
import { MODES } from "../derive/modes";

export { IDENTITIES, RELOADER_SOURCES, SECRETS_MODES } from "../derive/inputs";
import { NAT_GATEWAYS } from "../derive/network";

export { NAT_GATEWAYS } from "../derive/network";
import { CONTROLLER_SOURCES, ENDPOINT_TYPES, SUPPORT_TYPES } from "../derive/inputs";

export { CONTROLLER_SOURCES, ENDPOINT_TYPES, SUPPORT_TYPES } from "../derive/inputs";

export { DEFAULT_VERSIONS } from "../derive/defaults";

const creating = {
    test: (s: Record<string, unknown>) => s.create === true,
    because: "only applies to a cluster the program creates (cluster.create is false)",
    otherwise: "set cluster.create to true",
};
const creatingNodeGroup = {
    test: (s: Record<string, unknown>) => s.create === true && s.compute !== "auto-mode",
    because:
        "only applies to the managed node group of a cluster the program creates (cluster.create is false, or cluster.compute is auto-mode, whose built-in general-purpose pool picks on-demand amd64 C, M or R instances of generation 5 or later and grows with pending pods)",
    otherwise: "set cluster.compute to node-group on a created cluster",
};
const notFromStack = {
    test: (s: Record<string, unknown>) => s.fromStack === undefined,
    because: "the cluster comes from another stack (cluster.fromStack is set), which names it",
    otherwise: "remove cluster.fromStack",
};
const fromStack = {
    test: (s: Record<string, unknown>) => s.fromStack !== undefined,
    because: "only applies to a cluster taken from another stack (cluster.fromStack is not set)",
    otherwise: "set cluster.fromStack",
};
const irsaOnly = {
    test: (_s: Record<string, unknown>, root: Record<string, unknown>) => root.identity === "irsa",
    because: "the OIDC outputs are read only with identity irsa",
    otherwise: "set identity to irsa",
};
const failingOver = {
    test: (s: Record<string, unknown>) => s.failoverRegion !== undefined,
    because: "only applies with a failover region (secret.failoverRegion is not set)",
    otherwise: "set secret.failoverRegion",
};
const creatingNetwork = {
    test: (s: Record<string, unknown>) => s.create === true && s.vpcId === undefined,
    because: "only applies to the network the program creates (cluster.create is false, or cluster.vpcId is set)",
    otherwise: "set cluster.create to true and remove cluster.vpcId",
};
const loadBalancer = {
    test: (s: Record<string, unknown>) => s.type !== "cluster",
    because: "only applies to a load-balancer endpoint (endpoint.type is cluster)",
    otherwise: "set endpoint.type to internal-alb or internal-nlb",
};
const podIdentity = {
    test: (_s: Record<string, unknown>, root: Record<string, unknown>) => root.identity === "pod-identity",
    because: "the Pod Identity agent settings apply only with identity pod-identity",
    otherwise: "set identity to pod-identity",
};
/** The agent add-on: Auto Mode nodes run the agent themselves (docs/upstream-facts.md#auto-mode-pod-identity). */
const podIdentityAgentAddon = {
    test: (s: Record<string, unknown>, root: Record<string, unknown>) => podIdentity.test(s, root) && s.compute !== "auto-mode",
    because:
        "the Pod Identity agent add-on applies only with identity pod-identity on a node-group cluster (under cluster.compute auto-mode the agent is built into every node)",
    otherwise: "set identity to pod-identity on a cluster whose cluster.compute is node-group",
};

/** A value-level grammar check; the message names the key, never the rejected value. */
function grammar(test: (v: string) => boolean, what: string, fix: string): Check<string> {
    return (v) => (test(v) ? undefined : { what, fix });
}
const exactVersion = grammar(g.isExactVersion, "is not an exact chart version", 'pin an exact version such as "1.2.3"');
const kmsKeyArn = grammar(
    g.isKmsKeyArn,
    "is not a KMS key ARN",
    "give the key's ARN, arn:<partition>:kms:<region>:<account>:key/<key-id> (an alias cannot scope kms:Decrypt)",
);
const outputName = (doc: string, def: string) =>
    text({ doc, default: def, check: grammar((v) => v.trim() === v, "has leading or trailing spaces", "give the output's exact name") });
const k8sName = grammar(
    g.isDnsSubdomain,
    "is not a valid Kubernetes object name",
    "use lower-case letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit",
);
function eachItem(check: Check<string>): Check<string[]> {
    return (list) => {
        const i = list.findIndex((x) => check(x) !== undefined);
        const issue = i < 0 ? undefined : check(list[i]);
        return issue && { what: `item ${i} ${issue.what}`, fix: issue.fix };
    };
}

/** Subnet IDs, each once (a Name tag is not an ID). */
const subnetIds: Check<string[]> = (list) =>
    eachItem(
        grammar(
            (v) => g.isEc2Id("subnet", v),
            "is not a subnet ID",
            "give subnet IDs, subnet- and 8 or 17 hexadecimal digits (a Name tag is not an ID: `aws ec2 describe-subnets --filters Name=vpc-id,Values=<vpc-id>` lists them)",
        ),
    )(list) ?? (new Set(list).size === list.length ? undefined : { what: "lists a subnet more than once", fix: "list each subnet once" });

const cpuQuantity = grammar((v) => cpuMillicores(v) !== undefined, "is not a CPU quantity", 'use cores or millicores, such as "500m" or "1"');
const memoryQuantity = grammar((v) => memoryBytes(v) !== undefined, "is not a memory quantity", 'use a size such as "512Mi" or "1Gi"');

/** How a setting's default reads when `gateway.capacity` may derive it. */
const SIZED = '; derived from `gateway.capacity` when it declares a peak (docs/availability.md, "Sizing from the figures")';
const sizedDefault = (value: string | number) => ({ defaultDoc: `\`${value}\`${SIZED}` });
/** Memory is derived only once the figures hold a memory measurement, and only for a stream peak. */
const memorySized = (value: string) => ({
    defaultDoc: `\`${value}\`; derived from \`gateway.capacity.peakConcurrentStreams\` once the figures measure memory per stream (docs/availability.md, "Sizing from the figures")`,
});

/** Requests and limits of one container; `d` holds the defaults; `sized` when `gateway.capacity` derives them. */
function resourcesSection(what: string, d: { requests: { cpu: string; memory: string }; limits: { memory: string } }, sized = false) {
    return section(`Requests and limits of the ${what} container (see Availability).`, {
        requests: section("What the scheduler reserves; the HPA measures CPU against `requests.cpu`.", {
            cpu: text({ doc: `CPU request of the ${what}.`, default: d.requests.cpu, check: cpuQuantity, ...(sized ? sizedDefault(d.requests.cpu) : {}) }),
            memory: text({
                doc: `Memory request of the ${what}.`,
                default: d.requests.memory,
                check: memoryQuantity,
                ...(sized ? memorySized(d.requests.memory) : {}),
            }),
        }),
        limits: section("Hard caps.", {
            cpu: text({
                doc: `CPU limit of the ${what}. None by default: a CPU limit throttles a latency-sensitive proxy even on an idle node.`,
                check: cpuQuantity,
            }),
            memory: text({
                doc: `Memory limit of the ${what}; above it the container is OOM-killed and restarted.`,
                default: d.limits.memory,
                check: memoryQuantity,
                ...(sized ? memorySized(d.limits.memory) : {}),
            }),
        }),
    });
}

const productionReplicas = {
    default: (_s: Record<string, unknown>, ctx: { stack: string; root?: Record<string, unknown> }) => defaultReplicas(ctx.stack, ctx.root?.protect !== false),
    defaultDoc:
        "`2` when the stack looks like production (a part of its name between `-`, `_` or `.` is `prod`, `production` or `prd`, or `protect` is true), else `1`",
};
const autoscalingOn = {
    test: (s: Record<string, unknown>) => (s.autoscaling as { enabled: boolean }).enabled,
    because: "is not honoured while gateway.autoscaling.enabled is true (the HPA owns the replica count)",
    otherwise: "set gateway.autoscaling.enabled to false",
};
const autoscalingOff = {
    test: (s: Record<string, unknown>) => !autoscalingOn.test(s),
    because: "is set but gateway.autoscaling.enabled is false",
    otherwise: "set gateway.autoscaling.enabled to true",
};
const scalingSetting = { test: (s: Record<string, unknown>) => s.enabled === true, because: autoscalingOff.because, otherwise: autoscalingOff.otherwise };
/** A per-core figure means something only for the peak it divides. */
const peakSet = (peak: string) => ({
    test: (_s: Record<string, unknown>, root: Record<string, unknown>) =>
        (root.gateway as { capacity?: Record<string, unknown> }).capacity?.[peak] !== undefined,
    because: `is set but gateway.capacity.${peak} is not, so nothing divides by it`,
    otherwise: `set gateway.capacity.${peak}`,
});
const dataserviceOn = {
    test: (s: Record<string, unknown>) => s.enabled === true,
    because: "is set but the dataservice is off",
    otherwise: "set gateway.dataservice.enabled to true",
};

const bucketOrCreate = grammar(
    (v) => v === CREATE_BUCKET || isBucketName(v),
    "is neither `create` nor an S3 bucket name",
    "give `create`, or an existing bucket's name (3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)",
);
const awsRegion = grammar(g.isRegion, "is not an AWS region code", 'give a region such as "us-west-2"');

export const CONFIG = {
    secretsMode: choice(SECRETS_MODES, {
        doc: "How env vars get their values: `partial`, `full` or `mount-only` (see Choosing a mode).",
        default: DEFAULTS.secretsMode,
    }),
    identity: choice(IDENTITIES, { doc: "How the gateway's pods get AWS credentials: `irsa` or `pod-identity`.", default: DEFAULTS.identity }),
    namespace: text({
        doc: "Namespace of the gateway.",
        default: DEFAULTS.namespace,
        check: grammar(
            g.isDnsLabel,
            "is not a valid namespace name",
            "use lower-case letters, digits and '-', at most 63 characters, starting and ending with a letter or digit",
        ),
    }),
    createNamespace: flag({
        doc: "Create the namespace. `false` when it already exists (always for `default` and `kube-*`; on a shared cluster, check with `kubectl get namespace <name>`).",
        default: true,
    }),
    protect: flag({
        doc: "Set Pulumi's `protect` on the created EKS cluster and the created secret, so no config edit or `destroy` can delete them. `dev` turns it off.",
        default: true,
    }),
    cluster: section("The EKS cluster.", {
        fromStack: text({
            doc: "Take the cluster from another Pulumi stack, `<org>/<project>/<stack>` (a `StackReference`): its kubeconfig, name and, for IRSA, OIDC provider. Excludes `cluster.create` and `cluster.name`.",
            check: grammar(
                g.isStackReferenceName,
                "is not a fully qualified stack name",
                "give <org>/<project>/<stack>, each part letters, digits, '-', '_' or '.'",
            ),
        }),
        fromStackOutputs: section(
            "Output names of the `cluster.fromStack` stack (defaults: what a pulumi-eks cluster stack exports).",
            {
                kubeconfig: outputName("Output holding the kubeconfig (an object or a string).", "kubeconfig"),
                clusterName: outputName("Output holding the EKS cluster name.", "clusterName"),
                oidcProviderArn: { ...outputName("Output holding the cluster's IAM OIDC provider ARN (IRSA only).", "oidcProviderArn"), appliesWhen: irsaOnly },
                oidcIssuer: {
                    ...outputName("Output holding the cluster's OIDC issuer, with or without `https://` (IRSA only).", "oidcIssuer"),
                    appliesWhen: irsaOnly,
                },
            },
            { appliesWhen: fromStack },
        ),
        create: flag({
            doc: "`true`: create an EKS cluster. `false`: use the existing cluster `cluster.name`.",
            default: (s) => s.fromStack === undefined,
            defaultDoc: "`true`, or `false` with `cluster.fromStack`",
        }),
        name: text({
            doc: "EKS cluster name. Required when `cluster.create` is `false` (and `cluster.fromStack` is not set).",
            appliesWhen: notFromStack,
            default: (_s, ctx) => `portkey-${ctx.stack}`,
            defaultDoc: "`portkey-<stack>`",
            check: grammar(
                g.isClusterName,
                "is not a valid EKS cluster name",
                "use letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters",
            ),
        }),
        version: text({
            doc: "Kubernetes minor version of a created cluster; its node group follows it. The plan reports the version's EKS support phase and refuses a version EKS does not offer or a jump of more than one minor version (see docs/upgrading.md).",
            default: DEFAULT_VERSIONS.kubernetes,
            appliesWhen: creating,
            check: grammar(
                (v) => /^1\.\d{2}$/.test(v),
                "is not a Kubernetes minor version",
                `use a version EKS supports, such as "${DEFAULT_VERSIONS.kubernetes}"`,
            ),
        }),
        supportType: choice(SUPPORT_TYPES, {
            doc: "EKS upgrade policy of a created cluster. `EXTENDED` keeps the version at the end of standard support and charges for extended support; `STANDARD` has EKS upgrade the control plane itself then (nodes and add-ons stay behind until the next `up`). See docs/versions.md.",
            default: "EXTENDED",
            appliesWhen: creating,
        }),
        kubernetesVersion: text({
            doc: "Kubernetes minor version the existing cluster runs, which the plan cannot read. It pins the version of the namespace's Pod Security labels and the API the tests check the program's objects against.",
            default: DEFAULT_VERSIONS.kubernetes,
            appliesWhen: {
                test: (s) => s.create !== true,
                because: "a created cluster runs cluster.version",
                otherwise: "set cluster.version instead",
            },
            check: grammar(
                (v) => /^1\.\d{2}$/.test(v),
                "is not a Kubernetes minor version",
                `give the cluster's version, such as "${DEFAULT_VERSIONS.kubernetes}" (\`kubectl version\` shows it)`,
            ),
        }),
        instanceTypes: textList({
            doc: "Managed node group instance types.",
            default: [...DEFAULTS.instanceTypes],
            appliesWhen: creatingNodeGroup,
            check: (list) =>
                list.length === 0
                    ? { what: "is empty", fix: 'list at least one EC2 instance type, such as "m6i.large"' }
                    : eachItem(grammar(g.isInstanceTypeName, "is not an EC2 instance type", 'use a type such as "m6i.large"'))(list),
        }),
        amiFamily: choice(AMI_FAMILIES, {
            doc: "Node operating system: `al2023` (Amazon Linux 2023) or `bottlerocket`. The AMI type follows the instance types' architecture (x86_64, or arm64 for Graviton types such as `m7g.large`).",
            default: "al2023",
            appliesWhen: creatingNodeGroup,
        }),
        compute: choice(COMPUTE_TYPES, {
            doc: "What runs the cluster's nodes: `node-group` (managed node groups; on a created cluster with `maxSize` above `minSize` the program installs the Cluster Autoscaler so the group follows the pods) or `auto-mode` (EKS Auto Mode: its built-in node pools, load balancers and NetworkPolicy controller). For an existing cluster, declare what it runs; the endpoint and NetworkPolicy follow it. Switching a running cluster is a migration (docs/availability.md).",
            default: "node-group",
        }),
        minSize: whole({ doc: "Managed node group minimum size.", default: DEFAULTS.nodeGroup.minSize, min: 0, max: 450, appliesWhen: creatingNodeGroup }),
        desiredSize: whole({
            doc: "Managed node group desired size. At least 1: the releases wait for running pods.",
            default: (s) => s.minSize as number,
            defaultDoc: "`minSize`",
            min: 0,
            max: 450,
            appliesWhen: creatingNodeGroup,
        }),
        maxSize: whole({ doc: "Managed node group maximum size.", default: DEFAULTS.nodeGroup.maxSize, min: 1, max: 450, appliesWhen: creatingNodeGroup }),
        vpcId: text({
            doc: "Existing VPC of a created cluster, by ID (`vpc-…`); with it, `privateSubnetIds` (nodes) and `publicSubnetIds` (load balancers) are required. Without it the program creates a VPC.",
            appliesWhen: creating,
            check: grammar(
                (v) => g.isEc2Id("vpc", v),
                "is not a VPC ID",
                "give the VPC's ID, vpc- and 8 or 17 hexadecimal digits (a Name tag is not an ID: `aws ec2 describe-vpcs --filters Name=tag:Name,Values=<name>` prints it)",
            ),
        }),
        publicSubnetIds: textList({ doc: "Public subnets of `cluster.vpcId` by ID, `subnet-…` (load balancers).", appliesWhen: creating, check: subnetIds }),
        privateSubnetIds: textList({
            doc: "Private subnets of `cluster.vpcId` by ID, `subnet-…`, in at least two zones (nodes and the control plane's network interfaces).",
            appliesWhen: creating,
            check: subnetIds,
        }),
        vpcCidr: text({
            doc: "CIDR block of the VPC the program creates.",
            default: DEFAULTS.vpcCidr,
            appliesWhen: creatingNetwork,
            check: (v) =>
                !g.isCidrBlock(v, 16, 20)
                    ? { what: "is not an IPv4 CIDR block from /16 to /20", fix: 'use a block such as "10.0.0.0/16"' }
                    : !g.isCidrNetworkAddress(v)
                      ? {
                            what: "has host bits set: the address is not the first of its block",
                            fix: "give the block's network address, with the host bits zero (such as 10.0.0.0/16)",
                        }
                      : undefined,
        }),
        availabilityZoneCount: whole({
            doc: "Zones of the VPC the program creates, chosen by zone ID among those EKS supports.",
            default: 3,
            min: 2,
            max: 6,
            appliesWhen: creatingNetwork,
        }),
        natGateways: choice(NAT_GATEWAYS, {
            doc: "NAT egress of the created VPC's private subnets: `single` (one NAT gateway) or `one-per-zone` (survives a zone loss).",
            default: DEFAULTS.natGateways,
            appliesWhen: creatingNetwork,
        }),
        adminPrincipalArns: textList({
            doc: "IAM role or user ARNs given cluster-admin on a created cluster through EKS access entries (the CI role, the platform team). The identity that runs the first `up` is admin already.",
            default: [],
            appliesWhen: creating,
            check: eachItem(
                grammar(
                    g.isIamPrincipalArn,
                    "is not an IAM role or user ARN",
                    "give arn:<partition>:iam::<account>:role/<name> (not an assumed-role session ARN)",
                ),
            ),
        }),
        installPodIdentityAgent: flag({
            doc: "Install the `eks-pod-identity-agent` managed add-on (`pod-identity` on a `node-group` cluster only: Auto Mode nodes run the agent themselves).",
            default: (s) => s.create === true && s.compute !== "auto-mode",
            defaultDoc: "`true` for a created node-group cluster, else `false`",
            appliesWhen: podIdentityAgentAddon,
        }),
        podIdentityAgentVersion: text({
            doc: "Pin the agent add-on version, such as `v1.3.8-eksbuild.2` (default: the version EKS picks).",
            appliesWhen: podIdentityAgentAddon,
            check: grammar(
                g.isAddonVersion,
                "is not an EKS add-on version",
                "give a version as `aws eks describe-addon-versions --addon-name eks-pod-identity-agent` lists it, such as v1.3.8-eksbuild.2",
            ),
        }),
    }),
    addons: section("Cluster add-ons.", {
        loadBalancerController: choice(CONTROLLER_SOURCES, {
            doc: "The AWS Load Balancer Controller a load-balancer endpoint needs: `install` (chart `aws-load-balancer-controller` 3.5.0 in `kube-system`, with its own IAM role) or `existing` (the platform team's; see docs/endpoint.md). Required with `endpoint.type` `internal-alb` or `internal-nlb`, except on `cluster.compute` `auto-mode`, whose built-in load balancing replaces it.",
            default: "none",
            defaultDoc: "`none`",
            appliesWhen: {
                test: (_s, root) => (root.endpoint as { type: string }).type !== "cluster" && (root.cluster as { compute?: string }).compute !== "auto-mode",
                because:
                    "only applies to a load-balancer endpoint on a node-group cluster (endpoint.type is cluster, or cluster.compute is auto-mode, whose built-in load balancing serves the Ingress or Service: docs/endpoint.md)",
                otherwise: "set endpoint.type to internal-alb or internal-nlb on a cluster.compute node-group cluster",
            },
        }),
        loadBalancerControllerVersion: text({
            doc: "The version of the cluster's own controller (`existing`), as its image tag shows it, such as `v2.7.2` (`kubectl get deployment -A -l app.kubernetes.io/name=aws-load-balancer-controller -o jsonpath='{..image}'`). Required with `endpoint.type` `internal-nlb`, which needs v2.6.0 or later to enforce `endpoint.inboundCidrs` (docs/endpoint.md).",
            appliesWhen: {
                test: (s) => s.loadBalancerController === "existing",
                because: "only applies to the cluster's own controller (addons.loadBalancerController is not existing)",
                otherwise: "set addons.loadBalancerController to existing",
            },
            check: grammar((v) => /^v?\d+\.\d+\.\d+$/.test(v), "is not a controller version", "give the controller image's tag, such as v2.7.2"),
        }),
        metricsServer: choice(METRICS_SERVER_SOURCES, {
            doc: "The resource metrics API (`metrics.k8s.io`) the gateway's HPA reads: `install` (chart `metrics-server` from kubernetes-sigs, pinned, in `kube-system`) or `existing` (the cluster already serves it: `kubectl get apiservice v1beta1.metrics.k8s.io`). EKS deploys none; see docs/availability.md.",
            default: (_s, ctx) => ((ctx.root?.cluster as { create?: boolean } | undefined)?.create === true ? "install" : "existing"),
            defaultDoc: "`install` for a cluster the program creates, else `existing`",
        }),
        metricsServerReplicas: whole({
            doc: "Replicas of the installed metrics-server. With 2 or more it gets a PodDisruptionBudget of 1 and spreads over nodes.",
            default: (_s, ctx) => metricsServerReplicas(isProductionLike(ctx.stack, ctx.root?.protect !== false)),
            defaultDoc: "`2` when the stack looks like production (as for `gateway.replicas`), else `1`",
            min: 1,
            max: 3,
            appliesWhen: {
                test: (s) => s.metricsServer === "install",
                because: "only applies when the program installs metrics-server (addons.metricsServer is existing)",
                otherwise: "set addons.metricsServer to install",
            },
        }),
        install: flag({ doc: "Install the CSI driver and ASCP. `false` when the cluster already has them (see Shared clusters).", default: true }),
        csiDriverChartVersion: text({
            doc: "`secrets-store-csi-driver` chart version. 1.6.0 has open regressions in the synced-Secret path.",
            default: DEFAULT_VERSIONS.csiDriverChart,
            check: exactVersion,
            appliesWhen: {
                test: (s) => s.install === true,
                because: "only applies when the program installs the add-ons (addons.install is false)",
                otherwise: "set addons.install to true",
            },
        }),
        awsProviderChartVersion: text({
            doc: "`secrets-store-csi-driver-provider-aws` chart version.",
            default: DEFAULT_VERSIONS.awsProviderChart,
            check: exactVersion,
            appliesWhen: {
                test: (s) => s.install === true,
                because: "only applies when the program installs the add-ons (addons.install is false)",
                otherwise: "set addons.install to true",
            },
        }),
    }),
    rotation: section("Secret rotation reaching the pods.", {
        enabled: flag({ doc: "Turn on the driver's rotation (`enableSecretRotation`).", default: false }),
        pollInterval: text({
            doc: "Driver poll interval: whole hours, minutes and seconds such as `1h` or `1h30m`. One hour follows the provider's guidance on API cost.",
            default: DEFAULTS.pollInterval,
            appliesWhen: { test: (s) => s.enabled === true, because: "is set but rotation.enabled is false", otherwise: "set rotation.enabled to true" },
        }),
        reloader: choice(RELOADER_SOURCES, {
            doc: "`install` (Reloader chart in `kube-system`), `existing` (one is already in the cluster) or `none`.",
            default: (s) => defaultReloader(s.enabled === true),
            defaultDoc: "`install` when rotation is on, otherwise `none`",
        }),
        reloaderChartVersion: text({
            doc: "Reloader chart version (only with `install`).",
            default: DEFAULT_VERSIONS.reloaderChart,
            check: exactVersion,
            appliesWhen: {
                test: (s) => s.reloader === "install",
                because: "only applies when the program installs Reloader (rotation.reloader is not install)",
                otherwise: "set rotation.reloader to install",
            },
        }),
    }),
    secret: section("The Secrets Manager secret.", {
        name: text({
            doc: "Name of the secret the program creates.",
            default: DEFAULTS.secretName,
            appliesWhen: {
                test: (s) => s.existing === undefined,
                because: "only applies to a secret the program creates (secret.existing is set)",
                otherwise: "remove secret.existing",
            },
        }),
        existing: text({
            doc: "Name or full ARN of an existing secret to adopt instead. The program then never writes it. An ARN must be in the stack's `aws:region`.",
        }),
        kmsKeyArn: text({
            doc: "Customer-managed KMS key of the secret, in the stack's region. Adds `kms:Decrypt` on exactly that key, and only through Secrets Manager. Required for a secret in another account.",
            check: kmsKeyArn,
        }),
        failoverRegion: text({
            doc: "Second region: ASCP reads the secret's replica there too and falls back to it when the primary region is unreachable. A created secret gets the replica; an adopted one must already have it.",
            check: grammar(g.isRegion, "is not an AWS region code", 'give a region such as "us-west-2"'),
        }),
        failoverKmsKeyArn: text({
            doc: "Customer-managed KMS key of the replica, in `secret.failoverRegion`. Required when `secret.kmsKeyArn` is set.",
            check: kmsKeyArn,
            appliesWhen: failingOver,
        }),
        recoveryWindowInDays: whole({
            doc: "`0` (delete at once) or `7`–`30`. Only for a created secret.",
            default: DEFAULTS.recoveryWindowInDays,
            min: 0,
            max: 30,
            appliesWhen: {
                test: (s) => s.existing === undefined,
                because: "only applies to a secret the program creates (secret.existing is set)",
                otherwise: "remove secret.existing",
            },
        }),
        checkKeys: flag({
            doc: "At preview and up, read the adopted secret and check that every key the class mounts is a string in its JSON (needs `secretsmanager:GetSecretValue` for the deploying role). `false` skips the check.",
            default: true,
            appliesWhen: {
                test: (s) => s.existing !== undefined,
                because: "only applies to an adopted secret (secret.existing is not set)",
                otherwise: "set secret.existing",
            },
        }),
    }),
    secretValues: envMap({
        doc: "**Secret.** The values of the created secret, one per env var: `pulumi config set --secret --path 'secretValues.KEY' '…'`, or the whole object at once with `pulumi config set --secret secretValues '{\"KEY\":\"…\"}'`.",
        secret: true,
    }),
    secretKeys: textList({
        doc: "Env vars whose values come from AWS. Required when the secret is adopted; default: every key of `secretValues`. Each must exist in the secret as a string: a missing key fails the whole mount.",
        defaultDoc: "every key of `secretValues`",
    }),
    env: envMap({
        defaultDoc: "`{}`",
        doc: "Literal env values (the chart's `environment.data`). In `full` mode only the render-time settings `PORT`, `MCP_PORT`, `SERVER_MODE` and `CACHE_STORE`.",
    }),
    logStore: optionalSection(
        "The gateway's S3 log store on the pods' own roles, without keys (`LOG_STORE=s3_assume`; see docs/data-plane.md). Enterprise image only.",
        {
            bucket: text({
                doc: "`create`: the program creates a private bucket in the stack's region; or an existing bucket's name. Required.",
                check: bucketOrCreate,
            }),
            region: text({
                doc: "The bucket's region (`LOG_STORE_REGION`). With `create`, the stack's region.",
                defaultDoc: "the stack's `aws:region`",
                check: awsRegion,
            }),
            bucketAccountId: text({
                doc: "The account that owns an existing bucket: the roles reach only that account's bucket (`s3:ResourceAccount`). Its owner must grant the roles access (see docs/data-plane.md).",
                defaultDoc: "the stack's account",
                check: grammar((v) => /^\d{12}$/.test(v), "is not an AWS account ID", "give the 12-digit account ID"),
            }),
            kmsKeyArn: text({
                doc: "Customer-managed KMS key of the bucket's encryption (SSE-KMS). Adds `kms:GenerateDataKey` and `kms:Decrypt` on exactly that key, only through S3.",
                check: kmsKeyArn,
            }),
            retentionDays: whole({
                doc: "A created bucket deletes log objects this many days after they were written. `0`: never.",
                default: 0,
                min: 0,
                max: 36500,
                appliesWhen: {
                    test: (s) => s.bucket === CREATE_BUCKET,
                    because:
                        "only applies to a bucket the program creates (logStore.bucket is not create); set an existing bucket's lifecycle where it is managed",
                    otherwise: "set logStore.bucket to create",
                },
            }),
        },
    ),
    bedrock: optionalSection(
        "Bedrock on the gateway's role, for the integration's auth type \"AWS Service Role\" (see docs/data-plane.md). Enterprise image only.",
        {
            models: textList({
                doc: "Foundation model IDs (`anthropic.claude-…`) or geographic inference profile IDs (`us.…`, `eu.…`, `apac.…`, `us-gov.…`) the gateway may invoke. Required; no wildcard, no global profile.",
            }),
            regions: textList({
                doc: "Where the gateway calls Bedrock (the first is the integration's region), and every destination region of each listed profile.",
                defaultDoc: "the stack's `aws:region`",
                check: eachItem(awsRegion),
            }),
        },
    ),
    gateway: section("The Portkey gateway chart.", {
        releaseName: text({
            doc: "Helm release name, at most 53 characters, starting with a letter. The chart's fullname becomes `<release>-gateway`, or just `<release>` if the name already contains `gateway`.",
            default: DEFAULTS.releaseName,
        }),
        chartVersion: text({ doc: "Pinned `gateway` chart version.", default: DEFAULT_VERSIONS.gatewayChart, check: exactVersion }),
        serviceAccountName: text({ doc: "Gateway service account name (default: the fullname). The chart always creates it.", check: k8sName }),
        mountPath: text({
            doc: "Absolute directory where the CSI volume is mounted; it must not hide a system or application directory.",
            default: DEFAULTS.mountPath,
        }),
        syncedSecretName: text({
            doc: "Name of the synced Kubernetes Secret (default `<fullname>-aws-secrets`; partial and full only).",
            check: k8sName,
            appliesWhen: {
                test: (_s, root) => MODES[root.secretsMode as SecretsMode]?.syncsSecret !== false,
                because: "mount-only mode creates no Kubernetes Secret",
                otherwise: "use secretsMode partial or full",
            },
        }),
        imagePullSecrets: textList({ doc: "Existing pull secrets to reference by name.", default: [], check: eachItem(k8sName) }),
        capacity: optionalSection(
            'The expected peak the gateway is sized for. With it the program derives the HPA\'s `max` and `targetCPU`, the CPU request (and the replica count without an HPA) from per-core figures and a headroom, and shows the arithmetic in the plan; settings the stack sets itself win, and the plan warns when they fall short (docs/availability.md, "Sizing from the figures").',
            {
                peakRequestsPerSecond: whole({ doc: "Non-streaming requests per second at the busiest time.", min: 1, max: 1000000 }),
                peakConcurrentStreams: whole({ doc: "Streamed completions open at once at the busiest time.", min: 1, max: 1000000 }),
                headroomPercent: whole({
                    doc: "How far above its share of the peak each pod can go before its core is full: the CPU target is `floor(100 × 100 / (100 + headroomPercent))`.",
                    default: DEFAULT_HEADROOM_PERCENT,
                    min: 0,
                    max: 300,
                }),
                perCore: section(
                    "The stack's own per-core figures, measured with `npm run load` against its own gateway. Default: the open-source gateway's measured figures, which for the enterprise image are an upper bound.",
                    {
                        requestsPerSecond: whole({
                            doc: "Non-streaming requests one gateway process serves per CPU-second.",
                            defaultDoc: "the open-source gateway's figure (`derive/data/measuredCapacity.ts`)",
                            min: 1,
                            max: 100000,
                            appliesWhen: peakSet("peakRequestsPerSecond"),
                        }),
                        concurrentStreams: whole({
                            doc: "Streams one core carries at the time to first chunk you accept.",
                            defaultDoc: "the open-source gateway's figure (`derive/data/measuredCapacity.ts`)",
                            min: 1,
                            max: 100000,
                            appliesWhen: peakSet("peakConcurrentStreams"),
                        }),
                    },
                ),
            },
        ),
        replicas: whole({
            doc: "Gateway replicas (without autoscaling). `1` only when set explicitly on a production-like stack: one pod is lost to every drain and zone outage.",
            ...productionReplicas,
            defaultDoc: productionReplicas.defaultDoc + SIZED,
            min: 1,
            max: MAX_FIXED_REPLICAS,
            appliesWhen: { ...autoscalingOn, test: (s) => !autoscalingOn.test(s) },
        }),
        autoscaling: section("The chart's HorizontalPodAutoscaler on CPU (`autoscaling/v2`).", {
            enabled: flag({
                doc: "Scale the gateway on CPU between `min` and `max`; the HPA then owns the replica count and `gateway.replicas` must not be set.",
                default: AVAILABILITY_DEFAULTS.autoscaling.enabled,
            }),
            min: whole({ doc: "Fewest replicas.", default: AVAILABILITY_DEFAULTS.autoscaling.min, min: 1, max: 100, appliesWhen: scalingSetting }),
            max: whole({
                doc: "Most replicas.",
                default: AVAILABILITY_DEFAULTS.autoscaling.max,
                ...sizedDefault(AVAILABILITY_DEFAULTS.autoscaling.max),
                min: 1,
                max: MAX_HPA_REPLICAS,
                appliesWhen: scalingSetting,
            }),
            targetCPU: whole({
                doc: "Average CPU utilisation of `resources.requests.cpu` the HPA aims for, in percent.",
                default: AVAILABILITY_DEFAULTS.autoscaling.targetCPU,
                ...sizedDefault(AVAILABILITY_DEFAULTS.autoscaling.targetCPU),
                min: 10,
                max: 100,
                appliesWhen: scalingSetting,
            }),
        }),
        minAvailable: whole({
            doc: "PodDisruptionBudget of the gateway: pods that must stay available during drains. `0`: no budget. Must be below the replica count (or `autoscaling.min`), or no node could ever be drained.",
            default: (s) => defaultGatewayMinAvailable(s.replicas as number, s.autoscaling as { enabled: boolean; min: number }),
            defaultDoc: "one below `replicas` (or `autoscaling.min`)",
            min: 0,
            max: 999,
        }),
        resources: resourcesSection("gateway", AVAILABILITY_DEFAULTS.gatewayResources, true),
        values: anyObject({
            doc: "Escape hatch: extra chart values, merged under the managed ones (for example `images.gatewayImage.tag`, `terminationGracePeriodSeconds`). Values the program manages are rejected. Never put a secret here.",
            default: {},
        }),
        image: choice(GATEWAY_IMAGES, {
            doc: "The gateway image: `enterprise` (the chart's default; needs Portkey's registry credentials and mandatory keys) or `open-source` (`docker.io/portkeyai/gateway`, pinned tag, probes on the path it serves). A mirror or another tag goes in `gateway.values.images.gatewayImage`.",
            default: (s) => imageOfValues(s.values as Record<string, unknown>),
            defaultDoc: "`open-source` when `gateway.values.images.gatewayImage.repository` names `portkeyai/gateway`, else `enterprise`",
        }),
        dataservice: section("The Portkey dataservice.", {
            enabled: flag({
                doc: "Run the dataservice. It gets its own service account, the mount, and an IAM role of its own that reads the secret.",
                default: false,
            }),
            finetunesBucket: text({
                doc: "The dataservice's fine-tuning bucket (`FINETUNES_BUCKET`): `create`, or an existing bucket's name in the stack's account. Its role may get, put and delete the objects.",
                check: bucketOrCreate,
                appliesWhen: dataserviceOn,
            }),
            logExportsBucket: text({
                doc: "The dataservice's log-export bucket (`LOG_EXPORTS_BUCKET`): `create`, or an existing bucket's name in the stack's account. Its role may get, put and delete the objects.",
                check: bucketOrCreate,
                appliesWhen: dataserviceOn,
            }),
            serviceAccountName: text({
                doc: "Dataservice service account name (default `<fullname>-dataservice`).",
                check: k8sName,
                appliesWhen: dataserviceOn,
            }),
            replicas: whole({
                doc: "Dataservice replicas (the program does not autoscale the dataservice).",
                ...productionReplicas,
                min: 1,
                max: 100,
                appliesWhen: dataserviceOn,
            }),
            minAvailable: whole({
                doc: "PodDisruptionBudget of the dataservice. `0`: no budget. The chart sets no rollout strategy, so a rolling update may take 25% of the pods (rounded down) at once; the budget must leave that room.",
                default: (s) => defaultDataserviceMinAvailable(s.replicas as number),
                defaultDoc: "`replicas` minus the larger of 1 and 25% of `replicas`",
                min: 0,
                max: 99,
                appliesWhen: dataserviceOn,
            }),
            resources: { ...resourcesSection("dataservice", AVAILABILITY_DEFAULTS.dataserviceResources), appliesWhen: dataserviceOn },
        }),
    }),
    endpoint: section("How callers reach the gateway (see docs/endpoint.md).", {
        type: choice(ENDPOINT_TYPES, {
            doc: "`cluster` (a ClusterIP Service, reached by its in-cluster DNS name), `internal-alb` (an Ingress served by an internal ALB) or `internal-nlb` (a LoadBalancer Service served by an internal NLB).",
            default: ENDPOINT_DEFAULTS.type,
        }),
        certificateArn: text({
            doc: "ACM certificate of the load balancer's TLS listener, in the stack's region and partition. Required for `internal-alb` and `internal-nlb`.",
            appliesWhen: loadBalancer,
            check: grammar(g.isAcmCertificateArn, "is not an ACM certificate ARN", "give arn:<partition>:acm:<region>:<account>:certificate/<id>"),
        }),
        hostname: text({
            doc: "The name callers use, and the DNS record the platform team points at the load balancer (the ALB's host rule). Required for the load-balancer types.",
            appliesWhen: loadBalancer,
            check: grammar(g.isHostname, "is not a DNS name", "give a lower-case name such as gateway.internal.example.com"),
        }),
        inboundCidrs: textList({
            doc: "IPv4 CIDR blocks that may connect to the load balancer. Required for the load-balancer types; there is no 0.0.0.0/0 default.",
            default: [],
            defaultDoc: "none",
            appliesWhen: loadBalancer,
            check: eachItem(grammar(g.isIpv4Cidr, "is not an IPv4 CIDR block", 'give a network address and prefix such as "10.20.0.0/16"')),
        }),
        allowedNamespaces: textList({
            doc: "Namespaces whose pods may call the gateway inside the cluster. The gateway's own namespace always may; every other caller is refused by the NetworkPolicy.",
            default: [],
            check: eachItem(grammar(g.isDnsLabel, "is not a namespace name", "use lower-case letters, digits and '-', at most 63 characters")),
        }),
        loadBalancerSubnetIds: textList({
            doc: "Subnets the load balancer lives in. Default for a created VPC: its load-balancer subnets. Required for a load-balancer type on an existing VPC (see docs/endpoint.md for their tags and sizes).",
            appliesWhen: loadBalancer,
            check: eachItem(grammar(g.isSubnetId, "is not a subnet ID", "give an ID such as subnet-0123456789abcdef0")),
        }),
        idleTimeoutSeconds: whole({
            doc: "Idle timeout of the ALB: it fires when no bytes flow, so it cuts long non-streamed LLM calls (the ALB default is 60). An NLB's TLS listener has a fixed 350 s timeout.",
            default: ENDPOINT_DEFAULTS.idleTimeoutSeconds,
            min: 1,
            max: 4000,
            appliesWhen: {
                test: (s) => s.type === "internal-alb",
                because: "only applies to an internal ALB; an NLB's TLS listener has a fixed idle timeout of 350 seconds that cannot be changed",
                otherwise: "set endpoint.type to internal-alb",
            },
        }),
    }),
    imageCredentials: optionalSection(
        "**Secret.** Registry credentials for the enterprise image.",
        {
            registry: text({
                doc: "Registry of the credentials: a host, with an optional scheme, port and path.",
                default: "https://index.docker.io/v1/",
                check: grammar(
                    g.isRegistry,
                    "is not a registry address",
                    "give the registry's host, such as docker.io, or https://index.docker.io/v1/ for Docker Hub",
                ),
            }),
            username: text({
                doc: "Registry user name.",
                check: grammar(
                    g.isRegistryUsername,
                    "holds ':', which ends the user name in the pull secret's auth field",
                    "give the registry user name, without ':'",
                ),
            }),
            password: text({ doc: "Registry password or token." }),
            email: text({
                doc: "Registry e-mail (optional).",
                check: grammar(g.isEmail, "is not an e-mail address", "give an address such as ops@example.com, or remove it"),
            }),
        },
        { secret: true },
    ),
};

/** The stack config after decoding and defaults, before cross-field rules. */
export type Settings = Resolved<typeof CONFIG>;
