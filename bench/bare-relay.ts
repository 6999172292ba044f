// The baseline: a bare Socket.IO relay with the same rooms and events as Parley, but no auth, no database.
// Each user's sockets join the user's room; `message:send` is relayed to both parties' rooms and acked.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

interface Pair {
  conversationId: string;
  buyerId: string;
  sellerId: string;
}

const pairs = JSON.parse(readFileSync(process.env.BENCH_PAIRS_FILE!, 'utf8')) as Pair[];
/** conversation id → its two participants: the lookup Parley does with its (cached) participants. */
const participants = new Map(pairs.map((p) => [p.conversationId, [p.buyerId, p.sellerId] as const]));
const seqs = new Map<string, number>();
let nextId = 1;

const httpServer = createServer();
const io = new Server(httpServer, { path: '/socket.io', serveClient: false, pingInterval: 20_000, pingTimeout: 20_000 });

io.on('connection', (socket) => {
  const userId = String(socket.handshake.auth?.userId ?? '');
  void socket.join(`user:${userId}`);
  socket.on('message:send', (input: { conversationId: string; clientId: string; body: string }, ack: (a: unknown) => void) => {
    const p = participants.get(input?.conversationId);
    if (!p || typeof ack !== 'function')
      return ack?.({ ok: false, error: { code: 'not_found', message: 'no such conversation' } });
    const seq = (seqs.get(input.conversationId) ?? 0) + 1;
    seqs.set(input.conversationId, seq);
    const message = {
      id: String(nextId++),
      conversationId: input.conversationId,
      seq,
      senderId: userId,
      clientId: input.clientId,
      body: input.body,
      replyTo: null,
      createdAt: new Date().toISOString(),
      deletedAt: null,
    };
    io.to([`user:${p[0]}`, `user:${p[1]}`]).emit('message:created', message);
    ack({ ok: true, data: message });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  console.log(JSON.stringify({ msg: 'relay listening', port }));
});
process.on('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
