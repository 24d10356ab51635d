import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { encodeMllpFrame, newControlId, parseHl7 } from '@meridian/hl7';
import type { MllpClient } from '@meridian/hl7';
import { until } from '@meridian/testing';
import { adtMessage } from '../testing/adt-samples.js';
import { startIngestProcess } from '../testing/ingest-process.js';
import type { IngestOptions, IngestProcess } from '../testing/ingest-process.js';
import { exchangeTcp, exchangeTls, makeTestCertificates } from './mllp-peer.testing.js';
import type { Exchange, TestCertificates } from './mllp-peer.testing.js';

/** An A01 of a visit number no other test uses. */
const admissionText = (): string =>
  adtMessage('A01', `V${randomBytes(5).toString('hex').toUpperCase()}`, newControlId());

/** `admissionText` in an MLLP frame. */
const admission = (): Buffer => encodeMllpFrame(admissionText());

const ackCode = (exchange: Exchange): string | undefined =>
  exchange.ack === undefined ? undefined : parseHl7(exchange.ack).get('MSA-1');

/** An ingest process with `env` whose JSON log lines are kept. */
async function startWithLog(
  env: NodeJS.ProcessEnv,
): Promise<{ ingest: IngestProcess; log: Record<string, unknown>[] }> {
  const log: Record<string, unknown>[] = [];
  const options: IngestOptions = {
    env,
    onLine: (line) => {
      if (line.startsWith('{')) log.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { ingest: await startIngestProcess(options), log };
}

/** The `mllp connection refused` lines logged so far. */
const refusals = (log: readonly Record<string, unknown>[]) =>
  log.filter((entry) => entry['msg'] === 'mllp connection refused');

async function metric(ingest: IngestProcess, series: string): Promise<number> {
  const text = await (await ingest.service.fetch('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('MLLP connection limit and allow-list (real process, real stack)', () => {
  let ingest: IngestProcess;
  let log: Record<string, unknown>[];
  const clients: MllpClient[] = [];

  before(async () => {
    ({ ingest, log } = await startWithLog({
      MLLP_MAX_CONNECTIONS: '2',
      MLLP_ALLOW_CIDRS: '127.0.0.0/8, ::1/128',
    }));
  });

  after(async () => {
    for (const client of clients) await client.close();
    await ingest?.service.stop();
  });

  test('refuses connection 3 over MLLP_MAX_CONNECTIONS=2 at once, logs its peer and counts it', async () => {
    for (let i = 0; i < 2; i += 1) {
      const client = await ingest.connect();
      clients.push(client);
      const ack = await client.send(admissionText());
      assert.equal(parseHl7(ack).get('MSA-1'), 'AA', `connection ${i + 1} is served`);
    }
    const third = await exchangeTcp('127.0.0.1', ingest.mllpPort, admission());
    assert.deepEqual([third.ack, third.closed], [undefined, true], 'closed without an answer');
    await until('the refusal is logged', () => Promise.resolve(refusals(log).length > 0), 5_000);
    const [refusal] = refusals(log);
    assert.equal(refusal?.['reason'], 'max_connections');
    assert.match(String(refusal?.['peer']), /127\.0\.0\.1$/);
    assert.equal(
      await metric(ingest, 'mllp_connections_refused_total{reason="max_connections"}'),
      1,
    );
  });

  test('serves a new connection once an open one closed', async () => {
    await clients.shift()?.close();
    let exchange: Exchange | undefined;
    await until('a connection is served again', async () => {
      exchange = await exchangeTcp('127.0.0.1', ingest.mllpPort, admission());
      return exchange.ack !== undefined;
    });
    assert.equal(exchange && ackCode(exchange), 'AA');
  });

  test('serves peers inside MLLP_ALLOW_CIDRS over IPv4 and IPv6 (127.0.0.0/8, ::1/128)', async () => {
    await clients.shift()?.close();
    const v4 = await exchangeTcp('127.0.0.1', ingest.mllpPort, admission());
    const v6 = await exchangeTcp('::1', ingest.mllpPort, admission());
    assert.deepEqual([ackCode(v4), ackCode(v6)], ['AA', 'AA']);
    assert.equal(await metric(ingest, 'mllp_connections_refused_total{reason="not_allowed"}'), 0);
  });
});

describe('MLLP allow-list that excludes the peer (real process, real stack)', () => {
  let ingest: IngestProcess;
  let log: Record<string, unknown>[];

  before(async () => {
    ({ ingest, log } = await startWithLog({ MLLP_ALLOW_CIDRS: '10.0.0.0/8' }));
  });

  after(async () => {
    await ingest?.service.stop();
  });

  test('refuses 127.0.0.1 and ::1 outside MLLP_ALLOW_CIDRS=10.0.0.0/8 at connect, logs and counts them', async () => {
    const v4 = await exchangeTcp('127.0.0.1', ingest.mllpPort, admission());
    const v6 = await exchangeTcp('::1', ingest.mllpPort, admission());
    assert.deepEqual([v4.ack, v4.closed, v6.ack, v6.closed], [undefined, true, undefined, true]);
    await until(
      'both refusals are logged',
      () => Promise.resolve(refusals(log).length >= 2),
      5_000,
    );
    assert.deepEqual(
      refusals(log).map((entry) => [
        entry['reason'],
        String(entry['peer']).replace(/^::ffff:/, ''),
      ]),
      [
        ['not_allowed', '127.0.0.1'],
        ['not_allowed', '::1'],
      ],
    );
    assert.equal(await metric(ingest, 'mllp_connections_refused_total{reason="not_allowed"}'), 2);
    const stored = await ingest.service.getJson<{ items: unknown[] }>('/messages?limit=5');
    assert.deepEqual(stored.items, [], 'nothing a refused peer sent was read');
  });
});

describe('MLLP idle timeout and bind address (real process, real stack)', () => {
  const IDLE_MS = 1_500;
  let ingest: IngestProcess;
  let log: Record<string, unknown>[];

  before(async () => {
    ({ ingest, log } = await startWithLog({
      MLLP_IDLE_TIMEOUT_MS: String(IDLE_MS),
      MLLP_HOST: '127.0.0.1',
    }));
  });

  after(async () => {
    await ingest?.service.stop();
  });

  test('binds MLLP_HOST=127.0.0.1 only: ::1 is not listened on', async () => {
    const listening = log.find((entry) => entry['msg'] === 'mllp listening');
    assert.equal(listening?.['mllpHost'], '127.0.0.1');
    const v6 = await exchangeTcp('::1', ingest.mllpPort, admission());
    assert.deepEqual([v6.ack, v6.closed], [undefined, true]);
  });

  test('closes a connection that sends nothing after MLLP_IDLE_TIMEOUT_MS', async () => {
    const idle = await exchangeTcp('127.0.0.1', ingest.mllpPort, undefined, IDLE_MS + 8_000);
    assert.equal(idle.closed, true);
    assert.ok(idle.elapsedMs >= IDLE_MS - 50, `closed after ${idle.elapsedMs} ms`);
  });

  test('closes a connection whose frame stopped half-way (idle too), without an answer', async () => {
    const half = admission().subarray(0, 40);
    const partial = await exchangeTcp('127.0.0.1', ingest.mllpPort, half, IDLE_MS + 8_000);
    assert.deepEqual([partial.ack, partial.closed], [undefined, true]);
    assert.ok(partial.elapsedMs >= IDLE_MS - 50, `closed after ${partial.elapsedMs} ms`);
    await until(
      'the idle close is logged',
      () =>
        Promise.resolve(
          log.some(
            (e) => e['msg'] === 'mllp connection idle, closed' && e['partialFrame'] === true,
          ),
        ),
      5_000,
    );
    assert.ok((await metric(ingest, 'mllp_connections_idle_closed_total')) >= 2);
  });

  test('keeps a connection that sends more often than the timeout open past it', async () => {
    const client = await ingest.connect();
    try {
      const started = Date.now();
      while (Date.now() - started < IDLE_MS * 2) {
        const ack = await client.send(admissionText());
        assert.equal(parseHl7(ack).get('MSA-1'), 'AA');
        await new Promise((resolve) => setTimeout(resolve, IDLE_MS / 3));
      }
    } finally {
      await client.close();
    }
  });
});

/** What a suite's listener is, once its `before` started it. */
interface Listener {
  ingest: IngestProcess;
  log: Record<string, unknown>[];
}

/**
 * A listener over TLS with the test certificates (and, when given, MLLP_TLS_CA_FILE and
 * MLLP_TLS_CLIENT_AUTH), started before the enclosing suite's tests and stopped after them.
 */
function listenerOverTls(
  certificates: () => TestCertificates,
  clientAuth?: 'require' | 'request',
): Listener {
  const listener = {} as Listener;
  before(async () => {
    const files = certificates();
    Object.assign(
      listener,
      await startWithLog({
        MLLP_TLS_CERT_FILE: files.serverCertFile,
        MLLP_TLS_KEY_FILE: files.serverKeyFile,
        ...(clientAuth ? { MLLP_TLS_CA_FILE: files.caFile, MLLP_TLS_CLIENT_AUTH: clientAuth } : {}),
      }),
    );
  });
  after(async () => {
    await listener.ingest?.service.stop();
  });
  return listener;
}

describe('MLLP over TLS (real process, real stack)', () => {
  let certificates: TestCertificates;
  let ca: Buffer;

  before(() => {
    certificates = makeTestCertificates();
    ca = readFileSync(certificates.caFile);
  });

  after(() => certificates?.remove());

  describe('without client certificates', () => {
    const tls = listenerOverTls(() => certificates);

    test('answers a TLS client AA', async () => {
      const exchange = await exchangeTls(
        { host: '127.0.0.1', port: tls.ingest.mllpPort, ca },
        admission(),
      );
      assert.equal(ackCode(exchange), 'AA');
    });

    test('refuses a client that sends MLLP without TLS, answering nothing', async () => {
      const plain = await exchangeTcp('127.0.0.1', tls.ingest.mllpPort, admission());
      assert.deepEqual([plain.ack, plain.closed], [undefined, true]);
      assert.equal(
        await metric(tls.ingest, 'mllp_connections_refused_total{reason="tls_handshake"}'),
        1,
      );
    });
  });

  describe('with MLLP_TLS_CLIENT_AUTH=require', () => {
    const tls = listenerOverTls(() => certificates, 'require');

    test('answers a client with a certificate signed by MLLP_TLS_CA_FILE AA', async () => {
      const exchange = await exchangeTls(
        {
          host: '127.0.0.1',
          port: tls.ingest.mllpPort,
          ca,
          cert: readFileSync(certificates.clientCertFile),
          key: readFileSync(certificates.clientKeyFile),
        },
        admission(),
      );
      assert.equal(ackCode(exchange), 'AA');
      const opened = () => tls.log.find((e) => e['msg'] === 'mllp connection opened');
      await until('the connection is logged', () => Promise.resolve(opened() !== undefined), 5_000);
      assert.equal(opened()?.['clientCertificate'], 'verified');
    });

    test('refuses a client without a certificate and one with a certificate the CA did not sign', async () => {
      const anonymous = await exchangeTls(
        { host: '127.0.0.1', port: tls.ingest.mllpPort, ca },
        admission(),
      );
      const stranger = await exchangeTls(
        {
          host: '127.0.0.1',
          port: tls.ingest.mllpPort,
          ca,
          cert: readFileSync(certificates.strangerCertFile),
          key: readFileSync(certificates.strangerKeyFile),
        },
        admission(),
      );
      assert.deepEqual(
        [anonymous.ack, anonymous.closed, stranger.ack, stranger.closed],
        [undefined, true, undefined, true],
      );
      await until(
        'both refusals are logged',
        () => Promise.resolve(refusals(tls.log).length >= 2),
        5_000,
      );
      assert.deepEqual(
        refusals(tls.log).map((entry) => entry['reason']),
        ['tls_client_certificate', 'tls_client_certificate'],
      );
      assert.equal(
        await metric(tls.ingest, 'mllp_connections_refused_total{reason="tls_client_certificate"}'),
        2,
      );
    });
  });

  describe('with MLLP_TLS_CLIENT_AUTH=request', () => {
    const tls = listenerOverTls(() => certificates, 'request');

    test('answers a client without a certificate and one signed by the CA AA, refuses one the CA did not sign', async () => {
      const client = (name: 'client' | 'stranger') => ({
        cert: readFileSync(
          name === 'client' ? certificates.clientCertFile : certificates.strangerCertFile,
        ),
        key: readFileSync(
          name === 'client' ? certificates.clientKeyFile : certificates.strangerKeyFile,
        ),
      });
      const endpoint = { host: '127.0.0.1', port: tls.ingest.mllpPort, ca };
      const anonymous = await exchangeTls(endpoint, admission());
      const signed = await exchangeTls({ ...endpoint, ...client('client') }, admission());
      const stranger = await exchangeTls({ ...endpoint, ...client('stranger') }, admission());
      assert.deepEqual(
        [ackCode(anonymous), ackCode(signed), stranger.ack, stranger.closed],
        ['AA', 'AA', undefined, true],
      );
      const opened = () =>
        tls.log
          .filter((e) => e['msg'] === 'mllp connection opened')
          .map((e) => e['clientCertificate']);
      // The log lines come from the service's stdout, the stranger's refusal maybe after the rest.
      await until(
        'both connections and the refusal are logged',
        () => Promise.resolve(opened().length >= 2 && refusals(tls.log).length >= 1),
        5_000,
      );
      assert.deepEqual(opened(), ['none', 'verified']);
      assert.deepEqual(
        refusals(tls.log).map((entry) => entry['reason']),
        ['tls_client_certificate'],
      );
    });
  });
});
