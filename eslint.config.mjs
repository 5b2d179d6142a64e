// Lint: typescript-eslint's recommended rules, plus the project's own limits.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "bin/**", "reports/**", ".stryker-tmp/**", "plan-out/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            // `require` is how Pulumi's TypeScript programs load modules lazily (internals/pulumi.ts).
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // Tests read loosely typed plans and fixtures.
        files: ["**/*.test.ts", "test/**", "verify/testkit.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // One screen per function: the project's own code, not the test suites' describe blocks.
        files: ["**/*.ts"],
        ignores: ["**/*.test.ts", "test/**"],
        rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }] },
    },
);
