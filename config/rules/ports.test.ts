// Ports with SERVER_MODE all, as the gateway chart 1.7.7 assigns them (Portkey-AI/helm
// charts/portkey-gateway templates/_helpers.tpl gateway.containerPort and mcp.containerPort,
// values.yaml service.port 8787, MCP 8788): the gateway listens on service.containerPort, else
// PORT, else service.port; the MCP server on mcpService.containerPort when mcpService is enabled,
// else MCP_PORT, else 8788; the gateway Service carries service.port and the MCP port.
import * as assert from "assert";
import { ruleInput, run } from "../testing";
import { portsDistinct } from "./ports";

const SAME_PORT = /^portkey-gateway:env\.MCP_PORT: with SERVER_MODE all the gateway and the MCP server would listen on the same port\./;
const SERVICE_CLASH = /^portkey-gateway:env\.MCP_PORT: with SERVER_MODE all the gateway Service would get two ports of the same number/;

function problems(env: Record<string, string>, values: Record<string, unknown> = {}): string[] {
    return run(portsDistinct, ruleInput({ env, gateway: { values } }));
}

describe("portsDistinct", () => {
    it("checks nothing unless SERVER_MODE is all", () => {
        assert.deepStrictEqual(problems({ MCP_PORT: "8787" }), []);
        assert.deepStrictEqual(problems({ SERVER_MODE: "mcp", MCP_PORT: "8787" }), []);
    });

    it("accepts the chart's defaults: 8787 and 8788", () => assert.deepStrictEqual(problems({ SERVER_MODE: "all" }), []));

    it("refuses one port for both servers: MCP_PORT on the default gateway port, or equal to PORT", () => {
        for (const env of [{ MCP_PORT: "8787" }, { PORT: "9000", MCP_PORT: "9000" }] as Record<string, string>[]) {
            const list = problems({ SERVER_MODE: "all", ...env });
            assert.strictEqual(list.length, 1, JSON.stringify(env));
            assert.match(list[0], SAME_PORT);
        }
    });

    it("refuses an MCP port equal to the Service's port when the gateway listens elsewhere", () => {
        const list = problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "8787" });
        assert.strictEqual(list.length, 1);
        assert.match(list[0], SERVICE_CLASH);
        // A Service port given as text counts too; one that is no port number leaves the default.
        assert.match(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "8800" }, { service: { port: "8800" } })[0], SERVICE_CLASH);
        assert.match(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "8787" }, { service: { port: "http" } })[0], SERVICE_CLASH);
        assert.match(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "8787" }, { service: { port: 8787.5 } })[0], SERVICE_CLASH);
        assert.deepStrictEqual(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "8787" }, { service: { port: 8800 } }), []);
    });

    it("takes the gateway's containerPort over PORT", () => {
        assert.match(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "9100" }, { service: { containerPort: 9100 } })[0], SAME_PORT);
        assert.deepStrictEqual(problems({ SERVER_MODE: "all", PORT: "9100", MCP_PORT: "9100" }, { service: { containerPort: 9000 } }), []);
    });

    it("takes the MCP Service's containerPort over MCP_PORT only when that Service is enabled", () => {
        const own = { mcpService: { enabled: true, containerPort: 9000 } };
        assert.match(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "9999" }, own)[0], SAME_PORT);
        assert.deepStrictEqual(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "9999" }, { mcpService: { enabled: false, containerPort: 9000 } }), []);
        assert.deepStrictEqual(problems({ SERVER_MODE: "all", PORT: "9000", MCP_PORT: "9000" }, { mcpService: { enabled: true, containerPort: 9100 } }), []);
    });
});
