// A created cluster's Kubernetes version under the plan: the default in standard support, a
// version in extended support reported with its cost, refusals, the node group following the
// control plane, EKS's upgrade policy, and one minor version per update. The test day is fixed
// in test/mocha.setup.ts (2026-11-30). Dates: the EKS user guide's release calendar
// (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html).
import program = require("../index");
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_VERSIONS } from "../derive/defaults";
import { LOAD_BALANCER_CONTROLLER_CHART } from "../derive/loadBalancerController";
import { Plan, runProgram } from "../offline/run";
import { CREATED_CLUSTER, baseConfig, find, plan, rawConfig, TestConfig } from "./testing";

/** Runs the program while collecting what it logs (Pulumi prints with console when no engine runs). */
async function logged(run: () => Promise<unknown>): Promise<string[]> {
    const lines: string[] = [];
    const [warn, error] = [console.warn, console.error];
    console.warn = (...a: unknown[]) => lines.push(a.join(" "));
    console.error = (...a: unknown[]) => lines.push(a.join(" "));
    try {
        await run();
    } finally {
        [console.warn, console.error] = [warn, error];
    }
    return lines;
}

const withRunning = (cfg: TestConfig, running: Record<string, string>) => runProgram(program, rawConfig(cfg), undefined, { runningClusters: running });

describe("a created cluster's Kubernetes version", () => {
    it("defaults to 1.36, in standard support until 2027-08-02, and says so", async () => {
        let p: Plan | undefined;
        const lines = await logged(async () => {
            p = await runProgram(program, rawConfig(baseConfig({ cluster: CREATED_CLUSTER })));
        });
        assert.strictEqual(find(p!, "eks:index:Cluster").inputs.version, "1.36");
        assert.ok(
            lines.some((l) => l.includes("info: [runtime] Kubernetes 1.36 is in EKS standard support until 2027-08-02")),
            lines.join("\n"),
        );
    });

    it("at 1.33 warns of extended support until 2027-07-29 and its cost, naming cluster.version and the value to set", async () => {
        const lines = await logged(() => runProgram(program, rawConfig(baseConfig({ cluster: { version: "1.33" } }))));
        const warning = lines.find((l) => l.startsWith("warning: [runtime] Kubernetes 1.33 (cluster.version) is in EKS extended support until 2027-07-29"));
        assert.ok(warning, lines.join("\n"));
        assert.match(warning, /\$0\.60 per cluster hour instead of \$0\.10/);
        assert.match(warning, /set cluster\.version to 1\.36 for a cluster not created yet, or to 1\.34 for a cluster that already runs 1\.33/);
    });

    it("refuses cluster.supportType STANDARD at 1.33, already in extended support, which EKS cannot leave", async () => {
        await assert.rejects(
            plan(baseConfig({ cluster: { version: "1.33", supportType: "STANDARD" } })),
            /portkey-gateway:cluster\.supportType: is STANDARD, but Kubernetes 1\.33 has been in EKS extended support since 2026-07-29.*Fix: set cluster\.supportType to EXTENDED/,
        );
    });

    it("refuses a version past extended support (1.31 ended 2026-11-26) before registering anything", async () => {
        await assert.rejects(
            plan(baseConfig({ cluster: { version: "1.31" } })),
            /portkey-gateway:cluster\.version: reached the end of EKS extended support on 2026-11-26.*Fix: set cluster\.version to 1\.36\./,
        );
    });

    it("refuses a version EKS does not offer, saying where its dates go", async () => {
        await assert.rejects(plan(baseConfig({ cluster: { version: "1.90" } })), /not in the program's EKS release calendar.*derive\/eksVersions\.ts/);
    });

    it("is given to the node group too, so nodes follow the control plane", async () => {
        const p = await plan(baseConfig({ cluster: { version: "1.34" } }));
        assert.strictEqual(find(p, "eks:index:ManagedNodeGroup").inputs.version, "1.34");
        assert.strictEqual(find(p, "eks:index:Cluster").inputs.version, "1.34");
    });

    it("sets EKS's upgrade policy: EXTENDED by default, STANDARD when chosen", async () => {
        const p = await plan(baseConfig({ cluster: CREATED_CLUSTER }));
        assert.deepStrictEqual(find(p, "eks:index:Cluster").inputs.upgradePolicy, { supportType: "EXTENDED" });
        const standard = await plan(baseConfig({ cluster: { supportType: "STANDARD" } }));
        assert.deepStrictEqual(find(standard, "eks:index:Cluster").inputs.upgradePolicy, { supportType: "STANDARD" });
    });

    it("refuses two minor versions in one update of a running cluster, with the path", async () => {
        // baseConfig's cluster is portkey-test (stack "test").
        await assert.rejects(
            withRunning(baseConfig({ cluster: CREATED_CLUSTER }), { "portkey-test": "1.33" }),
            /portkey-gateway:cluster\.version: would move the running cluster \(at 1\.33\) more than one minor version.*upgrade through 1\.33 -> 1\.34 -> 1\.35 -> 1\.36/,
        );
    });

    it("takes one minor step of a running cluster, and ignores other clusters in the account", async () => {
        const p = await withRunning(baseConfig({ cluster: CREATED_CLUSTER }), { "portkey-test": "1.35", other: "1.29" });
        assert.strictEqual(find(p!, "eks:index:Cluster").inputs.version, "1.36");
        assert.ok(p.calls.includes("aws:eks/getCluster:getCluster"));
        const fresh = await withRunning(baseConfig({ cluster: CREATED_CLUSTER }), { other: "1.29" });
        assert.ok(!fresh.calls.includes("aws:eks/getCluster:getCluster"));
    });

    it("refuses a downgrade of a running cluster", async () => {
        await assert.rejects(
            withRunning(baseConfig({ cluster: { version: "1.35" } }), { "portkey-test": "1.36" }),
            /the program only upgrades, a step back is EKS's rollback/,
        );
    });
});

describe("the versions the docs state", () => {
    const doc = (name: string) => fs.readFileSync(path.join(__dirname, "..", "docs", name), "utf8");
    it("docs/versions.md's pin table lists every pinned chart and the default Kubernetes version, the load balancer controller's included", () => {
        const table = doc("versions.md").split("## The EKS version")[0];
        const pins = [...table.matchAll(/^\| [^|]+ \| `([\d.]+)` \|/gm)].map((m) => m[1]);
        for (const v of [...Object.values(DEFAULT_VERSIONS), LOAD_BALANCER_CONTROLLER_CHART.version])
            assert.ok(pins.includes(v), `${v} not in ${pins.join(", ")}`);
        assert.doesNotMatch(doc("versions.md"), /not installed by this program/);
    });
    it("docs/security.md gives the default Kubernetes version the namespace labels pin", () => {
        const security = doc("security.md");
        assert.match(security, new RegExp(`for an existing one, default \`${DEFAULT_VERSIONS.kubernetes.replace(".", "\\.")}\``));
        for (const mode of ["enforce", "warn", "audit"]) assert.ok(security.includes(`${mode}-version: v${DEFAULT_VERSIONS.kubernetes}`), mode);
    });
});
