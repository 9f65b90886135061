/**
 * zod compiles a parser for each object schema (new Function) on its first synchronous parse: a
 * cost every cold start pays on its first request (about 2 ms for a stored registration), for a
 * speed-up the ledger's small objects do not show. A Lambda process parses few objects, so the
 * HTTP function runs zod jitless. zod reads the setting when a schema is built, so this module is
 * the entry's first import: it runs before any module that builds a schema.
 */
import { config } from "zod";

config({ jitless: true });
