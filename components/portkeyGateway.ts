import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addonChartValues, reloadAnnotations } from "../derive/addonValues";
import { DEFAULT_VERSIONS } from "../derive/defaults";
import { disruptionBudgets } from "../derive/availability";
import { gatewayChartValues } from "../derive/gatewayValues";
import { AwsContext, eksClusterArn, gatewayTrustPolicy, secretAccessPolicy, secretResourceArn, TrustContext } from "../derive/iam";
import { CrossAccountGrants, crossAccountGrants } from "../derive/crossAccount";
import type { GatewaySpec, ImageCredentials } from "../derive/inputs";
import { gatewayNames, Names } from "../derive/names";
import { namespaceLabels } from "../derive/namespace";
import { podTemplatePatches } from "../derive/workloadSecurity";
import { secretProviderClassSpec } from "../derive/secretProviderClass";
import { gatewaySpec, GatewaySpecInput } from "../derive/spec";
import { validationCommands } from "../derive/validationCommands";
import { ClusterAddons } from "./clusterAddons";
import { GatewayCluster, GatewayClusterArgs } from "./cluster";
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
    /** The SecretProviderClass the pods mount. */
    readonly secretProviderClass: GatewaySecretProviderClass;
    /** The gateway Helm release, its pull secret, Reloader patches and disruption budgets. */
    readonly release: GatewayRelease;
    readonly clusterName: pulumi.Output<string>;
    readonly roleArn: pulumi.Output<string>;
    readonly secretArn: pulumi.Output<string>;
    readonly secretProviderClassName: string;
    readonly syncedSecretName?: string;
    readonly releaseName: string;
    readonly namespace: string;
    readonly validationCommands: pulumi.Output<string[]>;
    /** For a secret in another account: the policies its owner must apply (undefined otherwise). */
    readonly crossAccountGrants: pulumi.Output<CrossAccountGrants | undefined>;

    constructor(name: string, args: PortkeyGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:index:PortkeyGateway", name, {}, opts);
        const spec = gatewaySpec(args);
        const names = gatewayNames(spec);
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const ctx = this.awsContext(region);

        const cluster = new GatewayCluster(`${name}-cluster`, { ...args.cluster, irsa: spec.identity === "irsa", region }, { parent: this });
        const k8sOpts = { parent: this, providers: { kubernetes: cluster.provider } };
        const secret = new GatewaySecret(`${name}-secret`, { ...args.secret, mountedKeys: spec.awsKeys }, { parent: this });
        // The namespace every Kubernetes resource of the gateway names, released by the key check.
        const checkedNamespace = secret.checkedObjectName.apply(() => spec.namespace);
        // The add-ons take no input of ours to route the check through; an Output dependsOn waits for it.
        const addons = this.clusterAddons(name, args, spec, { ...k8sOpts, dependsOn: secret.checkedObjectName.apply((): pulumi.Resource[] => []) });
        const namespace = (args.createNamespace ?? true) ? this.gatewayNamespace(name, spec, checkedNamespace, cluster, addons) : undefined;
        const secretArn = pulumi.all([ctx, secret.arn]).apply(([c, created]) => secretResourceArn(spec, c, created));
        const role = this.gatewayRole(name, spec, names, cluster, ctx, secretArn);

        const spc = new GatewaySecretProviderClass(
            `${name}-spc`,
            { name: names.secretProviderClass, namespace: checkedNamespace, spec: region.apply((r) => secretProviderClassSpec(spec, names, r)) },
            { ...k8sOpts, dependsOn: [...(addons?.ready ?? []), ...(namespace ? [namespace] : [])] },
        );
        // Children register only after their parent, which waits for these dependencies.
        // Reloader before the gateway: it then sees the Deployments' annotations from their start, and is removed after them.
        const dependsOn = [
            ...(addons?.reloader ? [addons.reloader] : []),
            spc,
            ...role.ready,
            ...secret.ready,
            ...(namespace ? [namespace] : []),
            ...(cluster.podIdentityAgent ? [cluster.podIdentityAgent] : []),
        ];
        const release = this.gatewayRelease(name, args, spec, names, checkedNamespace, role.arn, { ...k8sOpts, dependsOn });

        this.spec = spec;
        this.cluster = cluster;
        this.provider = cluster.provider;
        this.addons = addons;
        this.namespaceResource = namespace;
        this.secret = secret;
        this.role = role;
        this.secretProviderClass = spc;
        this.release = release;

        this.clusterName = cluster.clusterName;
        this.roleArn = role.arn;
        this.secretArn = secretArn;
        this.secretProviderClassName = names.secretProviderClass;
        this.syncedSecretName = names.syncedSecret;
        this.releaseName = names.release;
        this.namespace = spec.namespace;
        this.validationCommands = region.apply((r) => validationCommands(spec, names, r));
        this.crossAccountGrants = pulumi.all([ctx, role.arn]).apply(([c, arn]) => crossAccountGrants(spec, c, arn));
        this.registerOutputs({
            clusterName: this.clusterName,
            roleArn: this.roleArn,
            secretArn: this.secretArn,
            secretProviderClassName: this.secretProviderClassName,
            syncedSecretName: this.syncedSecretName,
            releaseName: this.releaseName,
        });
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
            { metadata: { name: namespace, labels: namespaceLabels(spec) } },
            { parent: this, provider: cluster.provider, dependsOn: addonReleases },
        );
    }

    /** Partition, region and account of the AWS provider. */
    private awsContext(region: pulumi.Output<string>): pulumi.Output<AwsContext> {
        return pulumi
            .all([aws.getPartitionOutput({}, { parent: this }).partition, region, aws.getCallerIdentityOutput({}, { parent: this }).accountId])
            .apply(([partition, r, accountId]) => ({ partition, region: r, accountId }));
    }

    private gatewayRelease(
        name: string,
        args: PortkeyGatewayArgs,
        spec: GatewaySpec,
        names: Names,
        namespace: pulumi.Output<string>,
        roleArn: pulumi.Output<string>,
        opts: pulumi.ComponentResourceOptions,
    ): GatewayRelease {
        return new GatewayRelease(
            `${name}-gateway`,
            {
                releaseName: names.release,
                chartVersion: spec.gateway.chartVersion,
                namespace,
                values: roleArn.apply((arn) => gatewayChartValues(spec, names, arn)),
                pullSecret:
                    names.pullSecret && args.imageCredentials ? { name: names.pullSecret, credentials: pulumi.secret(args.imageCredentials) } : undefined,
                reloadAnnotations: reloadAnnotations(spec, names),
                disruptionBudgets: disruptionBudgets(spec, names),
                podTemplatePatches: podTemplatePatches(names),
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
    ): GatewayRole {
        const trust: pulumi.Output<TrustContext> =
            spec.identity === "irsa"
                ? pulumi
                      .all([cluster.oidcProviderArn!, cluster.oidcIssuer!])
                      .apply(([oidcProviderArn, oidcIssuer]) => ({ kind: "irsa" as const, oidcProviderArn, oidcIssuer }))
                : pulumi.all([cluster.clusterName, ctx]).apply(([clusterName, c]) => ({
                      kind: "pod-identity" as const,
                      clusterName,
                      accountId: c.accountId,
                      clusterArn: eksClusterArn(c, clusterName),
                  }));
        return new GatewayRole(
            `${name}-role`,
            {
                trustPolicy: trust.apply((t) => gatewayTrustPolicy(spec, names, t)),
                accessPolicy: pulumi.all([ctx, secretArn]).apply(([c, arn]) => secretAccessPolicy(spec, c, arn)),
                podIdentity:
                    spec.identity === "pod-identity"
                        ? {
                              clusterName: cluster.clusterName,
                              namespace: spec.namespace,
                              serviceAccounts: names.serviceAccounts,
                              dependsOn: cluster.controlPlane,
                          }
                        : undefined,
            },
            { parent: this },
        );
    }
}
