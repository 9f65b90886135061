/** Which shards the local poller reads: a parent to its end before its children. */
import { describe, expect, it } from "vitest";
import { readyShards } from "../../infra/local/stream-shards.js";

const ids = (shards: readonly { ShardId?: string }[]) => shards.map((s) => s.ShardId);

describe("readyShards", () => {
  const shards = [
    { ShardId: "parent" },
    { ShardId: "child-a", ParentShardId: "parent" },
    { ShardId: "child-b", ParentShardId: "parent" },
    { ShardId: "orphan", ParentShardId: "trimmed-long-ago" },
  ];

  it("reads a parent before its children, and a shard whose parent was trimmed at once", () => {
    expect(ids(readyShards(shards, () => false))).toEqual(["parent", "orphan"]);
  });

  it("reads the children once the parent is finished, and never a finished shard again", () => {
    const finished = new Set(["parent", "child-a"]);
    expect(ids(readyShards(shards, (id) => finished.has(id)))).toEqual(["child-b", "orphan"]);
  });
});
