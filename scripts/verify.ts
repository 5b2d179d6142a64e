// npm run verify -- --stack <name> [--context <kube-context>] [--role-arn <arn>] [--dataservice-role-arn <arn>] [--lb-cidrs <cidr,…>] [--json] [--dump <dir>] [--probe] [--write-probe]
// npm run verify -- --stack <name> --from <dir> [--role-arn <arn>] [--dataservice-role-arn <arn>] [--lb-cidrs <cidr,…>] [--json]
//
// Read-only check of a live cluster (or of a support bundle) against what the stack derives; only
// --write-probe writes: one short pod and one marker object in the production log bucket (docs/operating.md).
// Exit 0: every check passes; 1: a check fails; 2: the cluster, bundle or stack can't be read.
import * as path from "path";
import { Io, PROCESS_IO } from "./io";
import { BundleError, readBundle, writeBundle } from "../verify/bundle";
import { evaluate } from "../verify/checks";
import { ExpectedState, expectedStateForStack } from "../verify/expected";
import { LiveReadError, readLive } from "../verify/live";
import { Fetch, probeFinding } from "../verify/probe";
import { buildReport, EXIT, exitCode, renderJson, renderText } from "../verify/report";
import { Observed } from "../verify/types";
import { ipv4Block } from "../verify/drift";
import { writeProbe } from "../verify/writeProbeRun";

const USAGE =
    "usage: npm run verify -- --stack <name> [--context <kube-context>] [--role-arn <arn>] [--dataservice-role-arn <arn>] [--lb-cidrs <cidr,…>] [--json] [--dump <dir> | --from <dir>] [--probe] [--write-probe]";

interface Args {
    stack?: string;
    context?: string;
    roleArn?: string;
    /** The stack output `dataserviceRoleArn`: the dataservice's IRSA annotation must equal it. */
    dataserviceRoleArn?: string;
    /** The stack output `loadBalancerSubnetCidrs`, comma-separated: the `-callers` policy's ipBlocks, compared exactly. */
    lbCidrs?: string;
    json: boolean;
    /** Live only: GET the health path through the endpoint. */
    probe: boolean;
    /** Live only, with logStore: a pod under the gateway's service account writes and reads a marker object (a write to the log bucket). */
    writeProbe: boolean;
    dump?: string;
    from?: string;
}

class UsageError extends Error {}

const VALUE_FLAGS: Record<string, keyof Args> = {
    "--stack": "stack",
    "-s": "stack",
    "--context": "context",
    "--role-arn": "roleArn",
    "--dataservice-role-arn": "dataserviceRoleArn",
    "--lb-cidrs": "lbCidrs",
    "--dump": "dump",
    "--from": "from",
};

const BOOLEAN_FLAGS: Record<string, "json" | "probe" | "writeProbe"> = { "--json": "json", "--probe": "probe", "--write-probe": "writeProbe" };

export function parseArgs(argv: string[]): Args {
    const args: Args = { json: false, probe: false, writeProbe: false };
    for (let i = 0; i < argv.length; i++) {
        const [flag, inline] =
            argv[i].startsWith("--") && argv[i].includes("=")
                ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)]
                : [argv[i], undefined];
        const boolean = BOOLEAN_FLAGS[flag];
        if (boolean && inline === undefined) {
            args[boolean] = true;
            continue;
        }
        const key = VALUE_FLAGS[flag];
        // Name the argument, never echo what was typed.
        if (!key) throw new UsageError(`unknown argument at position ${i + 1}\n${USAGE}`);
        const value = inline ?? argv[++i];
        // An empty --lb-cidrs is the output of a stack whose load balancer has no subnets: none admitted.
        if (value === undefined || (value === "" && key !== "lbCidrs")) throw new UsageError(`${flag} needs a value\n${USAGE}`);
        (args as unknown as Record<string, string>)[key] = value;
    }
    if (!args.stack) throw new UsageError(`--stack is required\n${USAGE}`);
    if (args.from && (args.dump || args.context || args.probe))
        throw new UsageError(`--from reads a bundle: it cannot be combined with --dump, --context or --probe\n${USAGE}`);
    if (args.from && args.writeProbe)
        throw new UsageError(`--from reads a bundle: --write-probe runs a pod in the live cluster, so it needs a cluster, not --from\n${USAGE}`);
    return args;
}

/** `--lb-cidrs` as a list: each an IPv4 block `a.b.c.d/n`, as EC2 gives a subnet's. */
export function parseLbCidrs(value: string | undefined): string[] | undefined {
    if (value === undefined) return undefined;
    const cidrs = value
        .split(",")
        .map((c) => c.trim())
        .filter((c) => c !== "");
    const bad = cidrs.findIndex((c) => ipv4Block(c) === undefined);
    if (bad >= 0)
        throw new UsageError(
            `--lb-cidrs: item ${bad + 1} is not an IPv4 block a.b.c.d/n; pass the stack output: --lb-cidrs "$(pulumi stack output loadBalancerSubnetCidrs --json | jq -r 'join(",")')"\n${USAGE}`,
        );
    return cidrs;
}

async function observe(args: Args, expected: ExpectedState): Promise<{ observed: Observed; source: string }> {
    if (args.from) return { observed: readBundle(path.resolve(args.from)), source: "bundle" };
    const observed = await readLive(expected, { context: args.context });
    if (args.dump) writeBundle(path.resolve(args.dump), observed);
    return { observed, source: args.context ? "cluster (--context)" : "cluster (current context)" };
}

/** Runs the command on `argv` and returns its exit code. */
export async function runVerify(argv: string[], io: Io = PROCESS_IO, fetchFn: Fetch = fetch): Promise<number> {
    let args: Args;
    let expected: ExpectedState;
    try {
        args = parseArgs(argv);
        expected = expectedStateForStack(args.stack!, {
            roleArn: args.roleArn,
            dataserviceRoleArn: args.dataserviceRoleArn,
            loadBalancerCidrs: parseLbCidrs(args.lbCidrs),
        });
    } catch (e) {
        io.err(`error: ${e instanceof UsageError ? e.message : `cannot load the stack named by --stack: ${(e as Error).message}`}`);
        return EXIT.unreadable;
    }
    let read: { observed: Observed; source: string };
    try {
        read = await observe(args, expected);
    } catch (e) {
        if (e instanceof BundleError || e instanceof LiveReadError) {
            io.err(`error: ${e.message}`);
            return EXIT.unreadable;
        }
        throw e;
    }
    let findings: ReturnType<typeof evaluate>;
    try {
        findings = evaluate(expected, read.observed);
    } catch {
        // The bundle reader checks every field the checks read; this is the last guard against a stack trace.
        io.err(`error: what was read from the ${read.source} has a field of a type the checks cannot read. Fix: write the bundle again with --dump.`);
        return EXIT.unreadable;
    }
    if (args.probe) findings.push(await probeFinding(expected, fetchFn));
    if (args.writeProbe) findings.push(await writeProbe(expected, read.observed, { context: args.context }));
    const report = buildReport(args.stack!, read.source, findings);
    io.out(args.json ? renderJson(report) : renderText(report));
    return exitCode(findings);
}

if (require.main === module) {
    runVerify(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (e: Error) => {
            console.error(`error: ${e.message}`);
            process.exitCode = EXIT.unreadable;
        },
    );
}
