// Validation of the Kubernetes objects the program registers, against the OpenAPI schema of the
// Kubernetes version a stack targets (the npm package kubernetes-models, whose ajv validators are
// generated from that version's spec) and, for custom resources, against the CRD of the pinned
// driver. Unknown fields are errors: the generated validators ignore them, so every object is
// wrapped in a Proxy that records which fields the validator reads; a field it never reads is one
// the schema does not have. A patch is partial: only the fields it sets are checked.
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import { isPlainObject } from "../derive/objects";
import { isWrappedSecret } from "../offline/run";

/**
 * Kubernetes minor version → the kubernetes-models release generated from its API (package.json
 * installs each under its own name). 4.5.1 is 1.33: it has `Lifecycle.stopSignal` (new in 1.33) and
 * no `PodSpec.hostnameOverride` (new in 1.34). 5.x is 1.36 (tommy351/kubernetes-models-ts
 * first-party/kubernetes-models/CHANGELOG.md, 5.0.0: "Update to Kubernetes v1.36.0"); it ships as
 * ES modules only, which Node 22 loads with `require` by file path.
 */
export const SCHEMA_PACKAGES: Record<string, { pkg: string; version: string; esm?: true }> = {
    "1.33": { pkg: "kubernetes-models", version: "4.5.1" },
    "1.36": { pkg: "kubernetes-models-1.36", version: "5.1.0", esm: true },
};

/** An ES-module package's models by API version, as far as they are imported: package/apiVersion → kind → model. */
const esmGroups = new Map<string, Record<string, unknown>>();

/**
 * Imports from each ES-module schema package the models of these objects' kinds (a synchronous
 * require cannot load them under tsx). Only those: an API group's index imports every kind in
 * it, which took longer than all the checks. An API version the package lacks is recorded empty,
 * so its objects are reported as not in the API.
 */
export async function loadSchemaModules(objects: ReadonlyArray<{ apiVersion?: unknown; kind?: unknown }>): Promise<void> {
    for (const { pkg, esm } of Object.values(SCHEMA_PACKAGES)) {
        if (!esm) continue;
        for (const { apiVersion, kind } of objects) {
            const group = `${pkg}/${String(apiVersion)}`;
            const file = path.join(schemaPackageDir(pkg), String(apiVersion), `${String(kind)}.js`);
            const loaded = esmGroups.get(group) ?? {};
            esmGroups.set(group, loaded);
            if (loaded[String(kind)] === undefined && fs.existsSync(file)) Object.assign(loaded, await import(pathToFileURL(file).href));
        }
    }
}

/** The installed package's directory (its `exports` hide package.json and the per-kind files from a bare require). */
export function schemaPackageDir(pkg: string): string {
    return path.join(__dirname, "..", "node_modules", pkg);
}

const minor = (v: string) => Number(v.split(".")[1]);

/**
 * The schema for a target version: its own, else the newest older one. The objects the program
 * registers are GA kinds, and a GA API only gains fields in later releases (Kubernetes API
 * deprecation policy, https://kubernetes.io/docs/reference/using-api/deprecation-policy/), so an
 * older schema accepts less, never more. kubernetes-models 5.x (newer APIs) ships as ESM only.
 */
export function schemaPackageFor(kubernetesVersion: string): ((typeof SCHEMA_PACKAGES)[string] & { api: string }) | undefined {
    const api = Object.keys(SCHEMA_PACKAGES)
        .filter((v) => minor(v) <= minor(kubernetesVersion))
        .sort((a, b) => minor(b) - minor(a))[0];
    return api === undefined ? undefined : { ...SCHEMA_PACKAGES[api], api };
}

/**
 * The SecretProviderClass's schema, from the CRD of kubernetes-sigs/secrets-store-csi-driver v1.5.6
 * (charts/secrets-store-csi-driver/crds/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml,
 * version v1). A structural schema: the API server prunes any field it does not list, so each
 * object schema here allows no other property.
 */
const stringMap = { type: "object", additionalProperties: { type: "string" } };
function closed(properties: Record<string, unknown>) {
    return { type: "object", properties, additionalProperties: false };
}
const SECRET_PROVIDER_CLASS_V1 = closed({
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { type: "object" },
    spec: closed({
        parameters: stringMap,
        provider: { type: "string" },
        secretObjects: {
            type: "array",
            items: closed({
                annotations: stringMap,
                data: { type: "array", items: closed({ key: { type: "string" }, objectName: { type: "string" } }) },
                labels: stringMap,
                secretName: { type: "string" },
                type: { type: "string" },
            }),
        },
    }),
    status: { type: "object" },
});
/**
 * EKS Auto Mode's IngressClassParams (`eks.amazonaws.com/v1`), whose CRD AWS does not publish: the
 * fields awsdocs/amazon-eks-user-guide latest/ug/automode/auto-configure-alb.adoc documents
 * (commit 1eb6aa42, and sheetaljoshi/amazon-eks-user-guide@f61a77a, 2025-12-16), each with the shape
 * of the same field in the self-managed controller's IngressClassParams (kubernetes-sigs/aws-load-balancer-controller
 * v3.5.0 config/crd/bases/elbv2.k8s.aws_ingressclassparams.yaml), with `subnets.tags` renamed
 * `matchTags` and `certificateArn` a list `certificateARNs`, as the guide's migration table says
 * (docs/upstream-facts.md#auto-mode-alb). Fields the guide does not list (sslPolicy, inboundCIDRs,
 * listeners, targetType) are refused.
 */
const keyValueList = { type: "array", items: { ...closed({ key: { type: "string" }, value: { type: "string" } }), required: ["key", "value"] } };
const EKS_INGRESS_CLASS_PARAMS_V1 = closed({
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { type: "object" },
    spec: closed({
        scheme: { enum: ["internal", "internet-facing"] },
        namespaceSelector: closed({
            matchLabels: stringMap,
            matchExpressions: {
                type: "array",
                items: closed({ key: { type: "string" }, operator: { type: "string" }, values: { type: "array", items: { type: "string" } } }),
            },
        }),
        group: closed({ name: { type: "string" } }),
        ipAddressType: { type: "string" },
        subnets: closed({
            ids: { type: "array", items: { type: "string", pattern: "^subnet-[0-9a-f]+$" }, minItems: 1 },
            matchTags: { type: "object", additionalProperties: { type: "array", items: { type: "string" } } },
        }),
        certificateARNs: { type: "array", items: { type: "string" } },
        tags: keyValueList,
        loadBalancerAttributes: keyValueList,
    }),
    status: { type: "object" },
});

/**
 * API versions the schema package still ships but Kubernetes no longer serves, with the release
 * that removed the last of their kinds (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
 */
const REMOVED_API_VERSIONS: Record<string, number> = {
    "apps/v1beta1": 16,
    "apps/v1beta2": 16,
    "extensions/v1beta1": 22,
    "admissionregistration.k8s.io/v1beta1": 22,
    "apiextensions.k8s.io/v1beta1": 22,
    "apiregistration.k8s.io/v1beta1": 22,
    "authentication.k8s.io/v1beta1": 22,
    "authorization.k8s.io/v1beta1": 22,
    "certificates.k8s.io/v1beta1": 22,
    "coordination.k8s.io/v1beta1": 22,
    "networking.k8s.io/v1beta1": 22,
    "rbac.authorization.k8s.io/v1beta1": 22,
    "scheduling.k8s.io/v1beta1": 22,
    "batch/v1beta1": 25,
    "discovery.k8s.io/v1beta1": 25,
    "events.k8s.io/v1beta1": 25,
    "autoscaling/v2beta1": 25,
    "policy/v1beta1": 25,
    "node.k8s.io/v1beta1": 25,
    "autoscaling/v2beta2": 26,
    "flowcontrol.apiserver.k8s.io/v1beta1": 26,
    "storage.k8s.io/v1beta1": 27,
    "flowcontrol.apiserver.k8s.io/v1beta2": 29,
    "flowcontrol.apiserver.k8s.io/v1beta3": 32,
};

function served(apiVersion: string, kubernetesVersion: string): boolean {
    const removed = REMOVED_API_VERSIONS[apiVersion];
    return removed === undefined || Number(kubernetesVersion.split(".")[1]) < removed;
}

const CRD_SCHEMAS: Record<string, object> = {
    "secrets-store.csi.x-k8s.io/v1/SecretProviderClass": SECRET_PROVIDER_CLASS_V1,
    "eks.amazonaws.com/v1/IngressClassParams": EKS_INGRESS_CLASS_PARAMS_V1,
};

/** Secret values the mocks keep wrapped, unwrapped everywhere in an object. */
export function plainInputs(v: unknown): unknown {
    if (isWrappedSecret(v)) return plainInputs(v.value);
    if (Array.isArray(v)) return v.map(plainInputs);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainInputs(x)]));
    return v;
}

interface Seen {
    read: Set<PropertyKey>;
    enumerated: boolean;
}

/** `obj` behind proxies that record, per object, which keys a validator reads or whether it lists them. */
function tracked(obj: unknown, path: string, log: Map<string, { target: Record<string, unknown>; seen: Seen }>): unknown {
    if (Array.isArray(obj)) return obj.map((x, i) => tracked(x, `${path}/${i}`, log));
    if (!isPlainObject(obj)) return obj;
    const seen: Seen = { read: new Set(), enumerated: false };
    log.set(path, { target: obj, seen });
    const children = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, tracked(v, `${path}/${k}`, log)]));
    return new Proxy(children, {
        get(t, key) {
            seen.read.add(key);
            return Reflect.get(t, key);
        },
        ownKeys(t) {
            seen.enumerated = true;
            return Reflect.ownKeys(t);
        },
    });
}

/** Fields no schema knows: own keys of an object the validator looked into (read a key of) but never read. */
function unknownFields(log: Map<string, { target: Record<string, unknown>; seen: Seen }>): string[] {
    const out: string[] = [];
    for (const [path, { target, seen }] of log) {
        // A map (labels, annotations) is listed whole; an opaque object (none of its keys read) has no schema to check.
        if (seen.enumerated || seen.read.size === 0) continue;
        for (const k of Object.keys(target)) if (!seen.read.has(k)) out.push(`${path}/${k}`);
    }
    return out;
}

interface AjvError {
    keyword: string;
    instancePath: string;
    message?: string;
}

/** The schema problems of one object for a Kubernetes version: empty when it is valid. */
export function schemaProblems(object: Record<string, unknown>, kubernetesVersion: string, partial: boolean): string[] {
    const id = `${String(object.apiVersion)}/${String(object.kind)}`;
    if (CRD_SCHEMAS[id]) return crdProblems(CRD_SCHEMAS[id], object);
    const pkg = schemaPackageFor(kubernetesVersion);
    if (!pkg) return [`no schema package for Kubernetes ${kubernetesVersion}: add one to SCHEMA_PACKAGES`];
    if (!served(String(object.apiVersion), kubernetesVersion)) return [`${id} is not in the Kubernetes ${kubernetesVersion} API`];
    let model: Model;
    try {
        const kind = String(object.kind);
        const group = pkg.esm
            ? esmGroups.get(`${pkg.pkg}/${String(object.apiVersion)}`)
            : (require(path.join(schemaPackageDir(pkg.pkg), String(object.apiVersion), `${kind}.js`)) as Record<string, unknown>);
        if (group === undefined) return [`${id}: its kind is not loaded (await loadSchemaModules with the objects first)`];
        model = group[kind] as Model;
        if (model === undefined) throw new Error(`no ${kind}`);
    } catch {
        return [`${id} is not in the Kubernetes ${kubernetesVersion} API`];
    }
    return modelProblems(model, object, id, partial, "");
}

type Model = { prototype: { validate(this: unknown): void } };

/** A generated model's validator over `data`, plus the fields it never read. */
function modelProblems(model: Model, data: unknown, id: string, partial: boolean, at: string): string[] {
    const log = new Map();
    const errors = validationErrors(() => model.prototype.validate.call(tracked(data, at, log)));
    return [
        ...errors.filter((e) => !(partial && e.keyword === "required")).map((e) => `${at}${e.instancePath || "/"} ${e.message ?? e.keyword}`),
        ...unknownFields(log).map((p) => `${p} is not a field of ${id}`),
    ];
}

function validationErrors(run: () => void): AjvError[] {
    try {
        run();
        return [];
    } catch (e) {
        return ((e as { errors?: AjvError[] }).errors ?? [{ keyword: "error", instancePath: "", message: String(e) }]) as AjvError[];
    }
}

const ajv = new Ajv({ allErrors: true, strict: true });

/** A custom resource: its CRD's schema, and its metadata against the Kubernetes ObjectMeta every object has. */
function crdProblems(schema: object, object: Record<string, unknown>): string[] {
    const validate = ajv.compile(schema);
    const own = validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    const meta = require("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta").ObjectMeta as Model;
    return [...own, ...modelProblems(meta, object.metadata, "ObjectMeta", false, "/metadata")];
}
