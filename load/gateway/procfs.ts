// CPU time and memory of another process, from Linux's /proc (proc(5)): process.cpuUsage() only
// reports the calling process. The reading is done by the benchmark's shell; these parse the text.

/** utime + stime of /proc/<pid>/stat in clock ticks: fields 14 and 15, counted after the `(comm)` field. */
export function statCpuTicks(stat: string): number {
    // comm may hold spaces and parentheses: the fields after it start after its last ")".
    const close = stat.lastIndexOf(")");
    if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
    const rest = stat
        .slice(close + 1)
        .trim()
        .split(/\s+/);
    // rest[0] is field 3 (state), so field n is rest[n - 3].
    const [utime, stime] = [Number(rest[14 - 3]), Number(rest[15 - 3])];
    if (!Number.isInteger(utime) || !Number.isInteger(stime)) throw new Error(`no utime/stime in /proc/<pid>/stat: ${stat.slice(0, 80)}`);
    return utime + stime;
}

/** VmRSS of /proc/<pid>/status, in KiB (the kernel writes it in kB, meaning KiB). */
export function statusRssKiB(status: string): number {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    if (!m) throw new Error("no VmRSS line in /proc/<pid>/status (has the process exited?)");
    return Number(m[1]);
}

/**
 * Busy clock ticks of one CPU from /proc/stat's `cpu<n>` line: user, nice, system, irq, softirq and
 * steal (time the hypervisor gave to others); idle and iowait are not busy. Guest time is already in user.
 */
export function cpuBusyTicks(procStat: string, cpu: number): number {
    const line = procStat.split("\n").find((l) => l.startsWith(`cpu${cpu} `));
    if (!line) throw new Error(`no cpu${cpu} line in /proc/stat`);
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return user + nice + system + irq + softirq + (steal || 0);
}

/** The clock-tick rate from `getconf CLK_TCK` output; Linux uses 100 on every common architecture. */
export function parseClockTicks(getconfOutput: string | undefined): number {
    // Number() ignores surrounding whitespace; "" gives 0.
    const n = Number(getconfOutput ?? "");
    return Number.isInteger(n) && n > 0 ? n : 100;
}
