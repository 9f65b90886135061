/**
 * The docs UI's assets (from swagger-ui-dist), served by the app itself so /docs works offline.
 * Locally they are read from node_modules; a Lambda bundle has no node_modules, so the bundling
 * step copies these files into DOCS_ASSET_DIR beside the bundle (infra/constructs reads this
 * module). Plain data: importing it pulls in nothing.
 */
export const DOCS_ASSET_PACKAGE = "swagger-ui-dist";

/** The folder, beside the bundled handler, that holds copies of the files below. */
export const DOCS_ASSET_DIR = "swagger-ui";

/** File name in the package → content type. */
export const DOCS_ASSET_FILES: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};
