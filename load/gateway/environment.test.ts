import * as assert from "assert";
import { cpuModel, nodeMajor, nodeProblem, placement } from "./environment";

describe("gateway bench: environment", () => {
    it("reads the major of node -v", () => {
        assert.strictEqual(nodeMajor("v20.20.2\n"), 20);
        assert.strictEqual(nodeMajor(" v20.20.2"), 20);
        assert.strictEqual(nodeMajor("xv20.20.2"), undefined);
        assert.strictEqual(nodeMajor("v22.23.3"), 22);
        assert.strictEqual(nodeMajor("20.1.0"), undefined);
    });
    // Portkey-AI/gateway v1.15.2 Dockerfile: FROM node:20-alpine.
    it("accepts Node 20 only, the image's, and says how to give one", () => {
        assert.strictEqual(nodeProblem("/usr/bin/node", "v20.20.2"), undefined);
        assert.match(
            nodeProblem("/usr/local/bin/node", "v22.23.3\n")!,
            /\/usr\/local\/bin\/node is Node v22\.23\.3, the image runs Node 20: give a Node 20 binary with --node/,
        );
        assert.match(nodeProblem("/nope", undefined)!, /did not run/);
    });
    it("takes the first model name of /proc/cpuinfo", () => {
        assert.strictEqual(
            cpuModel("processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Processor\nprocessor\t: 1\nmodel name\t: other\n"),
            "Intel(R) Xeon(R) Processor",
        );
        assert.match(cpuModel("processor\t: 0\nCPU implementer\t: 0x41\n"), /unknown CPU model/);
        // Only a line that starts with the key; the value without the padding around it.
        assert.strictEqual(cpuModel("cpu model name\t: wrong\nmodel name\t\t: Real CPU  \n"), "Real CPU");
    });
    it("pins the gateway to CPU 1 and the client side to CPU 0 only with taskset and two CPUs, and says when it did not", () => {
        assert.deepStrictEqual(placement(true, 2), { gatewayCpu: 1, clientCpu: 0, text: "taskset: gateway on CPU 1, client and mock on CPU 0" });
        assert.match(placement(false, 8).text, /^NOT PINNED: taskset is not available/);
        assert.deepStrictEqual(placement(true, 1), { text: "NOT PINNED: 1 CPU, so the gateway shares it with the client and mock" });
    });
});
