/**
 * GET /api/events: the server-sent event streams of the open pages (`hello` on open, `reload` after the inputs
 * changed). At most `max` are held at once (issue 21 item 6); over it, 503 naming the limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './respond.js';

export class EventStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly max: number) {}

  /** Open a stream for this request, saying `hello` with the inputs' version; 503 when `max` are open. */
  accept(req: IncomingMessage, res: ServerResponse, version: number): void {
    if (this.open.size >= this.max) {
      sendError(res, 503, `too many open event streams (the limit is ${this.max}): close other pages`);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`event: hello\ndata: ${version}\n\n`);
    this.open.add(res);
    req.on('close', () => this.open.delete(res));
  }

  /** Tell every open page that the inputs are now at `version`. */
  reload(version: number): void {
    for (const res of this.open) res.write(`event: reload\ndata: ${version}\n\n`);
  }

  /** End every stream (the server is closing). */
  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
