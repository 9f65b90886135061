/**
 * A stand-in for S3 over HTTP (path-style, as the SDK addresses an IP endpoint): PutObject (with
 * If-None-Match: *, refused with 412 when the key exists, like Object Lock's never-overwrite),
 * GetObject, and ListObjectsV2 with a prefix. Enough for the digest archive; objects in memory.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface S3Put {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface S3StandIn {
  readonly endpoint: string;
  /** Every accepted PutObject, in order. */
  readonly puts: S3Put[];
  /** Objects by "bucket/key". */
  readonly objects: Map<string, Buffer>;
  close(): Promise<void>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export async function startS3StandIn(): Promise<S3StandIn> {
  const puts: S3Put[] = [];
  const objects = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://s3.local");
      const [bucket = "", ...rest] = url.pathname.slice(1).split("/");
      const key = decodeURIComponent(rest.join("/"));
      const id = `${bucket}/${key}`;
      if (req.method === "PUT") {
        if (req.headers["if-none-match"] === "*" && objects.has(id)) {
          res
            .writeHead(412, { "content-type": "application/xml" })
            .end(
              "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>",
            );
          return;
        }
        const body = Buffer.concat(chunks);
        objects.set(id, body);
        puts.push({ path: req.url ?? "", headers: req.headers, body });
        res.writeHead(200, { etag: '"0123456789abcdef"' }).end();
        return;
      }
      if (req.method === "GET" && key === "" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") ?? "";
        const keys = [...objects.keys()]
          .filter((k) => k.startsWith(`${bucket}/${prefix}`))
          .map((k) => k.slice(bucket.length + 1))
          .sort();
        const contents = keys.map((k) => `<Contents><Key>${xml(k)}</Key><Size>1</Size></Contents>`).join("");
        res
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
          );
        return;
      }
      if (req.method === "GET") {
        const body = objects.get(id);
        if (!body) {
          res
            .writeHead(404, { "content-type": "application/xml" })
            .end("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
          return;
        }
        res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
        return;
      }
      res.writeHead(501).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    puts,
    objects,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
