/**
 * A pair's page: its timeline in effective-date order (retracted events struck through, with the
 * retraction's reason), its status (now or as of a date) and whether its hash chain verifies.
 */
import {
  describeBreak,
  isAhead,
  latestDay,
  type DomainEvent,
  type PairView,
  type Retraction,
  type StreamVerification,
  type TimelineEvent,
} from "../../../domain/index.js";
import { AsOfInput, EffectiveDate, Alert, Layout, SourceRef, StatusBadge, formatDate, qs } from "./layout.js";

export interface TimelineItem {
  readonly event: TimelineEvent;
  readonly retractedBy?: Retraction;
}

export interface PairPageProps {
  readonly view: PairView;
  readonly items: readonly TimelineItem[];
  /** Events after the as-of day, not shown. */
  readonly hiddenLater: number;
  readonly verification: StreamVerification;
  readonly asOf?: string;
  readonly asOfDay?: string;
  /** Today (YYYY-MM-DD): events dated later are scheduled. */
  readonly today: string;
  readonly errors: readonly string[];
}

const LABEL: Record<string, string> = {
  established: "Established",
  suspended: "Suspended",
  reinstated: "Reinstated",
  terminated: "Terminated",
  "marked-dormant": "Marked dormant",
  reactivated: "Reactivated",
  reaffirmed: "Reaffirmed",
  retained: "Retained",
  "change-proposed": "Change proposed",
  "motion-failed": "Motion failed",
};

/** Effective order: the last day the date can mean, then the version (recording order). */
export function effectiveOrder(a: DomainEvent & { type: TimelineEvent["type"] }, b: typeof a) {
  const da = latestDay(a.data.effectiveDate);
  const db = latestDay(b.data.effectiveDate);
  return da < db ? -1 : da > db ? 1 : a.version - b.version;
}

function ChainBadge(props: { verification: StreamVerification }) {
  const v = props.verification;
  const ok = v.breaks.length === 0;
  return (
    <div>
      <p class="chain" id="chain" data-verified={String(ok)} role="status">
        {ok
          ? `✓ Hash chain verified: ${v.events} ${v.events === 1 ? "event" : "events"}, head v${v.head?.version} ${v.head?.hash.slice(0, 12)}…`
          : `✕ Hash chain does NOT verify: ${v.breaks.length} ${v.breaks.length === 1 ? "break" : "breaks"}`}
      </p>
      {ok ? null : (
        <ul>
          {v.breaks.map((b) => (
            <li>{describeBreak(b)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function actorText(side: string, view: PairView): string {
  if (side === "both") return "both cities";
  if (side === "operator") return "the operator (association)";
  return side === view.cityA.id ? view.cityA.name : side === view.cityB.id ? view.cityB.name : side;
}

function Details(props: { event: TimelineEvent; view: PairView }) {
  const d = props.event.data;
  const e = props.event;
  const authority = [d.authority?.body, d.authority?.instrument, d.authority?.vote]
    .filter(Boolean)
    .join(" · ");
  return (
    <dl>
      <dt>Date</dt>
      <dd>
        <EffectiveDate value={d.effectiveDate} />
      </dd>
      <dt>Acted</dt>
      <dd>
        {actorText(d.actor.side, props.view)}
        {d.actor.name ? ` (${d.actor.name})` : ""}
      </dd>
      {authority ? (
        <>
          <dt>Authority</dt>
          <dd>{authority}</dd>
        </>
      ) : null}
      <dt>{d.sources.length === 1 ? "Source" : "Sources"}</dt>
      <dd>
        {d.sources.map((s, i) => (
          <span>
            {i > 0 ? "; " : ""}
            {s.url ? <SourceRef source={s.url} /> : null}
            {s.url && s.citation ? " — " : ""}
            {s.citation ? <cite>{s.citation}</cite> : null}
          </span>
        ))}
      </dd>
      {d.wording ? (
        <>
          <dt>Source's words</dt>
          <dd>
            <q>{d.wording}</q>
          </dd>
        </>
      ) : null}
      {"condition" in d && d.condition ? (
        <>
          <dt>Condition</dt>
          <dd>{d.condition}</dd>
        </>
      ) : null}
      {"proposed" in d && d.proposed ? (
        <>
          <dt>Proposed</dt>
          <dd>{d.proposed}</dd>
        </>
      ) : null}
      {d.note ? (
        <>
          <dt>Note</dt>
          <dd>{d.note}</dd>
        </>
      ) : null}
      <dt>Recorded</dt>
      <dd>
        <time datetime={e.recordedAt}>{e.recordedAt}</time> by {e.recordedBy} (v{e.version})
      </dd>
    </dl>
  );
}

function Item(props: { item: TimelineItem; view: PairView; today: string }) {
  const { event, retractedBy } = props.item;
  const title = `${LABEL[event.type] ?? event.type} · ${formatDate(event.data.effectiveDate)}`;
  return (
    <li
      data-version={event.version}
      data-type={event.type}
      data-effective={event.data.effectiveDate}
      data-retracted={String(!!retractedBy)}
    >
      <article aria-label={retractedBy ? `${title} (retracted)` : title}>
        {retractedBy ? (
          <>
            <h3>
              <del class="retracted">{title}</del>{" "}
              <span class="badge" data-status="terminated">
                retracted
              </span>
            </h3>
            <del class="retracted">
              <Details event={event} view={props.view} />
            </del>
            <p class="retraction error">
              Retracted by v{retractedBy.version} on{" "}
              <time datetime={retractedBy.recordedAt}>{retractedBy.recordedAt}</time> by{" "}
              {retractedBy.recordedBy}. Reason: {retractedBy.reason}
            </p>
          </>
        ) : (
          <>
            <h3>
              {title}
              {isAhead(event.data.effectiveDate, props.today) ? (
                <>
                  {" "}
                  <span class="badge scheduled" data-scheduled="true">
                    scheduled: counts from {formatDate(event.data.effectiveDate)}
                  </span>
                </>
              ) : null}
            </h3>
            <Details event={event} view={props.view} />
          </>
        )}
      </article>
    </li>
  );
}

export function PairPage(props: PairPageProps) {
  const v = props.view;
  const name = `${v.cityA.name} – ${v.cityB.name}`;
  const self = `/board/pairs/${encodeURIComponent(v.pairId)}`;
  return (
    <Layout title={name}>
      <p>
        <a href={`/${qs({ asOf: props.asOf })}`}>← All pairs</a>
      </p>
      <h1>
        {v.cityA.name} <span class="muted">({v.cityA.region ?? v.cityA.country})</span> – {v.cityB.name}{" "}
        <span class="muted">({v.cityB.region ?? v.cityB.country})</span>
      </h1>
      <p>
        <span id="status">
          <StatusBadge status={v.status} />
        </span>{" "}
        {v.since ? (
          <span>
            since <EffectiveDate value={v.since} />
          </span>
        ) : null}
        {props.asOfDay ? <span> — as of {formatDate(props.asOfDay)}</span> : <span> — now</span>}
        <span class="muted">
          {" "}
          · {v.relationship} · pair id <code>{v.pairId}</code>
        </span>
      </p>
      <ChainBadge verification={props.verification} />
      <p class="muted" id="proof">
        <a href={`/board/pairs/${v.pairId}/proof.json`} download={`${v.pairId}-proof.json`}>
          Download the inclusion proof
        </a>{" "}
        (this pair's events and the path from its head to the latest published digest; check it offline with{" "}
        <code>ledger verify-proof</code>)
      </p>
      <form class="filters" method="get" action={self} aria-label="Show the pair as of a date">
        <AsOfInput value={props.asOf} />
        <button type="submit">Show</button>
        <a href={self}>Now</a>
      </form>
      <Alert errors={props.errors} />
      <h2 id="timeline-heading">Timeline</h2>
      <p class="muted">
        In effective-date order; a date known only to the month or year counts from its last day.
        Struck-through events were retracted: history is appended to, never edited.
      </p>
      <ol class="timeline" id="timeline" aria-labelledby="timeline-heading">
        {props.items.map((item) => (
          <Item item={item} view={v} today={props.today} />
        ))}
      </ol>
      {props.hiddenLater > 0 ? (
        <p class="muted" id="hidden-later">
          {props.hiddenLater} later {props.hiddenLater === 1 ? "event is" : "events are"} not shown (after{" "}
          {formatDate(props.asOfDay ?? "")}).
        </p>
      ) : null}
      <p>
        <a href={`/pairs/${encodeURIComponent(v.pairId)}/events`}>
          The stored events with their hashes (JSON)
        </a>
      </p>
    </Layout>
  );
}
