// Rules of autoscaling: an HPA needs the resource metrics API, and the pinned metrics-server chart
// runs only on the Kubernetes versions its app line supports (docs/upstream-facts.md#metrics-server-chart).
import { DEFAULT_VERSIONS } from "../../derive/defaults";
import { metricsServerVersionProblem } from "../../derive/metricsServer";
import { Rule } from "./rule";

export const createdClusterHasNoMetricsApi: Rule = ({ s }, p) => {
    if (s.cluster.create && s.addons.metricsServer === "existing" && s.gateway.autoscaling.enabled) {
        p.add(
            "addons.metricsServer",
            "is existing, but a cluster the program creates serves no resource metrics API (EKS deploys no metrics-server), so gateway.autoscaling would never read CPU",
            "set addons.metricsServer to install (the default for a created cluster), or turn gateway.autoscaling.enabled off",
        );
    }
};

export const metricsServerRunsOnVersion: Rule = ({ s }, p) => {
    if (s.addons.metricsServer !== "install") return;
    const [minor, key] = s.cluster.create ? [s.cluster.version, "cluster.version"] : [s.cluster.kubernetesVersion, "cluster.kubernetesVersion"];
    const problem = metricsServerVersionProblem(DEFAULT_VERSIONS.metricsServerChart, minor);
    if (problem) {
        p.add(
            "addons.metricsServer",
            `is install, but ${problem} and ${key} is older`,
            `raise ${key} to a supported version, or install a metrics-server that supports it yourself and set addons.metricsServer to existing`,
        );
    }
};

export const AUTOSCALING_RULES: Rule[] = [createdClusterHasNoMetricsApi, metricsServerRunsOnVersion];
