// Runs one of the e2e/ scripts for real, in bash, with stand-ins for the commands it calls (kubectl,
// aws, ...) first on PATH. Each stand-in is a /bin/sh script; `$CALLS` names a file it may append its
// command lines to, separated by \x1e, which the run returns.
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";
import { spawned } from "./spawned";
import { tempDir } from "./tempDir";

export interface ScriptResult {
    status: number | null;
    output: string;
    calls: string[];
}

/** The line a stand-in runs to record its command line in `$CALLS`. */
export const RECORD_CALL = 'printf \'%s\\036\' "$*" >> "$CALLS"';

/** One run of an e2e/ script: the script, its arguments, its stand-ins (name → lines) and what it adds to its environment. */
export interface E2eRun {
    script: string;
    args: string[];
    standIns: Record<string, string[]>;
    env?: Record<string, string>;
}

const quoted = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

/** Writes a run's stand-ins under `dir`; the bash line that runs it there with exactly `env`, the stand-ins first on PATH and CALLS, recording its output and status. */
function prepared(dir: string, run: E2eRun): string {
    fs.mkdirSync(path.join(dir, "tmp"), { recursive: true });
    for (const [name, lines] of Object.entries(run.standIns)) fs.writeFileSync(path.join(dir, name), ["#!/bin/sh", ...lines].join("\n"), { mode: 0o755 });
    const env = { ...run.env, PATH: `${dir}:${process.env.PATH}`, CALLS: path.join(dir, "calls"), TMPDIR: path.join(dir, "tmp") };
    const vars = Object.entries(env).map(([k, v]) => quoted(`${k}=${v}`));
    const out = (f: string) => quoted(path.join(dir, f));
    const command = [path.join(ROOT, "e2e", run.script), ...run.args].map(quoted).join(" ");
    return `{ env -i ${vars.join(" ")} bash ${command} > ${out("stdout")} 2> ${out("stderr")}; echo $? > ${out("status")}; } &`;
}

/**
 * Fails when a run left anything in the TMPDIR it was given (`dir`/tmp): a script removes the
 * temporary files it makes on every path, failures included (a trap on EXIT), or a self-hosted runner
 * or a laptop that runs it keeps them.
 */
export function refuseTempLeft(dir: string, script: string): void {
    const left = fs.readdirSync(path.join(dir, "tmp"));
    if (left.length > 0) throw new Error(`${script} left ${left.join(", ")} in its TMPDIR: remove temporary files on exit (trap ... EXIT)`);
}

/** What a run recorded under `dir`. */
function recorded(dir: string, run: E2eRun): ScriptResult {
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    const log = path.join(dir, "calls");
    const calls = fs.existsSync(log) ? read("calls").split("\x1e").slice(0, -1) : [];
    refuseTempLeft(dir, `e2e/${run.script}`);
    return { status: Number(read("status")), output: read("stdout") + read("stderr"), calls };
}

/**
 * Runs each run in a bash of its own, all side by side in one bash, without waiting: Node goes on
 * running other tests while bash runs the scripts, on the other core.
 */
export function startE2eScripts(runs: E2eRun[]): Promise<ScriptResult[]> {
    const dir = tempDir("e2e-batch-");
    const commands = runs.map((run, i) => prepared(path.join(dir, String(i)), run));
    return spawned("bash", ["--noprofile", "--norc", "-c", [...commands, "wait"].join("\n")], { env: { PATH: process.env.PATH } })
        .then(() => runs.map((run, i) => recorded(path.join(dir, String(i)), run)))
        .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
