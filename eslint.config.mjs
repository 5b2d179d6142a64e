// Lint: typescript-eslint's recommended rules with type information (floating and misused
// promises matter in Pulumi code), plus the project's own limits.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["node_modules/**", "reports/**", ".stryker-tmp/**", "plan-out/**", "dist/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    { files: ["**/*.mjs", "**/*.js"], ...tseslint.configs.disableTypeChecked },
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: {
            // `require` is how Pulumi's TypeScript programs load modules lazily (internals/pulumi.ts).
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            // These flag every read of an `any` that YAML and JSON parsers, Pulumi's mock arguments and
            // Kubernetes client lists hand over; no-explicit-any keeps `any` out of the project's own types.
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            // Style, not safety: a redundant assertion documents the type a test or parser expects.
            "@typescript-eslint/no-unnecessary-type-assertion": "off",
        },
    },
    {
        // Tests read loosely typed plans and fixtures.
        files: ["**/*.test.ts", "test/**", "verify/testing.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // One screen per function: the project's own code, not the test suites' describe blocks.
        files: ["**/*.ts"],
        ignores: ["**/*.test.ts", "test/**"],
        rules: { "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }] },
    },
);
