// npm run bench [-- --runs N]
// Prints whole-process wall-clock medians: one offline plan per shipped stack, and the full
// test suite. Figures only; nothing here asserts on time.
import { spawnSync } from "child_process";
import * as path from "path";
import { listStacks, ROOT } from "../offline/stackConfig";

function timeRun(cmd: string, args: string[]): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
    return ms;
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function report(label: string, samples: number[]): number {
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)}s`;
    console.log(
        `${label.padEnd(24)} median ${fmt(median(samples))}  min ${fmt(Math.min(...samples))}  max ${fmt(Math.max(...samples))}  (${samples.length} runs)`,
    );
    return median(samples);
}

function main() {
    const i = process.argv.indexOf("--runs");
    const runs = i > 0 ? Number(process.argv[i + 1]) : 5;
    const suiteRuns = Math.max(3, Math.ceil(runs / 2));
    console.log(`node ${process.version}, ${runs} runs each (suite: ${suiteRuns})`);
    const plans = listStacks().map((stack) =>
        report(
            `plan ${stack}`,
            Array.from({ length: runs }, () => timeRun(process.execPath, ["--import", "tsx", path.join("scripts", "plan.ts"), "--stack", stack])),
        ),
    );
    const mocha = path.join("node_modules", "mocha", "bin", "mocha.js");
    const suite = report(
        "test suite (npm test)",
        Array.from({ length: suiteRuns }, () => timeRun(process.execPath, [mocha])),
    );
    const onePlan = median(plans);
    console.log(`suite / one plan (median of the stacks' medians): ${(suite / onePlan).toFixed(1)}x`);
}

main();
