// One test per Pulumi CLI config rule, on fixture projects in temp dirs. Each expectation comes from
// pulumi/pulumi; the file (and test) it follows is named beside it. "pkg/workspace" tests are
// pkg/workspace/config_project_test.go; "project_test" is sdk/go/common/workspace/project_test.go.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseConfig } from "../config";
import { assumedRegion, listStacks, loadStackConfig, LoadOptions, ROOT, StackConfig } from "./stackConfig";
import { tempDir } from "../test/tempDir";

const CANARY = "CANARY-7f3a9b-do-not-print";

function fixture(project: string, stacks: Record<string, string>): string {
    const dir = tempDir("stackcfg-");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project);
    for (const [s, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), text);
    return dir;
}

const NO_OPAQUE: LoadOptions = { opaqueSecrets: {} };

function load(project: string, stack: string, overrides: string[] = [], paths = false, options = NO_OPAQUE): StackConfig {
    return loadStackConfig("dev", fixture(`name: test\nruntime: nodejs\n${project}`, { dev: stack }), overrides, paths, options);
}

/** The error message of `fn`, asserting it throws and never echoes the canary. */
function errorOf(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        const msg = (e as Error).message;
        assert.ok(!msg.includes(CANARY), `error echoes a value: ${msg}`);
        return msg;
    }
    throw new Error("expected an error");
}

describe("stack config: namespaces (pkg/workspace config.go mergeConfig, loaders.go)", () => {
    it("an un-namespaced stack key belongs to the project (TestLoadingStackConfigWithoutNamespacingTheProject)", () => {
        const s = load("config:\n  aws:region: us-west-1\n  instanceSize: t3.micro\n", "config:\n  instanceSize: t4.large\n");
        assert.deepStrictEqual(s.config, { "aws:region": "us-west-1", "test:instanceSize": "t4.large" });
    });

    it("shorthand: a project key's literal is a default, another namespace's a value (TestNamespacedConfigValuesAreInheritedCorrectly)", () => {
        const s = load(
            'config:\n  aws:region: us-west-1\n  pulumi:disable-default-providers: ["*"]\n  instanceSize: t3.micro\n',
            "config:\n  test:instanceSize: t4.large\n",
        );
        assert.strictEqual(s.config["test:instanceSize"], "t4.large");
        assert.strictEqual(s.config["aws:region"], "us-west-1");
        assert.strictEqual(s.config["pulumi:disable-default-providers"], '["*"]');
    });

    it("declared `default` and `value` both fill an unset key (TestUntypedProjectConfigValuesWithOnlyDefaultOrOnlyValue)", () => {
        const s = load("config:\n  instanceSize:\n    default: t3.micro\n  region:\n    value: us-west-1\n", "config:\n  aws:answer: 42\n");
        assert.deepStrictEqual(s.config, { "test:instanceSize": "t3.micro", "test:region": "us-west-1", "aws:answer": "42" });
    });

    it("object values reach the program as JSON (TestUntypedProjectConfigObjectValuesPassedDownToStack)", () => {
        const s = load(
            "config:\n  instanceSize:\n    value:\n      hello: world\n  aws:config:\n    value:\n      region: us-west-1\n",
            "config:\n  aws:whatever: 42\n",
        );
        assert.strictEqual(s.config["test:instanceSize"], '{"hello":"world"}');
        assert.strictEqual(s.config["aws:config"], '{"region":"us-west-1"}');
    });

    it("a stack key with two colons must be `<ns>:config:<name>` (pulumi/pulumi sdk/go/common/resource/config/key.go ParseKey)", () => {
        assert.strictEqual(load("", "config:\n  aws:config:region: x\n").config["aws:region"], "x");
        assert.match(
            errorOf(() => load("", `config:\n  a:b:c: ${CANARY}\n`)),
            /could not parse a:b:c as a configuration key/,
        );
    });
});

describe("stack config: declarations and types (pkg/workspace config.go validateStackConfigValue)", () => {
    it("untyped declarations are not validated (TestUntypedProjectConfigValuesAreNotValidated)", () => {
        const s = load("config:\n  instanceSize: t3.micro\n  aws:region: us-west-1\n", "config:\n  instanceSize: 9999\n  aws:region: 42\n");
        assert.strictEqual(s.config["test:instanceSize"], "9999");
        assert.strictEqual(s.config["aws:region"], "42");
    });

    it("undeclared keys are allowed (TestUntypedStackConfigValuesDoNeedProjectDeclaration)", () => {
        const s = load("config:\n  createVpc: true\n", "config:\n  instanceSize: 42\n");
        assert.deepStrictEqual(s.config, { "test:createVpc": "true", "test:instanceSize": "42" });
    });

    it("a plaintext value of the wrong type stops the CLI (TestStackConfigErrorsWhenStackValueIsNotCorrectlyTyped)", () => {
        const msg = errorOf(() =>
            load("config:\n  values:\n    type: array\n    items:\n      type: string\n    default: [value]\n", `config:\n  test:values: ${CANARY}\n`),
        );
        assert.strictEqual(msg, "Stack 'dev' with configuration key 'values' must be of type 'array<string>'");
    });

    it("integers: whole numbers and integer text pass, other text fails (TestStackConfigIntegerTypeIsCorrectlyValidated)", () => {
        const project = "config:\n  importantNumber:\n    type: integer\n";
        assert.strictEqual(load(project, "config:\n  test:importantNumber: 20\n").config["test:importantNumber"], "20");
        assert.strictEqual(
            errorOf(() => load(project, "config:\n  test:importantNumber: hello\n")),
            "Stack 'dev' with configuration key 'importantNumber' must be of type 'integer'",
        );
        // project.go ValidateConfigValue: the stack value arrives as text "1.5", which strconv.Atoi rejects.
        assert.match(
            errorOf(() => load(project, "config:\n  test:importantNumber: 1.5\n")),
            /must be of type 'integer'/,
        );
    });

    it("booleans accept true/false; objects must be maps; array items are checked (project.go ValidateConfigValue)", () => {
        const project = "config:\n  flag:\n    type: boolean\n  obj:\n    type: object\n  nums:\n    type: array\n    items:\n      type: integer\n";
        const ok = load(project, "config:\n  flag: false\n  obj: {a: 1}\n  nums: [1, 2]\n");
        assert.deepStrictEqual([ok.config["test:flag"], ok.config["test:obj"], ok.config["test:nums"]], ["false", '{"a":1}', "[1,2]"]);
        assert.match(
            errorOf(() => load(project, "config:\n  flag: 'yes'\n  obj: {}\n  nums: []\n")),
            /'flag' must be of type 'boolean'/,
        );
        assert.match(
            errorOf(() => load(project, "config:\n  flag: true\n  obj: [1]\n  nums: []\n")),
            /'obj' must be of type 'object'/,
        );
        assert.match(
            errorOf(() => load(project, "config:\n  flag: true\n  obj: {}\n  nums: [1, x]\n")),
            /'nums' must be of type 'array<integer>'/,
        );
    });

    it("a key declared without default must be set: one, two, three keys (TestStackConfigErrorsWhenMissing…ForConfigTypeWithNoDefault)", () => {
        const decl = (k: string) => `  ${k}:\n    type: string\n`;
        assert.strictEqual(
            errorOf(() => load(`config:\n${decl("values")}`, "config: {}\n")),
            "Stack 'dev' is missing configuration value 'values'",
        );
        assert.strictEqual(
            errorOf(() => load(`config:\n${decl("values")}${decl("another")}`, "")),
            "Stack 'dev' is missing configuration values 'another' and 'values'",
        );
        assert.strictEqual(
            errorOf(() => load(`config:\n${decl("world")}${decl("values")}${decl("hello")}`, "")),
            "Stack 'dev' is missing configuration values 'hello', 'values' and 'world'",
        );
    });

    it("missing keys are reported before any type error (config.go mergeConfig order)", () => {
        const project = "config:\n  a:\n    type: integer\n  b:\n    type: string\n";
        assert.strictEqual(
            errorOf(() => load(project, "config:\n  a: x\n")),
            "Stack 'dev' is missing configuration value 'b'",
        );
    });

    it("`secret: true` requires an encrypted stack value (TestStackConfigSecretIsCorrectlyValidated)", () => {
        const project = "config:\n  password:\n    type: string\n    secret: true\n";
        assert.strictEqual(
            errorOf(() => load(project, `config:\n  password: ${CANARY}\n`)),
            "Stack 'dev' with configuration key 'password' must be encrypted as it's secret",
        );
        assert.deepStrictEqual(load(project, "config:\n  password:\n    secure: v1:abc\n").secretKeys, ["test:password"]);
    });

    it("an encrypted value is type-checked on its decrypted text: one ciphertext is a string, never an object (config.go validateStackConfigValue)", () => {
        const project = "config:\n  creds:\n    type: object\n  port:\n    type: integer\n";
        const msg = errorOf(() => load(project, "config:\n  creds:\n    secure: v1:abc\n  port: 1\n"));
        assert.strictEqual(msg, "Stack 'dev' with configuration key 'creds' must be of type 'object'");
        // An object holding ciphertexts is an object value: it passes, its leaves decrypt to strings.
        const s = load(project, "config:\n  creds:\n    user: u\n    password:\n      secure: v1:abc\n  port:\n    secure: v1:def\n");
        assert.strictEqual(s.config["test:creds"], '{"password":"[secret]","user":"u"}');
        assert.ok(
            s.warnings?.some((w) => w.startsWith("port: an encrypted value cannot be checked offline")),
            "integer check of a ciphertext is left to the CLI",
        );
    });

    it("rejects bad declarations with the CLI's texts (project.go Project.Validate; project_test TestProjectConfigCannotBeTypedArrayWithoutItems et al.)", () => {
        const cases: Array<[string, RegExp]> = [
            [
                "config:\n  values:\n    type: array\n",
                /The configuration key 'values' declares an array but does not specify the underlying type via the 'items' attribute/,
            ],
            ["config:\n  aws:region:\n    type: string\n", /Configuration key 'aws:region' is not namespaced by the project and should not define a type/],
            [
                "config:\n  aws:region:\n    default: us-east-1\n",
                /Configuration key 'aws:region' is not namespaced by the project and should not define a default value/,
            ],
            ["config:\n  a:\n    default: x\n    value: y\n", /project config 'a' cannot have both a 'default' and 'value' attribute/],
            [
                "config:\n  n:\n    type: integer\n    default: hello\n",
                /The default value specified for configuration key 'n' is not of the expected type 'integer'/,
            ],
        ];
        for (const [project, re] of cases)
            assert.match(
                errorOf(() => load(project, "")),
                re,
            );
        // project.go: the CLI names the file it could not read.
        assert.match(
            errorOf(() => load("config:\n  values:\n    type: array\n", "")),
            /^could not unmarshal 'Pulumi\.yaml': /,
        );
    });

    it("`default: null` is no default (Go: Default != nil), so the key is required", () => {
        assert.strictEqual(
            errorOf(() => load("config:\n  a:\n    type: string\n    default: null\n", "")),
            "Stack 'dev' is missing configuration value 'a'",
        );
    });

    it("`project:key` declarations are project keys; other namespaces need a `value` (config.go mergeConfig, project.go Validate)", () => {
        assert.match(
            errorOf(() => load("config:\n  test:size:\n    type: integer\n", "")),
            /missing configuration value 'test:size'/,
        );
        assert.match(
            errorOf(() => load("config:\n  aws:region:\n    description: d\n", "")),
            /Configuration key 'aws:region' is namespaced and must provide an attribute 'value'/,
        );
    });

    it("an untyped project declaration without default is required too (config.go mergeConfig checks no type)", () => {
        assert.strictEqual(
            errorOf(() => load("config:\n  size:\n    description: d\n", "")),
            "Stack 'dev' is missing configuration value 'size'",
        );
    });
});

describe("stack config: values as the program reads them (sdk/go/common/resource/config object.go, value.go)", () => {
    it('a YAML null at the top level reads as "" with the CLI\'s warning (loaders_test.go TestEmptyValueWarning)', () => {
        const s = load("", 'config:\n  test:a:\n  test:b: null\n  test:c: ~\n  test:d: ""\n');
        assert.deepStrictEqual(s.config, { "test:a": "", "test:b": "", "test:c": "", "test:d": "" });
        assert.ok(s.warnings?.[0].startsWith('No value for configuration keys "test:a", "test:b", "test:c". This is currently treated as an empty string'));
    });

    it("nulls inside objects stay null (loaders.go checkForEmptyConfig comment)", () => {
        assert.strictEqual(load("", "config:\n  o:\n    k:\n    j: ~\n").config["test:o"], '{"j":null,"k":null}');
    });

    it("numbers, booleans and objects become Go json.Marshal text: keys sorted, integers exact, HTML escaped (object.go MarshalString)", () => {
        const s = load("", "config:\n  i: 12345678901234567890\n  f: 1.50\n  b: true\n  o: {z: 1, a: [x, 2.0, false], h: '<&>'}\n");
        assert.strictEqual(s.config["test:i"], "12345678901234567890");
        assert.strictEqual(s.config["test:f"], "1.5");
        assert.strictEqual(s.config["test:b"], "true");
        assert.strictEqual(s.config["test:o"], '{"a":["x",2,false],"h":"\\u003c\\u0026\\u003e","z":1}');
    });

    it("a `secure:` leaf anywhere marks the whole top-level key secret and reads as [secret] (object.go Secure)", () => {
        const s = load(
            "",
            "config:\n  plain: x\n  top:\n    secure: v1:a\n  deep:\n    list:\n      - ok\n      - secure: v1:b\n  notSecure:\n    secure: 5\n",
        );
        assert.deepStrictEqual(s.secretKeys, ["test:deep", "test:top"]);
        assert.strictEqual(s.config["test:top"], "[secret]");
        assert.strictEqual(s.config["test:deep"], '{"list":["ok","[secret]"]}');
        assert.strictEqual(s.config["test:notSecure"], '{"secure":5}', "isSecureValue wants a string");
    });
});

describe("stack config: one ciphertext for a whole object (offline rule, documented in stackConfig.ts)", () => {
    const options: LoadOptions = { opaqueSecrets: { "test:secretValues": { namesFrom: "test:secretKeys" } } };
    const stack = "config:\n  secretValues:\n    secure: v1:AAAA\n";

    it("synthesizes the listed keys with placeholders and keeps the key secret", () => {
        const s = load("", `${stack}  secretKeys: [B_KEY, A_KEY]\n`, [], false, options);
        assert.strictEqual(s.config["test:secretValues"], '{"A_KEY":"[secret]","B_KEY":"[secret]"}');
        assert.deepStrictEqual(s.secretKeys, ["test:secretValues"]);
    });

    it("fails naming the key and secretKeys when the key names are not listed", () => {
        const msg = errorOf(() => load("", `config:\n  secretValues:\n    secure: v1:${CANARY}\n`, [], false, options));
        assert.match(
            msg,
            /^Pulumi\.dev\.yaml: test:secretValues is one encrypted value, which cannot be decrypted offline\. To plan offline, list its keys in test:secretKeys/,
        );
    });
});

describe("stack config: --config (pulumi/pulumi newcmd/config.go parseConfig, config/io.go parseConfigKey, config/map.go Set)", () => {
    it('sets keys literally without --config-path; an entry without = sets ""', () => {
        const s = load("", "config:\n  a: 1\n", ["a.b=2", "c", "aws:region=x"]);
        assert.deepStrictEqual(s.config, { "test:a": "1", "test:a.b": "2", "test:c": "", "aws:region": "x" });
    });

    it("with --config-path, builds a fresh object that replaces the stack's key; leaves are coerced (object.go coerce)", () => {
        const s = load("", "config:\n  o:\n    keep: 1\n", ["o.n=3", "o.t=true", "o.z=0123", "o.l[0]=x", "o.l[1]=-4", "top=5"], true);
        assert.strictEqual(s.config["test:o"], '{"l":["x",-4],"n":3,"t":true,"z":"0123"}');
        assert.strictEqual(s.config["test:top"], "5", "a top-level value stays text");
    });

    it("a new list at index n has n+1 entries; an index past the end fails (object.go newContainer, Set)", () => {
        assert.strictEqual(load("", "", ["l[2]=x"], true).config["test:l"], '[null,null,"x"]');
        assert.match(
            errorOf(() => load("", "", ["l[0]=a", `l[5]=${CANARY}`], true)),
            /^--config #2 \(key l\[5\]\): l\[5\]: array index out of range$/,
        );
    });

    it("with --config-path, only the first segment decides the namespace (io.go parseConfigKey)", () => {
        assert.strictEqual(load("", "", ["aws:tags.x=1"], true).config["aws:tags"], '{"x":1}');
        assert.strictEqual(load("", "", ["foo.bar:buzz=1"], true).config["test:foo"], '{"bar:buzz":1}');
    });

    it("--config values are type-checked like stack values", () => {
        assert.match(
            errorOf(() => load("config:\n  n:\n    type: integer\n    default: 1\n", "", [`n=${CANARY}`])),
            /^Stack 'dev' with configuration key 'n' must be of type 'integer'$/,
        );
    });
});

describe("stack config: errors never echo values", () => {
    it("a YAML syntax error names the file, line and column but not the line's text", () => {
        const msg = errorOf(() => load("", `config:\n  a: ok\n  b: "${CANARY}\n  c: [${CANARY}\n`));
        assert.match(msg, /^Pulumi\.dev\.yaml: YAML syntax error at line \d+, column \d+ \([A-Z_]+\)$/);
        const dup = errorOf(() => load("", `config:\n  a: ${CANARY}\n  a: ${CANARY}\n`));
        assert.match(dup, /^Pulumi\.dev\.yaml: YAML syntax error at line 3, column 3 \(DUPLICATE_KEY\)$/);
    });

    it("no loader error quotes a canary value, whatever is wrong", () => {
        const project = "config:\n  n:\n    type: integer\n  s:\n    type: string\n    secret: true\n";
        const stacks = [
            `config:\n  n: ${CANARY}\n  s: {secure: v1:x}\n`,
            `config:\n  n: 1\n  s: ${CANARY}\n`,
            `config:\n  n: [${CANARY}]\n`,
            `config: ${CANARY}\n`,
        ];
        for (const st of stacks) errorOf(() => load(project, st));
        errorOf(() => load(project, "config:\n  n: 1\n  s: {secure: v1:x}\n", [`n.x[0]=${CANARY}`, `n.x.y=${CANARY}`], true));
    });
});

describe("stack config: every shipped stack", () => {
    for (const stack of listStacks()) {
        it(`${stack}: passes the CLI's rules for Pulumi.yaml and validates`, () => {
            const s = loadStackConfig(stack);
            assert.deepStrictEqual(s.warnings, []);
            parseConfig(s.config, new Set(s.secretKeys), stack);
            assert.strictEqual(s.region, s.config["aws:region"]);
        });
    }

    it("accepts secretValues set as one ciphertext when secretKeys lists its keys", () => {
        const dir = tempDir("stackcfg-");
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const dev = fs
            .readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")
            .replace(
                / {2}portkey-gateway:secretValues:\n(?: {4}.*\n)+/,
                "  portkey-gateway:secretValues:\n    secure: v1:AAAA\n  portkey-gateway:secretKeys: [PORTKEY_CLIENT_AUTH, ORGANISATIONS_TO_SYNC, OPENAI_API_KEY, ANTHROPIC_API_KEY]\n",
            );
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), dev);
        const s = loadStackConfig("dev", dir);
        assert.deepStrictEqual(JSON.parse(s.config["portkey-gateway:secretValues"]), {
            ANTHROPIC_API_KEY: "[secret]",
            OPENAI_API_KEY: "[secret]",
            ORGANISATIONS_TO_SYNC: "[secret]",
            PORTKEY_CLIENT_AUTH: "[secret]",
        });
        parseConfig(s.config, new Set(s.secretKeys), "dev");
    });
});

describe("stack config: the files themselves", () => {
    it("lists the stacks of a directory, sorted, leaving out end-to-end copies and other files", () => {
        const dir = fixture("name: test\nruntime: nodejs\n", { prod: "", dev: "", "e2e-123": "" });
        for (const other of ["Pulumi.yml", "Pulumi.x.yml", "Pulumi.y.yaml.bak", "old-Pulumi.z.yaml", "Pulumi..yaml"])
            fs.writeFileSync(path.join(dir, other), "");
        assert.deepStrictEqual(listStacks(dir), ["dev", "prod"]);
    });

    it("names the stacks there when the stack has no file", () => {
        const dir = fixture("name: test\nruntime: nodejs\n", { dev: "", prod: "" });
        assert.strictEqual(
            errorOf(() => loadStackConfig("qa", dir)),
            "no stack file Pulumi.qa.yaml (stacks here: dev, prod)",
        );
        const empty = fixture("name: test\nruntime: nodejs\n", {});
        assert.strictEqual(
            errorOf(() => loadStackConfig("qa", empty)),
            "no stack file Pulumi.qa.yaml (stacks here: none)",
        );
    });

    it("refuses a project file without a name (pulumi/pulumi sdk/go/common/workspace/project.go Validate)", () => {
        for (const project of ["runtime: nodejs\n", 'name: ""\nruntime: nodejs\n', "name: [a]\nruntime: nodejs\n", "- a\n"]) {
            const dir = fixture(project, { dev: "" });
            assert.strictEqual(
                errorOf(() => loadStackConfig("dev", dir)),
                "Pulumi.yaml: project is missing a non-empty string 'name' attribute",
            );
        }
    });

    it("reads a file that starts with a byte-order mark, as editors on Windows write it", () => {
        assert.strictEqual(load("", "\uFEFFconfig:\n  a: x\n").config["test:a"], "x");
    });

    it("reads a changed file afresh", () => {
        // A nonce makes the texts new to this process, so no earlier parse can answer for them.
        const nonce = `# ${process.hrtime.bigint()}\n`;
        const dir = fixture("name: test\nruntime: nodejs\n", { dev: `${nonce}config:\n  a: one\n` });
        assert.strictEqual(loadStackConfig("dev", dir, [], false, NO_OPAQUE).config["test:a"], "one");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `${nonce}config:\n  a: two\n`);
        assert.strictEqual(loadStackConfig("dev", dir, [], false, NO_OPAQUE).config["test:a"], "two");
    });

    it("refuses alias bombs without expanding them, naming the file only", () => {
        const bomb = [
            "config:",
            `  a: &a [${CANARY}, ${CANARY}]`,
            ...Array.from({ length: 12 }, (_, i) => `  b${i}: &b${i} [*${i ? `b${i - 1}` : "a"}, *${i ? `b${i - 1}` : "a"}]`),
        ];
        const many = ["x: &x 1", ...Array.from({ length: 120 }, (_, i) => `y${i}: *x`), "config:", "  a: 1"];
        for (const text of [bomb, many])
            assert.strictEqual(
                errorOf(() => load("", text.join("\n") + "\n")),
                "Pulumi.dev.yaml: YAML could not be read (aliases or tags)",
            );
    });

    it("accepts a stack file with no config, or an empty one", () => {
        for (const text of ["", "config:\n", "config: ~\n", "encryptionsalt: v1:x\n"]) {
            const s = load("", text);
            assert.deepStrictEqual([s.config, s.secretKeys, s.warnings], [{}, [], []], JSON.stringify(text));
        }
    });

    it("refuses config that is not a map", () => {
        for (const text of [`config: ${CANARY}\n`, `config: [${CANARY}]\n`])
            assert.strictEqual(
                errorOf(() => load("", text)),
                "Pulumi.dev.yaml: 'config' must be a map",
            );
    });

    // pulumi/pulumi pkg/cmd/pulumi/... loaders.go checkForEmptyConfig: "key" or "keys", "a and b" for two, commas for more.
    it("words the empty-value warning for one key and for two", () => {
        assert.strictEqual(
            load("", "config:\n  test:a:\n").warnings?.[0],
            'No value for configuration key "test:a". This is currently treated as an empty string `""`, but will be treated as `null` in a future version of pulumi.\nSet the value to `""` to avoid this warning.',
        );
        assert.ok(load("", "config:\n  test:a:\n  test:b:\n").warnings?.[0].startsWith('No value for configuration keys "test:a" and "test:b". '));
        assert.match(load("", "config:\n  test:a:\n  test:b:\n").warnings?.[0] ?? "", /\nSet the values to `""` to avoid this warning\.$/);
    });

    it("refuses a number JSON cannot carry (.inf, .nan), naming the key only", () => {
        for (const n of [".inf", "-.inf", ".nan"])
            assert.strictEqual(
                errorOf(() => load("", `config:\n  n: ${n}\n`)),
                "Pulumi.dev.yaml: test:n holds a number that JSON cannot represent (.inf or .nan)",
            );
    });

    it("defaults the region the fake cloud answers for to us-east-1 when aws:region is unset", () => {
        assert.strictEqual(load("", "config:\n  a: x\n").region, "us-east-1");
        assert.strictEqual(load("", "config:\n  aws:region: eu-west-1\n").region, "eu-west-1");
    });

    it("takes --config keys literally unless paths are asked for", () => {
        const dir = fixture("name: test\nruntime: nodejs\n", { dev: "" });
        assert.deepStrictEqual(loadStackConfig("dev", dir, ["o.k=1"]).config, { "test:o.k": "1" });
        assert.deepStrictEqual(load("", "", ["o.k=1"], true).config, { "test:o": '{"k":1}' });
    });
});

describe("stack config: one ciphertext for a whole object, names listed wrongly", () => {
    const options: LoadOptions = { opaqueSecrets: { "test:secretValues": { namesFrom: "test:secretKeys" } } };
    it("refuses names that are not a list of strings, saying both ways to fix it", () => {
        for (const keys of ["secretKeys: A_KEY", "secretKeys: [A_KEY, 1]", "secretKeys: [A_KEY, [B]]", "secretKeys: {A: 1}"]) {
            const msg = errorOf(() => load("", `config:\n  secretValues:\n    secure: v1:AAAA\n  ${keys}\n`, [], false, options));
            assert.strictEqual(
                msg,
                "Pulumi.dev.yaml: test:secretValues is one encrypted value, which cannot be decrypted offline. To plan offline, list its keys in test:secretKeys (e.g. `pulumi config set --path 'secretKeys[0]' <KEY>`), or set each key separately with `pulumi config set --secret --path 'secretValues.<KEY>' <value>`",
                keys,
            );
        }
    });

    it("leaves a plaintext object under the key as it is", () => {
        const s = load("", "config:\n  secretValues:\n    A_KEY: plain\n", [], false, options);
        assert.deepStrictEqual([s.config["test:secretValues"], s.secretKeys], ['{"A_KEY":"plain"}', []]);
    });
});

describe("stack config: the region of a stack without a readable aws:region", () => {
    it("assumedRegion: AWS_REGION, else AWS_DEFAULT_REGION, as the AWS provider reads them (docs/upstream-facts.md#aws-provider-region), else us-east-1", () => {
        assert.strictEqual(assumedRegion({ AWS_REGION: "eu-west-3", AWS_DEFAULT_REGION: "ap-south-1" }), "eu-west-3");
        assert.strictEqual(assumedRegion({ AWS_REGION: "", AWS_DEFAULT_REGION: "ap-south-1" }), "ap-south-1");
        assert.strictEqual(assumedRegion({}), "us-east-1");
    });
    it("marks the region assumed when the stack sets none, or only an encrypted one, and lists the encrypted paths", () => {
        const none = load("", "config: {}\n");
        assert.strictEqual(none.regionAssumed, true);
        const enc = load(
            "",
            `config:\n  aws:region:\n    secure: v1:AAAA\n  test:endpoint:\n    certificateArn:\n      secure: v1:BBBB\n    list:\n      - a\n      - secure: v1:CCCC\n`,
        );
        assert.strictEqual(enc.regionAssumed, true);
        assert.deepStrictEqual(enc.undecrypted, ["aws:region", "endpoint.certificateArn", "endpoint.list[1]"]);
        const plain = load("", "config:\n  aws:region: eu-west-1\n");
        assert.deepStrictEqual([plain.region, plain.regionAssumed, plain.undecrypted], ["eu-west-1", undefined, undefined]);
    });
});
