// Formats of values handed to EKS, the kubelet and the chart, checked before `up`.
import * as assert from "assert";
import { isAddonVersion, isCidrBlock, isCidrNetworkAddress, isEmail, isRegistry, isRegistryUsername } from "./grammar";
import { assertNotEchoed, onMinimal, problemsOf } from "./testing";

describe("registry credentials", () => {
    // kubernetes/kubernetes pkg/credentialprovider/config.go decodeDockerConfigFieldAuth splits
    // base64(user:password) at the first ':'; keyring.go parses the registry key as [scheme://]host[:port][/path].
    const creds = (over: Record<string, string>) => problemsOf(onMinimal({ imageCredentials: { username: "robot", password: "tok-3c9f1a2b7d", ...over } }));
    it("rejects a user name with ':', and never quotes it", () => {
        const list = creds({ username: "team:robot" });
        assert.deepStrictEqual(list, [
            "portkey-gateway:imageCredentials.username: holds ':', which ends the user name in the pull secret's auth field. Fix: give the registry user name, without ':'.",
        ]);
        assertNotEchoed(list, "team:robot");
        // Empty texts are rejected for every text setting (config/fields.ts).
        assert.match(creds({ password: "" })[0], /^portkey-gateway:imageCredentials\.password: expected a non-empty string/);
    });
    it("rejects a registry that is no address, and an e-mail that is none", () => {
        assert.deepStrictEqual(creds({ registry: "docker hub" }), [
            "portkey-gateway:imageCredentials.registry: is not a registry address. Fix: give the registry's host, such as docker.io, or https://index.docker.io/v1/ for Docker Hub.",
        ]);
        assert.deepStrictEqual(creds({ email: "ops" }), [
            "portkey-gateway:imageCredentials.email: is not an e-mail address. Fix: give an address such as ops@example.com, or remove it.",
        ]);
    });
    it("accepts the registry forms the kubelet matches", () => {
        for (const r of [
            "https://index.docker.io/v1/",
            "docker.io",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com",
            "registry.example.com:5000/team",
            "http://localhost:5000",
        ])
            assert.ok(isRegistry(r), r);
        for (const r of ["", "docker hub", "https://", "-docker.io", "docker.io:port", "ftp://x.io"]) assert.ok(!isRegistry(r), r);
        assert.deepStrictEqual(creds({ registry: "docker.io", email: "ops@example.com" }), []);
        assert.ok(isRegistryUsername("AWS") && !isRegistryUsername("a:b") && !isRegistryUsername(":"));
        assert.ok(isEmail("a@b.co") && !isEmail("a@b") && !isEmail("a b@c.io") && !isEmail("@b.io"));
    });
});

describe("add-on version", () => {
    // EKS add-on versions as `aws eks describe-addon-versions` lists them: v1.3.4-eksbuild.1
    // (EKS user guide, "Verify Amazon EKS add-on version compatibility with a cluster").
    it("accepts v<major>.<minor>.<patch>-eksbuild.<n> only", () => {
        for (const v of ["v1.3.4-eksbuild.1", "v0.1.29-eksbuild.12"]) assert.ok(isAddonVersion(v), v);
        for (const v of ["1.3.4-eksbuild.1", "v1.3.4", "v1.3-eksbuild.1", "latest", "v1.3.4-eksbuild", " v1.3.4-eksbuild.1"]) assert.ok(!isAddonVersion(v), v);
    });
    it("rejects a malformed cluster.podIdentityAgentVersion with the command that lists versions", () => {
        const list = problemsOf(onMinimal({ identity: "pod-identity", cluster: { podIdentityAgentVersion: "latest" } }));
        assert.deepStrictEqual(list, [
            "portkey-gateway:cluster.podIdentityAgentVersion: is not an EKS add-on version. Fix: give a version as `aws eks describe-addon-versions --addon-name eks-pod-identity-agent` lists it, such as v1.3.8-eksbuild.2.",
        ]);
    });
});

describe("VPC CIDR block", () => {
    // RFC 4632 §3.1: a prefix's host bits are zero; Amazon VPC user guide: blocks from /16 to /28.
    it("rejects an address with host bits set", () => {
        assert.deepStrictEqual(problemsOf(onMinimal({ cluster: { vpcCidr: "10.0.0.1/16" } })), [
            "portkey-gateway:cluster.vpcCidr: has host bits set: the address is not the first of its block. Fix: give the block's network address, with the host bits zero (such as 10.0.0.0/16).",
        ]);
        assert.ok(!isCidrNetworkAddress("10.0.128.0/16") && isCidrNetworkAddress("10.0.128.0/17") && isCidrNetworkAddress("172.16.0.0/12"));
    });
    it("reads octets and the prefix strictly", () => {
        assert.ok(isCidrBlock("10.0.0.0/16", 16, 20) && isCidrBlock("192.168.0.0/20", 16, 20));
        for (const v of ["10.0.0.0/15", "10.0.0.0/21", "256.0.0.0/16", "10.0.0/16", "010.0.0.0/16", "10.0.0.0"]) assert.ok(!isCidrBlock(v, 16, 20), v);
    });
});

describe("ports with SERVER_MODE all", () => {
    // Portkey-AI/helm charts/portkey-gateway 1.7.7: templates/gateway/service.yaml gives the Service
    // service.port (values.yaml: 8787) and the MCP port (_helpers.tpl mcp.containerPort: 8788 by
    // default); Kubernetes ValidateService rejects two ports of one number and protocol.
    // The open-source image's own rule on PORT (config/rules/chart.ts openSourcePortFixed) is left out here.
    const ports = (env: Record<string, string>, values: Record<string, unknown> = {}) =>
        problemsOf(
            onMinimal({
                env: { SERVER_MODE: "all", ...env },
                gateway: { values: { images: { gatewayImage: { repository: "portkeyai/gateway" } }, ...values } },
            }),
        ).filter((l) => !l.startsWith("portkey-gateway:env.PORT: moves the chart's container port"));
    it("rejects the gateway and MCP servers on one port", () => {
        assert.deepStrictEqual(ports({ PORT: "9000", MCP_PORT: "9000" }), [
            "portkey-gateway:env.MCP_PORT: with SERVER_MODE all the gateway and the MCP server would listen on the same port. Fix: give MCP_PORT and PORT different port numbers.",
        ]);
        assert.strictEqual(ports({ MCP_PORT: "8787" }).length, 1);
    });
    it("rejects an MCP port equal to the Service's port", () => {
        assert.deepStrictEqual(ports({ PORT: "9000", MCP_PORT: "8787" }), [
            "portkey-gateway:env.MCP_PORT: with SERVER_MODE all the gateway Service would get two ports of the same number (its service.port and the MCP port), which Kubernetes rejects. Fix: give MCP_PORT a number other than the gateway Service's port (gateway.values.service.port, 8787 by default).",
        ]);
    });
    it("accepts distinct ports, the defaults, and one server only", () => {
        assert.deepStrictEqual(ports({}), []);
        assert.deepStrictEqual(ports({ PORT: "9000", MCP_PORT: "9001" }), []);
        assert.deepStrictEqual(problemsOf(onMinimal({ env: { SERVER_MODE: "mcp", MCP_PORT: "8787" } })), []);
    });
});
