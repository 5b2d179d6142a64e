// gateway.image: its default, its agreement with the chart values' repository, and the port the
// open-source server listens on.
import * as assert from "assert";
import { parsed, problemsOf, MINIMAL } from "../testing";

const P = "portkey-gateway:";
const enterpriseRepo = { images: { gatewayImage: { repository: "docker.io/portkeyai/gateway_enterprise" } } };

describe("gateway.image", () => {
    it("defaults to open-source when the values name the open-source repository (the README's advice)", () => {
        assert.strictEqual(parsed().gateway.image, "open-source");
    });
    it("defaults to enterprise otherwise, and takes an explicit choice", () => {
        const cfg = {
            ...MINIMAL,
            gateway: { values: {}, imagePullSecrets: ["p"] },
            secretKeys: ["PORTKEY_CLIENT_AUTH", "ORGANISATIONS_TO_SYNC"],
            secretValues: { PORTKEY_CLIENT_AUTH: "a", ORGANISATIONS_TO_SYNC: "o" },
        };
        assert.strictEqual(parsed(cfg).gateway.image, "enterprise");
        assert.strictEqual(parsed({ ...MINIMAL, gateway: { image: "open-source" } }).gateway.image, "open-source");
    });
    it("open-source needs none of the enterprise image's credentials or keys", () => {
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, gateway: { image: "open-source" } }), []);
    });
    it("rejects an unknown image", () => {
        const list = problemsOf({ ...MINIMAL, gateway: { image: "community" } });
        assert.strictEqual(list[0], `${P}gateway.image: is not one of the accepted values. Fix: use one of enterprise, open-source.`);
    });
    it("rejects open-source with the enterprise repository in the values", () => {
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, gateway: { image: "open-source", values: enterpriseRepo } }), [
            `${P}gateway.image: is open-source, but gateway.values.images.gatewayImage.repository names the enterprise image, whose health path the open-source probes do not call. Fix: set gateway.image to enterprise, or remove the repository from gateway.values.`,
        ]);
    });
    it("rejects enterprise with the open-source repository in the values", () => {
        const list = problemsOf({ ...MINIMAL, gateway: { image: "enterprise", values: { images: { gatewayImage: { repository: "portkeyai/gateway" } } } } });
        assert.strictEqual(
            list[0],
            `${P}gateway.image: is enterprise, but gateway.values.images.gatewayImage.repository names the open-source image, which does not serve the enterprise probes' /v1/health (pods would never become ready). Fix: set gateway.image to open-source.`,
        );
    });
    it("accepts a mirror of the open-source image under another name when chosen explicitly", () => {
        const mirror = { images: { gatewayImage: { repository: "registry.example.com/ai/pk-gateway", tag: "1.15.2" } } };
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, gateway: { image: "open-source", values: mirror } }), []);
    });
});

describe("openSourcePortFixed", () => {
    // Portkey-AI/gateway src/start-server.ts (v1.15.2): the port comes from --port=, default 8787; PORT is not read.
    it("rejects another PORT with the open-source image", () => {
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, env: { PORT: "9000" } }), [
            `${P}env.PORT: moves the chart's container port and probes, but the open-source gateway always listens on 8787 (pods would never become ready). Fix: remove PORT from env.`,
        ]);
    });
    it("accepts 8787 or no PORT", () => {
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, env: { PORT: "8787" } }), []);
        assert.deepStrictEqual(problemsOf({ ...MINIMAL, env: {} }), []);
    });
});
