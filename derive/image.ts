// The gateway image the chart runs, and what depends on it: the image and tag, and the paths that
// answer a health check (pod probes, load-balancer target health).

export const GATEWAY_IMAGES = ["enterprise", "open-source"] as const;
export type GatewayImage = (typeof GATEWAY_IMAGES)[number];

/**
 * The open-source gateway image. Portkey-AI/gateway `.github/workflows/docker_publish.yml` (v1.15.2)
 * pushes `<org>/gateway` tagged with the release's version without its `v`; the release is
 * `package.json` version 1.15.2 (tag v1.15.2). The chart's default tag (2.13.0) is an enterprise version.
 */
export const OPEN_SOURCE_IMAGE = { repository: "docker.io/portkeyai/gateway", tag: "1.15.2" } as const;

/**
 * Env vars the open-source gateway, by image tag, both reads from a file when the value is a path
 * (its file-or-value helper) and then reads back where it uses them; any other env var holding a
 * path reaches the gateway as the path itself. Source: docs/upstream-facts.md#gateway-file-values
 * (Portkey-AI/gateway v1.15.2 src/utils/env.ts and the `Environment(c)` readers; the npm package
 * @portkey-ai/gateway@1.15.2 build/start-server.js).
 */
export const OPEN_SOURCE_FILE_KEYS: Readonly<Record<string, readonly string[]>> = {
    "1.15.2": ["TRUSTED_CUSTOM_HOSTS", "AWS_ENDPOINT_DOMAIN", "AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_FEDERATED_TOKEN_FILE"],
};

/** The open-source image's tag a stack runs: `gateway.values.images.gatewayImage.tag` when set, else the pinned one. */
export function openSourceTag(values: Record<string, unknown>): unknown {
    const images = values.images as { gatewayImage?: { tag?: unknown } } | undefined;
    return images?.gatewayImage?.tag ?? OPEN_SOURCE_IMAGE.tag;
}

/** The env vars the open-source image of `tag` reads from files, or undefined for a tag without facts. */
export function openSourceFileKeys(tag: unknown): readonly string[] | undefined {
    return typeof tag === "string" && Object.hasOwn(OPEN_SOURCE_FILE_KEYS, tag) ? OPEN_SOURCE_FILE_KEYS[tag] : undefined;
}

/**
 * Health-check path per image.
 * - enterprise: the chart's own probes (charts/portkey-gateway values.yaml, chart 1.7.7,
 *   `livenessProbe`/`readinessProbe` `httpGet.path: /v1/health`).
 * - open-source: `GET /` answers 200 with a greeting (Portkey-AI/gateway src/index.ts at v1.15.2,
 *   `app.get('/', …)`); it has no /v1/health route, and its /v1/* routes answer 400 without an
 *   `x-portkey-provider` or `x-portkey-config` header (src/middlewares/requestValidator/index.ts).
 */
const HEALTH_PATHS: Record<GatewayImage, string> = { enterprise: "/v1/health", "open-source": "/" };

/** The path the gateway's image answers 200 on without credentials: for probes and load-balancer health checks. */
export function gatewayHealthPath(spec: { gateway: { image: GatewayImage } }): string {
    return HEALTH_PATHS[spec.gateway.image];
}

/** A repository that names the open-source image, with or without a registry (docker.io, a pull-through mirror). */
export function isOpenSourceRepository(repository: unknown): boolean {
    return typeof repository === "string" && /(^|\/)portkeyai\/gateway$/.test(repository);
}

/** The image a stack runs when `gateway.image` is not set: open-source when the chart values already name it. */
export function imageOfValues(values: Record<string, unknown>): GatewayImage {
    const images = values.images as { gatewayImage?: { repository?: unknown } } | undefined;
    return isOpenSourceRepository(images?.gatewayImage?.repository) ? "open-source" : "enterprise";
}

/**
 * Chart values that make the chart run `image`, merged under the user's `gateway.values` (a mirror
 * or another tag of the same image stays possible). The enterprise image is the chart's default.
 * The chart fills in the probe port when `httpGet.port` is omitted (Portkey-AI/helm charts/portkey-gateway templates/gateway/deployment.yaml).
 */
export function imageValues(image: GatewayImage): Record<string, unknown> {
    if (image === "enterprise") return {};
    const path = HEALTH_PATHS[image];
    return {
        images: { gatewayImage: { repository: OPEN_SOURCE_IMAGE.repository, tag: OPEN_SOURCE_IMAGE.tag } },
        livenessProbe: { httpGet: { path } },
        readinessProbe: { httpGet: { path } },
    };
}
