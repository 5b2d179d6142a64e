import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { addonChartValues, reloadAnnotations } from "../derive/addonValues";
import { gatewayChartValues } from "../derive/gatewayValues";
import { AwsContext, gatewayTrustPolicy, secretAccessPolicy, secretResourceArn, TrustContext } from "../derive/iam";
import { gatewayNames } from "../derive/names";
import { secretProviderClassSpec } from "../derive/secretProviderClass";
import { validationCommands } from "../derive/validationCommands";
import { ClusterAddons } from "./clusterAddons";
import { GatewayCluster } from "./cluster";
import { Config } from "./config";
import { GatewayRelease } from "./gatewayRelease";
import { GatewayRole } from "./gatewayRole";
import { GatewaySecret } from "./gatewaySecret";
import { GatewaySecretProviderClass } from "./secretProviderClass";

export interface PortkeyGatewayArgs {
    /** Validated stack config (see `parseConfig`). */
    config: Config;
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
    readonly validationCommands: string[];

    constructor(name: string, args: PortkeyGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:index:PortkeyGateway", name, {}, opts);
        const cfg = args.config;
        const names = gatewayNames(cfg);
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const ctx: pulumi.Output<AwsContext> = pulumi
            .all([aws.getPartitionOutput({}, { parent: this }).partition, region, aws.getCallerIdentityOutput({}, { parent: this }).accountId])
            .apply(([partition, r, accountId]) => ({ partition, region: r, accountId }));

        const cluster = new GatewayCluster(`${name}-cluster`, { config: cfg.cluster, identity: cfg.identity, region }, { parent: this });
        const k8sOpts = { parent: this, providers: { kubernetes: cluster.provider } };

        const addons = cfg.addons.install
            ? new ClusterAddons(
                  `${name}-addons`,
                  {
                      values: addonChartValues(cfg),
                      csiDriverChartVersion: cfg.addons.csiDriverChartVersion,
                      awsProviderChartVersion: cfg.addons.awsProviderChartVersion,
                      reloaderChartVersion: cfg.rotation.reloaderChartVersion,
                  },
                  k8sOpts,
              )
            : undefined;

        const namespace = cfg.createNamespace
            ? new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: cfg.namespace } }, { parent: this, provider: cluster.provider })
            : undefined;

        const secret = new GatewaySecret(
            `${name}-secret`,
            {
                name: cfg.secret.name,
                values: cfg.secretValues,
                existing: cfg.secret.existing,
                kmsKeyArn: cfg.secret.kmsKeyArn,
                recoveryWindowInDays: cfg.secret.recoveryWindowInDays,
            },
            { parent: this },
        );
        const secretArn = pulumi.all([ctx, secret.arn]).apply(([c, created]) => secretResourceArn(cfg, c, created));

        const trust: pulumi.Output<TrustContext> =
            cfg.identity === "irsa"
                ? pulumi.all([cluster.oidcProviderArn!, cluster.oidcIssuer!]).apply(([oidcProviderArn, oidcIssuer]) => ({ kind: "irsa" as const, oidcProviderArn, oidcIssuer }))
                : cluster.clusterName.apply((clusterName) => ({ kind: "pod-identity" as const, clusterName }));
        const role = new GatewayRole(
            `${name}-role`,
            {
                trustPolicy: trust.apply((t) => gatewayTrustPolicy(cfg, names, t)),
                accessPolicy: pulumi.all([ctx, secretArn]).apply(([c, arn]) => secretAccessPolicy(cfg, c, arn)),
                podIdentity:
                    cfg.identity === "pod-identity"
                        ? { clusterName: cluster.clusterName, namespace: cfg.namespace, serviceAccounts: names.serviceAccounts, dependsOn: cluster.controlPlane }
                        : undefined,
            },
            { parent: this },
        );

        const spc = new GatewaySecretProviderClass(
            `${name}-spc`,
            { name: names.secretProviderClass, namespace: cfg.namespace, spec: region.apply((r) => secretProviderClassSpec(cfg, names, r)) },
            { ...k8sOpts, dependsOn: [...(addons?.ready ?? []), ...(namespace ? [namespace] : [])] },
        );

        // Children register only after their parent, which waits for these dependencies.
        new GatewayRelease(
            `${name}-gateway`,
            {
                releaseName: names.release,
                chartVersion: cfg.gateway.chartVersion,
                namespace: cfg.namespace,
                values: role.arn.apply((arn) => gatewayChartValues(cfg, names, arn)),
                pullSecret: names.pullSecret && cfg.imageCredentials ? { name: names.pullSecret, credentials: pulumi.secret(cfg.imageCredentials) } : undefined,
                reloadAnnotations: reloadAnnotations(cfg, names),
            },
            {
                ...k8sOpts,
                dependsOn: [
                    spc,
                    ...role.ready,
                    ...secret.ready,
                    ...(namespace ? [namespace] : []),
                    ...(cluster.podIdentityAgent ? [cluster.podIdentityAgent] : []),
                ],
            },
        );

        this.clusterName = cluster.clusterName;
        this.roleArn = role.arn;
        this.secretArn = secretArn;
        this.secretProviderClassName = names.secretProviderClass;
        this.syncedSecretName = names.syncedSecret;
        this.releaseName = names.release;
        this.namespace = cfg.namespace;
        this.validationCommands = validationCommands(cfg, names);
        this.registerOutputs({
            clusterName: this.clusterName,
            roleArn: this.roleArn,
            secretArn: this.secretArn,
            secretProviderClassName: this.secretProviderClassName,
            syncedSecretName: this.syncedSecretName,
            releaseName: this.releaseName,
        });
    }
}
