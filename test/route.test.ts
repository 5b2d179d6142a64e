// One route from the stack config to the derivation: `pulumi up` (index.ts → gatewayArgs →
// PortkeyGateway → gatewaySpec) and `npm run verify` (expectedState → stackSpec → the same args and
// gatewaySpec) must derive the same things from the same config, so a config change reaches both.
import * as assert from "assert";
import { parseConfig } from "../config";
import { expectedState, ExpectedState } from "../verify/expected";
import { all, baseConfig, find, gatewayValues, plan, rawConfig, REGION, spcSpec, T, TestConfig, FILE_READ_VALUES } from "./testing";
import type { Plan } from "../offline/run";

function expected(cfg: TestConfig): ExpectedState {
    const raw = rawConfig(cfg);
    return expectedState(parseConfig(raw.config, new Set(raw.secretKeys), raw.stack), REGION);
}

/** What the program registered, in the shape of the checker's expectations. */
function planned(p: Plan) {
    const reloader = all(p, T.release).find((r) => r.name.endsWith("-reloader"));
    const driver = find(p, T.release, "portkey-addons-secrets-store-csi-driver").inputs.values as Record<string, unknown>;
    const env = gatewayValues(p).environment as { secretKeys?: string[] };
    return {
        spc: spcSpec(p),
        // Reload annotations only: the dataservice's token patch sets the pod template, not annotations.
        reloadAnnotations: Object.fromEntries(
            all(p, T.deploymentPatch)
                .map((d) => d.inputs.metadata as { name: string; annotations?: Record<string, string> })
                .filter((meta) => meta.annotations !== undefined)
                // pulumi.com/patchForce tells the provider to take the fields back (components/gatewayRelease.ts); it is no Reloader annotation.
                .map((meta) => [meta.name, Object.fromEntries(Object.entries(meta.annotations!).filter(([k]) => k !== "pulumi.com/patchForce"))])
                .filter(([, annotations]) => Object.keys(annotations).length > 0),
        ),
        reloaderInstalled: reloader !== undefined,
        csiIntegration: (reloader?.inputs.values as { reloader?: { enableCSIIntegration?: boolean } } | undefined)?.reloader?.enableCSIIntegration === true,
        rotationPollInterval: driver.rotationPollInterval,
        secretKeys: env.secretKeys,
    };
}

function fromVerify(e: ExpectedState) {
    const sp = e.secretProviderClass;
    return {
        spc: { provider: sp.provider, parameters: sp.parameters, ...(sp.secretObjects ? { secretObjects: sp.secretObjects } : {}) },
        reloadAnnotations: Object.fromEntries(
            e.deployments.filter((d) => Object.keys(d.reloadAnnotations).length > 0).map((d) => [d.name, d.reloadAnnotations]),
        ),
        reloaderInstalled: e.reloader.source === "install",
        // The checker expects the CSI integration of any Reloader; the program configures only the one it installs.
        csiIntegration: e.reloader.source === "install" && e.reloader.csiIntegration,
        rotationPollInterval: e.csiDriver.rotationPollInterval,
        secretKeys: e.mode === "mount-only" ? undefined : e.awsKeys,
    };
}

const CHANGES: Array<[string, TestConfig]> = [
    ["the minimal stack", {}],
    ["rotation on: Reloader installed by default", { rotation: { enabled: true } }],
    [
        "rotation on with a 90m interval in mount-only mode (Reloader's CSI integration)",
        { secretsMode: "mount-only", secretValues: FILE_READ_VALUES, rotation: { enabled: true, pollInterval: "90m" } },
    ],
    ["an existing Reloader", { rotation: { enabled: true, reloader: "existing" } }],
    [
        "an adopted secret, the dataservice on, Pod Identity",
        {
            secret: { existing: "team/portkey" },
            secretValues: undefined,
            secretKeys: ["REDIS_URL"],
            identity: "pod-identity",
            gateway: { dataservice: { enabled: true } },
        },
    ],
    ["full mode with a failover region", { secretsMode: "full", env: {}, secret: { failoverRegion: "us-west-2" } }],
];

describe("one route: the program and verify derive the same from a config", () => {
    for (const [what, change] of CHANGES) {
        it(what, async () => {
            const cfg = baseConfig(change);
            assert.deepStrictEqual(planned(await plan(cfg)), fromVerify(expected(cfg)));
        });
    }

    it("a config change reaches both: the poll interval becomes 5400s in the driver's values and in verify's flag", async () => {
        const cfg = baseConfig({ rotation: { enabled: true, pollInterval: "1h30m" } });
        assert.strictEqual(planned(await plan(cfg)).rotationPollInterval, "5400s");
        assert.strictEqual(expected(cfg).csiDriver.rotationPollInterval, "5400s");
    });
});
