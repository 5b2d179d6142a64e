import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { loadBalancerCidrsLine, NOT_CHECKED_OFFLINE, OFFLINE_MARK } from "../config/rules/cloud";
import { addonChartValues, reloadAnnotations } from "../derive/addonValues";
import { DEFAULT_VERSIONS, DEFAULTS } from "../derive/defaults";
import { disruptionBudgets } from "../derive/availability";
import { gatewayChartValues } from "../derive/gatewayValues";
import { AwsContext, dataserviceTrustPolicy, eksClusterArn, gatewayTrustPolicy, secretAccessPolicy, secretResourceArn, TrustContext } from "../derive/iam";
import { CrossAccountGrants, crossAccountGrants } from "../derive/crossAccount";
import {
    bucketSeed,
    createdBuckets,
    DataPlaneBuckets,
    dataPlaneBuckets,
    dataPlaneEnvironment,
    dataserviceDataPlanePolicy,
    bedrockIntegration,
    gatewayDataPlanePolicy,
    privateBucketSpec,
} from "../derive/dataPlane";
import type { ControllerSource, GatewaySpec, ImageCredentials } from "../derive/inputs";
import { gatewayNames, Names } from "../derive/names";
import { namespaceLabels } from "../derive/namespace";
import { podTemplatePatches } from "../derive/workloadSecurity";
import { partitionOfRegion } from "../derive/partition";
import { secretProviderClassSpec } from "../derive/secretProviderClass";
import { gatewaySpec, GatewaySpecInput } from "../derive/spec";
import { validationCommands } from "../derive/validationCommands";
import { endpointNamespaceLabels, endpointUrl, usesLoadBalancer } from "../derive/endpoint";
import { autoModeAlbClass } from "../derive/autoModeEndpoint";
import { usesAutoMode } from "../derive/compute";
import { albIngress, endpointCommands, gatewayNetworkPolicy, nlbService, redisNetworkPolicy } from "../derive/endpointObjects";
import { loadBalancerControllerPolicy, loadBalancerControllerTrustPolicy } from "../derive/loadBalancerController";
import { metricsServerValues } from "../derive/metricsServer";
import type { HandoverStep } from "../derive/replicaHandover";
import { clusterAutoscalerPolicy, clusterAutoscalerTrustPolicy, nodeGroupScales } from "../derive/clusterAutoscaler";
import { GatewayEndpoint } from "./gatewayEndpoint";
import { LoadBalancerController } from "./loadBalancerController";
import type { RoleBoundArgs } from "./roleBoundRelease";
import { ClusterAutoscaler } from "./clusterAutoscaler";
import { ClusterAddons, MetricsServer } from "./clusterAddons";
import { NetworkPolicySwitch } from "./networkPolicySwitch";
import { networkPolicySwitch } from "../derive/autoModeNetworking";
import { GatewayCluster, GatewayClusterArgs } from "./cluster";
import { PrivateBucket } from "./dataPlane";
import { GatewayRelease } from "./gatewayRelease";
import { GatewayRole } from "./gatewayRole";
import { GatewaySecret, GatewaySecretArgs } from "./gatewaySecret";
import { GatewaySecretProviderClass } from "./secretProviderClass";

/**
 * What a program gives PortkeyGateway; every derivation takes these args resolved by `gatewaySpec`
 * (derive/spec.ts), which applies the defaults documented here and on GatewaySpecInput.
 */
export interface PortkeyGatewayArgs extends Omit<GatewaySpecInput, "cluster" | "secret" | "imageCredentials"> {
    /** The cluster: `create` a new one, use `existingName`, or take it `fromStack`. The region comes from the AWS provider. */
    cluster: Omit<GatewayClusterArgs, "region" | "irsa">;
    /** Create the namespace; `false` when it exists. @default true */
    createNamespace?: boolean;
    /**
     * Install the CSI driver and ASCP at these chart versions; `false`: the cluster has them.
     * @default {} (install, at the tested versions in DEFAULT_VERSIONS)
     */
    addons?: false | { csiDriverChartVersion?: string; awsProviderChartVersion?: string };
    /** Reloader chart version when `rotation.reloader` is "install". @default DEFAULT_VERSIONS.reloaderChart */
    reloaderChartVersion?: string;
    /** The secret to create (with `values`) or adopt (`existing`), see GatewaySecretArgs. */
    secret: Omit<GatewaySecretArgs, "mountedKeys">;
    /** Registry credentials for the enterprise image: a dockerconfigjson Secret, kept out of the chart values. */
    imageCredentials?: pulumi.Input<ImageCredentials>;
    /**
     * The AWS Load Balancer Controller a load-balancer endpoint needs: "install" it (pinned chart,
     * its own role) or use the cluster's "existing" one. Default "existing".
     */
    loadBalancerController?: Exclude<ControllerSource, "none">;
    /**
     * Buckets the program creates (`dataPlane`, `create`): keep them (Pulumi `protect` and
     * `retainOnDelete`), or let `destroy` remove them with their objects (`forceDestroy`). @default true
     */
    retainBuckets?: boolean;
    /** Install metrics-server (the resource metrics API an HPA reads) with this many replicas; undefined: the cluster has one or needs none. */
    metricsServer?: { replicas: number; chartVersion?: string };
    /**
     * The step of turning autoscaling on for a running release that this deployment makes
     * (derive/replicaHandover.ts `replicaHandover`). @default "none"
     */
    replicaHandover?: HandoverStep;
}

/**
 * The Portkey AI Gateway on EKS with its secrets in AWS Secrets Manager: cluster, add-ons,
 * secret, IAM role, SecretProviderClass and the gateway Helm release, wired for one secrets mode.
 * A host program reaches each child through the readonly fields below, to add resources on the
 * same cluster (`provider`) or make its own depend on them (`release`, `role`, …).
 */
export class PortkeyGateway extends pulumi.ComponentResource {
    /** The args resolved, with every default applied: what each child was derived from. */
    readonly spec: GatewaySpec;
    /** The cluster component: created, existing or from another stack. */
    readonly cluster: GatewayCluster;
    /** Kubernetes provider of the cluster (`cluster.provider`), for the host's own Kubernetes resources. */
    readonly provider: k8s.Provider;
    /** The CSI driver, ASCP and Reloader releases; undefined with `addons: false`. */
    readonly addons?: ClusterAddons;
    /** The gateway's namespace, when the component creates it (`createNamespace`). */
    readonly namespaceResource?: k8s.core.v1.Namespace;
    /** The Secrets Manager secret, created or adopted. */
    readonly secret: GatewaySecret;
    /** The IAM role of the gateway's pods, with its policy and Pod Identity associations. */
    readonly role: GatewayRole;
    /** The dataservice's own IAM role (with the dataservice on): it reads the secret too, and has only its own data-plane access. */
    readonly dataserviceRole?: GatewayRole;
    /** The buckets the program creates for the log store and the dataservice (docs/data-plane.md). */
    readonly buckets: PrivateBucket[];
    /** Every data-plane bucket with its name, account and region, created or not. */
    readonly dataPlaneBuckets: pulumi.Output<DataPlaneBuckets>;
    /** With `dataPlane.bedrock`: what Portkey's Bedrock integration needs (auth type "AWS Service Role", the role, the region). */
    readonly bedrockIntegration?: pulumi.Output<{ authType: string; roleArn: string; region: string }>;
    /** The SecretProviderClass the pods mount. */
    readonly secretProviderClass: GatewaySecretProviderClass;
    /** The gateway Helm release, its pull secret, Reloader patches and disruption budgets. */
    readonly release: GatewayRelease;
    readonly clusterName: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    /** The dataservice role's ARN, with the dataservice on. */
    readonly dataserviceRoleArn?: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;
    readonly secretProviderClassName: string;
    readonly syncedSecretName?: string;
    readonly releaseName: string;
    readonly namespace: string;
    readonly validationCommands: pulumi.Output<string[]>;
    /** For a secret in another account: the policies its owner must apply (undefined otherwise). */
    readonly crossAccountGrants: pulumi.Output<CrossAccountGrants | undefined>;
    /** The NetworkPolicies and the load balancer's Ingress or Service. */
    readonly endpointResources: GatewayEndpoint;
    /** The AWS Load Balancer Controller, when the component installs it. */
    readonly controller?: LoadBalancerController;
    /** metrics-server, when the component installs it (`metricsServer`). */
    readonly metricsServer?: MetricsServer;
    /** The Cluster Autoscaler, for a created cluster whose node group can grow (maxSize above minSize). */
    readonly clusterAutoscaler?: ClusterAutoscaler;
    /** The NetworkPolicy switch of an EKS Auto Mode cluster the component creates (kube-system/amazon-vpc-cni). */
    readonly networkPolicySwitch?: NetworkPolicySwitch;
    /** The URL callers use: the in-cluster name for `cluster`, `https://<hostname>` for a load balancer. */
    readonly endpoint: string;
    /** The load balancer's DNS name once it exists (the record `endpoint.hostname` points at). */
    readonly loadBalancerHostname: pulumi.Output<string | undefined>;

    constructor(name: string, args: PortkeyGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:index:PortkeyGateway", name, {}, opts);
        const spec = gatewaySpec(args);
        const names = gatewayNames(spec);
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const ctx = this.awsContext(region);

        const cluster = new GatewayCluster(`${name}-cluster`, { ...args.cluster, irsa: spec.identity === "irsa", region }, { parent: this });
        const secret = new GatewaySecret(`${name}-secret`, { ...args.secret, mountedKeys: spec.awsKeys }, { parent: this });
        const secretArn = pulumi.all([ctx, secret.arn]).apply(([c, created]) => secretResourceArn(spec, c, created));
        const dataPlane = this.dataPlane(name, args, spec, names, ctx);
        const role = this.gatewayRole(name, spec, names, cluster, ctx, secretArn, dataPlane.refs);
        const dataserviceRole = this.dataserviceRoleOf(name, spec, names, cluster, ctx, secretArn, role, dataPlane.refs);
        const children = this.kubernetesChildren(name, args, spec, names, { cluster, secret, role, dataserviceRole, dataPlane, ctx, region });
        const { addons, namespace, spc, controller, release, endpoint } = children;

        this.spec = spec;
        this.cluster = cluster;
        this.provider = cluster.provider;
        this.addons = addons;
        this.namespaceResource = namespace;
        this.secret = secret;
        this.role = role;
        this.dataserviceRole = dataserviceRole;
        this.buckets = dataPlane.buckets;
        this.dataPlaneBuckets = dataPlane.refs;
        this.bedrockIntegration = this.bedrockOutput(spec, ctx, role);
        this.secretProviderClass = spc;
        this.release = release;
        this.endpointResources = endpoint;
        this.controller = controller;
        this.metricsServer = children.metricsServer;
        this.clusterAutoscaler = children.clusterAutoscaler;
        this.networkPolicySwitch = children.policySwitch;

        this.clusterName = cluster.clusterName;
        this.roleArn = role.arn;
        this.dataserviceRoleArn = dataserviceRole?.arn;
        this.secretArn = secretArn;
        this.secretProviderClassName = names.secretProviderClass;
        this.syncedSecretName = names.syncedSecret;
        this.releaseName = names.release;
        this.namespace = spec.namespace;
        this.validationCommands = region.apply((r) => [...validationCommands(spec, names, r), ...endpointCommands(spec, names)]);
        this.crossAccountGrants = this.crossAccountOf(spec, ctx, role, dataserviceRole);
        this.endpoint = endpointUrl(spec, names);
        this.loadBalancerHostname = endpoint.loadBalancerHostname;
        this.registerOutputs({
            clusterName: this.clusterName,
            roleArn: this.roleArn,
            secretArn: this.secretArn,
            secretProviderClassName: this.secretProviderClassName,
            syncedSecretName: this.syncedSecretName,
            releaseName: this.releaseName,
            endpoint: this.endpoint,
            loadBalancerHostname: this.loadBalancerHostname,
        });
    }

    /** Everything the gateway puts in the cluster, in the order it must exist. */
    private kubernetesChildren(
        name: string,
        args: PortkeyGatewayArgs,
        spec: GatewaySpec,
        names: Names,
        parts: {
            cluster: GatewayCluster;
            secret: GatewaySecret;
            role: GatewayRole;
            dataserviceRole?: GatewayRole;
            dataPlane: { buckets: PrivateBucket[]; env: pulumi.Output<Record<string, string>> };
            ctx: pulumi.Output<AwsContext>;
            region: pulumi.Output<string>;
        },
    ) {
        const { cluster, secret, role, dataserviceRole, dataPlane, ctx, region } = parts;
        const k8sOpts = { parent: this, providers: { kubernetes: cluster.provider } };
        // The namespace every Kubernetes resource of the gateway names, released by the key check.
        const checkedNamespace = secret.checkedObjectName.apply(() => spec.namespace);
        // The add-ons take no input of ours to route the check through; an Output dependsOn waits for it.
        const addons = this.clusterAddons(name, args, spec, { ...k8sOpts, dependsOn: secret.checkedObjectName.apply((): pulumi.Resource[] => []) });
        const namespace = (args.createNamespace ?? true) ? this.gatewayNamespace(name, spec, checkedNamespace, cluster, addons) : undefined;
        const spc = new GatewaySecretProviderClass(
            `${name}-spc`,
            { name: names.secretProviderClass, namespace: checkedNamespace, spec: region.apply((r) => secretProviderClassSpec(spec, names, r)) },
            { ...k8sOpts, dependsOn: [...(addons?.ready ?? []), ...(namespace ? [namespace] : [])] },
        );
        // Like the add-ons, the controller waits for the key check through an Output dependsOn.
        const checked = secret.checkedObjectName.apply((): pulumi.Resource[] => (cluster.podIdentityAgent ? [cluster.podIdentityAgent] : []));
        const controller = this.loadBalancerController(name, args, spec, cluster, ctx, region, { ...k8sOpts, dependsOn: checked });
        const clusterAutoscaler = this.clusterAutoscalerOf(name, args, spec, cluster, ctx, region, { ...k8sOpts, dependsOn: checked });
        const metricsServer = args.metricsServer
            ? new MetricsServer(
                  `${name}-metrics-server`,
                  { values: metricsServerValues(args.metricsServer.replicas), chartVersion: args.metricsServer.chartVersion },
                  k8sOpts,
              )
            : undefined;
        // Children register only after their parent, which waits for these dependencies.
        // Reloader before the gateway: it then sees the Deployments' annotations from their start, and is removed after them.
        const dependsOn = [
            ...(addons?.reloader ? [addons.reloader] : []),
            spc,
            // The controller's pod webhook serves the namespace's readiness gates before any pod starts.
            ...(controller ? [controller.release] : []),
            // The HPA reads the metrics API from its first sync.
            ...(metricsServer && spec.gateway.autoscaling.enabled ? [metricsServer.release] : []),
            ...role.ready,
            ...(dataserviceRole?.ready ?? []),
            // The pods write logs from their first request on: the buckets exist with every setting.
            ...dataPlane.buckets.flatMap((b) => b.ready),
            ...secret.ready,
            ...(namespace ? [namespace] : []),
            ...(cluster.podIdentityAgent ? [cluster.podIdentityAgent] : []),
        ];
        const roleArns = pulumi.all([role.arn, dataserviceRole?.arn, dataPlane.env]);
        const release = this.gatewayRelease(name, args, spec, names, checkedNamespace, roleArns, { ...k8sOpts, dependsOn });
        // The Ingress or Service goes before the controller on destroy, so the controller removes the load balancer.
        // It follows the release: the Ingress's backend is the chart's Service, and the NLB Service selects a
        // label the gateway's pods get from the release; the first pods go without a readiness gate, before
        // any caller can reach the load balancer (docs/endpoint.md, "Rollouts").
        // Under Auto Mode the controller is switched on before the policies exist; that the nodes then enforce
        // them is not documented (docs/upstream-facts.md#eks-auto-network-policy).
        const policySwitch = this.networkPolicySwitchOf(name, args, spec, k8sOpts);
        const endpoint = this.gatewayEndpoint(name, spec, names, cluster, checkedNamespace, [release.release, ...(controller ? [controller.release] : [])], {
            ...k8sOpts,
            dependsOn: [...(namespace ? [namespace] : []), ...(policySwitch ? [policySwitch] : [])],
        });
        return { addons, namespace, spc, controller, release, endpoint, metricsServer, clusterAutoscaler, policySwitch };
    }

    /** The gateway's namespace, labelled with the Pod Security profile it enforces. */
    private gatewayNamespace(
        name: string,
        spec: GatewaySpec,
        namespace: pulumi.Output<string>,
        cluster: GatewayCluster,
        addons: ClusterAddons | undefined,
    ): k8s.core.v1.Namespace {
        // Teardown order (docs/e2e.md): the namespace goes before the add-ons, and deleting it waits
        // until its pods are gone, so the CSI driver and ASCP are still there to unmount their volumes.
        const addonReleases = addons ? [...addons.ready, ...(addons.reloader ? [addons.reloader] : [])] : [];
        return new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: namespace, labels: { ...namespaceLabels(spec), ...endpointNamespaceLabels(spec) } } },
            { parent: this, provider: cluster.provider, dependsOn: addonReleases },
        );
    }

    /** The controller when the program installs it for a load-balancer endpoint. */
    private loadBalancerController(
        name: string,
        args: PortkeyGatewayArgs,
        spec: GatewaySpec,
        cluster: GatewayCluster,
        ctx: pulumi.Output<AwsContext>,
        region: pulumi.Output<string>,
        opts: pulumi.ComponentResourceOptions,
    ): LoadBalancerController | undefined {
        // EKS Auto Mode's built-in load balancing serves the endpoint (docs/endpoint.md, "EKS Auto Mode").
        if (!usesLoadBalancer(spec.endpoint) || usesAutoMode(spec) || args.loadBalancerController !== "install") return undefined;
        return new LoadBalancerController(
            `${name}-lbc`,
            {
                trustPolicy: this.trustContext(spec, cluster, ctx).apply((t) => loadBalancerControllerTrustPolicy(t)),
                policy: ctx.apply((c) => loadBalancerControllerPolicy(c.partition)),
                values: pulumi
                    .all([cluster.clusterName, region, cluster.vpcIdOf()])
                    .apply(([clusterName, r, vpcId]) => ({ clusterName, region: r, vpcId, project: pulumi.getProject(), stack: pulumi.getStack() })),
                ...this.addonIdentity(spec, cluster),
            },
            opts,
        );
    }

    /** The Cluster Autoscaler of a created cluster whose node group can grow (docs/availability.md, "Nodes that follow the pods"). */
    private clusterAutoscalerOf(
        name: string,
        args: PortkeyGatewayArgs,
        spec: GatewaySpec,
        cluster: GatewayCluster,
        ctx: pulumi.Output<AwsContext>,
        region: pulumi.Output<string>,
        opts: pulumi.ComponentResourceOptions,
    ): ClusterAutoscaler | undefined {
        const created = args.cluster.create;
        // Auto Mode grows its own node pools; a node group that cannot grow needs no autoscaler.
        if (!created || created.autoMode || !nodeGroupScales(created.scaling ?? DEFAULTS.nodeGroup)) return undefined;
        return new ClusterAutoscaler(
            `${name}-cluster-autoscaler`,
            {
                trustPolicy: this.trustContext(spec, cluster, ctx).apply((t) => clusterAutoscalerTrustPolicy(t)),
                policy: cluster.clusterName.apply((n) => clusterAutoscalerPolicy(n)),
                values: pulumi
                    .all([cluster.clusterName, region])
                    .apply(([clusterName, r]) => ({ clusterName, region: r, kubernetesMinor: spec.cluster.kubernetesVersion })),
                ...this.addonIdentity(spec, cluster),
            },
            opts,
        );
    }

    /** The NetworkPolicy switch of a created Auto Mode cluster; an existing cluster's is the platform team's, which `verify` checks. */
    private networkPolicySwitchOf(name: string, args: PortkeyGatewayArgs, spec: GatewaySpec, opts: pulumi.ComponentResourceOptions) {
        const object = networkPolicySwitch(spec, args.cluster.create !== undefined);
        return object ? new NetworkPolicySwitch(`${name}-network-policy-switch`, { object }, opts) : undefined;
    }

    /** How an add-on's pods get their role: the stack's identity, bound in the cluster once it exists. */
    private addonIdentity(spec: GatewaySpec, cluster: GatewayCluster): Pick<RoleBoundArgs<unknown>, "identity" | "podIdentity"> {
        return {
            identity: spec.identity,
            podIdentity: spec.identity === "pod-identity" ? { clusterName: cluster.clusterName, dependsOn: cluster.controlPlane } : undefined,
        };
    }

    /** CIDR blocks of the subnets, looked up in EC2 (given IDs directly; a created VPC's once known). */
    private subnetCidrs(ids: string[] | pulumi.Output<string[]> | undefined): pulumi.Output<string[]> {
        const key = Array.isArray(ids) ? "endpoint.loadBalancerSubnetIds" : "endpoint.type";
        const lookup = (list: string[]) =>
            pulumi.all(list.map((id) => aws.ec2.getSubnetOutput({ id }, { parent: this }))).apply((subnets) => {
                // Offline every block is a placeholder (offline/fakeCloud.ts marks the answer): preview looks them up.
                if (subnets.some((s) => s.arn === OFFLINE_MARK)) void pulumi.log.info(NOT_CHECKED_OFFLINE + loadBalancerCidrsLine(key));
                return subnets.map((s) => s.cidrBlock);
            });
        if (ids === undefined) return pulumi.output([]);
        return Array.isArray(ids) ? lookup(ids) : ids.apply(lookup);
    }

    /** NetworkPolicies and, for a load-balancer type, the Ingress or Service the controller serves. */
    private gatewayEndpoint(
        name: string,
        spec: GatewaySpec,
        names: Names,
        cluster: GatewayCluster,
        namespace: pulumi.Output<string>,
        loadBalancerDependsOn: pulumi.Resource[],
        opts: pulumi.ComponentResourceOptions,
    ): GatewayEndpoint {
        const lb = usesLoadBalancer(spec.endpoint);
        const subnetIds: pulumi.Output<string[]> = lb
            ? pulumi.output(spec.endpoint.loadBalancerSubnetIds ?? cluster.loadBalancerSubnetIds ?? [])
            : pulumi.output([]);
        // The NetworkPolicy admits exactly the load balancer's subnets: ip targets see its addresses.
        const cidrs = this.subnetCidrs(spec.endpoint.loadBalancerSubnetIds ?? (lb ? cluster.loadBalancerSubnetIds : undefined));
        const kind = spec.endpoint.type === "internal-alb" ? ("ingress" as const) : ("service" as const);
        const object = (ids: string[]) => (kind === "ingress" ? albIngress(spec, names, ids) : nlbService(spec, names, ids));
        const auto = autoModeAlbClass(spec, names, []);
        const params = (ids: string[]) => autoModeAlbClass(spec, names, ids)!.ingressClassParams.spec;
        return new GatewayEndpoint(
            `${name}-endpoint`,
            {
                gatewayPolicy: cidrs.apply((c) => gatewayNetworkPolicy(spec, names, c)),
                redisPolicy: redisNetworkPolicy(spec, names),
                loadBalancer: lb ? { kind, object: subnetIds.apply(object) } : undefined,
                autoModeClass: auto && { ingressClass: auto.ingressClass, ingressClassParams: { ...auto.ingressClassParams, spec: subnetIds.apply(params) } },
                loadBalancerDependsOn,
                namespace,
            },
            opts,
        );
    }

    /** Partition (from the region), region and account of the AWS provider. */
    private awsContext(region: pulumi.Output<string>): pulumi.Output<AwsContext> {
        return pulumi
            .all([region, aws.getCallerIdentityOutput({}, { parent: this }).accountId])
            .apply(([r, accountId]) => ({ partition: partitionOfRegion(r), region: r, accountId }));
    }

    private gatewayRelease(
        name: string,
        args: PortkeyGatewayArgs,
        spec: GatewaySpec,
        names: Names,
        namespace: pulumi.Output<string>,
        roleArns: pulumi.Output<[string, string | undefined, Record<string, string>]>,
        opts: pulumi.ComponentResourceOptions,
    ): GatewayRelease {
        return new GatewayRelease(
            `${name}-gateway`,
            {
                releaseName: names.release,
                chartVersion: spec.gateway.chartVersion,
                namespace,
                values: roleArns.apply(([arn, dataserviceArn, env]) => gatewayChartValues(spec, names, arn, dataserviceArn, env)),
                pullSecret:
                    names.pullSecret && args.imageCredentials ? { name: names.pullSecret, credentials: pulumi.secret(args.imageCredentials) } : undefined,
                reloadAnnotations: reloadAnnotations(spec, names),
                disruptionBudgets: disruptionBudgets(spec, names),
                podTemplatePatches: podTemplatePatches(names),
                // The Deployment is the chart's fullname, which its HPA scales.
                detachDeployment: args.replicaHandover === "detach" ? names.fullname : undefined,
            },
            opts,
        );
    }

    private clusterAddons(name: string, args: PortkeyGatewayArgs, spec: GatewaySpec, opts: pulumi.ComponentResourceOptions): ClusterAddons | undefined {
        if (args.addons === false) return undefined;
        return new ClusterAddons(
            `${name}-addons`,
            {
                values: addonChartValues(spec),
                csiDriverChartVersion: args.addons?.csiDriverChartVersion ?? DEFAULT_VERSIONS.csiDriverChart,
                awsProviderChartVersion: args.addons?.awsProviderChartVersion ?? DEFAULT_VERSIONS.awsProviderChart,
                reloaderChartVersion: args.reloaderChartVersion ?? DEFAULT_VERSIONS.reloaderChart,
            },
            opts,
        );
    }

    private gatewayRole(
        name: string,
        spec: GatewaySpec,
        names: Names,
        cluster: GatewayCluster,
        ctx: pulumi.Output<AwsContext>,
        secretArn: pulumi.Output<string>,
        buckets: pulumi.Output<DataPlaneBuckets>,
    ): GatewayRole {
        const trust = this.trustContext(spec, cluster, ctx);
        const dp = spec.dataPlane ?? {};
        return new GatewayRole(
            `${name}-role`,
            {
                trustPolicy: trust.apply((t) => gatewayTrustPolicy(spec, names, t)),
                accessPolicy: pulumi.all([ctx, secretArn]).apply(([c, arn]) => secretAccessPolicy(spec, c, arn)),
                dataPlanePolicy: dp.logStore || dp.bedrock ? pulumi.all([ctx, buckets]).apply(([c, b]) => gatewayDataPlanePolicy(dp, b, c)!) : undefined,
                podIdentity:
                    spec.identity === "pod-identity"
                        ? {
                              clusterName: cluster.clusterName,
                              namespace: spec.namespace,
                              serviceAccounts: [names.gatewayServiceAccount],
                              dependsOn: cluster.controlPlane,
                          }
                        : undefined,
            },
            { parent: this },
        );
    }

    /**
     * The dataservice's own role, with the dataservice on: it reads the secret as the gateway does.
     * Its Pod Identity association keeps the resource it had on the gateway's role (an alias), so
     * the move is an update of the association's role, not a second association for the account.
     */
    private dataserviceRoleOf(
        name: string,
        spec: GatewaySpec,
        names: Names,
        cluster: GatewayCluster,
        ctx: pulumi.Output<AwsContext>,
        secretArn: pulumi.Output<string>,
        gatewayRole: GatewayRole,
        buckets: pulumi.Output<DataPlaneBuckets>,
    ): GatewayRole | undefined {
        const sa = names.dataserviceServiceAccount;
        if (sa === undefined) return undefined;
        const trust = this.trustContext(spec, cluster, ctx);
        const dp = spec.dataPlane ?? {};
        const hasAccess = dp.logStore !== undefined || dp.finetunesBucket !== undefined || dp.logExportsBucket !== undefined;
        return new GatewayRole(
            `${name}-dataservice-role`,
            {
                description: "Read the Portkey gateway secret from the dataservice's pods",
                trustPolicy: trust.apply((t) => dataserviceTrustPolicy(spec, names, t)),
                accessPolicy: pulumi.all([ctx, secretArn]).apply(([c, arn]) => secretAccessPolicy(spec, c, arn)),
                dataPlanePolicy: hasAccess ? pulumi.all([ctx, buckets]).apply(([c, b]) => dataserviceDataPlanePolicy(b, c)!) : undefined,
                podIdentity:
                    spec.identity === "pod-identity"
                        ? {
                              clusterName: cluster.clusterName,
                              namespace: spec.namespace,
                              serviceAccounts: [sa],
                              dependsOn: cluster.controlPlane,
                              aliases: [{ name: `${name}-role-${sa}`, parent: gatewayRole }],
                          }
                        : undefined,
            },
            { parent: this },
        );
    }

    /**
     * The data plane's buckets: each resolved against the account and region, the ones to create as
     * private buckets, and the chart's environment naming them (derive/dataPlane.ts).
     */
    private dataPlane(name: string, args: PortkeyGatewayArgs, spec: GatewaySpec, names: Names, ctx: pulumi.Output<AwsContext>) {
        const dp = spec.dataPlane ?? {};
        const seed = bucketSeed(pulumi.getProject(), pulumi.getStack(), spec.namespace, names.release);
        const refs = ctx.apply((c) => dataPlaneBuckets(dp, c, seed));
        // Which buckets to create and whether they expire is known before the account is.
        const known = createdBuckets(dataPlaneBuckets(dp, { partition: "", region: "", accountId: "" }, seed));
        const buckets = known.map(
            (b) =>
                new PrivateBucket(
                    `${name}-${b.purpose}`,
                    {
                        spec: pulumi.all([ctx, refs]).apply(([c, r]) =>
                            privateBucketSpec(
                                createdBuckets(r).find((x) => x.purpose === b.purpose)!,
                                c.partition,
                                {},
                            ),
                        ),
                        expires: b.retentionDays !== undefined,
                        retain: args.retainBuckets ?? true,
                    },
                    { parent: this },
                ),
        );
        return { refs, buckets, env: refs.apply((r) => dataPlaneEnvironment(r)) };
    }

    /** For a secret in another account, what its owner grants every role that reads it: the gateway's and the dataservice's. */
    private crossAccountOf(spec: GatewaySpec, ctx: pulumi.Output<AwsContext>, role: GatewayRole, dataserviceRole?: GatewayRole) {
        return pulumi.all([ctx, role.arn, dataserviceRole?.arn]).apply(([c, arn, ds]) => crossAccountGrants(spec, c, ds === undefined ? arn : [arn, ds]));
    }

    /** What Portkey's Bedrock integration needs, with `dataPlane.bedrock`. */
    private bedrockOutput(spec: GatewaySpec, ctx: pulumi.Output<AwsContext>, role: GatewayRole) {
        const bedrock = spec.dataPlane?.bedrock;
        return bedrock ? pulumi.all([ctx, role.arn]).apply(([c, arn]) => bedrockIntegration(bedrock, c, arn)) : undefined;
    }

    /** Who may assume a role of the cluster's pods: its OIDC provider (IRSA) or EKS Pod Identity. */
    private trustContext(spec: GatewaySpec, cluster: GatewayCluster, ctx: pulumi.Output<AwsContext>): pulumi.Output<TrustContext> {
        return spec.identity === "irsa"
            ? pulumi
                  .all([cluster.oidcProviderArn!, cluster.oidcIssuer!])
                  .apply(([oidcProviderArn, oidcIssuer]) => ({ kind: "irsa" as const, oidcProviderArn, oidcIssuer }))
            : pulumi.all([cluster.clusterName, ctx]).apply(([clusterName, c]) => ({
                  kind: "pod-identity" as const,
                  clusterName,
                  accountId: c.accountId,
                  clusterArn: eksClusterArn(c, clusterName),
              }));
    }
}
