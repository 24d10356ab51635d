import {
  ConfigError,
  envBindAddress,
  envOneOf,
  envOptional,
  envPort,
  envVariable,
  envWholeNumber,
} from '@meridian/service-kit';
import type { EnvValues } from '@meridian/service-kit';
import { parseCidrList } from '../mllp/allow-list.js';
import type { Cidr } from '../mllp/allow-list.js';

/**
 * The MLLP listener's variables:
 *
 * | variable                | default                    | what                                          |
 * | ----------------------- | -------------------------- | --------------------------------------------- |
 * | `MLLP_PORT`             | `2575`                     | TCP port; `0`: any free port (logged as `mllpPort`) |
 * | `MLLP_HOST`             | unset: every interface     | address bound (`127.0.0.1`, `::1`, `10.1.2.3`) |
 * | `MLLP_MAX_CONNECTIONS`  | `100`                      | open connections; one more is closed at once  |
 * | `MLLP_IDLE_TIMEOUT_MS`  | `600000` (10 min)          | a connection with nothing received or sent for that long (a frame left half-sent too) is closed |
 * | `MLLP_MAX_BUFFER_BYTES` | 4 x `HL7_MAX_FRAME_BYTES`  | bytes a connection holds: frames waiting for their ACK and the frame being read; at least 2 x `HL7_MAX_FRAME_BYTES` |
 * | `MLLP_ALLOW_CIDRS`      | unset: every peer          | comma-separated IPv4/IPv6 networks a peer must be in |
 * | `MLLP_TLS_CERT_FILE`    | unset: plain TCP           | PEM certificate (chain): MLLP over TLS        |
 * | `MLLP_TLS_KEY_FILE`     | (none)                     | its PEM private key                           |
 * | `MLLP_TLS_CA_FILE`      | (none)                     | PEM CA certificates client certificates are checked against |
 * | `MLLP_TLS_CLIENT_AUTH`  | `none`                     | `request`: a client may come without a certificate, one it presents must be signed by the CA; `require`: refuse a client without one signed by the CA |
 */
export interface MllpConfig {
  readonly mllpPort: number;
  readonly mllpHost: string | undefined;
  readonly mllpMaxConnections: number;
  readonly mllpIdleTimeoutMs: number;
  readonly mllpMaxBufferBytes: number;
  /** Undefined: every peer may connect. */
  readonly mllpAllowCidrs: readonly Cidr[] | undefined;
  /** Undefined: plain TCP. */
  readonly mllpTls: MllpTlsConfig | undefined;
}

export type MllpClientAuth = 'none' | 'request' | 'require';
const CLIENT_AUTH: readonly MllpClientAuth[] = ['none', 'request', 'require'];

export interface MllpTlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string | undefined;
  readonly clientAuth: MllpClientAuth;
}

/** A connection's buffer by default: four maximum frames (HL7_MAX_FRAME_BYTES). */
const BUFFER_FRAMES = 4;
/** Least buffer: one maximum frame waiting for its ACK and one being read. */
const MIN_BUFFER_FRAMES = 2;

const filePath = (name: string) => envOptional(envVariable(name, '', 'a file path', (raw) => raw));

/** The variables as read, before `mllpConfig` checks them together. */
export const MLLP_VARIABLES = {
  mllpPort: envPort('MLLP_PORT', 2575),
  mllpHost: envOptional(envBindAddress('MLLP_HOST')),
  mllpMaxConnections: envWholeNumber('MLLP_MAX_CONNECTIONS', '100', 1),
  mllpIdleTimeoutMs: envWholeNumber('MLLP_IDLE_TIMEOUT_MS', '600000', 1),
  mllpMaxBufferBytes: envOptional(envWholeNumber('MLLP_MAX_BUFFER_BYTES', '', 1)),
  mllpAllowCidrs: envOptional(
    envVariable(
      'MLLP_ALLOW_CIDRS',
      '',
      'a comma-separated list of IPv4 or IPv6 networks (10.0.0.0/8, fd00::/8, 192.0.2.7)',
      parseCidrList,
    ),
  ),
  mllpTlsCertFile: filePath('MLLP_TLS_CERT_FILE'),
  mllpTlsKeyFile: filePath('MLLP_TLS_KEY_FILE'),
  mllpTlsCaFile: filePath('MLLP_TLS_CA_FILE'),
  mllpTlsClientAuth: envOneOf('MLLP_TLS_CLIENT_AUTH', CLIENT_AUTH, 'none'),
};

type MllpValues = EnvValues<typeof MLLP_VARIABLES>;

/** What one of the TLS variables cannot be without the others, as "<NAME> ..." issues. */
function tlsIssues(values: MllpValues): string[] {
  const { mllpTlsCertFile: cert, mllpTlsKeyFile: key, mllpTlsCaFile: ca } = values;
  const issues: string[] = [];
  if ((cert === undefined) !== (key === undefined))
    issues.push('MLLP_TLS_CERT_FILE and MLLP_TLS_KEY_FILE must be set together');
  if (cert === undefined && (ca !== undefined || values.mllpTlsClientAuth !== 'none'))
    issues.push('MLLP_TLS_CA_FILE and MLLP_TLS_CLIENT_AUTH need MLLP_TLS_CERT_FILE (TLS)');
  if (values.mllpTlsClientAuth !== 'none' && ca === undefined)
    issues.push(
      `MLLP_TLS_CLIENT_AUTH=${values.mllpTlsClientAuth} needs MLLP_TLS_CA_FILE (the CA that signs client certificates)`,
    );
  return issues;
}

/**
 * The MLLP listener's config from the variables as read and HL7_MAX_FRAME_BYTES (the buffer's
 * default and least size); throws a `ConfigError` naming every variable that does not fit the others.
 */
export function mllpConfig(values: MllpValues, maxFrameBytes: number): MllpConfig {
  const issues = tlsIssues(values);
  const buffer = values.mllpMaxBufferBytes ?? BUFFER_FRAMES * maxFrameBytes;
  if (buffer < MIN_BUFFER_FRAMES * maxFrameBytes)
    issues.push(
      `MLLP_MAX_BUFFER_BYTES must be at least ${MIN_BUFFER_FRAMES} x HL7_MAX_FRAME_BYTES (${MIN_BUFFER_FRAMES * maxFrameBytes}), got '${buffer}'`,
    );
  if (issues.length > 0) throw new ConfigError(issues);
  const { mllpTlsCertFile: certFile, mllpTlsKeyFile: keyFile } = values;
  return {
    mllpPort: values.mllpPort,
    mllpHost: values.mllpHost,
    mllpMaxConnections: values.mllpMaxConnections,
    mllpIdleTimeoutMs: values.mllpIdleTimeoutMs,
    mllpMaxBufferBytes: buffer,
    mllpAllowCidrs: values.mllpAllowCidrs,
    mllpTls:
      certFile === undefined || keyFile === undefined
        ? undefined
        : {
            certFile,
            keyFile,
            caFile: values.mllpTlsCaFile,
            clientAuth: values.mllpTlsClientAuth,
          },
  };
}
