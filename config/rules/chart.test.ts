// Rules from what the Portkey chart renders (Portkey-AI/helm charts/portkey-gateway 1.7.7,
// templates/_helpers.tpl and the dataservice/gateway templates, rendered with helm by a colleague).
import * as assert from "assert";
import { parseConfig } from "..";
import { Settings } from "../declaration";
import { Problems } from "../problems";
import {
    dataserviceAccountFits,
    derivedNamesFit,
    enterpriseImageRequirements,
    isEnterpriseImage,
    serverModeRenderable,
    serviceAccountsDistinct,
    syncedSecretNameFree,
} from "./chart";
import { onMinimal, problemsOf } from "../testing";
import { Rule } from "./rule";

const OPEN = '{"values":{"images":{"gatewayImage":{"repository":"portkeyai/gateway"}}}}';

/** Settings of a minimal valid stack, with `gateway` and other top-level keys given as JSON text. */
function settings(extra: Record<string, string> = {}): Settings {
    const raw = {
        "portkey-gateway:secretValues": '{"OPENAI_API_KEY":"sk-test-value"}',
        "portkey-gateway:gateway": OPEN,
        ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`portkey-gateway:${k}`, v])),
    };
    return parseConfig(raw, new Set(["portkey-gateway:secretValues", "portkey-gateway:imageCredentials"]), "t") as unknown as Settings;
}

function problems(rule: Rule, s: Settings): string[] {
    const p = new Problems();
    rule({ s, raw: {}, stack: "t" }, p);
    return p.list;
}

function withGateway(g: Record<string, unknown>, rest: Record<string, unknown> = {}): Settings {
    const s = settings();
    return { ...s, ...rest, gateway: { ...s.gateway, ...g } } as Settings;
}

describe("derivedNamesFit", () => {
    it("rejects a release whose <fullname>-dataservice Service name passes 63 characters", () => {
        const release = "a".repeat(45); // a…a-gateway-dataservice = 45 + 20 = 65
        const list = problems(derivedNamesFit, withGateway({ releaseName: release, dataservice: { enabled: true } }));
        assert.deepStrictEqual(list, [
            "portkey-gateway:gateway.releaseName: the chart would name the dataservice's Service name and component label with 65 characters, over Kubernetes' 63. Fix: shorten the release name to at most 43 characters.",
        ]);
        assert.deepStrictEqual(problems(derivedNamesFit, withGateway({ releaseName: "a".repeat(43), dataservice: { enabled: true } })), []);
    });
    it("ignores the dataservice name while the dataservice is off", () => {
        assert.deepStrictEqual(problems(derivedNamesFit, withGateway({ releaseName: "a".repeat(53) })), []);
    });
    it("checks the MCP Service name only when the chart renders it", () => {
        const long = { releaseName: "a".repeat(53), values: { mcpService: { enabled: true } } };
        assert.deepStrictEqual(problems(derivedNamesFit, withGateway(long)), []);
        assert.strictEqual(problems(derivedNamesFit, withGateway(long, { env: { SERVER_MODE: "all" } })).length, 1);
    });
});

describe("serviceAccountsDistinct", () => {
    it("rejects one name for both service accounts, naming the setting given", () => {
        const list = problems(
            serviceAccountsDistinct,
            withGateway({ serviceAccountName: "shared", dataservice: { enabled: true, serviceAccountName: "shared" } }),
        );
        assert.strictEqual(list.length, 1);
        assert.match(list[0], /^portkey-gateway:gateway\.dataservice\.serviceAccountName: /);
    });
    it("rejects a gateway account named like the dataservice's default", () => {
        const list = problems(serviceAccountsDistinct, withGateway({ serviceAccountName: "portkey-gateway-dataservice", dataservice: { enabled: true } }));
        assert.match(list[0], /^portkey-gateway:gateway\.serviceAccountName: /);
    });
    it("accepts the defaults", () => assert.deepStrictEqual(problems(serviceAccountsDistinct, withGateway({ dataservice: { enabled: true } })), []));
});

describe("dataserviceAccountFits", () => {
    it("rejects an account name the chart would cut at 63 characters", () => {
        assert.strictEqual(problems(dataserviceAccountFits, withGateway({ dataservice: { enabled: true, serviceAccountName: "d".repeat(64) } })).length, 1);
        assert.deepStrictEqual(problems(dataserviceAccountFits, withGateway({ dataservice: { enabled: true, serviceAccountName: "d".repeat(63) } })), []);
    });
});

describe("syncedSecretNameFree", () => {
    it("rejects a synced Secret named like a pull secret", () => {
        assert.strictEqual(problems(syncedSecretNameFree, withGateway({ syncedSecretName: "pull", imagePullSecrets: ["pull"] })).length, 1);
        assert.deepStrictEqual(problems(syncedSecretNameFree, withGateway({ syncedSecretName: "synced", imagePullSecrets: ["pull"] })), []);
    });
});

describe("serverModeRenderable", () => {
    it("accepts all and mcp, rejects what leaves the Service without ports", () => {
        for (const ok of ["all", "mcp"]) assert.deepStrictEqual(problems(serverModeRenderable, { ...settings(), env: { SERVER_MODE: ok } } as Settings), []);
        assert.strictEqual(problems(serverModeRenderable, { ...settings(), env: { SERVER_MODE: "gateway" } } as Settings).length, 1);
    });
});

describe("enterpriseImageRequirements", () => {
    const enterprise = (extra: Partial<Settings>) => ({ ...withGateway({ values: {}, image: "enterprise" }), ...extra }) as Settings;
    it("asks the chart's default (enterprise) image for credentials and the README's mandatory keys", () => {
        const keys = problems(enterpriseImageRequirements, enterprise({})).map((l) => l.split(":").slice(0, 2).join(":"));
        assert.deepStrictEqual(keys, ["portkey-gateway:imageCredentials", "portkey-gateway:secretKeys", "portkey-gateway:env.ORGANISATIONS_TO_SYNC"]);
    });
    it("is satisfied by a pull secret, PORTKEY_CLIENT_AUTH from AWS and ORGANISATIONS_TO_SYNC anywhere", () => {
        const s = enterprise({ secretKeys: ["PORTKEY_CLIENT_AUTH"], env: { ORGANISATIONS_TO_SYNC: "org" } });
        assert.deepStrictEqual(problems(enterpriseImageRequirements, { ...s, gateway: { ...s.gateway, imagePullSecrets: ["regcred"] } } as Settings), []);
    });
    it("does not hold the open-source image to the enterprise rules", () => {
        assert.deepStrictEqual(problems(enterpriseImageRequirements, settings()), []);
    });
});

describe("isEnterpriseImage", () => {
    it("tells the enterprise image, on any registry, from the open-source one", () => {
        assert.deepStrictEqual(
            ["portkeyai/gateway_enterprise", "docker.io/portkeyai/gateway_enterprise", "mirror.example.com/portkeyai/gateway_enterprise"].map(
                isEnterpriseImage,
            ),
            [true, true, true],
        );
        assert.deepStrictEqual(
            ["portkeyai/gateway", "docker.io/portkeyai/gateway", "xportkeyai/gateway_enterprise", "portkeyai/gateway_enterprise-mirror"].map(isEnterpriseImage),
            [false, false, false, false],
        );
    });
});

describe("enterpriseImageRequirements, other ways to satisfy them", () => {
    const enterprise = (extra: Partial<Settings>) => ({ ...withGateway({ values: {}, image: "enterprise" }), ...extra }) as Settings;
    it("accepts registry credentials instead of a pull secret, and ORGANISATIONS_TO_SYNC from AWS", () => {
        const creds = { registry: "https://index.docker.io/v1/", username: "u", password: "p", email: undefined };
        const s = enterprise({ imageCredentials: creds, secretValues: { PORTKEY_CLIENT_AUTH: "a", ORGANISATIONS_TO_SYNC: "o" } });
        assert.deepStrictEqual(problems(enterpriseImageRequirements, s), []);
    });
    it("asks for each missing piece alone", () => {
        const creds = { registry: "r", username: "u", password: "p", email: undefined };
        const keysOf = (s: Settings) => problems(enterpriseImageRequirements, s).map((l) => l.split(": ")[0]);
        assert.deepStrictEqual(keysOf(enterprise({ imageCredentials: creds, secretKeys: ["PORTKEY_CLIENT_AUTH"], secretValues: undefined })), [
            "portkey-gateway:env.ORGANISATIONS_TO_SYNC",
        ]);
        assert.deepStrictEqual(keysOf(enterprise({ imageCredentials: creds, env: { ORGANISATIONS_TO_SYNC: "o" } })), ["portkey-gateway:secretKeys"]);
    });
});

describe("chart rules, messages and edges", () => {
    const P = "portkey-gateway:";
    it("derivedNamesFit: names the MCP Service (SERVER_MODE all or mcp, mcpService.enabled true)", () => {
        const long = { releaseName: "a".repeat(53), values: { mcpService: { enabled: true } } };
        const mcp = `${P}gateway.releaseName: the chart would name the MCP Service name with 65 characters, over Kubernetes' 63. Fix: shorten the release name to at most 51 characters.`;
        assert.deepStrictEqual(problems(derivedNamesFit, withGateway(long, { env: { SERVER_MODE: "mcp" } })), [mcp]);
        assert.deepStrictEqual(
            problems(
                derivedNamesFit,
                withGateway({ releaseName: "a".repeat(53), values: { mcpService: { enabled: "true" } } }, { env: { SERVER_MODE: "all" } }),
            ),
            [],
        );
        assert.deepStrictEqual(problems(derivedNamesFit, withGateway({ releaseName: "a".repeat(53) }, { env: { SERVER_MODE: "all" } })), []);
    });
    it("derivedNamesFit: leaves an invalid release name to releaseNameValid (no second, wrong problem)", () => {
        const list = problemsOf(onMinimal({ gateway: { releaseName: "1portkey", dataservice: { enabled: true } } }));
        assert.deepStrictEqual(
            list.map((l) => l.split(": ")[1]),
            ["is not a valid release name"],
        );
    });
    it("serviceAccountsDistinct: the message, and nothing while the dataservice is off", () => {
        const shared =
            "the gateway and the dataservice would both use one service account name; the chart creates one of them and the role trusts it once. Fix: give each its own service account name.";
        assert.deepStrictEqual(
            problems(serviceAccountsDistinct, withGateway({ serviceAccountName: "shared", dataservice: { enabled: true, serviceAccountName: "shared" } })),
            [`${P}gateway.dataservice.serviceAccountName: ${shared}`],
        );
        assert.deepStrictEqual(
            problems(serviceAccountsDistinct, withGateway({ serviceAccountName: "portkey-gateway-dataservice", dataservice: { enabled: false } })),
            [],
        );
    });
    it("serviceAccountsDistinct: compares with the dataservice default as the chart cuts it to 63 characters", () => {
        const release = "a".repeat(44); // fullname a…a-gateway (52), + "-dataservice" = 64, cut to 63
        const cut = `${release}-gateway-dataservic`;
        assert.strictEqual(cut.length, 63);
        assert.strictEqual(
            problems(serviceAccountsDistinct, withGateway({ releaseName: release, serviceAccountName: cut, dataservice: { enabled: true } })).length,
            1,
        );
        assert.deepStrictEqual(
            problems(serviceAccountsDistinct, withGateway({ releaseName: release, serviceAccountName: `${cut}e`, dataservice: { enabled: true } })),
            [],
        );
    });
    it("dataserviceAccountFits: the message, and nothing while the dataservice is off", () => {
        assert.deepStrictEqual(problems(dataserviceAccountFits, withGateway({ dataservice: { enabled: true, serviceAccountName: "d".repeat(64) } })), [
            `${P}gateway.dataservice.serviceAccountName: is 64 characters long; the chart cuts it to 63, so the role would trust a different name. Fix: use at most 63 characters.`,
        ]);
        assert.deepStrictEqual(problems(dataserviceAccountFits, withGateway({ dataservice: { enabled: false, serviceAccountName: "d".repeat(64) } })), []);
    });
    it("syncedSecretNameFree: the default names <fullname>-aws-secrets and <fullname>-image-pull, not in mount-only", () => {
        const clash = `${P}gateway.syncedSecretName: is also the name of an image pull secret, which the driver would overwrite. Fix: choose another name for the synced Secret.`;
        const creds = { imageCredentials: { registry: "r", username: "u", password: "p", email: undefined } };
        assert.deepStrictEqual(problems(syncedSecretNameFree, withGateway({ imagePullSecrets: ["portkey-gateway-aws-secrets"] })), [clash]);
        assert.deepStrictEqual(problems(syncedSecretNameFree, withGateway({ syncedSecretName: "portkey-gateway-image-pull" }, creds)), [clash]);
        assert.deepStrictEqual(problems(syncedSecretNameFree, withGateway({ syncedSecretName: "portkey-gateway-image-pull" })), []);
        assert.deepStrictEqual(
            problems(syncedSecretNameFree, withGateway({ syncedSecretName: "pull", imagePullSecrets: ["pull"] }, { secretsMode: "mount-only" })),
            [],
        );
    });
    it("serverModeRenderable: the message; an empty or padded mode renders", () => {
        const check = (mode: string) => problems(serverModeRenderable, { ...settings(), env: { SERVER_MODE: mode } } as Settings);
        assert.deepStrictEqual(check("gateway"), [
            `${P}env.SERVER_MODE: is not a mode the chart renders: any value but all or mcp leaves the gateway Service without ports, which Kubernetes rejects. Fix: set it to all or mcp, or remove it.`,
        ]);
        assert.deepStrictEqual([check(""), check(" mcp "), check("all\n")], [[], [], []]);
    });
    it("enterpriseImageRequirements: the messages", () => {
        const open = "or run the open-source image by setting gateway.image to open-source.";
        assert.deepStrictEqual(problems(enterpriseImageRequirements, { ...withGateway({ values: {}, image: "enterprise" }) } as Settings), [
            `${P}imageCredentials: the enterprise image docker.io/portkeyai/gateway_enterprise needs the registry credentials Portkey shares, and none are set (the pods would sit in ImagePullBackOff). Fix: set them with \`pulumi config set --secret --path 'imageCredentials.username' <user>\` (and password), or name an existing pull secret in gateway.imagePullSecrets, ${open}`,
            `${P}secretKeys: the enterprise image needs PORTKEY_CLIENT_AUTH (mandatory in the chart's README), a credential that must come from AWS. Fix: add PORTKEY_CLIENT_AUTH to the secret and to secretKeys, ${open}`,
            `${P}env.ORGANISATIONS_TO_SYNC: the enterprise image needs ORGANISATIONS_TO_SYNC (mandatory in the chart's README), and it is set neither in env nor in the secret. Fix: set it in env or in the secret, ${open}`,
        ]);
    });
});
