// A model of what GitHub Actions and the Pulumi CLI do with the e2e workflow, for its tests:
// GitHub's expression language (the subset the workflows use), and a step's shell script run by
// bash with a `pulumi` that records its arguments, whose `config set` calls are then applied to
// the stack file the way the CLI does.
// Expressions follow GitHub "Evaluate expressions in workflows and actions"
// (https://docs.github.com/en/actions/reference/workflows-and-actions/expressions): `&&`/`||` yield
// an operand, `==` compares strings ignoring case and other types after converting to numbers,
// `x.*.y` filters an array, and `false`, `0`, `''`, `null` and NaN are falsy.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { coerceLeaf, splitKeyPath } from "../offline/configPath";
import { spawned } from "./spawned";
import { tempDir } from "./tempDir";

type Value = unknown;

/** The result of `x.*`: property access on it maps over the elements. */
class Filtered extends Array<Value> {}

const TOKEN = /\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|(&&|\|\||==|!=|<=|>=|[<>!().,[\]*])|([A-Za-z_][\w-]*))/y;

function tokenize(text: string): string[] {
    const out: string[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
        if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
        const m = TOKEN.exec(text);
        assert.ok(m, `cannot read the expression at: ${text.slice(TOKEN.lastIndex)}`);
        out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    }
    return out;
}

function toNumber(v: Value): number {
    if (v === null || v === undefined) return 0;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    if (typeof v === "string") return v.trim() === "" ? 0 : Number(v);
    return NaN;
}

function looseEqual(a: Value, b: Value): boolean {
    if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
    if (typeof a === "object" && a !== null) return a === b;
    return toNumber(a) === toNumber(b);
}

export function truthy(v: Value): boolean {
    return !(v === false || v === null || v === undefined || v === "" || v === 0 || (typeof v === "number" && isNaN(v)));
}

function text(v: Value): string {
    if (v === null || v === undefined) return "";
    return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
    contains: (s, item) => (Array.isArray(s) ? s.some((x) => looseEqual(x, item)) : text(s).toLowerCase().includes(text(item).toLowerCase())),
    startsWith: (s, p) => text(s).toLowerCase().startsWith(text(p).toLowerCase()),
    format: (f, ...args) => text(f).replace(/\{(\d+)\}/g, (_, i) => text(args[Number(i)])),
    always: () => true,
    success: () => true,
};

function member(obj: Value, key: string): Value {
    if (obj instanceof Filtered) return Filtered.from(obj.map((x) => member(x, key)).filter((x) => x !== undefined && x !== null));
    return typeof obj === "object" && obj !== null ? ((obj as Record<string, Value>)[key] ?? null) : null;
}

/** A recursive-descent parser that evaluates as it goes; `&&` and `||` still read both sides. */
class Evaluator {
    private i = 0;
    constructor(
        private readonly tokens: string[],
        private readonly context: Record<string, Value>,
    ) {}

    run(): Value {
        const v = this.or();
        assert.strictEqual(this.i, this.tokens.length, `unexpected ${this.tokens[this.i]}`);
        return v;
    }
    private peek(): string | undefined {
        return this.tokens[this.i];
    }
    private take(expected?: string): string {
        const t = this.tokens[this.i++];
        if (expected !== undefined) assert.strictEqual(t, expected);
        return t;
    }
    private or(): Value {
        let v = this.and();
        while (this.peek() === "||") {
            this.take();
            const r = this.and();
            v = truthy(v) ? v : r;
        }
        return v;
    }
    private and(): Value {
        let v = this.equality();
        while (this.peek() === "&&") {
            this.take();
            const r = this.equality();
            v = truthy(v) ? r : v;
        }
        return v;
    }
    private equality(): Value {
        let v = this.comparison();
        while (this.peek() === "==" || this.peek() === "!=") {
            const op = this.take();
            const r = this.comparison();
            v = op === "==" ? looseEqual(v, r) : !looseEqual(v, r);
        }
        return v;
    }
    private comparison(): Value {
        let v = this.unary();
        while (["<", "<=", ">", ">="].includes(this.peek() ?? "")) {
            const op = this.take();
            const [a, b] = [toNumber(v), toNumber(this.unary())];
            v = op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
        }
        return v;
    }
    private unary(): Value {
        if (this.peek() === "!") {
            this.take();
            return !truthy(this.unary());
        }
        return this.postfix(this.primary());
    }
    private primary(): Value {
        const t = this.take();
        if (t === "(") {
            const v = this.or();
            this.take(")");
            return v;
        }
        if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
        if (/^\d/.test(t)) return Number(t);
        if (t === "true" || t === "false") return t === "true";
        if (t === "null") return null;
        if (this.peek() === "(") return this.call(t);
        assert.ok(/^[A-Za-z_]/.test(t), `unexpected ${t}`);
        return this.context[t] ?? null;
    }
    private call(name: string): Value {
        this.take("(");
        const args: Value[] = [];
        while (this.peek() !== ")") {
            args.push(this.or());
            if (this.peek() === ",") this.take();
        }
        this.take(")");
        assert.ok(name in FUNCTIONS, `unknown function ${name}`);
        return FUNCTIONS[name](...args);
    }
    private postfix(v: Value): Value {
        for (;;) {
            if (this.peek() === ".") {
                this.take();
                const key = this.take();
                v = key === "*" ? Filtered.from(Array.isArray(v) ? v : Object.values((v as object) ?? {})) : member(v, key);
            } else if (this.peek() === "[") {
                this.take();
                const key = this.or();
                this.take("]");
                v = member(v, text(key));
            } else return v;
        }
    }
}

/** Evaluates one expression (the inside of `${{ }}`, or an `if:` value). */
export function evaluate(expression: string, context: Record<string, Value>): Value {
    const inner = expression.trim().match(/^\$\{\{([\s\S]*)\}\}$/);
    return new Evaluator(tokenize(inner ? inner[1] : expression), context).run();
}

/** A workflow value with `${{ }}` in it: one expression alone keeps its value, otherwise each is spliced into the text. */
export function interpolate(value: unknown, context: Record<string, Value>): Value {
    if (typeof value !== "string") return value;
    const whole = value.trim().match(/^\$\{\{((?:(?!\}\})[\s\S])*)\}\}$/);
    if (whole) return evaluate(whole[1], context);
    return value.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e) => text(evaluate(e, context)));
}

/** Whether a job or step with this `if:` runs (no `if:` means `success()`). */
export function runsIf(condition: unknown, context: Record<string, Value>): boolean {
    if (condition === undefined) return true;
    assert.strictEqual(typeof condition, "string", "an if: is an expression");
    return truthy(evaluate(condition as string, context));
}

/** Each `pulumi` command line a step's script runs, from bash with a `pulumi` that only records its arguments. */
export function pulumiCalls(script: string, env: Record<string, string>): Promise<string[][]> {
    return pulumiCallsForEach(script, [env]).then(([calls]) => calls);
}

const shellQuoted = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;

/**
 * `pulumiCalls` for several environments at once: one bash runs the step once per environment, each in
 * a bash of its own with exactly that environment (as GitHub runs a `run:` step: `bash --noprofile --norc
 * -eo pipefail {0}`), so a batch costs one process start from Node rather than one per run. Started at
 * once: Node goes on running other tests while bash runs the batch.
 */
export function pulumiCallsForEach(script: string, envs: Array<Record<string, string>>): Promise<string[][][]> {
    const { dir, args } = pulumiBatch(script, envs);
    return spawned("bash", args)
        .then(() => pulumiBatchCalls(dir, envs.length))
        .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

/** Writes the recording `pulumi` and the step under a new directory; bash's arguments to run the step once per environment there. */
function pulumiBatch(script: string, envs: Array<Record<string, string>>): { dir: string; args: string[] } {
    const dir = tempDir("fake-pulumi-");
    fs.writeFileSync(
        path.join(dir, "pulumi"),
        '#!/bin/sh\nfor a in "$@"; do printf \'%s\\037\' "$a"; done >> "$PULUMI_CALLS"\nprintf \'\\036\' >> "$PULUMI_CALLS"\n',
        {
            mode: 0o755,
        },
    );
    fs.writeFileSync(path.join(dir, "step.sh"), script);
    const PATH = `${dir}:${process.env.PATH}`;
    const runs = envs.map((env, i) => {
        const log = path.join(dir, `calls.${i}`);
        fs.writeFileSync(log, "");
        const vars = Object.entries({ ...env, PATH, PULUMI_CALLS: log }).map(([k, v]) => `${k}=${shellQuoted(v)}`);
        return `{ env -i ${vars.join(" ")} bash --noprofile --norc -eo pipefail ${shellQuoted(path.join(dir, "step.sh"))} 2> ${shellQuoted(`${log}.err`)}; echo $? > ${shellQuoted(`${log}.rc`)}; } &`;
    });
    return { dir, args: ["--noprofile", "--norc", "-c", [...runs, "wait"].join("\n")] };
}

/** Each run's `pulumi` command lines, as a batch under `dir` recorded them; a run whose step failed fails. */
function pulumiBatchCalls(dir: string, count: number): string[][][] {
    return Array.from({ length: count }, (_, i) => {
        const log = path.join(dir, `calls.${i}`);
        assert.strictEqual(fs.readFileSync(`${log}.rc`, "utf8").trim(), "0", `the step failed: ${fs.readFileSync(`${log}.err`, "utf8")}`);
        return fs
            .readFileSync(log, "utf8")
            .split("\x1e")
            .filter((c) => c !== "")
            .map((c) => c.split("\x1f").slice(0, -1));
    });
}

function leafValue(leaf: ReturnType<typeof coerceLeaf>): unknown {
    assert.ok(leaf.t === "int" || leaf.t === "bool" || leaf.t === "str", leaf.t);
    return leaf.t === "int" ? Number(leaf.v) : leaf.v;
}

/** `pulumi config rm [--path] <key>`: the key (with `--path`, the property inside its object) leaves the stack file. */
function applyConfigRm(doc: YAML.Document, project: string, call: string[]): void {
    const flags = call.slice(2).filter((a) => a.startsWith("--"));
    const [key, ...extra] = call.slice(2).filter((a) => !a.startsWith("--"));
    assert.ok(flags.every((f) => f === "--path") && extra.length === 0 && key !== undefined, call.join(" "));
    const { top, rest } = flags.includes("--path") ? splitKeyPath(key) : { top: key, rest: [] };
    const full = top.includes(":") ? top : `${project}:${top}`;
    doc.deleteIn(["config", full, ...rest]);
}

/**
 * Applies `pulumi config set [--secret] [--path] <key> <value>` and `pulumi config rm [--path] <key>`
 * calls to a stack file, as the CLI does (pulumi/pulumi pkg/cmd/pulumi/config: a key without a
 * namespace takes the project's; with `--path` the value is set inside the key's object and coerced
 * like offline/configPath.ts, or removed from it; a `--secret` value is stored as `secure:`
 * ciphertext, here a placeholder). Any other command fails.
 */
export function applyConfigSets(doc: YAML.Document, project: string, calls: string[][]): void {
    for (const call of calls) {
        if (call[0] === "config" && call[1] === "rm") {
            applyConfigRm(doc, project, call);
            continue;
        }
        assert.deepStrictEqual(call.slice(0, 2), ["config", "set"], `not a config set: pulumi ${call.join(" ")}`);
        const flags = call.slice(2).filter((a) => a.startsWith("--"));
        const [key, value, ...extra] = call.slice(2).filter((a) => !a.startsWith("--"));
        assert.ok(flags.every((f) => f === "--secret" || f === "--path") && extra.length === 0 && value !== undefined, call.join(" "));
        const { top, rest } = flags.includes("--path") ? splitKeyPath(key) : { top: key, rest: [] };
        const full = top.includes(":") ? top : `${project}:${top}`;
        const plain = flags.includes("--path") ? leafValue(coerceLeaf(value)) : value;
        const stored = flags.includes("--secret") ? doc.createNode({ secure: "v1:AAAAAAAAAAAAAAAAAAAAAA==:ciphertext" }) : plain;
        doc.setIn(["config", full, ...rest], stored);
    }
}

/** What a step run wrote to `$GITHUB_OUTPUT` and printed. */
export interface StepOutputs {
    outputs: Record<string, string>;
    stdout: string;
}

/** `key=value` lines of a `$GITHUB_OUTPUT` file. */
function outputLines(text: string): Record<string, string> {
    const outputs: Record<string, string> = {};
    for (const line of text.split("\n").filter((l) => l !== "")) {
        const at = line.indexOf("=");
        outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    return outputs;
}

/**
 * What a `run:` step writes to `$GITHUB_OUTPUT` (`key=value` lines) and prints, run in bash as GitHub
 * runs it (`bash --noprofile --norc -eo pipefail`), once per context, with its `env:` evaluated in
 * that context (an unset value is the empty string) and nothing else but PATH and GITHUB_OUTPUT.
 * One bash runs them all side by side, started at once: Node goes on running other tests meanwhile.
 * Each run's promise fails alone if its step failed.
 */
export function stepOutputsForEach(step: { run: string; env?: Record<string, unknown> }, contexts: Array<Record<string, Value>>): Array<Promise<StepOutputs>> {
    const envs = contexts.map((context) => {
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(step.env ?? {})) env[k] = text(interpolate(v, context));
        return env;
    });
    const dir = tempDir("step-output-");
    const file = (i: number, f: string) => path.join(dir, `${i}.${f}`);
    const runs = envs.map((env, i) => {
        fs.writeFileSync(file(i, "output"), "");
        const vars = Object.entries({ ...env, PATH: process.env.PATH ?? "", GITHUB_OUTPUT: file(i, "output") }).map(([k, v]) => shellQuoted(`${k}=${v}`));
        const out = (f: string) => shellQuoted(file(i, f));
        return `{ env -i ${vars.join(" ")} bash --noprofile --norc -eo pipefail -c ${shellQuoted(step.run)} > ${out("stdout")} 2> ${out("stderr")}; echo $? > ${out("status")}; } &`;
    });
    const read = (i: number, f: string) => fs.readFileSync(file(i, f), "utf8");
    const batch = spawned("bash", ["--noprofile", "--norc", "-c", [...runs, "wait"].join("\n")])
        .then(() => envs.map((_, i) => ({ status: read(i, "status").trim(), stderr: read(i, "stderr"), stdout: read(i, "stdout"), output: read(i, "output") })))
        .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    return envs.map((_, i) =>
        batch.then((rs) => {
            assert.strictEqual(rs[i].status, "0", `the step failed: ${rs[i].stderr}`);
            return { outputs: outputLines(rs[i].output), stdout: rs[i].stdout };
        }),
    );
}
