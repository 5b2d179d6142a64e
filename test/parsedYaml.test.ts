// The shared YAML cache: what YAML.parse gives, once per text, frozen all the way down.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { parsedYamlFile, parsedYamlText } from "./parsedYaml";
import { tempDir } from "./tempDir";

describe("parsedYaml: YAML parsed once per process", () => {
    const text = "a:\n  b: [1, {c: x}]\nd: true\n";

    it("gives what YAML.parse gives, and the same value for the same text", () => {
        assert.deepStrictEqual(parsedYamlText(text), YAML.parse(text));
        assert.strictEqual(parsedYamlText(text), parsedYamlText(`${text}`));
    });

    it("is read-only at every depth, so no test changes another's value", () => {
        const v = parsedYamlText(text);
        assert.throws(() => (v.d = false), TypeError);
        assert.throws(() => v.a.b.push(2), TypeError);
        assert.throws(() => (v.a.b[1].c = "y"), TypeError);
        assert.strictEqual(parsedYamlText(text).a.b[1].c, "x");
    });

    it("reads a file again each time: a changed file gives its new value", () => {
        const dir = tempDir("parsed-yaml-");
        try {
            const file = path.join(dir, "f.yaml");
            fs.writeFileSync(file, "k: 1\n");
            assert.deepStrictEqual(parsedYamlFile(file), { k: 1 });
            fs.writeFileSync(file, "k: 2\n");
            assert.deepStrictEqual(parsedYamlFile(file), { k: 2 });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
