// Runs the Pulumi program under mocks and records what `pulumi up` would register: each
// resource's type, name, parent, provider, dependsOn and inputs, then the stack outputs.
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../config";
import { fakeCloud, StackOutputNames } from "./fakeCloud";
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
}

export interface Plan {
    stack: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    /** Names of outputs marked secret. */
    secretOutputs: string[];
    /** Tokens of the provider functions the program called (data-source look-ups), in order. */
    calls: string[];
}

/** Sees every registration as it happens, including those of a run that then fails. */
export type RegistrationObserver = (type: string, name: string) => void;

export type Program = () => Promise<Record<string, unknown>>;

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isWrappedSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as any)[SIG_KEY] === SECRET_SIG;
}

/** Replaces every value Pulumi marks secret with a placeholder. */
export function redact(v: unknown): unknown {
    if (isWrappedSecret(v)) return SECRET_PLACEHOLDER;
    if (isResource(v)) return { resource: resourceName(v) };
    if (Array.isArray(v)) return v.map(redact);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redact(x)]));
    return v;
}

function isResource(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as { __pulumiResource?: boolean }).__pulumiResource === true;
}

function resourceName(r: unknown): string | undefined {
    return (r as { __name?: string } | undefined)?.__name;
}

/** `urn:…::<name>::<id>` of a provider reference → its name. */
function providerName(ref: string | undefined): string | undefined {
    if (!ref) return undefined;
    const urn = ref.split("::").slice(0, -1).join("::");
    return urn.split("::").pop();
}

/** Resource references become `{ resource: <name> }`; secrets stay wrapped. */
function normalizeRefs(v: unknown): unknown {
    if (isResource(v)) return { resource: resourceName(v) };
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

export async function runProgram(program: Program, stackConfig: StackConfig, observe?: RegistrationObserver): Promise<Plan> {
    pulumi.runtime.setAllConfig(stackConfig.config, stackConfig.secretKeys);
    const registered: Array<Omit<PlannedResource, "parent" | "dependsOn">> = [];
    const options = new Map<string, { parent?: pulumi.Resource; dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource> }>();
    const cloud = fakeCloud(stackConfig.region, clusterStackOutputNames(stackConfig));
    const calls: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                observe?.(args.type, args.name);
                registered.push({ type: args.type, name: args.name, custom: args.custom ?? true, provider: providerName(args.provider), inputs: normalizeRefs(args.inputs) as Record<string, unknown> });
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
    );

    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation((args) => {
            // Resource references in inputs are rehydrated as new objects; keep the first, real one.
            const k = `${args.type}::${args.name}`;
            if (!options.has(k)) options.set(k, { parent: args.opts.parent, dependsOn: args.opts.dependsOn });
            return undefined;
        });
        const result = await program();
        for (const [k, v] of Object.entries(result)) {
            const o = pulumi.output(v);
            outputs[k] = await resolve(o);
            if (await pulumi.isSecret(o)) secretOutputs.push(k);
        }
        return result;
    });
    // Registrations that depend on outputs finish after the stack's outputs resolve.
    await pulumi.runtime.disconnect();

    const resources: PlannedResource[] = [];
    for (const r of registered) {
        if (r.type === "pulumi:pulumi:Stack") continue;
        const opts = options.get(`${r.type}::${r.name}`);
        const deps = opts?.dependsOn === undefined ? [] : await resolve(pulumi.output(opts.dependsOn as pulumi.Input<unknown>));
        const depNames = (Array.isArray(deps) ? deps : [deps]).map(resourceName).filter((n): n is string => n !== undefined);
        const parent = resourceName(opts?.parent);
        resources.push({ ...r, parent: parent === `${PROJECT}-${stackConfig.stack}` ? undefined : parent, dependsOn: depNames });
    }
    return { stack: stackConfig.stack, resources, outputs, secretOutputs: secretOutputs.sort(), calls };
}
