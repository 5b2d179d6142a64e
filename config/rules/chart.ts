// Rules from what the Portkey `gateway` chart renders (Portkey-AI/helm charts/portkey-gateway,
// chart 1.7.7): the names it derives from the release, the settings it reads while rendering,
// and the enterprise image's requirements (its README's mandatory fields).
import { isOpenSourceRepository } from "../../derive/image";
import { chartFullname, gatewayNames } from "../../derive/names";
import { awsKeysOf } from "../keys";
import { own } from "../schema";
import { Rule } from "./rule";
import { valueAt } from "./gateway";

/** Kubernetes label values and Service names: at most 63 characters. */
const MAX_NAME = 63;

/** Service and label names the chart builds from the fullname without truncating them. */
function untruncatedNames(s: RuleInput["s"]): Array<{ name: string; what: string }> {
    const full = chartFullname(s.gateway.releaseName);
    const dataservice = gatewayNames(s).dataserviceDeployment;
    const out = [];
    if (dataservice !== undefined) out.push({ name: dataservice, what: "the dataservice's Service name and component label" });
    const mode = own(s.env ?? {}, "SERVER_MODE");
    if (valueAt(s.gateway.values, "mcpService.enabled") === true && (mode === "all" || mode === "mcp"))
        out.push({ name: `${full}-mcp`, what: "the MCP Service name" });
    return out;
}
type RuleInput = Parameters<Rule>[0];

export const derivedNamesFit: Rule = ({ s }, p) => {
    for (const { name, what } of untruncatedNames(s)) {
        // Only the length: an invalid release name is releaseNameValid's to report.
        if (name.length > MAX_NAME) {
            p.add(
                "gateway.releaseName",
                `the chart would name ${what} with ${name.length} characters, over Kubernetes' 63`,
                `shorten the release name to at most ${s.gateway.releaseName.length - (name.length - MAX_NAME)} characters`,
            );
        }
    }
};

export const serviceAccountsDistinct: Rule = ({ s }, p) => {
    const names = gatewayNames(s);
    if (names.gatewayServiceAccount === names.dataserviceServiceAccount) {
        const key = s.gateway.dataservice.serviceAccountName !== undefined ? "gateway.dataservice.serviceAccountName" : "gateway.serviceAccountName";
        p.add(
            key,
            "the gateway and the dataservice would both use one service account name; the chart creates one of them and the role trusts it once",
            "give each its own service account name",
        );
    }
};

/** The chart cuts the dataservice account name to 63 characters (`_helpers.tpl`), even when given. */
export const dataserviceAccountFits: Rule = ({ s }, p) => {
    const name = s.gateway.dataservice.serviceAccountName;
    if (s.gateway.dataservice.enabled && name !== undefined && name.length > MAX_NAME) {
        p.add(
            "gateway.dataservice.serviceAccountName",
            `is ${name.length} characters long; the chart cuts it to ${MAX_NAME}, so the role would trust a different name`,
            `use at most ${MAX_NAME} characters`,
        );
    }
};

export const syncedSecretNameFree: Rule = ({ s }, p) => {
    const { syncedSecret, pullSecret } = gatewayNames(s);
    if (syncedSecret === undefined) return;
    const taken = [...(pullSecret ? [pullSecret] : []), ...s.gateway.imagePullSecrets];
    if (taken.includes(syncedSecret)) {
        p.add(
            "gateway.syncedSecretName",
            "is also the name of an image pull secret, which the driver would overwrite",
            "choose another name for the synced Secret",
        );
    }
};

/** SERVER_MODE values the chart renders a valid Service for (`mcp.serverMode` in _helpers.tpl). */
const SERVER_MODES = ["", "all", "mcp"];

export const serverModeRenderable: Rule = ({ s }, p) => {
    const mode = own(s.env ?? {}, "SERVER_MODE");
    if (typeof mode === "string" && !SERVER_MODES.includes(mode.trim())) {
        p.add(
            "env.SERVER_MODE",
            "is not a mode the chart renders: any value but all or mcp leaves the gateway Service without ports, which Kubernetes rejects",
            "set it to all or mcp, or remove it",
        );
    }
};

export function isEnterpriseImage(repository: string): boolean {
    return /(^|\/)portkeyai\/gateway_enterprise$/.test(repository);
}

/** The image chosen and the repository the values name must agree: the probes follow the image. */
export const imageMatchesRepository: Rule = ({ s }, p) => {
    const repo = valueAt(s.gateway.values, "images.gatewayImage.repository");
    if (typeof repo !== "string") return;
    if (s.gateway.image === "open-source" && isEnterpriseImage(repo)) {
        p.add(
            "gateway.image",
            "is open-source, but gateway.values.images.gatewayImage.repository names the enterprise image, whose health path the open-source probes do not call",
            "set gateway.image to enterprise, or remove the repository from gateway.values",
        );
    } else if (s.gateway.image === "enterprise" && isOpenSourceRepository(repo)) {
        p.add(
            "gateway.image",
            "is enterprise, but gateway.values.images.gatewayImage.repository names the open-source image, which does not serve the enterprise probes' /v1/health (pods would never become ready)",
            "set gateway.image to open-source",
        );
    }
};

/** The open-source server listens on 8787 unless started with --port (Portkey-AI/gateway src/start-server.ts, v1.15.2); it ignores PORT. */
export const OPEN_SOURCE_PORT = "8787";

export const openSourcePortFixed: Rule = ({ s }, p) => {
    const port = own(s.env ?? {}, "PORT");
    if (s.gateway.image === "open-source" && port !== undefined && (typeof port === "string" ? port.trim() : JSON.stringify(port)) !== OPEN_SOURCE_PORT) {
        p.add(
            "env.PORT",
            `moves the chart's container port and probes, but the open-source gateway always listens on ${OPEN_SOURCE_PORT} (pods would never become ready)`,
            "remove PORT from env",
        );
    }
};

export const enterpriseImageRequirements: Rule = ({ s }, p) => {
    if (s.gateway.image !== "enterprise") return;
    const open = "or run the open-source image by setting gateway.image to open-source";
    if (s.imageCredentials === undefined && s.gateway.imagePullSecrets.length === 0) {
        p.add(
            "imageCredentials",
            "the enterprise image docker.io/portkeyai/gateway_enterprise needs the registry credentials Portkey shares, and none are set (the pods would sit in ImagePullBackOff)",
            `set them with \`pulumi config set --secret --path 'imageCredentials.username' <user>\` (and password), or name an existing pull secret in gateway.imagePullSecrets, ${open}`,
        );
    }
    const aws = awsKeysOf(s);
    if (!aws.includes("PORTKEY_CLIENT_AUTH")) {
        p.add(
            "secretKeys",
            "the enterprise image needs PORTKEY_CLIENT_AUTH (mandatory in the chart's README), a credential that must come from AWS",
            `add PORTKEY_CLIENT_AUTH to the secret and to secretKeys, ${open}`,
        );
    }
    if (!aws.includes("ORGANISATIONS_TO_SYNC") && own(s.env ?? {}, "ORGANISATIONS_TO_SYNC") === undefined) {
        p.add(
            "env.ORGANISATIONS_TO_SYNC",
            "the enterprise image needs ORGANISATIONS_TO_SYNC (mandatory in the chart's README), and it is set neither in env nor in the secret",
            `set it in env or in the secret, ${open}`,
        );
    }
};

export const CHART_RULES: Rule[] = [
    derivedNamesFit,
    serviceAccountsDistinct,
    dataserviceAccountFits,
    syncedSecretNameFree,
    serverModeRenderable,
    imageMatchesRepository,
    openSourcePortFixed,
    enterpriseImageRequirements,
];
