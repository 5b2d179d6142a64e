import * as assert from "assert";
import { cpuBusyTicks, parseClockTicks, statCpuTicks, statusRssKiB } from "./procfs";

// proc(5): /proc/<pid>/stat field 2 is (comm), 14 utime and 15 stime in clock ticks, 16 and 17 the
// children's; /proc/<pid>/status has "VmRSS:  <n> kB".
const STAT = (comm: string, utime: number, stime: number) =>
    `4242 (${comm}) S 1 4242 4242 0 -1 4194304 98 0 0 0 ${utime} ${stime} 7 9 20 0 11 0 946476 3133440 412 18446744073709551615 0 0 0`;

describe("gateway bench: reading /proc (proc(5))", () => {
    it("adds utime and stime (fields 14 and 15), leaving the children's (16, 17) out", () => {
        assert.strictEqual(statCpuTicks(STAT("node", 1234, 56)), 1290);
    });
    it("counts fields after the last parenthesis, so a comm with spaces and parentheses does not shift them", () => {
        assert.strictEqual(statCpuTicks(STAT("a) b (c", 10, 5)), 15);
    });
    it("refuses a line without comm or without the CPU fields", () => {
        assert.throws(() => statCpuTicks("4242 node S 1"), /not a \/proc/);
        assert.throws(() => statCpuTicks("4242 (node) S 1 2 3"), /no utime\/stime/);
        // Cut after utime (field 14): stime is missing.
        assert.throws(() => statCpuTicks("4242 (node) S 1 2 3 4 5 6 7 8 9 10 11"), /no utime\/stime/);
    });
    it("reads VmRSS in kB from a status file", () => {
        assert.strictEqual(statusRssKiB("Name:\tnode\nVmPeak:\t  99999 kB\nVmRSS:\t   51234 kB\nRssAnon:\t 40000 kB\n"), 51234);
    });
    it("says the process is gone when status has no VmRSS (a zombie's has none)", () => {
        assert.throws(() => statusRssKiB("Name:\tnode\nState:\tZ (zombie)\n"), /no VmRSS/);
    });
    // proc(5): "cpuN user nice system idle iowait irq softirq steal guest guest_nice".
    it("counts a CPU's busy ticks from /proc/stat: all but idle and iowait, guest left out as it is in user", () => {
        const stat = "cpu  30 0 3 60 2 0 1 1 0 0\ncpu0 10 1 2 300 40 3 4 5 6 7\ncpu1 20 0 1 30 2 0 1 1 0 0\nintr 1\n";
        assert.strictEqual(cpuBusyTicks(stat, 0), 10 + 1 + 2 + 3 + 4 + 5);
        assert.strictEqual(cpuBusyTicks(stat, 1), 20 + 1 + 1 + 1);
        assert.throws(() => cpuBusyTicks(stat, 2), /no cpu2 line/);
    });
    it("takes getconf CLK_TCK's number, else Linux's usual 100", () => {
        assert.strictEqual(parseClockTicks("250\n"), 250);
        assert.strictEqual(parseClockTicks(""), 100);
        assert.strictEqual(parseClockTicks(undefined), 100);
        assert.strictEqual(parseClockTicks("-1"), 100);
        assert.strictEqual(parseClockTicks("1.5"), 100);
    });
});
