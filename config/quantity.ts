// Kubernetes resource quantities (k8s.io/apimachinery pkg/api/resource): the forms the program
// accepts for requests and limits, and their magnitudes so limits can be compared with requests.

const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTORS: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** CPU in millicores ("500m" → 500, "1.5" → 1500), or undefined when not a CPU quantity. */
export function cpuMillicores(q: string): number | undefined {
    const m = CPU.exec(q);
    if (!m) return undefined;
    return m[2] === "m" ? Number(m[1]) : Number(m[1]) * 1000;
}

/** Memory in bytes ("512Mi" → 536870912), or undefined when not a memory quantity. */
export function memoryBytes(q: string): number | undefined {
    const m = MEMORY.exec(q);
    return m ? Number(m[1]) * MEMORY_FACTORS[m[2] ?? ""] : undefined;
}
