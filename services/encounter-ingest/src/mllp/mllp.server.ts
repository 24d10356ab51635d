import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { TlsOptions, TLSSocket } from 'node:tls';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { Counter, Gauge, Registry } from 'prom-client';
import { APP_LOGGER } from '../app.logger.js';
import type { AppConfig } from '../config/app.config.js';
import type { MllpClientAuth, MllpTlsConfig } from '../config/mllp.config.js';
import { allowListOf } from './allow-list.js';
import type { AllowList } from './allow-list.js';
import { MllpConnection } from './mllp-connection.js';
import { MllpMessageHandler } from './mllp-message.handler.js';

/** Why a connection was refused (the `reason` label). */
type Refusal = 'max_connections' | 'not_allowed' | 'tls_handshake' | 'tls_client_certificate';

/**
 * Longest a TLS handshake may take (shorter when MLLP_IDLE_TIMEOUT_MS is): milliseconds on a
 * hospital network; short, so a connection stuck in its handshake does not hold a stop up.
 */
const TLS_HANDSHAKE_TIMEOUT_MS = 5_000;

/**
 * The TLS server options of MLLP_TLS_*: a client certificate is asked for unless
 * MLLP_TLS_CLIENT_AUTH=none, and checked against MLLP_TLS_CA_FILE. The handshake itself lets a
 * client without a valid one through (`rejectUnauthorized: false`) so that `secure` refuses it,
 * where its address is still known, before a byte it sends is read.
 */
async function tlsOptions(tls: MllpTlsConfig, idleTimeoutMs: number): Promise<TlsOptions> {
  const [cert, key, ca] = await Promise.all([
    readFile(tls.certFile),
    readFile(tls.keyFile),
    tls.caFile === undefined ? undefined : readFile(tls.caFile),
  ]);
  return {
    cert,
    key,
    ...(ca === undefined ? {} : { ca }),
    minVersion: 'TLSv1.2',
    requestCert: tls.clientAuth !== 'none',
    rejectUnauthorized: false,
    handshakeTimeout: Math.min(idleTimeoutMs, TLS_HANDSHAKE_TIMEOUT_MS),
  };
}

/** The client's certificate: signed by MLLP_TLS_CA_FILE, another one, or none (none asked for either). */
function clientCertificate(socket: TLSSocket): 'verified' | 'unverified' | 'none' {
  if (socket.authorized) return 'verified';
  return Object.keys(socket.getPeerCertificate()).length > 0 ? 'unverified' : 'none';
}

/**
 * The HL7 v2 MLLP listener on MLLP_HOST:MLLP_PORT, plain TCP or TLS (MLLP_TLS_CERT_FILE). It
 * refuses, at once and before any byte is read, a connection over MLLP_MAX_CONNECTIONS and a peer
 * outside MLLP_ALLOW_CIDRS (with TLS: a handshake that fails, e.g. no client certificate when one
 * is required); each refusal is logged with the peer's address and counted in
 * `mllp_connections_refused_total{reason}`. It starts with the application (logging `mllpPort`,
 * the port it bound, before the service says it listens) and stops first at shutdown: no new
 * connections, every frame already read is answered, then connections close; Kafka and the
 * database stop after that.
 */
@Injectable()
export class MllpServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server: Server | undefined;
  private readonly connections = new Set<MllpConnection>();
  private readonly allowed: AllowList;
  private readonly refusals: Counter<'reason'>;
  private readonly idleClosed: Counter;
  private sequence = 0;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly handler: MllpMessageHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.allowed = allowListOf(config.mllpAllowCidrs);
    this.refusals = new Counter({
      name: 'mllp_connections_refused_total',
      help: 'MLLP connections refused: over MLLP_MAX_CONNECTIONS, a peer outside MLLP_ALLOW_CIDRS, a failed TLS handshake, no valid client certificate (MLLP_TLS_CLIENT_AUTH=require).',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.idleClosed = new Counter({
      name: 'mllp_connections_idle_closed_total',
      help: 'MLLP connections closed after MLLP_IDLE_TIMEOUT_MS with nothing received or sent.',
      registers: [registry],
    });
    const connections = this.connections;
    new Gauge({
      name: 'mllp_connections_open',
      help: 'MLLP connections open now.',
      registers: [registry],
      collect() {
        this.set(connections.size);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { mllpTls: tls, mllpIdleTimeoutMs, mllpHost: host } = this.config;
    const server = tls
      ? createTlsServer(await tlsOptions(tls, mllpIdleTimeoutMs))
      : createServer({ allowHalfOpen: true });
    server.maxConnections = this.config.mllpMaxConnections;
    server.on('drop', (peer) => this.refuse('max_connections', peer?.remoteAddress));
    server.on('connection', (socket: Socket) => {
      if (!this.allowed(socket.remoteAddress)) {
        this.refuse('not_allowed', socket.remoteAddress);
        socket.destroy();
      } else if (!tls) this.accept(socket, {});
    });
    if (tls) {
      server.on('secureConnection', (socket: TLSSocket) => this.secure(socket, tls.clientAuth));
      server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) =>
        this.handshakeFailed(error, socket),
      );
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: this.config.mllpPort, ...(host === undefined ? {} : { host }) }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port, address } = server.address() as AddressInfo;
    this.logger.info(
      { mllpPort: port, mllpHost: address, tls: tls !== undefined },
      'mllp listening',
    );
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...this.connections].map((connection) => connection.drain()));
    await closed;
    this.logger.info('mllp stopped');
  }

  private accept(socket: Socket, details: Readonly<Record<string, unknown>>): void {
    this.sequence += 1;
    const logger = this.logger.child({
      connection: this.sequence,
      peer: socket.remoteAddress,
      peerPort: socket.remotePort,
    });
    const connection = new MllpConnection({
      socket,
      answer: (event) => this.handler.answer(event),
      logger,
      maxFrameBytes: this.config.maxFrameBytes,
      maxBufferBytes: this.config.mllpMaxBufferBytes,
      idleTimeoutMs: this.config.mllpIdleTimeoutMs,
      onIdle: () => this.idleClosed.inc(),
    });
    this.connections.add(connection);
    logger.info(details, 'mllp connection opened');
    socket.once('close', () => {
      this.connections.delete(connection);
      logger.info({ bytesRead: socket.bytesRead }, 'mllp connection closed');
    });
  }

  /**
   * A TLS connection after its handshake: refused when it presented a certificate the CA did not
   * sign (`request`, `require`) or none at all (`require`), else served.
   */
  private secure(socket: TLSSocket, clientAuth: MllpClientAuth): void {
    const certificate = clientCertificate(socket);
    if (certificate === 'unverified' || (clientAuth === 'require' && certificate === 'none')) {
      const why =
        certificate === 'none' ? 'no client certificate' : String(socket.authorizationError);
      this.refuse('tls_client_certificate', socket.remoteAddress, why);
      socket.destroy();
      return;
    }
    this.accept(socket, { tls: true, clientCertificate: certificate });
  }

  /** A refusal: the peer's address (never what it sent), counted by reason. */
  private refuse(reason: Refusal, peer: string | undefined, detail?: string): void {
    this.refusals.inc({ reason });
    this.logger.warn({ peer, reason, ...(detail ? { detail } : {}) }, 'mllp connection refused');
  }

  /**
   * A TLS handshake that failed (not TLS, no common protocol version or cipher, too slow) is a
   * refusal; a reset before it completed is the peer (or the allow-list) hanging up.
   */
  private handshakeFailed(error: NodeJS.ErrnoException, socket: TLSSocket): void {
    if (error.code === 'ECONNRESET') {
      this.logger.debug({ peer: socket.remoteAddress }, 'mllp tls peer hung up in the handshake');
      return;
    }
    this.refuse('tls_handshake', socket.remoteAddress, error.code ?? error.message);
  }
}
