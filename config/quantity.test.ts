// Kubernetes quantities (k8s.io/apimachinery pkg/api/resource): "m" is milli; k M G T are powers
// of 1000 and Ki Mi Gi Ti powers of 1024.
import * as assert from "assert";
import { cpuMillicores, memoryBytes } from "./quantity";

describe("cpuMillicores", () => {
    it("reads cores and millicores", () => {
        assert.deepStrictEqual(
            ["500m", "1", "1.5", "0", "0m", "250m", "0.1", "0.25", "2.125"].map(cpuMillicores),
            [500, 1000, 1500, 0, 0, 250, 100, 250, 2125],
        );
    });
    it("rejects other forms", () => {
        for (const q of ["", "m", "1.", ".5", "-1", "1e3", "500M", "1 m", "x500m", "500mx", "1Ki"]) assert.strictEqual(cpuMillicores(q), undefined, q);
    });
});

describe("memoryBytes", () => {
    it("reads plain bytes and the decimal and binary suffixes", () => {
        const got = ["1", "1k", "1M", "1G", "1T", "1Ki", "1Mi", "1Gi", "1Ti", "512Mi", "1.5Gi", "1.25Gi"].map(memoryBytes);
        assert.deepStrictEqual(got, [1, 1000, 1000000, 1000000000, 1000000000000, 1024, 1048576, 1073741824, 1099511627776, 536870912, 1610612736, 1342177280]);
    });
    it("rejects other forms", () => {
        for (const q of ["", "Mi", "1.", "-1", "1mi", "1K", "1Pi", "1 Gi", "x1Gi", "1Gix", "500m"]) assert.strictEqual(memoryBytes(q), undefined, q);
    });
});
