// Runs one of the e2e/ scripts for real, in bash, with stand-ins for the commands it calls (kubectl,
// aws, ...) first on PATH. Each stand-in is a /bin/sh script; `$CALLS` names a file it may append its
// command lines to, separated by \x1e, which the run returns.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../offline/stackConfig";

export interface ScriptResult {
    status: number | null;
    output: string;
    calls: string[];
}

/** The line a stand-in runs to record its command line in `$CALLS`. */
export const RECORD_CALL = 'printf \'%s\\036\' "$*" >> "$CALLS"';

export function runE2eScript(script: string, args: string[], standIns: Record<string, string[]>, env: Record<string, string> = {}): ScriptResult {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(script, ".sh")}-`));
    try {
        for (const [name, lines] of Object.entries(standIns)) fs.writeFileSync(path.join(dir, name), ["#!/bin/sh", ...lines].join("\n"), { mode: 0o755 });
        const log = path.join(dir, "calls");
        const r = spawnSync("bash", [path.join(ROOT, "e2e", script), ...args], {
            env: { ...env, PATH: `${dir}:${process.env.PATH}`, CALLS: log },
            encoding: "utf8",
        });
        const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\x1e").slice(0, -1) : [];
        return { status: r.status, output: r.stdout + r.stderr, calls };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
