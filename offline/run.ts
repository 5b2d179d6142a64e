// Runs the Pulumi program under mocks and records what `pulumi up` would register: each
// resource's type, name, parent, provider, dependsOn, review-relevant options and inputs, then the
// stack outputs.
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config";
import type { CapacityReport } from "../config/capacity";
import { NOT_CHECKED_OFFLINE } from "../config/rules/cloud";
import { isWrappedSecret, resourceName } from "../internals/pulumi";
import { withUndecrypted } from "../program/undecrypted";
import { fakeCloud, FakeCloudOptions, StackOutputNames } from "./fakeCloud";
import { SECRET_PLACEHOLDER, StackConfig } from "./stackConfig";

export interface PlannedResource {
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    dependsOn: string[];
    /** Inputs as registered; values Pulumi marks secret are kept wrapped (see `redact`). */
    inputs: Record<string, unknown>;
    /** The review-relevant resource options the program set explicitly (inherited ones are not). */
    options?: ReviewedOptions;
}

/** Resource options that change what `pulumi up` or `destroy` may do to a resource. */
export interface ReviewedOptions {
    protect?: boolean;
    retainOnDelete?: boolean;
    deleteBeforeReplace?: boolean;
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
}

export interface Plan {
    stack: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    /** Names of outputs marked secret. */
    secretOutputs: string[];
    /** Tokens of the provider functions the program called (data-source look-ups), in order. */
    calls: string[];
    /** Rules the program could not check for want of AWS's answer, `<key>: <what pulumi preview checks>`, sorted. */
    notCheckedOffline: string[];
    /** How the stack's declared peak sized the gateway (config/capacity.ts), when it declares one. */
    sizing?: CapacityReport;
}

/** Sees every registration as it happens, including those of a run that then fails. */
export type RegistrationObserver = (type: string, name: string) => void;

/** A Pulumi program: its stack outputs, at once or once its look-ups are done. */
export type Program = () => Record<string, unknown> | Promise<Record<string, unknown>>;

export { isWrappedSecret };

/** Replaces every value Pulumi marks secret with a placeholder. */
export function redact(v: unknown): unknown {
    if (isWrappedSecret(v)) return SECRET_PLACEHOLDER;
    if (pulumi.Resource.isInstance(v)) return { resource: resourceName(v) };
    if (Array.isArray(v)) return v.map(redact);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
    return v;
}

/** `urn:…::<name>::<id>` of a provider reference → its name. */
function providerName(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const urn = ref.split("::").slice(0, -1).join("::");
    return urn.split("::").pop();
}

/** Resource references become `{ resource: <name> }`; secrets stay wrapped. */
function normalizeRefs(v: unknown): unknown {
    if (pulumi.Resource.isInstance(v)) return { resource: resourceName(v) };
    if (isWrappedSecret(v)) return { ...v, value: normalizeRefs(v.value) };
    if (Array.isArray(v)) return v.map(normalizeRefs);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalizeRefs(x)]));
    return v;
}

/** The renamed outputs of a referenced cluster stack, so the fake stack exports those names. */
function clusterStackOutputNames(stackConfig: StackConfig): StackOutputNames | undefined {
    const text = stackConfig.config[`${PROJECT}:cluster`];
    try {
        const names = text === undefined ? undefined : JSON.parse(text)?.fromStackOutputs;
        return typeof names === "object" && names !== null ? names : undefined;
    } catch {
        return undefined;
    }
}

/** The value of a known Output (the program runs as an update, never a preview, so all are known). */
function resolve<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((res) => o.apply((v) => res(v as T)));
}

/** The fake cloud's options: the referenced cluster stack's output names from the config, then what the caller declared. */
function fakeCloudOptions(stackConfig: StackConfig, cloud: FakeCloudOptions): FakeCloudOptions {
    return { stackOutputNames: clusterStackOutputNames(stackConfig), ...(stackConfig.regionAssumed ? { regionAssumed: true } : {}), ...cloud };
}

/**
 * Runs `body` the way Pulumi's Node runtime runs a program (pulumi/pulumi sdk/nodejs/cmd/run/run.ts,
 * `uncaughtHandler`): a rejection nothing handles, such as an error thrown in an apply that feeds
 * a resource input, fails the run with that error.
 */
async function failingOnUnhandledRejection(body: (failed: Promise<never>) => Promise<void>): Promise<void> {
    const errors: unknown[] = [];
    let fail: (e: unknown) => void = () => undefined;
    // Settles with the first failure, so a stack output waiting on a resource that never registers ends the run.
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const onRejection = (e: unknown) => {
        errors.push(e);
        fail(e);
    };
    process.on("unhandledRejection", onRejection);
    try {
        await body(failed);
    } finally {
        // Node reports a rejection as unhandled only once the microtask queue has drained.
        await new Promise((r) => setImmediate(r));
        process.off("unhandledRejection", onRejection);
    }
    if (errors.length > 0) throw errors[0];
}

/**
 * Without an engine, Pulumi's `log.info` prints with console.log (pulumi/pulumi sdk/nodejs/log/index.ts). The
 * plan owns stdout (YAML or JSON a reader may pipe), so the program's messages go to stderr, as
 * the CLI shows them apart from the plan; a rule it could not check offline goes to `notChecked`,
 * which the plan lists.
 */
async function withRuntimeLogOnStderr(notChecked: Set<string>, body: () => Promise<void>): Promise<void> {
    const log = console.log;
    console.log = (...args: unknown[]) => {
        const text = args.map(String).join(" ");
        const at = text.indexOf(NOT_CHECKED_OFFLINE);
        if (at >= 0) notChecked.add(text.slice(at + NOT_CHECKED_OFFLINE.length));
        else console.error(...args);
    };
    try {
        await body();
    } finally {
        console.log = log;
    }
}

/** What the stack transformation keeps of a resource's options. */
interface SeenOptions {
    parent?: pulumi.Resource;
    dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
    reviewed?: ReviewedOptions;
}

/** The review-relevant options set on `opts`, or undefined when none is. Empty lists count as unset. */
export function reviewedOptions(opts: pulumi.CustomResourceOptions): ReviewedOptions | undefined {
    const out: ReviewedOptions = {};
    // Booleans are kept even when false: an explicit `protect: false` is a decision a reviewer should see.
    if (opts.protect !== undefined) out.protect = opts.protect;
    if (opts.retainOnDelete !== undefined) out.retainOnDelete = opts.retainOnDelete;
    if (opts.deleteBeforeReplace !== undefined) out.deleteBeforeReplace = opts.deleteBeforeReplace;
    if (opts.ignoreChanges?.length) out.ignoreChanges = [...opts.ignoreChanges];
    if (opts.replaceOnChanges?.length) out.replaceOnChanges = [...opts.replaceOnChanges];
    return Object.keys(out).length ? out : undefined;
}

/** Registers a stack transformation that records each resource's options as the program set them. */
function recordOptions(seen: Map<string, SeenOptions>): void {
    pulumi.runtime.registerStackTransformation((args) => {
        // Resource references in inputs are rehydrated as new objects; keep the first, real one.
        const k = `${args.type}::${args.name}`;
        if (!seen.has(k))
            seen.set(k, { parent: args.opts.parent, dependsOn: args.opts.dependsOn, reviewed: reviewedOptions(args.opts as pulumi.CustomResourceOptions) });
        return undefined;
    });
}

type Registered = Omit<PlannedResource, "parent" | "dependsOn" | "options">;

/**
 * The resources of a `dependsOn`. A plain list of resources is read as it is: wrapping it in an
 * Output walks every object each resource reaches (output.js `containsUnknowns`), which cost more
 * than the rest of the recording.
 */
async function dependencies(dependsOn: SeenOptions["dependsOn"]): Promise<unknown> {
    if (dependsOn === undefined) return [];
    if (pulumi.Resource.isInstance(dependsOn)) return dependsOn;
    if (Array.isArray(dependsOn) && dependsOn.every((d) => pulumi.Resource.isInstance(d))) return dependsOn;
    return resolve(pulumi.output(dependsOn as pulumi.Input<unknown>));
}

/** The registered resources with their parent, dependsOn and options; the stack itself left out. */
async function plannedResources(registered: Registered[], seen: Map<string, SeenOptions>, stackName: string): Promise<PlannedResource[]> {
    const resources: PlannedResource[] = [];
    for (const r of registered) {
        if (r.type === "pulumi:pulumi:Stack") continue;
        const opts = seen.get(`${r.type}::${r.name}`);
        const deps = await dependencies(opts?.dependsOn);
        const depNames = (Array.isArray(deps) ? deps : [deps]).map(resourceName).filter((n): n is string => n !== undefined);
        const parent = resourceName(opts?.parent);
        resources.push({ ...r, parent: parent === stackName ? undefined : parent, dependsOn: depNames, ...(opts?.reviewed ? { options: opts.reviewed } : {}) });
    }
    return resources;
}

export async function runProgram(
    program: Program,
    stackConfig: StackConfig,
    observe?: RegistrationObserver,
    cloudOptions: FakeCloudOptions = {},
): Promise<Plan> {
    pulumi.runtime.setAllConfig(stackConfig.config, stackConfig.secretKeys);
    const registered: Registered[] = [];
    const seen = new Map<string, SeenOptions>();
    const cloud = fakeCloud(stackConfig.region, fakeCloudOptions(stackConfig, cloudOptions));
    const calls: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                observe?.(args.type, args.name);
                registered.push({
                    type: args.type,
                    name: args.name,
                    custom: args.custom ?? true,
                    provider: providerName(args.provider),
                    inputs: normalizeRefs(args.inputs) as Record<string, unknown>,
                });
                return cloud.newResource(args);
            },
            call(args) {
                calls.push(args.token);
                return cloud.call(args);
            },
        },
        PROJECT,
        stackConfig.stack,
        false,
        // A real deployment always has one (a DIY backend's is "organization"); the program names its own stack with it.
        "organization",
    );

    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    const notChecked = new Set<string>();
    await withRuntimeLogOnStderr(notChecked, () =>
        // The values it could not decrypt read as placeholders: the program reports their rules, not judges them.
        withUndecrypted(stackConfig.undecrypted ?? [], () =>
            failingOnUnhandledRejection(async (failed) => {
                await pulumi.runtime.runInPulumiStack(async () => {
                    recordOptions(seen);
                    const result = await program();
                    for (const [k, v] of Object.entries(result)) {
                        const o = pulumi.output(v);
                        outputs[k] = await Promise.race([resolve(o), failed]);
                        if (await pulumi.isSecret(o)) secretOutputs.push(k);
                    }
                    return result;
                });
                // Registrations that depend on outputs finish after the stack's outputs resolve.
                await pulumi.runtime.disconnect();
            }),
        ),
    );
    const resources = await plannedResources(registered, seen, `${PROJECT}-${stackConfig.stack}`);
    return { stack: stackConfig.stack, resources, outputs, secretOutputs: secretOutputs.sort(), calls, notCheckedOffline: [...notChecked].sort() };
}
