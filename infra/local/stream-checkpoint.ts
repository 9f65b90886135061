/**
 * The poller's checkpoint file: the last processed sequence number per shard, and which shards
 * are finished, for one stream. Written then renamed, so a crash never leaves a torn file.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface CheckpointFile {
  streamArn?: string;
  shards: Record<string, { sequenceNumber?: string; finished?: boolean }>;
}

export async function loadCheckpoint(file: string): Promise<CheckpointFile> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as Partial<CheckpointFile>;
    return { ...(parsed.streamArn ? { streamArn: parsed.streamArn } : {}), shards: parsed.shards ?? {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { shards: {} };
    throw error;
  }
}

export async function saveCheckpoint(file: string, checkpoint: CheckpointFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(checkpoint, null, 2)}\n`);
  await rename(temp, file);
}
