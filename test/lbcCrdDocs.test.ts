// `helm upgrade` leaves a chart's CRDs alone, so the docs' upgrade step applies the AWS Load
// Balancer Controller's CRD files by hand (docs/upstream-facts.md#lbc-chart-crds). Chart 3.5.0's
// `crds/` directory (aws/eks-charts@5239609242f3430be50fb0b714a24d3ef2b47983
// `stable/aws-load-balancer-controller/crds/`) holds `crds.yaml`, `gateway-crds.yaml` and a
// `kustomization.yaml` that lists `crds.yaml` alone: a step that applies only `crds.yaml`, or runs
// `kubectl apply -k`, leaves the `gateway.k8s.aws` CRDs at the old version.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { LOAD_BALANCER_CONTROLLER_CHART } from "../derive/loadBalancerController";

/** The CRD files of each chart version the program has pinned, and the eks-charts commit of that version (read upstream). */
const CRD_FILES: Record<string, { commit: string; files: string[] }> = {
    "3.5.0": { commit: "5239609242f3430be50fb0b714a24d3ef2b47983", files: ["crds.yaml", "gateway-crds.yaml"] },
};

const doc = (name: string) => fs.readFileSync(path.join(__dirname, "..", "docs", name), "utf8");

/** The text from `start` up to the first match of `end` after it (the next list item or heading). */
function section(text: string, start: string, end: RegExp): string {
    const at = text.indexOf(start);
    assert.ok(at >= 0, `missing: ${start}`);
    const rest = text.slice(at);
    const stop = rest.slice(start.length).search(end);
    return stop < 0 ? rest : rest.slice(0, start.length + stop);
}

describe("docs: the load balancer controller's CRD upgrade step", () => {
    const version = LOAD_BALANCER_CONTROLLER_CHART.version;
    const pinned = CRD_FILES[version];

    it("knows the CRD files of the pinned chart version (a new pin needs its crds/ directory read)", () => {
        assert.ok(pinned, `chart ${version}: list the files of its crds/ directory here, from aws/eks-charts at its commit`);
    });

    it("docs/endpoint.md applies every CRD file of the pinned version, from that version's commit", () => {
        const step = section(doc("endpoint.md"), "**Upgrading the chart.**", /\n- \*\*|\n#/);
        assert.ok(step.includes(`for ${version}, \`${pinned.commit}\``), "names the pinned version's eks-charts commit");
        assert.ok(step.includes(`/${pinned.commit}/`) || step.includes("<commit>"), "downloads from a commit");
        const apply = step.split("\n").find((l) => l.trim().startsWith("kubectl apply"));
        assert.ok(apply, "has a kubectl apply line");
        assert.ok(!/\s-k\b/.test(apply), "not kubectl apply -k: the kustomization lists crds.yaml alone");
        const applied = [...apply.matchAll(/\$base\/([\w.-]+\.yaml)/g)].map((m) => m[1]);
        assert.deepStrictEqual(applied.sort(), [...pinned.files].sort());
    });

    it("docs/upgrading.md names both files in the upgrade and the rollback steps", () => {
        const text = doc("upgrading.md");
        const upgrade = section(text, "- **Installed by the program** (`install`)", /\n- \*\*/);
        const rollback = section(text, "- **A chart or an image**", /\n- \*\*/);
        for (const [name, step] of [
            ["upgrade", upgrade],
            ["rollback", rollback],
        ]) {
            assert.ok(step.includes(`for ${version}`), `${name}: names the pinned version ${version}`);
            for (const f of pinned.files) assert.ok(step.includes(`\`${f}\``), `${name}: names ${f}`);
        }
    });
});
