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

/** What one run of a batch runs: the script's path and arguments, with exactly `env` (and its own TMPDIR). */
export interface BatchCommand {
    env: Record<string, string>;
    command: string[];
}

/** How a run ended: its exit status, and its stdout then stderr. */
export interface Ended {
    status: number;
    output: string;
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

/**
 * Runs scripts side by side in one bash, each in a bash of its own with exactly its environment and a
 * TMPDIR of its own, so a batch costs one process start from Node; without waiting: Node goes on
 * running other tests while bash runs the scripts, on the other core. For each run, `prepare` writes its
 * files under the run's directory and says what to run there; `read` reads what it recorded once all
 * have ended and its TMPDIR is found empty (`refuseTempLeft`). The batch's files are removed once read.
 */
export function startBatch<R, T>(
    prefix: string,
    runs: R[],
    prepare: (dir: string, run: R) => BatchCommand,
    read: (dir: string, ended: Ended) => T,
): Promise<T[]> {
    const batch = tempDir(prefix);
    const dirs = runs.map((_, i) => path.join(batch, String(i)));
    const commands = runs.map((run, i) => {
        fs.mkdirSync(path.join(dirs[i], "tmp"), { recursive: true });
        return prepare(dirs[i], run);
    });
    const lines = commands.map(({ env, command }, i) => {
        const vars = Object.entries({ ...env, TMPDIR: path.join(dirs[i], "tmp") }).map(([k, v]) => quoted(`${k}=${v}`));
        const out = (f: string) => quoted(path.join(dirs[i], f));
        return `{ env -i ${vars.join(" ")} bash ${command.map(quoted).join(" ")} > ${out("stdout")} 2> ${out("stderr")}; echo $? > ${out("status")}; } &`;
    });
    return spawned("bash", ["--noprofile", "--norc", "-c", [...lines, "wait"].join("\n")], { env: { PATH: process.env.PATH } })
        .then(() =>
            runs.map((_, i) => {
                const result = (f: string) => fs.readFileSync(path.join(dirs[i], f), "utf8");
                refuseTempLeft(dirs[i], path.relative(ROOT, commands[i].command[0]));
                return read(dirs[i], { status: Number(result("status")), output: result("stdout") + result("stderr") });
            }),
        )
        .finally(() => fs.rmSync(batch, { recursive: true, force: true }));
}

/** Writes a run's stand-ins under `dir`: the script with them first on PATH, and CALLS. */
function prepared(dir: string, run: E2eRun): BatchCommand {
    for (const [name, lines] of Object.entries(run.standIns)) fs.writeFileSync(path.join(dir, name), ["#!/bin/sh", ...lines].join("\n"), { mode: 0o755 });
    return {
        env: { ...run.env, PATH: `${dir}:${process.env.PATH}`, CALLS: path.join(dir, "calls") },
        command: [path.join(ROOT, "e2e", run.script), ...run.args],
    };
}

/** What a run recorded under `dir`. */
function recorded(dir: string, ended: Ended): ScriptResult {
    const log = path.join(dir, "calls");
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\x1e").slice(0, -1) : [];
    return { ...ended, calls };
}

/** Runs each run in a bash of its own, all side by side in one bash, without waiting (`startBatch`). */
export function startE2eScripts(runs: E2eRun[]): Promise<ScriptResult[]> {
    return startBatch("e2e-batch-", runs, prepared, recorded);
}
