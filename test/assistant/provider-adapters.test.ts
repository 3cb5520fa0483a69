import { afterEach, describe, expect, it } from 'vitest';
import { checkProviderUrl, type ModelText } from '../../src/assistant/index.js';
import { anthropicChat, ANTHROPIC_VERSION } from '../../src/assistant/providers/anthropic/anthropic-provider.js';
import { openAiCompatibleChat, openAiCompatibleEmbeddings } from '../../src/assistant/providers/openai-compatible/openai-compatible-provider.js';
import type { PseudonymisedText } from '../../src/privacy/index.js';
import { createSelfSignedCertificate } from '../../src/server/tls/self-signed-certificate.js';
import { anthropicMessage, chatCompletion, startModelServer, type ModelServer } from '../support/model-server.js';

const FAST = { timeoutMs: 2_000, retries: 2, baseDelayMs: 5, maxDelayMs: 50 };
const pseudonymised = (text: string) => text as PseudonymisedText;
const request = (overrides: Partial<{ maxTokens: number; signal: AbortSignal }> = {}) => ({
  system: 'Answer from the passages.',
  messages: [
    { role: 'user' as const, content: pseudonymised('Hi, I am [PERSON_1]') },
    { role: 'assistant' as const, content: 'Hello [PERSON_1].' as ModelText },
    { role: 'user' as const, content: pseudonymised('How do I pair a relay?') },
  ],
  maxTokens: overrides.maxTokens ?? 64,
  signal: overrides.signal ?? AbortSignal.timeout(10_000),
});

let servers: ModelServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function serve(...args: Parameters<typeof startModelServer>): Promise<ModelServer> {
  const server = await startModelServer(...args);
  servers.push(server);
  return server;
}

describe('the OpenAI-compatible adapter', () => {
  it('posts a non-streamed chat completion with the system prompt first and reads the reply', async () => {
    const server = await serve(() => chatCompletion('  Open Settings > Relays [1].  '));
    const chat = openAiCompatibleChat({ baseUrl: new URL(`${server.url}/v1`), model: 'llama3.1', apiKey: 'sk-test', policy: {}, limits: FAST });
    const reply = await chat.complete(request());
    expect(reply).toEqual({ text: 'Open Settings > Relays [1].', finishReason: 'stop' });
    const [sent] = server.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer sk-test');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.body).toEqual({
      model: 'llama3.1',
      messages: [
        { role: 'system', content: 'Answer from the passages.' },
        { role: 'user', content: 'Hi, I am [PERSON_1]' },
        { role: 'assistant', content: 'Hello [PERSON_1].' },
        { role: 'user', content: 'How do I pair a relay?' },
      ],
      max_tokens: 64,
      temperature: 0,
      stream: false,
    });
    expect(chat.name).toBe('openai-compatible:llama3.1');
  });

  it('sends no Authorization header when no key is set (a local Ollama) and reports a cut-off reply', async () => {
    const server = await serve(() => chatCompletion('Partial', 'length'));
    const chat = openAiCompatibleChat({ baseUrl: new URL(`${server.url}/v1/`), model: 'm', apiKey: undefined, policy: {}, limits: FAST });
    expect(await chat.complete(request())).toEqual({ text: 'Partial', finishReason: 'length' });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
  });

  it('embeds a batch and returns the vectors in input order whatever order they come back in', async () => {
    const server = await serve(() => ({ body: { data: [{ index: 1, embedding: [0, 1] }, { index: 0, embedding: [1, 0] }] } }));
    const embeddings = openAiCompatibleEmbeddings({ baseUrl: new URL(`${server.url}/v1`), model: 'nomic-embed-text', apiKey: undefined, policy: {}, limits: FAST });
    expect(await embeddings.embed(['a', 'b'], AbortSignal.timeout(5_000))).toEqual([[1, 0], [0, 1]]);
    expect(server.requests[0]?.path).toBe('/v1/embeddings');
    expect(server.requests[0]?.body).toEqual({ model: 'nomic-embed-text', input: ['a', 'b'] });
  });

  it('refuses an embeddings reply with a vector missing', async () => {
    const server = await serve(() => ({ body: { data: [{ index: 0, embedding: [1, 0] }] } }));
    const embeddings = openAiCompatibleEmbeddings({ baseUrl: new URL(`${server.url}/v1`), model: 'e', apiKey: undefined, policy: {}, limits: FAST });
    await expect(embeddings.embed(['a', 'b'], AbortSignal.timeout(5_000))).rejects.toMatchObject({ code: 'provider_unavailable' });
  });
});

describe('the Anthropic adapter', () => {
  it('posts to /v1/messages with the key, the API version and the system prompt apart', async () => {
    const server = await serve(() => anthropicMessage('Pair it from Settings [1].'));
    const chat = anthropicChat({ baseUrl: new URL(server.url), model: 'claude-sonnet-4-5', apiKey: 'sk-ant-test', policy: {}, limits: FAST });
    expect(await chat.complete(request())).toEqual({ text: 'Pair it from Settings [1].', finishReason: 'stop' });
    const [sent] = server.requests;
    expect(sent?.path).toBe('/v1/messages');
    expect(sent?.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent?.headers['anthropic-version']).toBe(ANTHROPIC_VERSION);
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.body).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'Answer from the passages.',
      messages: [
        { role: 'user', content: 'Hi, I am [PERSON_1]' },
        { role: 'assistant', content: 'Hello [PERSON_1].' },
        { role: 'user', content: 'How do I pair a relay?' },
      ],
      max_tokens: 64,
      temperature: 0,
    });
  });

  it('joins the text blocks and reports max_tokens as a cut-off', async () => {
    const server = await serve(() => ({ body: { content: [{ type: 'text', text: 'One ' }, { type: 'tool_use' }, { type: 'text', text: 'two' }], stop_reason: 'max_tokens' } }));
    const chat = anthropicChat({ baseUrl: new URL(server.url), model: 'c', apiKey: 'k', policy: {}, limits: FAST });
    expect(await chat.complete(request())).toEqual({ text: 'One two', finishReason: 'length' });
  });
});

describe('provider errors, retries and timeouts', () => {
  const openAi = (server: ModelServer, limits = FAST) => openAiCompatibleChat({ baseUrl: new URL(`${server.url}/v1`), model: 'm', apiKey: 'k', policy: {}, limits });

  it('does not retry a rejected key, and names the provider error type but not its message', async () => {
    const server = await serve(() => ({ status: 401, body: { error: { type: 'invalid_api_key', message: 'Incorrect API key sk-test' } } }));
    const failure = openAi(server).complete(request());
    await expect(failure).rejects.toMatchObject({ code: 'provider_unavailable', message: 'openai-compatible:m: HTTP 401 (invalid_api_key)' });
    expect(server.requests).toHaveLength(1);
  });

  it('retries 5xx twice, then fails', async () => {
    const server = await serve(() => ({ status: 503, body: { error: { type: 'overloaded_error' } } }));
    await expect(openAi(server).complete(request())).rejects.toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('HTTP 503') });
    expect(server.requests).toHaveLength(3);
  });

  it('recovers when a retry succeeds after a 429 with retry-after', async () => {
    let calls = 0;
    const server = await serve(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: {} } : chatCompletion('Fine [1].')));
    expect((await openAi(server).complete(request())).text).toBe('Fine [1].');
    expect(server.requests).toHaveLength(2);
  });

  it('times out a provider that does not answer, per attempt, and retries', async () => {
    const server = await serve(() => ({ delayMs: 1_000, ...chatCompletion('late') }));
    await expect(openAi(server, { ...FAST, timeoutMs: 100, retries: 1 }).complete(request())).rejects.toMatchObject({
      code: 'provider_unavailable',
      message: 'openai-compatible:m: no answer within 100 ms',
    });
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['not JSON', { rawBody: 'Service temporarily <b>down</b>' }],
    ['the wrong shape', { body: { result: 'hello' } }],
    ['no choices', { body: { choices: [] } }],
  ])('refuses a reply that is %s', async (_, response) => {
    const server = await serve(() => response);
    await expect(openAi(server).complete(request())).rejects.toMatchObject({ code: 'provider_unavailable', message: 'openai-compatible:m: the reply is not a chat completion' });
  });

  it('reports an unreachable provider as unavailable', async () => {
    const server = await serve(() => chatCompletion('x'));
    const url = server.url;
    await server.close();
    servers = [];
    const chat = openAiCompatibleChat({ baseUrl: new URL(`${url}/v1`), model: 'm', apiKey: undefined, policy: {}, limits: { ...FAST, retries: 0 } });
    await expect(chat.complete(request())).rejects.toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('the HTTPS-only outbound rule', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1'],
    ['http://127.0.0.1:11434/v1/', 'http://127.0.0.1:11434/v1'],
    ['http://localhost:8000/v1', 'http://localhost:8000/v1'],
    ['http://[::1]:8080', 'http://[::1]:8080/'],
  ])('allows %s', (url, normalised) => {
    expect(checkProviderUrl(url).href).toBe(normalised);
  });

  it.each([
    ['plain http to another host', 'http://ollama.internal:11434/v1', 'must use https'],
    ['plain http to a private address', 'http://10.0.0.5/v1', 'must use https'],
    ['credentials in the URL', 'https://user:secret@api.example.com/v1', 'must not carry credentials'],
    ['a query', 'https://api.example.com/v1?key=abc', 'must not have a query'],
    ['another scheme', 'ftp://api.example.com/', 'must be an https:// URL'],
    ['not a URL', 'api.example.com', 'is not a URL'],
  ])('refuses %s', (_, url, problem) => {
    expect(() => checkProviderUrl(url)).toThrow(expect.objectContaining({ code: 'invalid_request', userMessage: expect.stringContaining(problem) }));
  });

  it('verifies the certificate: an untrusted one fails, even with NODE_TLS_REJECT_UNAUTHORIZED=0, and the operator CA makes it work', async () => {
    const { certPem, keyPem } = await createSelfSignedCertificate(new Date());
    const server = await serve(() => chatCompletion('Over TLS [1].'), { cert: certPem, key: keyPem });
    const chat = (extraCa?: string) =>
      openAiCompatibleChat({ baseUrl: new URL(`${server.url}/v1`), model: 'm', apiKey: 'k', policy: { extraCa }, limits: FAST });
    const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      await expect(chat().complete(request())).rejects.toMatchObject({ code: 'provider_unavailable', message: expect.stringContaining('TLS verification failed') });
    } finally {
      if (previous === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
    }
    expect(server.requests).toHaveLength(0);
    expect((await chat(certPem).complete(request())).text).toBe('Over TLS [1].');
  });
});
