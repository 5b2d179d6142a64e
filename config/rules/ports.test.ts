// portsDistinct against the chart's own port choice (Portkey-AI/helm charts/portkey-gateway 1.7.7,
// templates/_helpers.tpl): gateway.containerPort = service.containerPort, else env PORT, else
// service.port (default 8787 in values.yaml); mcp.containerPort = mcpService.containerPort when
// mcpService.enabled, else env MCP_PORT, else 8788. templates/gateway/service.yaml gives the gateway
// Service the port service.port and the MCP port. The rule only applies with SERVER_MODE all.
import * as assert from "assert";
import { ruleInput, run } from "../testing";
import { portsDistinct } from "./ports";

const SAME_PORT =
    "portkey-gateway:env.MCP_PORT: with SERVER_MODE all the gateway and the MCP server would listen on the same port. Fix: give MCP_PORT and PORT different port numbers.";
const SERVICE_CLASH =
    "portkey-gateway:env.MCP_PORT: with SERVER_MODE all the gateway Service would get two ports of the same number (its service.port and the MCP port), which Kubernetes rejects. Fix: give MCP_PORT a number other than the gateway Service's port (gateway.values.service.port, 8787 by default).";

function check(env: Record<string, string>, values: Record<string, unknown> = {}): string[] {
    const input = ruleInput({ env });
    (input.s.gateway as { values: Record<string, unknown> }).values = values;
    return run(portsDistinct, input);
}

describe("portsDistinct", () => {
    it("the chart's defaults (8787 and 8788) are distinct", () => assert.deepStrictEqual(check({ SERVER_MODE: "all" }), []));
    it("only SERVER_MODE all runs both servers", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "mcp", MCP_PORT: "8787" }), []);
        assert.deepStrictEqual(check({ MCP_PORT: "8787" }), []);
    });
    it("MCP_PORT on the default gateway port", () => assert.deepStrictEqual(check({ SERVER_MODE: "all", MCP_PORT: "8787" }), [SAME_PORT]));
    it("PORT on the default MCP port", () => assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "8788" }), [SAME_PORT]));
    it("PORT moved off the Service port: MCP_PORT may not take the Service's port either", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "8787" }), [SERVICE_CLASH]);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "9001" }), []);
    });
    it("service.port moves the gateway's port when nothing else sets it", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "all" }, { service: { port: 8788 } }), [SAME_PORT]);
        assert.deepStrictEqual(check({ SERVER_MODE: "all" }, { service: { port: "8788" } }), [SAME_PORT]);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", MCP_PORT: "8787" }, { service: { port: 9000 } }), []);
    });
    it("service.containerPort wins over PORT", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "9000" }, { service: { containerPort: 8788 } }), [SAME_PORT]);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "8788" }, { service: { containerPort: 9000 } }), []);
    });
    it("mcpService.containerPort counts only with mcpService.enabled", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "all" }, { mcpService: { enabled: true, containerPort: 8787 } }), [SAME_PORT]);
        assert.deepStrictEqual(check({ SERVER_MODE: "all" }, { mcpService: { enabled: false, containerPort: 8787 } }), []);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", MCP_PORT: "8787" }, { mcpService: { enabled: true, containerPort: 9001 } }), []);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", MCP_PORT: "8787" }, { mcpService: { enabled: true } }), [SAME_PORT]);
    });
    it("ports written as strings count as the numbers (the chart pipes them through `int`)", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "all" }, { service: { containerPort: "8788" } }), [SAME_PORT]);
        assert.deepStrictEqual(check({ SERVER_MODE: "all" }, { mcpService: { enabled: true, containerPort: "8787" } }), [SAME_PORT]);
    });
    it("values that are not port numbers fall back to the next source", () => {
        assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "http" }, { service: { port: 8787.5 } }), []);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", MCP_PORT: "0" }), []);
        assert.deepStrictEqual(check({ SERVER_MODE: "all", PORT: "8788", MCP_PORT: "x" }), [SAME_PORT]);
    });
});
