/**
 * The board's `/export.csv`: the statuses of one response's pairs, streamed row by row. The pairs
 * come from the read model's list index (ALL or COUNTRY#, in pair-id order, at most
 * EXPORT_PAIRS a response: what a Lambda response carries, see README); a pair not established
 * on the date is left out from its stored status points without reading anything more. The
 * other pairs' rows need their events (the CSV carries each decision's full first source, note,
 * condition and the establishment's source, which the read model does not keep): read
 * EXPORT_READS_IN_FLIGHT at a time, in chunks, so rows leave while the next chunk is read.
 */
import { toDomainEvent, type PairView } from "../../domain/index.js";
import type { EventStore } from "../ports/event-store.js";
import type { Page, ReadModelReader } from "../ports/read-model.js";
import { mapLimited } from "../shared/concurrency.js";
import { pairRows, statusCsvHeader, statusCsvRows, statusRecords } from "./status-csv.js";

/** Pairs in one response: typical rows are ~300 bytes, so ~1.5 MB, well under Lambda's 6 MB. */
export const EXPORT_PAIRS = 5000;
/** Event-stream reads in flight for one export. */
export const EXPORT_READS_IN_FLIGHT = 32;
const CHUNK = 128;

export interface BoardExportRequest {
  readonly country?: string;
  /** YYYY-MM-DD: statuses as of that day. */
  readonly asOfDay?: string;
  /** Resume after the pairs of a previous response (its `next` cursor). */
  readonly cursor?: string;
}

/** The response's pairs (one list read; throws InvalidCursorError for a cursor it did not hand out). */
export function exportPage(readModel: ReadModelReader, r: BoardExportRequest): Promise<Page<PairView>> {
  return readModel.list(r.country ? { country: r.country } : {}, {
    limit: EXPORT_PAIRS,
    ...(r.cursor ? { cursor: r.cursor } : {}),
    ...(r.asOfDay ? { asOf: r.asOfDay } : {}),
  });
}

/** Write the CSV of a page: the header, then each chunk's rows as soon as its events are read. */
export async function writeExport(
  eventStore: EventStore,
  page: Page<PairView>,
  asOfDay: string | undefined,
  write: (text: string) => Promise<void>,
  options: { readonly today?: string } = {},
): Promise<void> {
  const day = asOfDay ?? options.today;
  await write(statusCsvHeader());
  const views = page.items;
  const read = (from: number) =>
    mapLimited(views.slice(from, from + CHUNK), EXPORT_READS_IN_FLIGHT, (v) =>
      eventStore.readStream(v.pairId),
    );
  let next = views.length > 0 ? read(0) : undefined;
  for (let from = 0; next; from += CHUNK) {
    const streams = await next;
    // Read the next chunk while this one is written.
    next = from + CHUNK < views.length ? read(from + CHUNK) : undefined;
    const rows = streams.flatMap((s) => {
      const r = pairRows(s.map(toDomainEvent), day);
      return r ? [r] : [];
    });
    if (rows.length > 0) await write(statusCsvRows(statusRecords(rows, "status", asOfDay)));
  }
}
