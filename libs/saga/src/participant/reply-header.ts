/** The fields of a reply a participant fills itself; a result never sets them. */
export const REPLY_HEADER_FIELDS = [
  'envelope',
  'sagaId',
  'stepName',
  'commandMessageId',
  'outcome',
  'failure',
] as const;
