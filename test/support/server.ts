// Serves the built dist/ (built by `npm test` with office.js from node_modules) on a free localhost port.
import { TEST_DIST } from "./dist";
import path from "path";

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

export async function startPreviewServer(root = TEST_DIST): Promise<PreviewServer> {
  // scripts/serve.mjs is an ES module shared with `npm start`.
  const mod = await import(path.join(__dirname, "..", "..", "scripts", "serve.mjs"));
  return mod.startServer({ root, port: 0, host: "127.0.0.1" });
}
