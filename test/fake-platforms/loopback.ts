// The HTTP server under each platform fake: on 127.0.0.1 and a free port, each request handed over
// with its whole body, and a close that ends every open connection (streams included) at once.
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';

export interface Loopback {
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

export async function listenLoopback(onRequest: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => onRequest(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
