// AIM symbology identifiers (ISO/IEC 15424) a scanner may put in front of the data: `]` + symbology
// letter + modifier. Those of GS1 symbologies say the data is a GS1 element string.

/** GS1-128 `]C1`, GS1 DataMatrix `]d2`, GS1 QR `]Q3`, GS1 DataBar `]e0`, GS1 DotCode `]J1`. */
const GS1_IDENTIFIERS = new Set([']C1', ']d2', ']Q3', ']e0', ']J1']);

const IDENTIFIER = /^\][A-Za-z][0-9A-Za-z]/;

export interface Symbology {
  /** True when the identifier is one of a GS1 symbology. */
  readonly gs1: boolean;
  /** The data after the identifier. */
  readonly body: string;
}

export function stripSymbologyIdentifier(text: string): Symbology {
  const identifier = IDENTIFIER.exec(text)?.[0] ?? null;
  return {
    gs1: identifier !== null && GS1_IDENTIFIERS.has(identifier),
    body: identifier === null ? text : text.slice(identifier.length),
  };
}
