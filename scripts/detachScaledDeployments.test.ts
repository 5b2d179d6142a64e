// The detach step's Helm post-renderer. Expected values: the stream Helm hands a post-renderer
// (helm/helm v3.20.2 pkg/action/action.go `renderResources`: each template as `---`, a
// `# Source: <chart>/<path>` line and its YAML; pkg/postrender/exec.go runs the file itself with the
// stream on stdin and reads stdout), the Portkey chart 1.7.7's documents (Portkey-AI/helm
// charts/portkey-gateway templates/gateway/deployment.yaml and hpa.yaml: the HPA's scaleTargetRef
// names the Deployment `<fullname>`), and docs/availability.md.
import * as assert from "assert";
import * as path from "path";
import { DETACH_POSTRENDERER } from "../derive/replicaHandover";
import { spawned, startedEarly } from "../test/spawned";

const { withoutScaledDeployments } = require("./detachScaledDeployments.js") as { withoutScaledDeployments: (s: string) => string };

const doc = (source: string, body: string) => `---\n# Source: gateway/templates/${source}\n${body}\n`;
const deployment = (name: string, labels = "") =>
    doc(
        `${name}.yaml`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app.kubernetes.io/name: gateway${labels}\nspec:\n  template:\n    spec:\n      containers:\n        - name: gateway`,
    );
const hpa = (target: string, kind = "Deployment") =>
    doc(
        "gateway/hpa.yaml",
        `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: portkey-gateway\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: ${kind}\n    name: ${target}\n  minReplicas: 3\n  maxReplicas: 9`,
    );
const SERVICE = doc("gateway/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: portkey-gateway\nspec:\n  type: ClusterIP");
const GATEWAY = deployment("portkey-gateway");
const DATASERVICE = deployment("portkey-gateway-dataservice");

describe("detachScaledDeployments (the detach step's post-renderer)", () => {
    it("drops the Deployment the HPA scales and keeps every other document byte for byte", () => {
        const stream = SERVICE + DATASERVICE + GATEWAY + hpa("portkey-gateway");
        assert.strictEqual(withoutScaledDeployments(stream), SERVICE + DATASERVICE + hpa("portkey-gateway"));
    });
    it("without an HPA the stream is unchanged", () => {
        const stream = SERVICE + DATASERVICE + GATEWAY;
        assert.strictEqual(withoutScaledDeployments(stream), stream);
    });
    it("keeps a Deployment an HPA does not name, or names as another kind", () => {
        assert.strictEqual(withoutScaledDeployments(GATEWAY + hpa("portkey-gateway-dataservice")), GATEWAY + hpa("portkey-gateway-dataservice"));
        assert.strictEqual(withoutScaledDeployments(GATEWAY + hpa("portkey-gateway", "StatefulSet")), GATEWAY + hpa("portkey-gateway", "StatefulSet"));
    });
    it("reads the Deployment's own name, not a label or a container called the same, and quoted names", () => {
        const lookalike = deployment("other", "\n    name: portkey-gateway");
        assert.strictEqual(withoutScaledDeployments(lookalike + hpa("portkey-gateway")), lookalike + hpa("portkey-gateway"));
        assert.strictEqual(withoutScaledDeployments(GATEWAY + hpa('"portkey-gateway"')), hpa('"portkey-gateway"'));
    });
    it("reads any YAML form: flow mappings and another indent", () => {
        const flow = doc(
            "gateway/hpa.yaml",
            "kind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec: {scaleTargetRef: {kind: Deployment, name: portkey-gateway}}",
        );
        const wide = doc("gateway/deployment.yaml", "kind: Deployment\nmetadata:\n    name: portkey-gateway");
        assert.strictEqual(withoutScaledDeployments(SERVICE + wide + flow), SERVICE + flow);
    });
    // Started as this file loads, so the file runs while the tests before this one run.
    const ranAsHelm = startedEarly(spawned(DETACH_POSTRENDERER, [], { input: SERVICE + GATEWAY + hpa("portkey-gateway") }));
    it("runs as Helm runs it: the file itself, the manifest on stdin", async () => {
        assert.strictEqual(path.basename(DETACH_POSTRENDERER), "detachScaledDeployments.js");
        const r = await ranAsHelm;
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, SERVICE + hpa("portkey-gateway"));
    });
});
