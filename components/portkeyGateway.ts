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
import { partitionOfRegion } from "../derive/partition";
import { secretProviderClassSpec } from "../derive/secretProviderClass";
import { gatewaySpec, GatewaySpecInput } from "../derive/spec";
import { validationCommands } from "../derive/validationCommands";
import { ClusterAddons } from "./clusterAddons";
import { GatewayCluster, GatewayClusterArgs } from "./cluster";
import { GatewayRelease } from "./gatewayRelease";
import { GatewayRole } from "./gatewayRole";
import { GatewaySecret, GatewaySecretArgs } from "./gatewaySecret";
import { GatewaySecretProviderClass } from "./secretProviderClass";

export interface PortkeyGatewayArgs extends Omit<GatewaySpecInput, "secret" | "clusterName" | "imageCredentials"> {
    /** The cluster: `create` a new one, use `existingName`, or take it `fromStack`. The region comes from the AWS provider. */
    cluster: Omit<GatewayClusterArgs, "region" | "irsa">;
    /** Create the namespace. Default true. */
    createNamespace?: boolean;
    /** Install the CSI driver and ASCP (at the tested chart versions unless given). `false`: the cluster has them. Default: install. */
    addons?: false | { csiDriverChartVersion?: string; awsProviderChartVersion?: string };
    /** Reloader chart version when `rotation.reloader` is "install". Default the tested version. */
    reloaderChartVersion?: string;
    /** The secret to create (with `values`) or adopt (`existing`), see GatewaySecretArgs. */
    secret: Omit<GatewaySecretArgs, "mountedKeys">;
    /** Registry credentials for the enterprise image: a dockerconfigjson Secret, kept out of the chart values. */
    imageCredentials?: pulumi.Input<ImageCredentials>;
}

/** The resolved settings of the args (derive/spec.ts applies the defaults). */
function specOf(args: PortkeyGatewayArgs): GatewaySpec {
    const c = args.cluster;
    return gatewaySpec({
        ...args,
        // A cluster from another stack is named only at deploy time; commands name it through the output.
        clusterName: c.create?.name ?? c.existingName ?? (c.fromStack ? "$(pulumi stack output clusterName)" : ""),
        secret: {
            ...args.secret,
            failoverRegion: args.secret.replica?.region,
            failoverKmsKeyArn: args.secret.replica?.kmsKeyArn,
            valueKeys: Object.keys(args.secret.values ?? {}),
        },
    });
}

/**
 * The Portkey AI Gateway on EKS with its secrets in AWS Secrets Manager: cluster, add-ons,
 * secret, IAM role, SecretProviderClass and the gateway Helm release, wired for one secrets mode.
 */
export class PortkeyGateway extends pulumi.ComponentResource {
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
        const spec = specOf(args);
        const names = gatewayNames(spec);
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const ctx = this.awsContext(region);

        const cluster = new GatewayCluster(`${name}-cluster`, { ...args.cluster, irsa: spec.identity === "irsa", region }, { parent: this });
        const k8sOpts = { parent: this, providers: { kubernetes: cluster.provider } };
        const secret = new GatewaySecret(`${name}-secret`, { ...args.secret, mountedKeys: spec.awsKeys }, { parent: this });
        // The namespace every Kubernetes resource of the gateway names, released by the key check.
        const checkedNamespace = secret.checkedObjectName.apply(() => spec.namespace);
        // The add-ons take no input of ours to route the check through; an Output dependsOn waits for it.
        const addons = this.addons(name, args, spec, { ...k8sOpts, dependsOn: secret.checkedObjectName.apply((): pulumi.Resource[] => []) });
        const namespace =
            (args.createNamespace ?? true)
                ? new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: checkedNamespace } }, { parent: this, provider: cluster.provider })
                : undefined;
        const secretArn = pulumi.all([ctx, secret.arn]).apply(([c, created]) => secretResourceArn(spec, c, created));
        const role = this.role(name, spec, names, cluster, ctx, secretArn);

        const spc = new GatewaySecretProviderClass(
            `${name}-spc`,
            { name: names.secretProviderClass, namespace: checkedNamespace, spec: region.apply((r) => secretProviderClassSpec(spec, names, r)) },
            { ...k8sOpts, dependsOn: [...(addons?.ready ?? []), ...(namespace ? [namespace] : [])] },
        );
        // Children register only after their parent, which waits for these dependencies.
        const dependsOn = [
            spc,
            ...role.ready,
            ...secret.ready,
            ...(namespace ? [namespace] : []),
            ...(cluster.podIdentityAgent ? [cluster.podIdentityAgent] : []),
        ];
        this.release(name, args, spec, names, checkedNamespace, role.arn, { ...k8sOpts, dependsOn });

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

    /** Partition (from the region), region and account of the AWS provider. */
    private awsContext(region: pulumi.Output<string>): pulumi.Output<AwsContext> {
        return pulumi
            .all([region, aws.getCallerIdentityOutput({}, { parent: this }).accountId])
            .apply(([r, accountId]) => ({ partition: partitionOfRegion(r), region: r, accountId }));
    }

    private release(
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
            },
            opts,
        );
    }

    private addons(name: string, args: PortkeyGatewayArgs, spec: GatewaySpec, opts: pulumi.ComponentResourceOptions): ClusterAddons | undefined {
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

    private role(
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
