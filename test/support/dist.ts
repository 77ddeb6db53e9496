// The build the tests check and serve: `npm test` builds it into test-results/dist (production mode,
// office.js from node_modules), so the suites never depend on what `npm run build` (office.js from the
// Office CDN) or `npm start` last left in dist/. LEV_DIST_DIR points them at another build.
import path from "path";

export const REPO = path.join(__dirname, "..", "..");
export const TEST_DIST = process.env.LEV_DIST_DIR || path.join(REPO, "test-results", "dist");
