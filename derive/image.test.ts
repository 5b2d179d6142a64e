import * as assert from "assert";
import {
    gatewayHealthPath,
    GATEWAY_IMAGES,
    imageOfValues,
    imageValues,
    isOpenSourceRepository,
    OPEN_SOURCE_FILE_KEYS,
    OPEN_SOURCE_IMAGE,
    openSourceFileKeys,
    openSourceTag,
} from "./image";

describe("gatewayHealthPath", () => {
    it("is the chart's probe path for the enterprise image", () => {
        // Portkey-AI/helm charts/portkey-gateway/values.yaml (1.7.7): livenessProbe/readinessProbe httpGet.path /v1/health.
        assert.strictEqual(gatewayHealthPath({ gateway: { image: "enterprise" } }), "/v1/health");
    });
    it("is the root path for the open-source image", () => {
        // Portkey-AI/gateway src/index.ts (v1.15.2): app.get('/', …) answers 200; no /v1/health route.
        assert.strictEqual(gatewayHealthPath({ gateway: { image: "open-source" } }), "/");
    });
    it("knows both images", () => assert.deepStrictEqual([...GATEWAY_IMAGES], ["enterprise", "open-source"]));
});

describe("isOpenSourceRepository and imageOfValues", () => {
    it("recognises the open-source repository on any registry, and nothing else", () => {
        assert.deepStrictEqual(
            ["portkeyai/gateway", "docker.io/portkeyai/gateway", "123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/portkeyai/gateway"].map(
                isOpenSourceRepository,
            ),
            [true, true, true],
        );
        assert.deepStrictEqual(
            ["portkeyai/gateway_enterprise", "xportkeyai/gateway", "portkeyai/gateway-mirror", "portkeyai/gateway:1.15.2"].map(isOpenSourceRepository),
            [false, false, false, false],
        );
        // Only text names a repository: a list whose text form would match does not.
        assert.deepStrictEqual([7, undefined, ["portkeyai/gateway"]].map(isOpenSourceRepository), [false, false, false]);
    });
    it("reads the image from the chart values: enterprise unless the repository is the open-source one", () => {
        assert.strictEqual(imageOfValues({}), "enterprise");
        assert.strictEqual(imageOfValues({ images: { gatewayImage: { repository: "portkeyai/gateway" } } }), "open-source");
        assert.strictEqual(imageOfValues({ images: { gatewayImage: { repository: "docker.io/portkeyai/gateway_enterprise" } } }), "enterprise");
        assert.strictEqual(imageOfValues({ images: { gatewayImage: { tag: "1.0.0" } } }), "enterprise");
        assert.strictEqual(imageOfValues({ images: null } as Record<string, unknown>), "enterprise");
        assert.strictEqual(imageOfValues({ images: {} }), "enterprise");
    });
});

describe("imageValues", () => {
    it("leaves the chart's defaults alone for the enterprise image", () => assert.deepStrictEqual(imageValues("enterprise"), {}));
    it("pins the open-source image and points both probes at the path it serves", () => {
        // Portkey-AI/gateway .github/workflows/docker_publish.yml (v1.15.2): pushed as <org>/gateway:<version without v>.
        assert.deepStrictEqual(OPEN_SOURCE_IMAGE, { repository: "docker.io/portkeyai/gateway", tag: "1.15.2" });
        assert.deepStrictEqual(imageValues("open-source"), {
            images: { gatewayImage: { repository: "docker.io/portkeyai/gateway", tag: "1.15.2" } },
            livenessProbe: { httpGet: { path: "/" } },
            readinessProbe: { httpGet: { path: "/" } },
        });
    });
});

describe("OPEN_SOURCE_FILE_KEYS, openSourceTag and openSourceFileKeys", () => {
    it("holds, for the pinned 1.15.2 image, the env vars it reads from a file and reads back", () => {
        // Portkey-AI/gateway v1.15.2 src/utils/env.ts: getValueOrFileContents reads a value starting with /, ./ or ../
        // as a file; of those, only these are read through Environment(c): src/middlewares/requestValidator/index.ts
        // (TRUSTED_CUSTOM_HOSTS), src/providers/bedrock/utils.ts (AWS_ENDPOINT_DOMAIN), src/providers/azure-openai/api.ts
        // and azure-ai-inference/api.ts (AZURE_AUTHORITY_HOST, AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE).
        // The same in npm @portkey-ai/gateway@1.15.2 build/start-server.js.
        assert.deepStrictEqual(OPEN_SOURCE_FILE_KEYS, {
            "1.15.2": [
                "TRUSTED_CUSTOM_HOSTS",
                "AWS_ENDPOINT_DOMAIN",
                "AZURE_AUTHORITY_HOST",
                "AZURE_TENANT_ID",
                "AZURE_CLIENT_ID",
                "AZURE_FEDERATED_TOKEN_FILE",
            ],
        });
        assert.ok(Object.hasOwn(OPEN_SOURCE_FILE_KEYS, OPEN_SOURCE_IMAGE.tag), "the pinned tag has its list");
    });
    it("takes the tag from the chart values, else the pinned one, and knows lists only for known tags", () => {
        assert.strictEqual(openSourceTag({}), "1.15.2");
        assert.strictEqual(openSourceTag({ images: { gatewayImage: { repository: "portkeyai/gateway", tag: "1.16.0" } } }), "1.16.0");
        assert.deepStrictEqual(openSourceFileKeys("1.15.2"), OPEN_SOURCE_FILE_KEYS["1.15.2"]);
        assert.deepStrictEqual([openSourceFileKeys("1.16.0"), openSourceFileKeys(1.15), openSourceFileKeys("constructor")], [undefined, undefined, undefined]);
    });
});
