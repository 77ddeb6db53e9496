// Bundles the add-in: functions.js (+ functions.json generated from JSDoc), taskpane.html/.js (shared
// runtime: the one page hosts both bundles), simulate.worker.js (Monte Carlo off the UI thread), assets and
// the manifest.
//
//   npm run build                      production build for deployment: office.js from the Office CDN,
//                                      every https://localhost:3000/ in the manifest → LEV_PROD_URL
//   webpack --mode production --env officejs=local
//                                      the same bundles, office.js served from node_modules (local preview
//                                      and tests: the Office CDN is unreachable on offline machines)
//   npm run build:dev                  development build, localhost manifest, local office.js
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { Compilation, sources } = require("webpack");
const { markdownToHtml } = require("./scripts/md-html.js");

const URL_DEV = "https://localhost:3000/";
// Where analysts' Excel loads the add-in from. Set LEV_PROD_URL when building for your own server.
const URL_PROD = process.env.LEV_PROD_URL || "https://lev-addin.example.com/";
const OFFICE_JS_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
// scripts/serve.mjs maps /office-js/* to node_modules/@microsoft/office-js/dist/*.
const OFFICE_JS_LOCAL = "office-js/office.js";

/** Replaces EVERY dev URL (the official template's String.replace only replaced the first one). */
function toProductionUrls(text) {
  return text
    .split(URL_DEV)
    .join(URL_PROD)
    .split(URL_DEV.replace(/\/$/, ""))
    .join(URL_PROD.replace(/\/$/, ""));
}

/**
 * functions.json as the add-in ships it: custom-functions-metadata (2.2.3) always writes
 * `"allowCustomDataForDataTypeAny": true`, which opts every `any` argument into Excel data types (entities,
 * formatted numbers: CustomFunctionsRuntime 1.4, not in retail perpetual Office) — the adapter reads plain
 * values only, and the manifest requires CustomFunctionsRuntime 1.2. The plugin has no option for it, so the
 * property is removed here. The result is checked against schemas/custom-functions/ by
 * test/functions/metadata-schema.test.ts and test/build/functions-json-schema.test.ts.
 */
function standardMetadata(json) {
  const metadata = JSON.parse(json);
  delete metadata.allowCustomDataForDataTypeAny;
  return JSON.stringify(metadata, null, 4);
}

class StandardMetadata {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("StandardMetadata", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "StandardMetadata", stage: Compilation.PROCESS_ASSETS_STAGE_PRE_PROCESS },
        (assets) => {
          if (assets["functions.json"]) {
            compilation.updateAsset(
              "functions.json",
              new sources.RawSource(standardMetadata(assets["functions.json"].source().toString()))
            );
          }
        }
      );
    });
  }
}

/** Rewrites the dev URLs inside generated functions.json (the @helpurl links) for production. */
class ProductionUrlsInMetadata {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("ProductionUrlsInMetadata", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "ProductionUrlsInMetadata", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS },
        (assets) => {
          if (assets["functions.json"]) {
            compilation.updateAsset(
              "functions.json",
              new sources.RawSource(toProductionUrls(assets["functions.json"].source().toString()))
            );
          }
        }
      );
    });
  }
}

module.exports = (env = {}, argv = {}) => {
  const dev = argv.mode === "development";
  const localOfficeJs = dev || env.officejs === "local";
  const rewriteUrls = !dev && !env.keepLocalhost;
  return {
    mode: dev ? "development" : "production",
    // Source maps only in development: a production build publishes no map of our sources.
    devtool: dev ? "source-map" : false,
    entry: {
      functions: "./functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
      "simulate.worker": "./src/worker/simulate.worker.ts",
    },
    output: {
      path: path.resolve(__dirname, env.outDir || "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".js"] },
    // One engine per page: the task pane page (the shared runtime) loads functions.js and taskpane.js,
    // and everything both use (engine, declarations, adapter, zod, decimal.js) is one chunk, shared.js,
    // parsed once. The Monte Carlo worker stays one self-contained file (a worker loads no page chunks).
    optimization: {
      splitChunks: {
        // Each entry has its own runtime; analysing used exports per runtime would keep a module used
        // differently by the two entries in both of them.
        usedExports: false,
        cacheGroups: {
          shared: {
            name: "shared",
            chunks: (chunk) => chunk.name === "functions" || chunk.name === "taskpane",
            minChunks: 2,
            enforce: true,
          },
        },
      },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            // Type checking is `npm run typecheck`; the build only transpiles (fast, and ES modules so
            // webpack can tree-shake the engine per entry).
            options: {
              transpileOnly: true,
              compilerOptions: { module: "es2020", noEmit: false, sourceMap: true },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: "./functions/functions.ts",
      }),
      new StandardMetadata(),
      ...(rewriteUrls ? [new ProductionUrlsInMetadata()] : []),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane"],
        officeJsUrl: localOfficeJs ? OFFICE_JS_LOCAL : OFFICE_JS_CDN,
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/help.html", to: "help.html" },
          // The function reference, served by the add-in: every @helpurl points at functions.html#lev-….
          {
            from: "docs/functions.md",
            to: "functions.html",
            transform: (content) => markdownToHtml(content.toString(), "LEV function reference"),
          },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform(content) {
              return rewriteUrls ? toProductionUrls(content.toString()) : content;
            },
          },
        ],
      }),
    ],
  };
};
module.exports.toProductionUrls = toProductionUrls;
module.exports.standardMetadata = standardMetadata;
module.exports.URL_DEV = URL_DEV;
