import { connect } from 'node:net';

/**
 * Sends raw bytes on a fresh connection and resolves with what came back once the whole answer is in
 * (its Content-Length) or the server closes: for requests no HTTP client would send.
 */
export function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      data += d;
      // Keep-alive answers leave the socket open: stop once the whole body is in.
      const [head, body = ''] = data.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head);
      if (length && Buffer.byteLength(body) >= Number(length[1])) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(data));
    socket.write(request);
  });
}

/** The status code of a raw answer, 0 when there was none. */
export const statusOf = (answer: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
