import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalModel, readGgufHeader } from '../../src/assistant/providers/local-model/index.js';
import { loadConfig } from '../../src/config/index.js';
import { isSealdeskError } from '../../src/errors/index.js';
import { createAnswerRuntime } from '../../src/assistant/index.js';
import { createCast } from '../api/tenant-cast.js';
import { createTestInstallation } from '../support/test-installation.js';
import { testDatabases } from '../support/test-databases.js';
import { tinyLlamaGguf } from '../support/tiny-gguf.js';

/**
 * node-llama-cpp is an optional dependency. Without it the generation tests skip with a warning,
 * unless SEALDESK_REQUIRE_LOCAL_MODEL=1 (CI), which makes its absence an error.
 */
const runtimeInstalled = await import('node-llama-cpp' as string).then(
  () => true,
  () => false,
);
if (!runtimeInstalled) {
  if (process.env.SEALDESK_REQUIRE_LOCAL_MODEL === '1') throw new Error('SEALDESK_REQUIRE_LOCAL_MODEL=1 but node-llama-cpp is not installed (npm ci)');
  console.warn('\n  ⚠ Skipping the local-model generation tests: node-llama-cpp is not installed (npm ci installs it)\n');
}

const tiny = tinyLlamaGguf(1);
let dir: string;
let modelPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealdesk-local-model-'));
  modelPath = join(dir, 'tiny.gguf');
  await writeFile(modelPath, tiny.file);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const question = { system: 'You answer from the passages.', messages: [{ role: 'user' as const, content: 'Where is my parcel?' }] };
const words = (text: string) => text.split(' ');

/** Resolves to the SealdeskError code and detail a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; detail: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (!isSealdeskError(error)) throw new Error(`expected a SealdeskError, got ${String(error)}`);
  return { code: error.code, detail: error.message };
}

describe.skipIf(!runtimeInstalled)('the local model on a tiny generated GGUF', () => {
  let model: LocalModel;
  beforeAll(async () => {
    model = new LocalModel({ modelPath, threads: 1, contextSize: 4096 });
    await model.load();
  });
  afterAll(async () => {
    await model.close();
  });

  it('generates text made of the model’s own tokens, stopping at maxTokens', async () => {
    const result = await model.generate({ ...question, maxTokens: 6 });
    expect(result.finishReason).toBe('length');
    expect(words(result.text)).toHaveLength(6);
    for (const word of words(result.text)) expect(tiny.words).toContain(word);
  });

  it('answers the same input with the same text, and a longer budget extends it', async () => {
    const first = await model.generate({ ...question, maxTokens: 5 });
    const again = await model.generate({ ...question, maxTokens: 5 });
    const longer = await model.generate({ ...question, maxTokens: 12 });
    expect(again.text).toBe(first.text);
    expect(words(longer.text)).toHaveLength(12);
    expect(words(longer.text).slice(0, 5)).toEqual(words(first.text));
  });

  it('gives the same answer from a fresh instance, so no state carries over between calls', async () => {
    const afterOtherConversation = await model.generate({
      system: 'Another tenant’s instructions.',
      messages: [
        { role: 'user', content: 'Something else entirely' },
        { role: 'assistant', content: 'A reply' },
        { role: 'user', content: 'And again' },
      ],
      maxTokens: 4,
    });
    expect(words(afterOtherConversation.text)).toHaveLength(4);
    const fresh = new LocalModel({ modelPath, threads: 1 });
    try {
      const [reused, fromFresh] = [await model.generate({ ...question, maxTokens: 7 }), await fresh.generate({ ...question, maxTokens: 7 })];
      expect(fromFresh.text).toBe(reused.text);
    } finally {
      await fresh.close();
    }
  });

  it('runs concurrent calls one at a time, each with its own answer', async () => {
    const [a, b] = await Promise.all([model.generate({ ...question, maxTokens: 3 }), model.generate({ ...question, maxTokens: 9 })]);
    expect(words(a.text)).toHaveLength(3);
    expect(words(b.text)).toHaveLength(9);
    expect(words(b.text).slice(0, 3)).toEqual(words(a.text));
  });

  it('rejects with the caller’s reason when the caller aborts', async () => {
    const reason = new Error('customer left');
    await expect(model.generate({ ...question, maxTokens: 4, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('fails with provider_unavailable when it does not answer in time', async () => {
    const slow = new LocalModel({ modelPath, threads: 1, timeoutMs: 1 });
    try {
      expect(await failure(slow.generate({ ...question, maxTokens: 500 }))).toEqual({
        code: 'provider_unavailable',
        detail: 'the local model did not answer within 1 ms',
      });
    } finally {
      await slow.close();
    }
  });

  it('refuses a token budget outside 1..maxTokensLimit and a conversation not ending with the user', async () => {
    for (const maxTokens of [0, 1.5, 1025]) expect((await failure(model.generate({ ...question, maxTokens }))).code).toBe('invalid_request');
    const endsWithReply = { system: '', messages: [{ role: 'assistant' as const, content: 'Hello' }], maxTokens: 4 };
    expect((await failure(model.generate(endsWithReply))).code).toBe('invalid_request');
  });

  it('says llama.cpp could not load a file whose GGUF header is fine but whose body is cut off', async () => {
    const truncated = join(dir, 'truncated.gguf');
    await writeFile(truncated, tiny.file.subarray(0, 2_000));
    const broken = new LocalModel({ modelPath: truncated, threads: 1 });
    const { code, detail } = await failure(broken.generate({ ...question, maxTokens: 4 }));
    expect(code).toBe('provider_unavailable');
    expect(detail).toContain('llama.cpp could not load the local model file');
    await broken.close();
  });
});

describe.skipIf(!runtimeInstalled)('the local model as a tenant’s answer provider', () => {
  const models: LocalModel[] = [];
  afterAll(async () => {
    for (const model of models) await model.close();
  });

  /** A tenant whose assistant runs `file` in process, asked about its one article. */
  async function askLocal(file: Buffer, name: string): Promise<Record<string, unknown>> {
    const path = join(dir, `${name}.gguf`);
    await writeFile(path, file);
    const model = new LocalModel({ modelPath: path, threads: 1, contextSize: 8192 });
    models.push(model);
    const installation = await createTestInstallation((await testDatabases())[0]!, { answerRuntime: createAnswerRuntime({ localModel: { model, modelPath: path } }) });
    try {
      const cast = await createCast(installation, 'Local');
      const article = await installation.request('POST', `/v1/tenants/${cast.tenantId}/kb/articles`, {
        token: cast.keys.manager,
        body: { title: 'Pairing a relay', format: 'markdown', body: '# Pairing a relay\n\nOpen Settings > Relays and select Pair.\n' },
      });
      expect(article.statusCode, article.body).toBe(201);
      const saved = await installation.request('PUT', `/v1/tenants/${cast.tenantId}/assistant/settings`, { token: cast.keys.admin, body: { provider: 'local' } });
      expect(saved.statusCode, saved.body).toBe(200);
      const asked = await installation.request('POST', `/v1/tenants/${cast.tenantId}/assistant/answer`, { token: cast.keys.agent, body: { question: 'How do I pair a relay?' } });
      expect(asked.statusCode, asked.body).toBe(200);
      return asked.json();
    } finally {
      await installation.close();
    }
  }

  it('generates through the settings API; a reply that cites no passage is handed over, never sent', async () => {
    // The tiny model speaks only its 30 words: no "[1]", so the citation rule hands over.
    expect(await askLocal(tinyLlamaGguf(1, 8192).file, 'roomy')).toMatchObject({
      handoff: true,
      trace: { provider: 'local:roomy.gguf', handoffReason: 'grounding-failed', rule: 'no-citation' },
    });
  });

  it('falls back to the offline answer when the prompt does not fit the model’s context', async () => {
    expect(await askLocal(tinyLlamaGguf(1, 512).file, 'cramped')).toMatchObject({
      handoff: false,
      trace: { provider: 'offline', fallbackFrom: 'local:cramped.gguf' },
    });
  });
});

describe('the local model’s clear errors before llama.cpp is involved', () => {
  it.each([
    ['a missing file', 'missing.gguf', undefined, 'does not exist'],
    ['a directory', '.', undefined, 'is not a regular file'],
    ['a file that is not GGUF', 'notes.gguf', Buffer.from('this is not a model, just text'), 'is not a GGUF file'],
    ['an empty file', 'empty.gguf', Buffer.alloc(0), 'is not a GGUF file'],
    ['a GGUF file of an unknown version', 'v9.gguf', Buffer.concat([Buffer.from('GGUF'), Buffer.from([9, 0, 0, 0]), Buffer.alloc(24)]), 'has a GGUF version other than 2 or 3'],
  ])('names %s as provider_unavailable', async (_, name, content, problem) => {
    const path = join(dir, name);
    if (content !== undefined) await writeFile(path, content);
    const model = new LocalModel({ modelPath: path });
    const { code, detail } = await failure(model.generate({ ...question, maxTokens: 4 }));
    expect(code).toBe('provider_unavailable');
    expect(detail).toBe(`the local model file ${JSON.stringify(path)} ${problem}`);
    await model.close();
  });

  it('says so when node-llama-cpp is not installed, without Sealdesk needing it to start', async () => {
    const model = new LocalModel({ modelPath, runtimeModule: 'sealdesk-test-no-such-runtime' });
    const { code, detail } = await failure(model.generate({ ...question, maxTokens: 4 }));
    expect(code).toBe('provider_unavailable');
    expect(detail).toBe('sealdesk-test-no-such-runtime is not installed (npm i -E node-llama-cpp@3.21.1)');
    await model.close();
  });

  it('reads the header of the generated model as GGUF v3', async () => {
    expect(await readGgufHeader(modelPath)).toEqual({ ok: true, version: 3 });
  });
});

describe('the local model’s configuration', () => {
  it('is absent unless SEALDESK_LOCAL_MODEL_PATH is set, and resolves the path', () => {
    expect(loadConfig({}).localModel).toBeUndefined();
    expect(loadConfig({ SEALDESK_LOCAL_MODEL_PATH: 'models/m.gguf', SEALDESK_LOCAL_MODEL_THREADS: '4' }).localModel).toEqual({
      modelPath: join(process.cwd(), 'models/m.gguf'),
      contextSize: undefined,
      threads: 4,
      timeoutMs: undefined,
    });
  });

  it.each([
    [{ SEALDESK_LOCAL_MODEL_THREADS: '2' }, 'SEALDESK_LOCAL_MODEL_* settings are set but SEALDESK_LOCAL_MODEL_PATH is not.'],
    [{ SEALDESK_LOCAL_MODEL_PATH: 'm.gguf', SEALDESK_LOCAL_MODEL_CONTEXT_SIZE: '64' }, 'Invalid SEALDESK_LOCAL_MODEL_CONTEXT_SIZE: Too small: expected number to be >=256.'],
    [{ SEALDESK_LOCAL_MODEL_PATH: 'm.gguf', SEALDESK_LOCAL_MODEL_TIMEOUT_MS: 'soon' }, 'Invalid SEALDESK_LOCAL_MODEL_TIMEOUT_MS: Invalid input: expected number, received NaN.'],
  ])('refuses %j as config_invalid', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(expect.objectContaining({ code: 'config_invalid', userMessage: message }));
  });

  it.skipIf(!runtimeInstalled)('fits LocalModel’s options as is', async () => {
    const config = loadConfig({ SEALDESK_LOCAL_MODEL_PATH: modelPath, SEALDESK_LOCAL_MODEL_THREADS: '1' }).localModel;
    if (config === undefined) throw new Error('expected a local model config');
    const model = new LocalModel(config);
    try {
      expect(words((await model.generate({ ...question, maxTokens: 3 })).text)).toHaveLength(3);
    } finally {
      await model.close();
    }
  });
});
