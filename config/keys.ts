// Which env vars come from AWS: the one derivation every rule and the assembled config share.
import { isEnvName } from "./grammar";
import { Settings } from "./declaration";

/**
 * Env vars the chart reads from `environment.data` while rendering (container port, server mode,
 * whether to deploy Redis): Portkey-AI/helm charts/portkey-gateway templates. From AWS they would
 * be unknown at render time, so they are always literals.
 */
export const CHART_RENDER_KEYS = ["PORT", "MCP_PORT", "SERVER_MODE", "CACHE_STORE"] as const;

export function isRenderKey(k: string): boolean {
    return (CHART_RENDER_KEYS as readonly string[]).includes(k);
}

/** Env vars whose values come from AWS, in the order given, each once. */
export function awsKeysOf(s: Pick<Settings, "secretKeys" | "secretValues" | "secret">): string[] {
    const listed = s.secretKeys ?? (s.secret.existing === undefined ? Object.keys(s.secretValues ?? {}) : []);
    return [...new Set(listed)].filter(isEnvName);
}
