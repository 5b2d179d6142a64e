// Ports the chart renders with SERVER_MODE all: the gateway and the MCP server each get a container
// port and a port of the gateway Service (Portkey-AI/helm charts/portkey-gateway 1.7.7,
// templates/_helpers.tpl gateway.containerPort and mcp.containerPort, templates/gateway/service.yaml).
// Two servers cannot listen on one port, and Kubernetes rejects a Service with two ports of the
// same number and protocol (kubernetes/kubernetes pkg/apis/core/validation/validation.go,
// ValidateService: spec.ports duplicate port/protocol).
import { isPort } from "../grammar";
import { own } from "../schema";
import { valueAt } from "./gateway";
import { Rule } from "./rule";

/** Chart defaults (values.yaml service.port; MCP 8788 in _helpers.tpl). */
const DEFAULT_SERVICE_PORT = 8787;
const DEFAULT_MCP_PORT = 8788;

function portNumber(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isInteger(v)) return v;
    return typeof v === "string" && isPort(v) ? Number(v) : undefined;
}

export const portsDistinct: Rule = ({ s }, p) => {
    const env = s.env ?? {};
    if (own(env, "SERVER_MODE") !== "all") return;
    const values = s.gateway.values;
    const servicePort = portNumber(valueAt(values, "service.port")) ?? DEFAULT_SERVICE_PORT;
    const gatewayPort = portNumber(valueAt(values, "service.containerPort")) ?? portNumber(own(env, "PORT")) ?? servicePort;
    const mcpOwn = valueAt(values, "mcpService.enabled") === true ? portNumber(valueAt(values, "mcpService.containerPort")) : undefined;
    const mcpPort = mcpOwn ?? portNumber(own(env, "MCP_PORT")) ?? DEFAULT_MCP_PORT;
    if (gatewayPort === mcpPort) {
        p.add(
            "env.MCP_PORT",
            "with SERVER_MODE all the gateway and the MCP server would listen on the same port",
            "give MCP_PORT and PORT different port numbers",
        );
    } else if (servicePort === mcpPort) {
        p.add(
            "env.MCP_PORT",
            "with SERVER_MODE all the gateway Service would get two ports of the same number (its service.port and the MCP port), which Kubernetes rejects",
            "give MCP_PORT a number other than the gateway Service's port (gateway.values.service.port, 8787 by default)",
        );
    }
};

export const PORT_RULES: Rule[] = [portsDistinct];
