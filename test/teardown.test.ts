// Teardown order: what `pulumi destroy` needs to finish cleanly is expressed as dependencies, and
// Pulumi deletes a resource before anything it depends on (docs/e2e.md "Teardown order").
import * as assert from "assert";
import { baseConfig, find, plan, T } from "./testing";

const DRIVER = "portkey-addons-secrets-store-csi-driver";
const ASCP = "portkey-addons-secrets-store-csi-driver-provider-aws";
const RELOADER = "portkey-addons-reloader";

describe("teardown order", () => {
    it("the gateway's namespace goes before the CSI driver, ASCP and Reloader (its pods unmount through the driver)", async () => {
        const p = await plan(baseConfig({ rotation: { enabled: true, reloader: "install" } }));
        const ns = find(p, T.namespace, "portkey-namespace");
        assert.deepStrictEqual([...ns.dependsOn].sort(), [DRIVER, ASCP, RELOADER].sort());
        // Deleting a namespace waits for its pods; the release, which lives in it, goes first.
        assert.ok(find(p, "portkey:gateway:GatewayRelease", "portkey-gateway").dependsOn.includes("portkey-namespace"));
    });
    it("the gateway release goes before Reloader, and Reloader before the driver", async () => {
        const p = await plan(baseConfig({ rotation: { enabled: true, reloader: "install" } }));
        assert.ok(find(p, "portkey:gateway:GatewayRelease", "portkey-gateway").dependsOn.includes(RELOADER));
        assert.deepStrictEqual(find(p, T.release, RELOADER).dependsOn, [DRIVER]);
    });
    it("without Reloader or a created namespace, no edge names what is not there", async () => {
        const p = await plan(baseConfig());
        assert.deepStrictEqual([...find(p, T.namespace, "portkey-namespace").dependsOn].sort(), [DRIVER, ASCP].sort());
        assert.ok(!find(p, "portkey:gateway:GatewayRelease", "portkey-gateway").dependsOn.includes(RELOADER));
        const existing = await plan(baseConfig({ createNamespace: false, namespace: "shared" }));
        assert.ok(!existing.resources.some((r) => r.type === T.namespace));
    });
});
