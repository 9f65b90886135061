import { createDynamoEventStore } from "../../functions/adapters/dynamodb/dynamodb-event-store.js";
import { eventStoreContract } from "../contracts/event-store.contract.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const ddb = useDynamoDbLocal();

eventStoreContract("DynamoDB Local", async () => {
  const tables = await ddb.freshTables();
  return createDynamoEventStore(ddb.doc, tables.events);
});
