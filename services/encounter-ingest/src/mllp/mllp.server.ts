import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { APP_LOGGER } from '../app.logger.js';
import type { AppConfig } from '../config/app.config.js';
import { MllpConnection } from './mllp-connection.js';
import { MllpMessageHandler } from './mllp-message.handler.js';

/**
 * The HL7 v2 MLLP listener on MLLP_PORT. It starts with the application (logging `mllpPort`, the
 * port it bound, before the service says it listens) and stops first at shutdown: no new
 * connections, every frame already read is answered, then connections close; Kafka and the
 * database stop after that.
 */
@Injectable()
export class MllpServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server: Server | undefined;
  private readonly connections = new Set<MllpConnection>();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly handler: MllpMessageHandler,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer({ allowHalfOpen: true }, (socket) => {
      const connection = new MllpConnection(
        socket,
        (event) => this.handler.answer(event),
        this.logger,
        this.config.maxFrameBytes,
      );
      this.connections.add(connection);
      socket.once('close', () => this.connections.delete(connection));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.mllpPort, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.logger.info({ mllpPort: port }, 'mllp listening');
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
}
