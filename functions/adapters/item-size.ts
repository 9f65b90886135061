/**
 * Item size, measured the same way by both adapters before writing: the UTF-8 length of the
 * item's JSON. It over-counts DynamoDB's own measure slightly (quotes, braces), so an item that
 * passes here always fits DynamoDB's 400 KB.
 */
export function itemBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item), "utf8");
}
