import * as assert from "assert";
import { CHARTS } from "./charts";

describe("CHARTS", () => {
    it("names each chart and repository as upstream publishes them", () => {
        assert.deepStrictEqual(CHARTS, {
            // facts.md §1: repo portkey-ai.github.io/helm, chart `gateway` (folder charts/portkey-gateway).
            gateway: { chart: "gateway", repo: "https://portkey-ai.github.io/helm" },
            // facts.md §2: driver, ASCP and Reloader chart repositories.
            csiDriver: { chart: "secrets-store-csi-driver", repo: "https://kubernetes-sigs.github.io/secrets-store-csi-driver/charts" },
            awsProvider: { chart: "secrets-store-csi-driver-provider-aws", repo: "https://aws.github.io/secrets-store-csi-driver-provider-aws" },
            reloader: { chart: "reloader", repo: "https://stakater.github.io/stakater-charts" },
        });
    });
});
