import { BlockList, isIP } from 'node:net';

/** An IPv4 or IPv6 network: `10.0.0.0/8`, `fd00::/8`; one address is a `/32` or `/128`. */
export interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** `10.0.0.0/8`, `::1/128`, or an address alone; undefined when `raw` is neither. */
export function parseCidr(raw: string): Cidr | undefined {
  const [address = '', prefixText, ...rest] = raw.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A comma-separated list of CIDRs (at least one); undefined when one of them is not a CIDR. */
export function parseCidrList(raw: string): readonly Cidr[] | undefined {
  const cidrs = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(parseCidr);
  if (cidrs.length === 0 || cidrs.some((cidr) => cidr === undefined)) return undefined;
  return cidrs as Cidr[];
}

/**
 * Whether a peer may connect: every peer when there is no list, else one whose address is in a
 * network of the list (an IPv4 peer seen as `::ffff:a.b.c.d` on a dual-stack listener is checked
 * as IPv4). A peer without an address (the socket already gone) is not allowed.
 */
export type AllowList = (address: string | undefined) => boolean;

export function allowListOf(cidrs: readonly Cidr[] | undefined): AllowList {
  if (cidrs === undefined) return () => true;
  const networks = new BlockList();
  for (const { address, prefix, family } of cidrs) networks.addSubnet(address, prefix, family);
  return (address) => {
    if (address === undefined) return false;
    const version = isIP(address);
    return version !== 0 && networks.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
