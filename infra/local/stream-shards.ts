/**
 * The shards of a stream: listing them (DescribeStream, page by page), and which are ready to
 * read — a parent shard is read to its end before its children, so one key's records keep their
 * order across a shard roll.
 */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";

/** Every shard the stream lists now (open and closed ones still within retention). */
export async function listShards(streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const listed: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const page = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
    );
    listed.push(...(page.StreamDescription?.Shards ?? []));
    exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId !== undefined);
  return listed;
}

/**
 * The shards to read now: not finished, and with no parent left to finish (a parent no longer
 * listed was trimmed: nothing is left to read there).
 */
export function readyShards(shards: readonly Shard[], isFinished: (shardId: string) => boolean): Shard[] {
  const known = new Set(shards.map((s) => s.ShardId));
  return shards.filter((s) => {
    if (s.ShardId === undefined || isFinished(s.ShardId)) return false;
    const parent = s.ParentShardId;
    return parent === undefined || !known.has(parent) || isFinished(parent);
  });
}
