// ESLint (flat config): the Office add-in rules from eslint-plugin-office-addins (the same rules and
// levels as its `recommended` config, which office-addin-lint runs) on top of typescript-eslint's
// recommended rules, with Prettier (office-addin-prettier-config) as the one formatter.
//
// We use the plugins directly rather than office-addin-lint: that CLI adds a usage-data (telemetry)
// dependency and pins an older typescript-eslint that warns on our TypeScript version.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";
import prettierRecommended from "eslint-plugin-prettier/recommended";
import globals from "globals";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "test-results/",
      "bench/results*.json",
      "schemas/",
      "coverage/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,js,mjs,cjs}"],
    plugins: { "office-addins": officeAddins },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      // only the JavaScript files are checked for undefined names (TypeScript checks its own)
      globals: globals.node,
    },
    rules: {
      // eslint-plugin-office-addins' recommended rules and levels
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "warn",
      "office-addins/no-empty-load": "warn",
      "office-addins/no-navigational-load": "warn",
      "office-addins/no-office-initialize": "warn",
      "office-addins/test-for-null-using-isNullObject": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
    },
  },
  {
    // CommonJS by design: webpack's config, the Markdown renderer it shares with the tests, mocha's reporter
    files: ["**/*.cjs", "webpack.config.js", "scripts/md-html.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Test doubles of Office objects and recorded mock calls are loosely typed on purpose.
    files: ["test/**", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  prettierRecommended
);
