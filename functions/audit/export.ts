/**
 * Export as NDJSON, streamed (memory stays flat however large the ledger):
 *   line 1      {"kind":"header","format":"sister-city-ledger/export","formatVersion":1,"scope":…,"exportedAt":…}
 *   lines 2…n   {"kind":"event","event":<the stored event, exactly as hashed>}, stream by stream, in version order
 *   last line   {"kind":"manifest","formatVersion":1,"streams":…,"events":…,"digest":{root,streams,events,takenAt}}
 * The manifest comes last because counts and digest are known only at the end; an export without
 * one is truncated. `verify-export` checks it all offline (functions/audit/verify-export.ts).
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import { digestOf, type StoredEvent, type StreamHead } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import { scanStreams, type ScanProgress } from "./stream-scan.js";

export const EXPORT_FORMAT = "sister-city-ledger/export";
export const EXPORT_FORMAT_VERSION = 1;

export type ExportScope =
  | { readonly kind: "pair"; readonly pairId: string }
  | { readonly kind: "country"; readonly country: string }
  | { readonly kind: "all" };

export interface ExportManifest {
  readonly kind: "manifest";
  readonly formatVersion: number;
  readonly scope: ExportScope;
  readonly streams: number;
  readonly events: number;
  /** Merkle root over the heads of the exported streams (see domain/merkle.ts). */
  readonly digest: {
    readonly root: string;
    readonly streams: number;
    readonly events: number;
    readonly takenAt: string;
  };
}

/** Where lines go; `write` resolves when the sink can take more (backpressure). */
export interface LineSink {
  write(text: string): Promise<void> | void;
}

export function writableSink(out: Writable): LineSink {
  return {
    async write(text) {
      if (!out.write(text)) await once(out, "drain");
    },
  };
}

/** Does a stream belong to a country? Its establishment (v1) names both cities. */
function inCountry(events: readonly StoredEvent[], country: string): boolean {
  const data = events[0]?.data as { cityA?: { country?: string }; cityB?: { country?: string } } | undefined;
  return data?.cityA?.country === country || data?.cityB?.country === country;
}

const eventLines = (events: readonly StoredEvent[]) =>
  events.map((event) => `${JSON.stringify({ kind: "event", event })}\n`).join("");

export async function exportNdjson(
  store: EventStore,
  scope: ExportScope,
  sink: LineSink,
  options: {
    readonly clock?: () => Date;
    readonly segments?: number;
    readonly onProgress?: (p: ScanProgress) => void;
  } = {},
): Promise<ExportManifest> {
  const clock = options.clock ?? (() => new Date());
  await sink.write(
    `${JSON.stringify({ kind: "header", format: EXPORT_FORMAT, formatVersion: EXPORT_FORMAT_VERSION, scope, exportedAt: clock().toISOString() })}\n`,
  );
  const heads: StreamHead[] = [];
  let events = 0;
  // Streams are written whole, one chunk each, so segments running side by side never interleave lines.
  const writeStream = async (stream: readonly StoredEvent[]) => {
    const last = stream.at(-1);
    if (!last) return;
    heads.push({ pairId: last.pairId, version: last.version, hash: last.hash });
    events += stream.length;
    await sink.write(eventLines(stream));
  };
  if (scope.kind === "pair") {
    await writeStream(await store.readStream(scope.pairId));
  } else {
    await scanStreams<null>(
      store,
      {
        initial: () => null,
        concurrency: 1,
        ...(options.segments ? { segments: options.segments } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      },
      async ({ events: stream }) => {
        if (scope.kind === "all" || inCountry(stream, scope.country)) await writeStream(stream);
      },
    );
  }
  const d = digestOf(heads, clock().toISOString(), { events, includeHeads: false });
  const manifest: ExportManifest = {
    kind: "manifest",
    formatVersion: EXPORT_FORMAT_VERSION,
    scope,
    streams: d.streams,
    events,
    digest: { root: d.root, streams: d.streams, events: d.events, takenAt: d.takenAt },
  };
  await sink.write(`${JSON.stringify(manifest)}\n`);
  return manifest;
}
