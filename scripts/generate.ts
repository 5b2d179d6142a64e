// npm run generate [-- --check]
// Writes what is generated from the config declaration: Pulumi.yaml's `config:` block and the
// config reference page (docs/config-reference.md). With --check, writes nothing and exits 1 when
// either is stale.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { configReferencePage, GENERATED_NOTICE, projectConfigDeclarations } from "../config/reference";

const ROOT = path.resolve(__dirname, "..");

/** Pulumi.yaml with its `config:` block replaced and headed by the generated notice, everything else kept. */
export function projectFileWithDeclarations(projectYaml: string): string {
    const doc = YAML.parseDocument(projectYaml);
    doc.set("config", projectConfigDeclarations());
    const pair = (doc.contents as YAML.YAMLMap).items.find((p) => YAML.isScalar(p.key) && p.key.value === "config");
    if (pair && YAML.isScalar(pair.key)) pair.key.commentBefore = ` ${GENERATED_NOTICE}`;
    return doc.toString({ lineWidth: 0 });
}

export function generatedFiles(): Record<string, string> {
    const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
    return { "docs/config-reference.md": configReferencePage(), "Pulumi.yaml": projectFileWithDeclarations(read("Pulumi.yaml")) };
}

function main() {
    const check = process.argv.includes("--check");
    let stale = false;
    for (const [file, text] of Object.entries(generatedFiles())) {
        const target = path.join(ROOT, file);
        const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
        if (current === text) continue;
        stale = true;
        if (!check) fs.writeFileSync(target, text);
        console.log(`${check ? "stale" : "wrote"} ${file}`);
    }
    if (check && stale) process.exit(1);
}

if (require.main === module) main();
