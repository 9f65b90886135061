/**
 * The offline verifier of an NDJSON export: no database, no AWS, only the file. It reads line by
 * line (flat memory), checks every stream's chain (contiguous from v1, prevHash, recomputed hash),
 * that streams are not split or repeated, and the manifest's counts and digest root. Every
 * problem names its line; the first one is the line that breaks the export.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { GENESIS_HASH, StoredEventSchema, hashOf, merkleRoot, type StreamHead } from "../../domain/index.js";
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type ExportManifest } from "./export.js";

export interface ExportProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

export interface ExportVerification {
  readonly ok: boolean;
  readonly lines: number;
  readonly streams: number;
  readonly events: number;
  readonly root: string;
  readonly manifest?: ExportManifest;
  /** In file order, at most `MAX_PROBLEMS`. */
  readonly problems: readonly ExportProblem[];
}

const MAX_PROBLEMS = 100;

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: known debt, to be split (docs/maintaining.md#lint-debt)
export async function verifyExport(input: Readable): Promise<ExportVerification> {
  const problems: ExportProblem[] = [];
  const problem = (line: number, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ line, message });
  };
  const heads: StreamHead[] = [];
  const finished = new Set<string>();
  let current: { pairId: string; version: number; hash: string } | undefined;
  let events = 0;
  let n = 0;
  let header = false;
  let manifest: { line: number; value: ExportManifest } | undefined;
  const closeStream = () => {
    if (current) {
      heads.push({ ...current });
      finished.add(current.pairId);
    }
    current = undefined;
  };

  for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    n++;
    if (text.trim() === "") {
      problem(n, "an empty line (every line must be one JSON object)");
      continue;
    }
    let value: { kind?: unknown; [k: string]: unknown };
    try {
      value = JSON.parse(text);
    } catch {
      problem(n, "not valid JSON");
      continue;
    }
    if (manifest) problem(n, `a line after the manifest (line ${manifest.line}) must not be there`);
    if (n === 1) {
      header = value.kind === "header" && value.format === EXPORT_FORMAT;
      if (!header) problem(n, `the first line must be the export header (format ${EXPORT_FORMAT})`);
      else if (value.formatVersion !== EXPORT_FORMAT_VERSION)
        problem(
          n,
          `unknown export format version ${String(value.formatVersion)} (this verifier reads ${EXPORT_FORMAT_VERSION})`,
        );
      continue;
    }
    if (value.kind === "manifest") {
      closeStream();
      manifest ??= { line: n, value: value as unknown as ExportManifest };
      continue;
    }
    if (value.kind !== "event") {
      problem(n, `unknown line kind ${JSON.stringify(value.kind)}`);
      continue;
    }
    const parsed = StoredEventSchema.safeParse(value.event);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      problem(n, `not a stored event: ${first?.path.join(".") || "event"}: ${first?.message}`);
      continue;
    }
    const e = parsed.data;
    events++;
    if (current?.pairId !== e.pairId) {
      closeStream();
      if (finished.has(e.pairId))
        problem(n, `${e.pairId} appears again after other streams (streams must be whole)`);
      current = { pairId: e.pairId, version: 0, hash: GENESIS_HASH };
    }
    if (e.version !== current.version + 1)
      problem(
        n,
        `${e.pairId} v${e.version}: expected v${current.version + 1} (versions must be contiguous from 1)`,
      );
    if (e.prevHash !== current.hash)
      problem(n, `${e.pairId} v${e.version}: prevHash does not equal the hash of the event before it`);
    const recomputed = hashOf(e);
    if (recomputed !== e.hash)
      problem(n, `${e.pairId} v${e.version}: the hash does not recompute (the content was changed)`);
    current = { pairId: e.pairId, version: e.version, hash: e.hash };
  }
  closeStream();

  const root = merkleRoot(heads);
  if (n === 0) problem(1, "the file is empty");
  if (!manifest) problem(n + 1, "the export ends without a manifest (truncated?)");
  else checkManifest(manifest.value, manifest.line, { streams: heads.length, events, root }, problem);
  problems.sort((a, b) => a.line - b.line);
  return {
    ok: problems.length === 0,
    lines: n,
    streams: heads.length,
    events,
    root,
    ...(manifest ? { manifest: manifest.value } : {}),
    problems,
  };
}

function checkManifest(
  m: ExportManifest,
  line: number,
  found: { streams: number; events: number; root: string },
  problem: (line: number, message: string) => void,
) {
  if (m.formatVersion !== EXPORT_FORMAT_VERSION)
    problem(line, `unknown manifest format version ${m.formatVersion}`);
  if (m.events !== found.events)
    problem(line, `the manifest counts ${m.events} events; the file holds ${found.events}`);
  if (m.streams !== found.streams)
    problem(line, `the manifest counts ${m.streams} streams; the file holds ${found.streams}`);
  if (m.digest?.root !== found.root)
    problem(
      line,
      `the manifest's digest root ${String(m.digest?.root).slice(0, 12)}… differs from the heads in the file (${found.root.slice(0, 12)}…)`,
    );
}

export const verifyExportFile = (path: string) => verifyExport(createReadStream(path));
