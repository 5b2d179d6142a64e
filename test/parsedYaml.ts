// The repository's YAML files (plans/*.yaml, Pulumi.*.yaml, .github/workflows/*.yml), and a shipped
// stack's rendered plan (the text of plans/<stack>.yaml), parsed once per test process however many
// tests read them: a committed plan takes milliseconds to parse, and the first parse of a large
// workflow, before the parser's code is warm, tens of milliseconds.
import * as fs from "fs";
import * as YAML from "yaml";

/** Parsed values by their text: a file changed during the run is parsed again. */
const parsed = new Map<string, unknown>();

/** `value` and everything in it made read-only: a test that changed a shared value would throw rather than change another test's. */
function deepFrozen<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFrozen(v);
    }
    return value;
}

/** `YAML.parse(text)`, frozen (copy what a test must change); a text seen before is not parsed again. */
export function parsedYamlText(text: string): any {
    if (!parsed.has(text)) parsed.set(text, deepFrozen(YAML.parse(text)));
    return parsed.get(text);
}

/** The file's YAML as `YAML.parse` gives it, frozen (copy what a test must change). */
export function parsedYamlFile(file: string): any {
    return parsedYamlText(fs.readFileSync(file, "utf8"));
}
