// The live read under EKS Auto Mode, against a stand-in API server on 127.0.0.1: verify gets the
// ConfigMap kube-system/amazon-vpc-cni by name (the switch of its NetworkPolicy controller, EKS user guide
// auto-net-pol), a 404 is "absent" rather than a failed read, and a node-group stack never asks for it.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { ExpectedState } from "./expected";
import { readLive } from "./live";
import { answer, kubeconfigYaml } from "./standinApi";
import { autoModeState, healthyObjects, stackState, without } from "./testing";
import { KubeObject } from "./types";
import { tempDir } from "../test/tempDir";

const SWITCH_PATH = "/api/v1/namespaces/kube-system/configmaps/amazon-vpc-cni";

describe("readLive: the Auto Mode NetworkPolicy switch", function () {
    this.timeout(60000);
    let server: http.Server;
    let objects: KubeObject[] = [];
    const requests: string[] = [];
    let kubeconfig: string;

    before(async () => {
        server = http.createServer((req, res) => {
            requests.push(`${req.method} ${req.url}`);
            const body = answer(objects, req.url ?? "/");
            res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
            res.end(JSON.stringify(body ?? { kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404 }));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        kubeconfig = path.join(tempDir("verify-live-"), "config");
        fs.writeFileSync(kubeconfig, kubeconfigYaml((server.address() as { port: number }).port));
    });
    after(() => server.close());

    async function read(e: ExpectedState, served: KubeObject[]) {
        objects = served;
        requests.length = 0;
        const saved = process.env.KUBECONFIG;
        process.env.KUBECONFIG = kubeconfig;
        try {
            return await readLive(e, { context: "standin" });
        } finally {
            if (saved === undefined) delete process.env.KUBECONFIG;
            else process.env.KUBECONFIG = saved;
        }
    }

    it("gets the ConfigMap by name and keeps it beside the gateway's", async () => {
        const e = autoModeState("staging");
        const o = await read(e, healthyObjects(e));
        assert.ok(requests.includes(`GET ${SWITCH_PATH}`), requests.join("\n"));
        const cm = o.configMaps.find((c) => c.metadata.namespace === "kube-system");
        assert.deepStrictEqual([cm?.metadata.name, cm?.data], ["amazon-vpc-cni", { "enable-network-policy-controller": "true" }]);
        // staging is mount-only: the gateway's own ConfigMap is read too.
        assert.ok(o.configMaps.some((c) => c.metadata.namespace === e.namespace));
    });

    it("an absent ConfigMap (404) reads as none, not as a failed read", async () => {
        const e = autoModeState("dev");
        const o = await read(e, without(healthyObjects(e), "ConfigMap", "amazon-vpc-cni"));
        assert.ok(requests.includes(`GET ${SWITCH_PATH}`));
        assert.deepStrictEqual(
            o.configMaps.filter((c) => c.metadata.namespace === "kube-system"),
            [],
        );
    });

    it("the load balancer controller's IngressClass alb: got by name on a stack that installs the controller for its ALB, and compared", async () => {
        const e = stackState("staging");
        const o = await read(e, healthyObjects(e));
        assert.ok(requests.includes("GET /apis/networking.k8s.io/v1/ingressclasses/alb"), requests.join("\n"));
        assert.deepStrictEqual(
            o.ingressClasses.map((c) => [c.metadata.name, c.spec]),
            [["alb", { controller: "ingress.k8s.aws/alb" }]],
        );
        await read(stackState("prod"), healthyObjects(stackState("prod")));
        assert.ok(!requests.some((r) => r.includes("ingressclasses")), "prod's NLB needs no class");
    });

    it("a node-group stack does not ask for it", async () => {
        const e = stackState("dev");
        await read(e, healthyObjects(e));
        assert.ok(requests.length >= 10);
        assert.ok(!requests.some((r) => r.includes("amazon-vpc-cni")), requests.join("\n"));
    });
});
