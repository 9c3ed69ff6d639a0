import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", ".gen/", ".cache/", "coverage/", "docs/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // The package root loads every AWS resource binding: about 2.6 s per process against
      // 0.25 s for the resources a file really uses. Import from @cdktf/provider-aws/lib/<resource>.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@cdktf/provider-aws",
              message: "Import the resource by its own path, e.g. @cdktf/provider-aws/lib/vpc: the root import costs seconds per process.",
            },
            {
              name: "@cdktf/provider-aws/lib",
              message: "Import the resource by its own path, e.g. @cdktf/provider-aws/lib/vpc.",
            },
            {
              name: "@cdktf/provider-aws/lib/index",
              message: "Import the resource by its own path, e.g. @cdktf/provider-aws/lib/vpc.",
            },
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "off",
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Modules take their configuration through props: environments/ reads the environment.
    files: ["modules/**/*.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Modules take configuration through props, never process.env." },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { module: "writable", require: "readonly", process: "readonly", __dirname: "readonly", __filename: "readonly" },
    },
    // Plain CommonJS files (the configs, the launcher that runs before any TypeScript) load modules with require().
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
