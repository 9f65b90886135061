/**
 * Requests Node's HTTP parser refuses before the app sees them (headers over the size limit, a
 * malformed request line) get problem+json too, not Node's bare status line. The Lambda behind API
 * Gateway never sees these: API Gateway refuses them itself.
 */
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import { maxHeaderSize } from "node:http";
import { type Problem, problem } from "../app/problem.js";

const REASONS: Record<number, string> = { 400: "Bad Request", 431: "Request Header Fields Too Large" };

function refusal(code: string | undefined): Problem {
  if (code === "HPE_HEADER_OVERFLOW")
    return problem("headers-too-large", `the request headers are over ${maxHeaderSize} bytes in all`, {
      limit: maxHeaderSize,
    });
  return problem("malformed", "the request is not valid HTTP/1.1");
}

export function answerClientErrors(server: Pick<Server, "on">): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const p = refusal(error.code);
    const body = JSON.stringify(p);
    socket.end(
      `HTTP/1.1 ${p.status} ${REASONS[p.status] ?? "Error"}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
