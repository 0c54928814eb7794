// Binary WebSocket frames of the viewer protocol (Docs/viewer-protocol.md):
//   u32 LE json_length · JSON (UTF-8) · zero padding to a multiple of 8 (from frame start) · payload.
// JSON `buffers: [[offset, length], ...]` are relative to the payload start and 8-byte aligned, so
// typed arrays can view the frame's ArrayBuffer without copying.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Rounds `n` up to a multiple of 8. */
export function align8(n) {
  return (n + 7) & ~7;
}

/** Thrown for frames that do not follow the protocol; `message` says what and where. */
export class FrameError extends Error {
  constructor(message) {
    super(message);
    this.name = "FrameError";
  }
}

/**
 * Encodes a message and optional binary attachments into one frame (an ArrayBuffer).
 * `attachments` are Uint8Array / typed arrays / ArrayBuffers; their [offset, length] pairs are
 * written into `message.buffers` (a shallow copy of `message` is serialised).
 */
export function encodeFrame(message, attachments = []) {
  const views = attachments.map((a) =>
    a instanceof ArrayBuffer ? new Uint8Array(a) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const ranges = [];
  let payloadLength = 0;
  for (const v of views) {
    ranges.push([payloadLength, v.byteLength]);
    payloadLength = align8(payloadLength + v.byteLength);
  }
  const json = encoder.encode(JSON.stringify(views.length ? { ...message, buffers: ranges } : message));
  const payloadStart = align8(4 + json.byteLength);
  const out = new Uint8Array(payloadStart + payloadLength);
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 4);
  views.forEach((v, i) => out.set(v, payloadStart + ranges[i][0]));
  return out.buffer;
}

/**
 * Decodes a frame. Returns `{ message, buffers, payloadStart }` where `buffers[i]` is a
 * Uint8Array view (no copy) of attachment `i`. Throws FrameError on malformed frames.
 */
export function decodeFrame(frame) {
  const buffer = frame instanceof ArrayBuffer ? frame : frame.buffer;
  const base = frame instanceof ArrayBuffer ? 0 : frame.byteOffset;
  const total = frame.byteLength;
  if (total < 4) throw new FrameError(`frame of ${total} bytes is shorter than its 4-byte length prefix`);
  const jsonLength = new DataView(buffer, base, 4).getUint32(0, true);
  if (4 + jsonLength > total) {
    throw new FrameError(`frame JSON length ${jsonLength} exceeds the frame (${total} bytes)`);
  }
  let message;
  try {
    message = JSON.parse(decoder.decode(new Uint8Array(buffer, base + 4, jsonLength)));
  } catch (e) {
    throw new FrameError(`frame JSON does not parse: ${e.message}`);
  }
  if (message === null || typeof message !== "object" || typeof message.type !== "string") {
    throw new FrameError("frame JSON is not an object with a string \"type\"");
  }
  const payloadStart = align8(4 + jsonLength);
  const buffers = [];
  const ranges = message.buffers ?? [];
  if (!Array.isArray(ranges)) throw new FrameError("frame \"buffers\" is not an array");
  ranges.forEach((r, i) => {
    const [offset, length] = Array.isArray(r) ? r : [NaN, NaN];
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 ||
        payloadStart + offset + length > total) {
      throw new FrameError(`buffer ${i} ${JSON.stringify(r)} lies outside the frame payload (${total - payloadStart} bytes)`);
    }
    buffers.push(new Uint8Array(buffer, base + payloadStart + offset, length));
  });
  return { message, buffers, payloadStart };
}

const TYPED = {
  u8: Uint8Array, i8: Int8Array, u16: Uint16Array, i16: Int16Array, u32: Uint32Array, i32: Int32Array,
  u64: BigUint64Array, i64: BigInt64Array, f16: Uint16Array, f32: Float32Array, f64: Float64Array,
};

/** The typed-array constructor for a protocol dtype name (f16 is read as raw Uint16 bits). */
export function typedArrayClass(dtype) {
  const c = TYPED[dtype];
  if (!c) throw new FrameError(`unknown dtype "${dtype}"`);
  return c;
}

/**
 * A typed array of `dtype` over the bytes of `bytes` (a Uint8Array). Views without copying when
 * aligned, copies otherwise. Throws if the byte length is not a multiple of the element size.
 */
export function typedView(bytes, dtype) {
  const C = typedArrayClass(dtype);
  const size = C.BYTES_PER_ELEMENT;
  if (bytes.byteLength % size !== 0) {
    throw new FrameError(`buffer of ${bytes.byteLength} bytes is not a whole number of ${dtype} values`);
  }
  if (bytes.byteOffset % size === 0) return new C(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  return new C(bytes.slice().buffer);
}
