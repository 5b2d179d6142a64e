// Sources: EKS user guide "metrics-server" (it isn't deployed by default); kubernetes-sigs/metrics-server
// README "Compatibility Matrix" (0.8.x needs Kubernetes 1.31+); docs/availability.md.
import * as assert from "assert";
import { ruleInput, run } from "../testing";
import { createdClusterHasNoMetricsApi, metricsServerRunsOnVersion } from "./autoscaling";

const base = ruleInput().s;
const input = (cluster: object, metricsServer: "install" | "existing", hpa: boolean) =>
    ruleInput({
        cluster: { ...base.cluster, ...cluster },
        addons: { ...base.addons, metricsServer },
        gateway: { ...base.gateway, autoscaling: { ...base.gateway.autoscaling, enabled: hpa } },
    });

describe("createdClusterHasNoMetricsApi", () => {
    it("refuses an HPA on a created cluster declared to have a metrics API already", () => {
        const out = run(createdClusterHasNoMetricsApi, input({ create: true }, "existing", true));
        assert.strictEqual(out.length, 1);
        assert.match(out[0], /^portkey-gateway:addons\.metricsServer: is existing, but a cluster the program creates serves no resource metrics API/);
    });
    it("accepts install, an existing cluster's own API, and no HPA", () => {
        assert.deepStrictEqual(run(createdClusterHasNoMetricsApi, input({ create: true }, "install", true)), []);
        assert.deepStrictEqual(run(createdClusterHasNoMetricsApi, input({ create: false, name: "c" }, "existing", true)), []);
        assert.deepStrictEqual(run(createdClusterHasNoMetricsApi, input({ create: true }, "existing", false)), []);
    });
});

describe("metricsServerRunsOnVersion", () => {
    it("refuses installing it on a cluster older than 1.31, naming the version key", () => {
        const created = run(metricsServerRunsOnVersion, input({ create: true, version: "1.30" }, "install", true));
        assert.strictEqual(created.length, 1);
        assert.match(created[0], /addons\.metricsServer: is install, but metrics-server 0\.8\.x needs Kubernetes 1\.31 or later and cluster\.version is older/);
        const existing = run(metricsServerRunsOnVersion, input({ create: false, kubernetesVersion: "1.30" }, "install", true));
        assert.match(existing[0], /cluster\.kubernetesVersion is older/);
    });
    it("accepts 1.31, and any version when the cluster has its own", () => {
        assert.deepStrictEqual(run(metricsServerRunsOnVersion, input({ create: true, version: "1.31" }, "install", true)), []);
        assert.deepStrictEqual(run(metricsServerRunsOnVersion, input({ create: false, kubernetesVersion: "1.30" }, "existing", true)), []);
    });
});
