// Test helpers for the MLLP listener's connection rules: one exchange on a raw (TCP or TLS) socket
// that reports what came back and whether the server closed the connection, and certificates made
// with openssl at test time (never committed).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import { MllpDecoder } from '@meridian/hl7';

/** What one exchange saw: the first ACK, or the connection closed (by the server) first. */
export interface Exchange {
  readonly ack: string | undefined;
  readonly closed: boolean;
  /** Milliseconds from the connection's start to its close or ACK. */
  readonly elapsedMs: number;
}

/**
 * Writes `bytes` (a frame, part of one, or nothing) once `socket` is ready (`connect`, or
 * `secureConnect` for TLS), then waits for the first ACK or for the server to close the
 * connection, at most `timeoutMs` (neither: `{ ack: undefined, closed: false }`). The socket is
 * destroyed at the end.
 */
export function exchangeOnce(
  socket: Socket,
  ready: 'connect' | 'secureConnect',
  bytes: Buffer | undefined,
  timeoutMs = 10_000,
): Promise<Exchange> {
  const started = Date.now();
  return new Promise((resolve) => {
    const decoder = new MllpDecoder();
    let done = false;
    const finish = (ack: string | undefined, closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ack, closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(undefined, false), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      const frame = decoder.push(chunk).find((event) => event.type === 'frame');
      if (frame?.type === 'frame') finish(frame.payload.toString('utf8'), false);
    });
    socket.on('error', () => finish(undefined, true));
    socket.on('close', () => finish(undefined, true));
    socket.once(ready, () => {
      if (bytes !== undefined) socket.write(bytes);
    });
  });
}

/** `exchangeOnce` over plain TCP. */
export function exchangeTcp(
  host: string,
  port: number,
  bytes: Buffer | undefined,
  timeoutMs?: number,
): Promise<Exchange> {
  return exchangeOnce(connect({ host, port }), 'connect', bytes, timeoutMs);
}

/** `exchangeOnce` over TLS (the server's certificate checked against `options.ca`). */
export function exchangeTls(
  options: ConnectionOptions,
  bytes: Buffer | undefined,
  timeoutMs?: number,
): Promise<Exchange> {
  return exchangeOnce(connectTls(options), 'secureConnect', bytes, timeoutMs);
}

/** PEM files of a test CA, a server certificate for 127.0.0.1/localhost, and two clients. */
export interface TestCertificates {
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** Signed by the CA, for client authentication. */
  readonly clientCertFile: string;
  readonly clientKeyFile: string;
  /** Self-signed: not signed by the CA. */
  readonly strangerCertFile: string;
  readonly strangerKeyFile: string;
  /** Deletes the files. */
  remove(): void;
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Makes the certificates with openssl in a fresh temporary directory. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'mllp-tls-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const selfSigned = (name: string, subject: string): void =>
    openssl(
      'req',
      '-x509',
      ...KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-subj',
      subject,
    );
  const signed = (name: string, subject: string, extensions: string): void => {
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  selfSigned('ca', '/CN=Meridian MLLP test CA');
  signed(
    'server',
    '/CN=localhost',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  signed('client', '/CN=interface-engine', 'extendedKeyUsage=clientAuth\n');
  selfSigned('stranger', '/CN=stranger');
  return {
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key'),
    clientCertFile: file('client.pem'),
    clientKeyFile: file('client.key'),
    strangerCertFile: file('stranger.pem'),
    strangerKeyFile: file('stranger.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
