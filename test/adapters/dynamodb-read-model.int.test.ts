import { createDynamoReadModel } from "../../functions/adapters/dynamodb/dynamodb-read-model.js";
import { readModelContract } from "../contracts/read-model.contract.js";
import { useDynamoDbLocal } from "../support/dynamodb-local.js";

const ddb = useDynamoDbLocal();

readModelContract("DynamoDB Local", async (now) => {
  const tables = await ddb.freshTables();
  return createDynamoReadModel(ddb.doc, tables.readModel, { now });
});
