/**
 * Writes GGUF v3 files for tests: a general writer (`encodeGguf`) and a tiny llama-architecture
 * model (`tinyLlamaGguf`) with a byte-fallback SentencePiece vocabulary and seeded random F32
 * weights. The model is built so that greedy decoding always picks one of its word tokens and
 * never an end-of-sequence or control token, so a generation runs until `maxTokens`.
 *
 * Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md — little-endian header
 * (magic `GGUF`, version, tensor count, metadata count), typed key/value metadata, tensor infos
 * (name, dims innermost first, type, offset into the data section), then the aligned data.
 */

const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const GGUF_VERSION = 3;
const ALIGNMENT = 32;
const GGML_TYPE_F32 = 0;

const ValueType = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9 } as const;

export type GgufValue =
  | { readonly type: 'uint32' | 'int32' | 'float32'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'array'; readonly of: 'int32' | 'float32'; readonly value: readonly number[] }
  | { readonly type: 'array'; readonly of: 'string'; readonly value: readonly string[] };

export interface GgufTensor {
  readonly name: string;
  /** Innermost dimension first, as GGUF stores them (a weight matrix is `[inputs, outputs]`). */
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** Encodes a GGUF v3 file with F32 tensors. */
export function encodeGguf(metadata: Readonly<Record<string, GgufValue>>, tensors: readonly GgufTensor[]): Buffer {
  const out = new ByteWriter();
  out.u32(GGUF_MAGIC);
  out.u32(GGUF_VERSION);
  out.u64(tensors.length);
  out.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    out.string(key);
    writeValue(out, value);
  }
  let offset = 0;
  for (const tensor of tensors) {
    const count = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (count !== tensor.data.length) throw new Error(`tensor ${tensor.name}: dims hold ${count} values, data ${tensor.data.length}`);
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(dim);
    out.u32(GGML_TYPE_F32);
    out.u64(offset);
    offset = alignUp(offset + tensor.data.byteLength);
  }
  out.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    out.bytes(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    out.padTo(ALIGNMENT);
  }
  return out.toBuffer();
}

export interface TinyLlama {
  readonly file: Buffer;
  /** The word tokens' text, without SentencePiece's leading `▁`; generations are made of these. */
  readonly words: readonly string[];
  readonly contextLength: number;
}

const WORDS = [
  'order', 'refund', 'shipping', 'account', 'password', 'invoice', 'delivery', 'parcel', 'reset', 'login',
  'support', 'ticket', 'status', 'update', 'billing', 'plan', 'email', 'address', 'tracking', 'return',
  'window', 'garden', 'river', 'mountain', 'lantern', 'pepper', 'violet', 'copper', 'meadow', 'harbor',
];

/**
 * A llama model with 2 blocks, 32-wide embeddings, 4 heads and a 293-token vocabulary
 * (`<unk>`, `<s>`, `</s>`, 256 byte tokens, 30 words, 4 pieces), about 160 KB.
 * Same seed, same bytes. `contextLength` is its training context (512 tokens unless given).
 */
export function tinyLlamaGguf(seed = 1, contextLength = 512): TinyLlama {
  const nEmbd = 32, nHead = 4, nFf = 64, nLayer = 2;
  const pieces = ['▁', '▁a', '▁the', '▁is'];
  const tokens = ['<unk>', '<s>', '</s>'];
  const types = [2, 3, 3]; // unknown, control, control
  for (let byte = 0; byte < 256; byte += 1) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(6); // byte
  }
  const firstWord = tokens.length;
  for (const word of [...WORDS.map((w) => `▁${w}`), ...pieces]) {
    tokens.push(word);
    types.push(1); // normal
  }
  const nVocab = tokens.length;
  const scores = tokens.map((token, index) => (index < firstWord ? 0 : -index / 100));

  const random = mulberry32(seed);
  const uniform = (scale: number) => (random() * 2 - 1) * scale;
  const matrix = (inputs: number, outputs: number, scale: number): Float32Array =>
    Float32Array.from({ length: inputs * outputs }, () => uniform(scale));
  const ones = (n: number) => new Float32Array(n).fill(1);

  // Every embedding has a large first component; the output matrix gives word tokens a positive
  // weight on it and every other token a large negative one, so after the final RMS norm the
  // words always outscore `</s>`, control and byte tokens, and the choice among words depends on
  // the other (random) components.
  const embeddings = new Float32Array(nEmbd * nVocab);
  const output = new Float32Array(nEmbd * nVocab);
  for (let token = 0; token < nVocab; token += 1) {
    const isWord = token >= firstWord && token < firstWord + WORDS.length;
    for (let i = 0; i < nEmbd; i += 1) {
      embeddings[token * nEmbd + i] = i === 0 ? 4 : uniform(0.5);
      output[token * nEmbd + i] = i === 0 ? (isWord ? 1 : -10) : isWord ? uniform(1) : 0;
    }
  }

  const tensors: GgufTensor[] = [{ name: 'token_embd.weight', dims: [nEmbd, nVocab], data: embeddings }];
  for (let block = 0; block < nLayer; block += 1) {
    const name = (part: string) => `blk.${block}.${part}.weight`;
    tensors.push(
      { name: name('attn_norm'), dims: [nEmbd], data: ones(nEmbd) },
      { name: name('attn_q'), dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.05) },
      { name: name('attn_k'), dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.05) },
      { name: name('attn_v'), dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.05) },
      { name: name('attn_output'), dims: [nEmbd, nEmbd], data: matrix(nEmbd, nEmbd, 0.05) },
      { name: name('ffn_norm'), dims: [nEmbd], data: ones(nEmbd) },
      { name: name('ffn_gate'), dims: [nEmbd, nFf], data: matrix(nEmbd, nFf, 0.05) },
      { name: name('ffn_up'), dims: [nEmbd, nFf], data: matrix(nEmbd, nFf, 0.05) },
      { name: name('ffn_down'), dims: [nFf, nEmbd], data: matrix(nFf, nEmbd, 0.05) },
    );
  }
  tensors.push(
    { name: 'output_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
    { name: 'output.weight', dims: [nEmbd, nVocab], data: output },
  );

  const u32 = (value: number): GgufValue => ({ type: 'uint32', value });
  const metadata: Record<string, GgufValue> = {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: 'sealdesk-test-tiny-llama' },
    'general.alignment': u32(ALIGNMENT),
    'llama.context_length': u32(contextLength),
    'llama.embedding_length': u32(nEmbd),
    'llama.block_count': u32(nLayer),
    'llama.feed_forward_length': u32(nFf),
    'llama.attention.head_count': u32(nHead),
    'llama.attention.head_count_kv': u32(nHead),
    'llama.rope.dimension_count': u32(nEmbd / nHead),
    'llama.attention.layer_norm_rms_epsilon': { type: 'float32', value: 1e-5 },
    'llama.vocab_size': u32(nVocab),
    'tokenizer.ggml.model': { type: 'string', value: 'llama' },
    'tokenizer.ggml.tokens': { type: 'array', of: 'string', value: tokens },
    'tokenizer.ggml.scores': { type: 'array', of: 'float32', value: scores },
    'tokenizer.ggml.token_type': { type: 'array', of: 'int32', value: types },
    'tokenizer.ggml.unknown_token_id': u32(0),
    'tokenizer.ggml.bos_token_id': u32(1),
    'tokenizer.ggml.eos_token_id': u32(2),
    'tokenizer.ggml.add_bos_token': { type: 'bool', value: true },
    'tokenizer.ggml.add_eos_token': { type: 'bool', value: false },
  };
  return { file: encodeGguf(metadata, tensors), words: WORDS, contextLength };
}

function writeValue(out: ByteWriter, value: GgufValue): void {
  if (value.type === 'array') {
    out.u32(ValueType.array);
    out.u32(ValueType[value.of]);
    out.u64(value.value.length);
    for (const element of value.value) writeScalar(out, value.of, element);
    return;
  }
  out.u32(ValueType[value.type]);
  writeScalar(out, value.type, value.value);
}

function writeScalar(out: ByteWriter, type: 'uint32' | 'int32' | 'float32' | 'bool' | 'string', value: number | string | boolean): void {
  if (type === 'string') out.string(String(value));
  else if (type === 'bool') out.bytes(Buffer.from([value ? 1 : 0]));
  else if (type === 'uint32') out.u32(Number(value));
  else if (type === 'int32') out.i32(Number(value));
  else out.f32(Number(value));
}

function alignUp(offset: number): number {
  return Math.ceil(offset / ALIGNMENT) * ALIGNMENT;
}

class ByteWriter {
  readonly #chunks: Buffer[] = [];
  #length = 0;

  bytes(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }
  u32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.bytes(chunk);
  }
  i32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.bytes(chunk);
  }
  f32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.bytes(chunk);
  }
  u64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.bytes(chunk);
  }
  string(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.u64(encoded.length);
    this.bytes(encoded);
  }
  padTo(alignment: number): void {
    const padding = (alignment - (this.#length % alignment)) % alignment;
    if (padding > 0) this.bytes(Buffer.alloc(padding));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks, this.#length);
  }
}

/** A small seeded PRNG (Mulberry32), so the same seed gives the same model. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
