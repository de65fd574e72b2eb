/**
 * Frame limits of the native messaging channel.
 *
 * Chrome refuses a host-to-browser message over 1 MiB and disconnects the host, so every
 * outbound frame is kept well below that: a long answer is split into parts of at most
 * RESPONSE_PART_CHARS UTF-16 units of serialized JSON, which is at most 3 bytes each in
 * UTF-8 once re-serialized (JSON text has no raw control characters to expand further).
 *
 * Inbound frames are capped too: commands are small, and documents to be signed arrive in
 * chunks well under this limit. A frame over the limit is skipped unread and answered
 * with BAD_REQUEST, so a misbehaving peer cannot make the host allocate gigabytes.
 */
export const MAX_OUTBOUND_FRAME_BYTES = 1024 * 1024;
export const RESPONSE_PART_CHARS = 256 * 1024;
export const MAX_INBOUND_FRAME_BYTES = 4 * 1024 * 1024;
