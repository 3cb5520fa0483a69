import { open } from 'node:fs/promises';

/** What the first bytes of a file say about it, before llama.cpp is asked to load it. */
export type GgufHeaderCheck =
  | { readonly ok: true; readonly version: number }
  | { readonly ok: false; readonly reason: 'not_found' | 'not_a_file' | 'unreadable' | 'not_gguf' | 'unsupported_version' };

const GGUF_MAGIC = Buffer.from('GGUF', 'latin1');
const SUPPORTED_VERSIONS = new Set([2, 3]);

/** Reads the 8-byte GGUF preamble (magic `GGUF`, little-endian uint32 version) of `path`. */
export async function readGgufHeader(path: string): Promise<GgufHeaderCheck> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'not_found' : 'unreadable' };
  }
  try {
    if (!(await handle.stat()).isFile()) return { ok: false, reason: 'not_a_file' };
    const preamble = Buffer.alloc(8);
    const { bytesRead } = await handle.read(preamble, 0, 8, 0);
    if (bytesRead < 8 || !preamble.subarray(0, 4).equals(GGUF_MAGIC)) return { ok: false, reason: 'not_gguf' };
    const version = preamble.readUInt32LE(4);
    return SUPPORTED_VERSIONS.has(version) ? { ok: true, version } : { ok: false, reason: 'unsupported_version' };
  } catch {
    return { ok: false, reason: 'unreadable' };
  } finally {
    await handle.close();
  }
}
