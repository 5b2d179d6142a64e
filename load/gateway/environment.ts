// Where the benchmark runs: the Node that runs the gateway, the CPU, and how the processes are
// placed on CPUs. The gateway gets a core of its own so its CPU share and figures are per core.
import { IMAGE_NODE_MAJOR } from "./pins";

/** The major of a `node -v` output such as "v20.20.2"; undefined when it is not one. */
export function nodeMajor(version: string): number | undefined {
    const m = /^v(\d+)\.\d+\.\d+/.exec(version.trim());
    return m ? Number(m[1]) : undefined;
}

/** Why a Node binary may not run the gateway: the image runs Node 20 (load/gateway/pins.ts). */
export function nodeProblem(binary: string, version: string | undefined): string | undefined {
    if (version === undefined) return `${binary} did not run (node -v failed): give a Node ${IMAGE_NODE_MAJOR} binary with --node`;
    const major = nodeMajor(version);
    if (major === IMAGE_NODE_MAJOR) return undefined;
    return `${binary} is Node ${version.trim()}, the image runs Node ${IMAGE_NODE_MAJOR}: give a Node ${IMAGE_NODE_MAJOR} binary with --node`;
}

/** The first "model name" of /proc/cpuinfo. */
export function cpuModel(cpuinfo: string): string {
    const m = /^model name\s*:\s*(.+)$/m.exec(cpuinfo);
    return m ? m[1].trim() : 'unknown CPU model (no "model name" in /proc/cpuinfo)';
}

export interface Placement {
    /** `taskset -c <cpu>` prefixes, or none when the processes are not pinned. */
    gatewayCpu?: number;
    clientCpu?: number;
    text: string;
}

/** The gateway alone on CPU 1, the client and mock on CPU 0, when taskset exists and there are two CPUs. */
export function placement(tasksetWorks: boolean, cpus: number): Placement {
    if (!tasksetWorks) return { text: "NOT PINNED: taskset is not available, so the gateway shares CPUs with the client and mock" };
    if (cpus < 2) return { text: `NOT PINNED: ${cpus} CPU, so the gateway shares it with the client and mock` };
    return { gatewayCpu: 1, clientCpu: 0, text: "taskset: gateway on CPU 1, client and mock on CPU 0" };
}
