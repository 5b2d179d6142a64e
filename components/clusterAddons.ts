import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AddonValues } from "../derive/addonValues";
import { CHARTS } from "../derive/charts";
import { ADDONS_NAMESPACE } from "../derive/constants";
import { DEFAULT_VERSIONS } from "../derive/defaults";
import { METRICS_SERVER, METRICS_SERVER_CHART } from "../derive/metricsServer";

export interface ClusterAddonsArgs {
    values: AddonValues;
    csiDriverChartVersion: string;
    awsProviderChartVersion: string;
    reloaderChartVersion: string;
}

/**
 * The Secrets Store CSI driver, its AWS provider (ASCP) and, when rotation should reach pods,
 * Reloader, each as a Helm release in kube-system. The driver is its own release so that its
 * version is a setting; ASCP is told not to install it a second time.
 */
export class ClusterAddons extends pulumi.ComponentResource {
    readonly csiDriver: k8s.helm.v3.Release;
    readonly awsProvider: k8s.helm.v3.Release;
    readonly reloader?: k8s.helm.v3.Release;
    /** What must exist before a SecretProviderClass can be applied and mounted. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:addons:ClusterAddons", name, {}, opts);
        const release = (
            suffix: string,
            chart: { chart: string; repo: string },
            version: string,
            values: Record<string, unknown>,
            dependsOn: pulumi.Resource[] = [],
        ) =>
            new k8s.helm.v3.Release(
                `${name}-${suffix}`,
                {
                    name: suffix,
                    chart: chart.chart,
                    version,
                    repositoryOpts: { repo: chart.repo },
                    namespace: ADDONS_NAMESPACE,
                    values,
                    atomic: true,
                },
                { parent: this, dependsOn },
            );

        this.csiDriver = release("secrets-store-csi-driver", CHARTS.csiDriver, args.csiDriverChartVersion, args.values.csiDriver);
        this.awsProvider = release("secrets-store-csi-driver-provider-aws", CHARTS.awsProvider, args.awsProviderChartVersion, args.values.awsProvider, [
            this.csiDriver,
        ]);
        if (args.values.reloader) {
            // Reloader looks for the driver's CRDs once at start-up; without them it never watches CSI.
            this.reloader = release("reloader", CHARTS.reloader, args.reloaderChartVersion, args.values.reloader, [this.csiDriver]);
        }
        this.ready = [this.csiDriver, this.awsProvider];

        this.registerOutputs({ releases: [this.csiDriver, this.awsProvider, this.reloader].filter((r) => r).map((r) => r!.name) });
    }
}

export interface MetricsServerArgs {
    /** Chart values from `metricsServerValues`. */
    values: Record<string, unknown>;
    /** @default DEFAULT_VERSIONS.metricsServerChart */
    chartVersion?: string;
}

/**
 * metrics-server (kubernetes-sigs chart, pinned) in kube-system: the resource metrics API the
 * gateway's HPA reads. EKS deploys none (docs/availability.md, "The metrics API").
 */
export class MetricsServer extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: MetricsServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("portkey:addons:MetricsServer", name, {}, opts);
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: METRICS_SERVER.release,
                chart: METRICS_SERVER_CHART.chart,
                version: args.chartVersion ?? DEFAULT_VERSIONS.metricsServerChart,
                repositoryOpts: { repo: METRICS_SERVER_CHART.repo },
                namespace: METRICS_SERVER.namespace,
                values: args.values,
                atomic: true,
            },
            { parent: this },
        );
        this.registerOutputs({ release: this.release.name });
    }
}
