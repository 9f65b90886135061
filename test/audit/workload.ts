/**
 * A random but reproducible workload written through the ONE command path (ledger.execute):
 * pairs across a few countries, then random lifecycle events with increasing effective dates
 * (forbidden transitions are simply refused by the decider and skipped), and some retractions.
 */
import type { Command } from "../../domain/index.js";
import type { Ledger } from "../../functions/application/ledger.js";

const COUNTRIES = ["US", "RU", "DE", "FR", "JP", "GB"] as const;
/** What may follow each status (a wrong guess after a retraction is simply refused and skipped). */
const NEXT = {
  active: ["suspended", "terminated", "marked-dormant", "reaffirmed", "retained", "motion-failed"],
  suspended: ["reinstated", "terminated", "motion-failed", "retained"],
  dormant: ["reactivated", "suspended", "terminated"],
  terminated: ["motion-failed"],
} as const;
const STATUS_AFTER: Partial<Record<string, keyof typeof NEXT>> = {
  suspended: "suspended",
  reinstated: "active",
  terminated: "terminated",
  "marked-dormant": "dormant",
  reactivated: "active",
};

/** mulberry32: a tiny seeded PRNG. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (i: number) => {
  const d = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000);
  return d.toISOString().slice(0, 10);
};

export interface Workload {
  readonly pairIds: string[];
  readonly events: number;
}

export async function randomWorkload(
  ledger: Ledger,
  options: { readonly pairs: number; readonly eventsPerPair: number; readonly seed?: number },
): Promise<Workload> {
  const random = rng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const pairIds: string[] = [];
  let events = 0;
  for (let p = 0; p < options.pairs; p++) {
    const countryA = pick(COUNTRIES);
    const countryB = pick(COUNTRIES);
    const register: Command = {
      kind: "register",
      data: {
        cityA: { name: `Alpha ${p}`, country: countryA },
        cityB: { name: `Beta ${p}`, country: countryB },
        relationship: "sister-city",
        effectiveDate: String(1950 + (p % 40)),
        actor: { side: "both" },
        sources: [{ citation: `Workload source ${p}` }],
      },
    };
    const out = await ledger.execute(undefined, register, { recordedBy: "test:workload" });
    if (!out.ok) throw new Error(`register failed: ${out.error.message}`);
    const pairId = out.value.pairId;
    let version = out.value.version;
    let status: keyof typeof NEXT = "active";
    pairIds.push(pairId);
    events += out.value.events.length;
    for (let i = 0; i < options.eventsPerPair; i++) {
      const type = pick<string>(NEXT[status]) as Extract<Command, { kind: "record" }>["type"];
      const command: Command =
        random() < 0.1 && version > 1
          ? {
              kind: "retract",
              data: { retracts: 2 + Math.floor(random() * (version - 1)), reason: "recorded in error" },
            }
          : {
              kind: "record",
              type,
              data: {
                ...(type === "motion-failed" ? { proposed: "suspended" } : {}),
                effectiveDate: day(p * 10 + i * 400 + 10_000),
                actor: { side: "both" },
                sources: [{ url: `https://example.org/${p}/${i}` }],
                wording: "as the source says",
                ...(random() < 0.3 ? { note: `note ${i}` } : {}),
              } as never,
            };
      const r = await ledger.execute(pairId, command, { recordedBy: "test:workload" });
      if (r.ok) {
        events += r.value.events.length;
        version = r.value.version;
        if (command.kind === "record") status = STATUS_AFTER[type] ?? status;
      }
    }
  }
  return { pairIds, events };
}
