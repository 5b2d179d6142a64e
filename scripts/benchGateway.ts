// npm run bench:gateway [-- --quick] [--json] [--dir <install dir>] [--node <node 20>] [--ttfc-p99-ms <n>]
// Installs the open-source gateway as its image pins it, runs it on a CPU of its own behind the mock
// provider, and prints its figures (docs/capacity.md, "Measured figures"). Not part of npm test.
// The decisions and the arithmetic are in load/gateway/; this file starts processes and reads /proc.
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { createInterface } from "readline";
import { cpuModel, nodeProblem, placement, type Placement } from "../load/gateway/environment";
import { fixedRate, type MemoryPhase, type RequestPhase, type StreamPhase, type Usage } from "../load/gateway/figures";
import { expectedVersions, GATEWAY_PACKAGE, installManifest, lockVersions, versionDifferences } from "../load/gateway/pins";
import { benchPlan, parseOptions, streamBound, type BenchOptions, type BenchPlan, type Bound } from "../load/gateway/plan";
import { errorKinds, requestPhase, streamPhase, usageBetween, type Sample } from "../load/gateway/phases";
import { cpuBusyTicks, parseClockTicks, statCpuTicks, statusRssKiB } from "../load/gateway/procfs";
import { figures, renderJson, renderTable, verdict, type BenchResult, type Environment } from "../load/gateway/report";
import { gatewayHeaders } from "../load/request";
import { runLoad, type LoadReport } from "../load/run";

const ROOT = path.resolve(__dirname, "..");
const log = (line: string) => console.error(line);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The packages whose versions the figures depend on most, as installed. */
const SHOWN_PACKAGES = ["hono", "@hono/node-server"];

function installedVersion(dir: string, name: string): string {
    return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version;
}

function treeDifferences(dir: string): string[] {
    const lock = path.join(dir, "package-lock.json");
    if (!fs.existsSync(lock)) return ["no package-lock.json yet"];
    return versionDifferences(expectedVersions(), lockVersions(JSON.parse(fs.readFileSync(lock, "utf8"))));
}

/** Installs the gateway with the image's versions into dir (once; again when the manifest or the tree differs). */
function install(dir: string, overrides: boolean): Record<string, string> {
    fs.mkdirSync(dir, { recursive: true });
    const manifest = JSON.stringify(installManifest(overrides), null, 2) + "\n";
    const differences = () => (overrides ? treeDifferences(dir) : []);
    const manifestPath = path.join(dir, "package.json");
    const current = fs.existsSync(manifestPath) ? fs.readFileSync(manifestPath, "utf8") : "";
    if (current !== manifest || !fs.existsSync(path.join(dir, "package-lock.json")) || differences().length > 0) {
        log(`installing ${GATEWAY_PACKAGE} ${overrides ? "with the image's lockfile versions" : "WITHOUT overrides"} into ${dir}`);
        fs.writeFileSync(manifestPath, manifest);
        // The package's postinstall (patch-package) has no patches to apply from npm: docs/upstream-facts.md#gateway-image-lockfile.
        const r = spawnSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, stdio: ["ignore", 2, 2] });
        if (r.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${r.status})`);
    }
    const diff = differences();
    if (diff.length > 0) throw new Error(`the installed tree is not the image's:\n  ${diff.join("\n  ")}`);
    return Object.fromEntries([GATEWAY_PACKAGE, ...SHOWN_PACKAGES].map((n) => [n, installedVersion(dir, n)]));
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.once("error", reject);
        s.listen(0, "127.0.0.1", () => {
            const port = (s.address() as net.AddressInfo).port;
            s.close(() => resolve(port));
        });
    });
}

async function waitReady(url: string, child: ChildProcess, logFile: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
        if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode}) before it listened; see ${logFile}`);
        const ok = await fetch(url).then(
            (r) => r.status < 500,
            () => false,
        );
        if (ok) return;
        await sleep(100);
    }
    throw new Error(`the gateway did not answer ${url} within 20 s; see ${logFile}`);
}

interface Gateway {
    url: string;
    pid: number;
    child: ChildProcess;
    logFile: string;
}

/** The image's start command, `node build/start-server.js`, with the port flag: docs/upstream-facts.md#gateway-start-command. */
async function startGateway(o: BenchOptions, where: Placement, name: string): Promise<Gateway> {
    const port = await freePort();
    const argv = [o.node, "build/start-server.js", `--port=${port}`];
    const [cmd, ...args] = where.gatewayCpu === undefined ? argv : ["taskset", "-c", String(where.gatewayCpu), ...argv];
    // Unset, TRUSTED_CUSTOM_HOSTS trusts loopback: docs/upstream-facts.md#gateway-custom-host-guard.
    const { TRUSTED_CUSTOM_HOSTS: _t, NODE_OPTIONS: _n, ...env } = process.env;
    const logFile = path.join(o.dir, `gateway-${name}.log`);
    const out = fs.openSync(logFile, "w");
    const child = spawn(cmd, args, { cwd: path.join(o.dir, "node_modules", GATEWAY_PACKAGE), env, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    const url = `http://127.0.0.1:${port}`;
    await waitReady(`${url}/`, child, logFile);
    return { url, pid: child.pid!, child, logFile };
}

interface Mock {
    url: string;
    pid: number;
    child: ChildProcess;
}

/** A mock provider in its own process (load/gateway/mockProcess.ts), on this process's CPU. */
async function startMock(options: object): Promise<Mock> {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "load", "gateway", "mockProcess.ts"), JSON.stringify(options)], {
        cwd: ROOT,
        stdio: ["pipe", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
        lines.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`the mock provider exited (${code}) before it listened`)));
    });
    return { url: (JSON.parse(first) as { url: string }).url, pid: child.pid!, child };
}

const ticks = (pid: number) => statCpuTicks(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
const rssKiB = (pid: number) => statusRssKiB(fs.readFileSync(`/proc/${pid}/status`, "utf8"));

interface Ctx {
    plan: BenchPlan;
    where: Placement;
    gateway: Gateway;
    mocks: Mock[];
    clockTicks: number;
}

function sample(ctx: Ctx): Sample {
    const clientTicks = [process.pid, ...ctx.mocks.map((m) => m.pid)].reduce((sum, pid) => sum + ticks(pid), 0);
    const cpu = ctx.where.gatewayCpu;
    const gatewayCpuBusyTicks = cpu === undefined ? undefined : cpuBusyTicks(fs.readFileSync("/proc/stat", "utf8"), cpu);
    return { atMs: performance.now(), gatewayTicks: ticks(ctx.gateway.pid), clientTicks, gatewayCpuBusyTicks };
}

/** One bounded load run, with the CPU time each side spent during it. */
async function measured(ctx: Ctx, url: string, mockUrl: string, bound: Bound, extra: { concurrency: number; rate?: number; stream?: boolean }) {
    const before = sample(ctx);
    const report: LoadReport = await runLoad({ url, durationSeconds: bound.seconds, requests: bound.maxRequests, headers: gatewayHeaders(mockUrl), ...extra });
    const usage: Usage = usageBetween(before, sample(ctx), ctx.clockTicks);
    return { report, usage };
}

const base = (mockUrl: string) => mockUrl.replace(/\/v1$/, "");

/** Requests, then a few streams, so the phases measured after it run warmed code. */
async function warmUp(ctx: Ctx, mocks: Mocks, requests: Bound): Promise<void> {
    log("warm-up");
    await measured(ctx, ctx.gateway.url, mocks.requests.url, requests, { concurrency: 16 });
    await measured(ctx, ctx.gateway.url, mocks.streams.url, { seconds: 5, maxRequests: 20 }, { concurrency: 10, stream: true });
}

async function requestPhases(ctx: Ctx, mock: Mock): Promise<RequestPhase[]> {
    const { plan, gateway } = ctx;
    const out: RequestPhase[] = [];
    const direct = await measured(ctx, base(mock.url), mock.url, plan.requests, { concurrency: 1 });
    out.push(requestPhase("mock direct", "mock", direct.report, direct.usage));
    for (const concurrency of plan.concurrencies) {
        log(`non-streaming, ${concurrency} connections`);
        const m = await measured(ctx, gateway.url, mock.url, plan.requests, { concurrency });
        out.push(requestPhase(`gateway c=${concurrency}`, "gateway", m.report, m.usage));
    }
    const rate = fixedRate(out);
    log(`non-streaming, fixed rate ${rate}/s`);
    const f = await measured(ctx, gateway.url, mock.url, plan.requests, { concurrency: plan.fixedRateConcurrency, rate });
    out.push(requestPhase("gateway fixed rate", "gateway", f.report, f.usage));
    return out;
}

async function streamLevels(ctx: Ctx, mock: Mock): Promise<StreamPhase[]> {
    const out: StreamPhase[] = [];
    for (const streams of ctx.plan.streamLevels) {
        log(`streaming, ${streams} concurrent streams`);
        const m = await measured(ctx, ctx.gateway.url, mock.url, streamBound(ctx.plan, streams), { concurrency: streams, stream: true });
        out.push(streamPhase(m.report, m.usage));
        if (m.report.completed === 0) break;
    }
    return out;
}

/**
 * On a gateway of its own that has served a few requests and streams: its RSS idle, then its highest
 * while the memory mock's long streams are all open. A gateway that ran the other phases first has
 * grown its heap already, and new streams would fit in it unseen.
 */
async function memoryPhase(ctx: Ctx, mocks: Mocks): Promise<MemoryPhase> {
    const { streams, chunks, chunkIntervalMs } = ctx.plan.memory;
    log(`memory, ${streams} open streams, on a fresh gateway`);
    await warmUp(ctx, mocks, { seconds: 5, maxRequests: 100 });
    await sleep(1000);
    const idleRssKiB = rssKiB(ctx.gateway.pid);
    let loadedRssKiB = idleRssKiB;
    const timer = setInterval(() => (loadedRssKiB = Math.max(loadedRssKiB, rssKiB(ctx.gateway.pid))), 100);
    const bound = { seconds: (2 * chunks * chunkIntervalMs) / 1000, maxRequests: streams };
    const m = await measured(ctx, ctx.gateway.url, mocks.memory.url, bound, { concurrency: streams, stream: true }).finally(() => clearInterval(timer));
    return { openStreams: streams, completed: m.report.completed, errors: m.report.errors.total, errorKinds: errorKinds(m.report), idleRssKiB, loadedRssKiB };
}

function environment(o: BenchOptions, versions: Record<string, string>, where: Placement, gatewayNode: string): Environment {
    return {
        date: new Date().toISOString(),
        command: ["npm run bench:gateway", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" "),
        cpuModel: cpuModel(fs.readFileSync("/proc/cpuinfo", "utf8")),
        cpus: os.cpus().length,
        kernel: os.release(),
        gatewayVersion: versions[GATEWAY_PACKAGE],
        gatewayNode,
        clientNode: process.version,
        packages: Object.fromEntries(SHOWN_PACKAGES.map((n) => [n, versions[n]])),
        imageVersions: o.overrides,
        placement: where.text,
    };
}

/** Pins this process (the client) and the mocks it starts to the client CPU; the placement that resulted. */
function pinSelf(): Placement {
    const where = placement(spawnSync("taskset", ["-V"], { stdio: "ignore" }).status === 0, os.cpus().length);
    if (where.clientCpu === undefined) return where;
    const r = spawnSync("taskset", ["-a", "-p", "-c", String(where.clientCpu), String(process.pid)], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`taskset could not pin the client to CPU ${where.clientCpu}: ${r.stderr}`);
    return where;
}

type Mocks = Record<"requests" | "streams" | "memory", Mock>;

/** Runs fn with a gateway started for it, stopped after; its log file goes to logs. */
async function withGateway<T>(o: BenchOptions, where: Placement, name: string, logs: string[], fn: (g: Gateway) => Promise<T>): Promise<T> {
    const g = await startGateway(o, where, name);
    logs.push(g.logFile);
    try {
        return await fn(g);
    } finally {
        g.child.kill("SIGTERM");
    }
}

async function run(o: BenchOptions, where: Placement, plan: BenchPlan, mocks: Mocks, logs: string[]) {
    const clockTicks = parseClockTicks(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout);
    const ctx = (gateway: Gateway): Ctx => ({ plan, where, gateway, clockTicks, mocks: Object.values(mocks) });
    const memory = await withGateway(o, where, "memory", logs, (g) => memoryPhase(ctx(g), mocks));
    return withGateway(o, where, "main", logs, async (g) => {
        await warmUp(ctx(g), mocks, plan.warmup);
        const requests = await requestPhases(ctx(g), mocks.requests);
        const streams = await streamLevels(ctx(g), mocks.streams);
        return { requests, memory, streams };
    });
}

async function main(): Promise<number> {
    const o = parseOptions(process.argv.slice(2));
    const plan = benchPlan(o.quick);
    const version = spawnSync(o.node, ["-v"], { encoding: "utf8" });
    const problem = nodeProblem(o.node, version.status === 0 ? version.stdout : undefined);
    if (problem) throw new Error(problem);
    const versions = install(o.dir, o.overrides);
    const where = pinSelf();
    const mocks: Mocks = { requests: await startMock({}), streams: await startMock(plan.stream), memory: await startMock(plan.memory) };
    const logs: string[] = [];
    try {
        const result: BenchResult = {
            environment: environment(o, versions, where, version.stdout.trim()),
            ttfcP99BoundMs: o.ttfcP99BoundMs,
            chunksPerStream: plan.stream.chunks,
            chunkIntervalMs: plan.stream.chunkIntervalMs,
            ...(await run(o, where, plan, mocks, logs)),
        };
        console.log(o.json ? renderJson(result) : renderTable(result));
        return reportFailure(result, logs);
    } finally {
        for (const m of Object.values(mocks)) m.child.kill("SIGTERM");
    }
}

/** The exit code; on a streaming failure, the gateway's own error lines (TypeError: immutable, docs/upstream-facts.md#gateway-streaming-immutable). */
function reportFailure(result: BenchResult, logFiles: string[]): number {
    const v = verdict(figures(result));
    if (v.exitCode === 1) {
        const counts = new Map<string, number>();
        for (const file of logFiles)
            for (const l of fs.readFileSync(file, "utf8").split(/[\r\n]+/)) if (/error/i.test(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
        const lines = [...counts].slice(0, 20).map(([l, n]) => `${n} x ${l}`);
        log(`the gateways' error lines (${logFiles.join(", ")}):\n${lines.join("\n") || "(none)"}`);
    }
    return v.exitCode;
}

main().then(
    (code) => process.exit(code),
    (e: Error) => {
        log(`bench:gateway: ${e.message}`);
        process.exit(1);
    },
);
