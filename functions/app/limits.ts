/**
 * What one request may ask of the API. Each bound is here so that the work an unauthenticated
 * request can cause is bounded by design, and so that the README and the document quote the same
 * numbers.
 */

/** Request bodies above this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Most entries a list answers at once; a larger `limit` is refused (422), not silently cut. */
export const MAX_LIMIT = 100;

/** A list's page size when `limit` is not given. */
export const DEFAULT_LIMIT = 25;
