/**
 * Bad input against the HTTP app over DynamoDB Local stores (a smaller run than the in-memory
 * one, plus the inputs that only a real DynamoDB can trip on: list cursors decoding to keys of
 * the wrong shape, filter values in expressions). Never 5xx; the tables are unchanged afterwards.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/app/app.js";
import { createProjector } from "../../functions/projector/projector.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";
import {
  OPERATOR,
  dynamoLedger,
  pairIdOfIndex,
  proposalBody,
  proposalCommand,
  registerBody,
  registerCommand,
  type DynamoLedger,
} from "../support/builders.js";
import { serverErrorsOf, TOKEN, type Target } from "./hostile.js";

const local = useDynamoDbLocal();
const RUNS = Math.max(50, Math.floor(Number(process.env.FC_RUNS ?? 3000) / 10));

let tables: { events: string; readModel: string };
let wired: DynamoLedger;
let app: ReturnType<typeof createApp>;
const unexpected: unknown[] = [];

const target: Target = {
  pairId: pairIdOfIndex(1, "hostile"),
  registerBody: () => registerBody(1, "hostile") as Record<string, unknown>,
  changeBody: () => proposalBody("hostile"),
};

/** Both tables, item by item, in a stable order. */
async function snapshot() {
  const read = async (TableName: string) => {
    const out = await local.doc.send(new ScanCommand({ TableName, ConsistentRead: true }));
    return (out.Items ?? []).map((i) => JSON.stringify(i)).sort();
  };
  return JSON.stringify([await read(tables.events), await read(tables.readModel)]);
}

beforeAll(async () => {
  tables = await local.freshTables();
  wired = dynamoLedger(local.endpoint, tables);
  app = createApp({
    ...wired,
    auth: { mode: "token", token: TOKEN },
    onUnexpectedError: (e) => unexpected.push(e),
  });
  const reg = await wired.ledger.execute(undefined, registerCommand(1, "hostile"), { recordedBy: OPERATOR });
  if (!reg.ok) throw new Error(reg.error.code);
  await wired.ledger.execute(reg.value.pairId, proposalCommand("setup"), { recordedBy: OPERATOR });
  const projector = createProjector(wired);
  for (const e of await wired.eventStore.readStream(reg.value.pairId)) await projector.apply(e);
});

const cursorOf = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

describe("hostile requests against the app over DynamoDB Local", () => {
  it(`answers ${RUNS} hostile requests without a 5xx and leaves both tables unchanged`, async () => {
    const before = await snapshot();
    expect(await serverErrorsOf(app, target, unexpected, RUNS)).toEqual({});
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ["a JSON string", cursorOf("abc")],
    ["null", cursorOf(null)],
    ["a number", cursorOf(42)],
    ["an array", cursorOf([1, 2])],
    ["an empty object", cursorOf({})],
    ["a key of another index", cursorOf({ pk: "IDX#COUNTRY#FR", sk: "fr-paris--us-or-x" })],
    ["a key with wrong types", cursorOf({ pk: 1, sk: { a: 1 } })],
    ["a key with extra attributes", cursorOf({ pk: "IDX#ALL", sk: "a--b", x: "y" })],
    ["prototype-pollution keys", cursorOf({ __proto__: { pk: "x" }, constructor: 1 })],
    ["not base64", "!!!***"],
  ])("answers GET /pairs with a cursor that is %s with a 4xx problem", async (_, cursor) => {
    const res = await app.request(`/pairs?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status, String(unexpected.at(-1))).toBeLessThan(500);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it.each(["%", "\u0000", "'\"", "a".repeat(100), "\ud83d\ude00", "IDX#ALL"])(
    "answers a name search for %j without a 5xx",
    async (q) => {
      const res = await app.request(`/pairs?${new URLSearchParams({ q })}`);
      expect(res.status, String(unexpected.at(-1))).toBeLessThan(500);
    },
  );
});
