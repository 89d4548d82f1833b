import { connect } from 'node:net';

export interface RawAnswer {
  /** The status of the first response, if one came. */
  status?: number;
  /** Everything the server sent. */
  text: string;
  /** Who ended the exchange: the server closed the connection, or the client gave up waiting and closed it. */
  endedBy: 'server' | 'client';
}

export interface RawOptions {
  /** Give up (and close) after this many ms, or after `idleMs` of silence once an answer came. */
  timeoutMs?: number;
  idleMs?: number;
  /** Close as soon as everything is written, without waiting for an answer (a half-sent request closed early). */
  closeEarly?: boolean;
}

/** Sends bytes to 127.0.0.1:port over a plain TCP socket, exactly as given, and reads what comes back. */
export function rawRequest(port: number, data: string | Uint8Array | (string | Uint8Array)[], options: RawOptions = {}): Promise<RawAnswer> {
  // Generous: a loaded machine answers late, and a request given up too soon would read as a server fault.
  const { timeoutMs = 10_000, idleMs = 400, closeEarly = false } = options;
  const chunks = Array.isArray(data) ? data : [data];
  return new Promise((done) => {
    const received: Buffer[] = [];
    let endedBy: RawAnswer['endedBy'] = 'server';
    let idle: NodeJS.Timeout | undefined;
    const socket = connect(port, '127.0.0.1');
    const giveUp = setTimeout(() => finish('client'), timeoutMs);
    function finish(by: RawAnswer['endedBy']) {
      if (socket.destroyed) return;
      endedBy = by;
      socket.destroy();
    }
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (closeEarly) setTimeout(() => finish('client'), 5);
    });
    socket.on('data', (d) => {
      received.push(d);
      clearTimeout(idle);
      idle = setTimeout(() => finish('client'), idleMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearTimeout(idle);
      const text = Buffer.concat(received).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      done({ status: status ? Number(status[1]) : undefined, text, endedBy });
    });
  });
}

/** A GET request for `target` with the given Host (and other header lines). */
export const get = (target: string, host: string, ...headers: string[]) =>
  `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${headers.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`;
