import { justificationFor, recordAccessEvent, type Principal } from '../../access/index.js';
import type { RequestContext } from '../../common/index.js';
import { systemJustification } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import { authorizeKb } from '../kb/authorize-kb.js';
import type { KbDeps } from '../kb/kb-deps.js';
import { checkProviderUrl } from '../providers/outbound/outbound-policy.js';
import { findAssistantSettings, saveAssistantSettings, type AssistantSettingsRow } from '../store/assistant-settings.js';
import {
  OFFLINE_SETTINGS,
  providerApiKeyBinding,
  type AnswerProviderKind,
  type AssistantSettings,
  type AssistantSettingsInput,
  type AssistantSettingsView,
  type FailureFallback,
} from './assistant-settings.js';

export type SettingsDeps = Omit<KbDeps, 'indexes'> & {
  /** Whether the installation has an in-process model (`SEALDESK_LOCAL_MODEL_PATH`). */
  readonly localModelAvailable: boolean;
};

/** The tenant's settings without the key (owner and admin; audited as `assistant.settings-read`). */
export async function readAssistantSettings(deps: SettingsDeps, principal: Principal, context: RequestContext, tenantId: string): Promise<AssistantSettingsView> {
  const rule = await authorizeKb(deps, principal, context, tenantId, 'configure', 'assistant.settings-read');
  await recordAccessEvent(deps, principal, context, { action: 'assistant.settings-read', tenantId, outcome: 'allowed', rule });
  const row = await findAssistantSettings(deps.db, tenantId);
  if (row !== undefined) return view(row);
  const { apiKey, ...offline } = OFFLINE_SETTINGS;
  return { ...offline, apiKeySet: apiKey !== null, updatedAt: null };
}

/**
 * Replaces the tenant's settings (owner and admin). Checked before anything is stored: the URL
 * (`https:`, or `http:` to loopback only), what each provider needs (a model; Anthropic, a key;
 * `local`, an installation model), and that embeddings come from an OpenAI-compatible server.
 * The key is sealed to the row; the audit event names the provider, host and models, never the key.
 */
export async function updateAssistantSettings(
  deps: SettingsDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  input: AssistantSettingsInput,
): Promise<AssistantSettingsView> {
  const rule = await authorizeKb(deps, principal, context, tenantId, 'configure', 'assistant.settings-changed');
  const stored = await findAssistantSettings(deps.db, tenantId);
  const baseUrl = input.baseUrl ?? null;
  const chatModel = input.chatModel ?? null;
  const embeddingModel = input.embeddingModel ?? null;
  checkCombination(input.provider, { baseUrl, chatModel, embeddingModel }, deps.localModelAvailable);
  const keepKey = input.apiKey === undefined && stored?.provider === input.provider && stored.base_url === baseUrl;
  let apiKeyEnc: Buffer | null = keepKey ? (stored?.api_key_enc ?? null) : null;
  if (typeof input.apiKey === 'string') {
    if (input.provider === 'offline' || input.provider === 'local') throw invalid(`The ${input.provider} answerer takes no API key.`);
    apiKeyEnc = await deps.keyRing.seal(input.apiKey, providerApiKeyBinding(tenantId), justificationFor(principal, context, 'assistant.configure'));
  }
  if (input.provider === 'anthropic' && apiKeyEnc === null) throw invalid('The Anthropic provider needs an API key.');

  const details: Record<string, string | number> = { provider: input.provider, onFailure: input.onFailure, timeoutMs: input.timeoutMs, apiKeySet: apiKeyEnc === null ? 0 : 1 };
  if (baseUrl !== null) details.host = new URL(baseUrl).host;
  if (chatModel !== null) details.chatModel = chatModel;
  if (embeddingModel !== null) details.embeddingModel = embeddingModel;
  await recordAccessEvent(deps, principal, context, { action: 'assistant.settings-changed', tenantId, outcome: 'allowed', rule, details });

  const row: AssistantSettingsRow = {
    tenant_id: tenantId,
    provider: input.provider,
    base_url: baseUrl === null ? null : checkProviderUrl(baseUrl).href.replace(/\/+$/, ''),
    chat_model: chatModel,
    embedding_model: embeddingModel,
    api_key_enc: apiKeyEnc,
    on_failure: input.onFailure,
    timeout_ms: input.timeoutMs,
    updated_at: deps.clock.now().toISOString(),
    updated_by: principal.id,
  };
  await saveAssistantSettings(deps.db, row);
  return view(row);
}

/** The settings the assistant answers with, key unsealed as the assistant's own job. */
export async function loadAssistantSettings(deps: Pick<SettingsDeps, 'db' | 'keyRing'>, tenantId: string): Promise<AssistantSettings> {
  const row = await findAssistantSettings(deps.db, tenantId);
  if (row === undefined) return OFFLINE_SETTINGS;
  const apiKey =
    row.api_key_enc === null
      ? null
      : await deps.keyRing.openText(row.api_key_enc, providerApiKeyBinding(tenantId), systemJustification('assistant', 'assistant.call-provider'));
  return { ...settingsOf(row), apiKey };
}

function checkCombination(
  provider: AnswerProviderKind,
  { baseUrl, chatModel, embeddingModel }: { baseUrl: string | null; chatModel: string | null; embeddingModel: string | null },
  localModelAvailable: boolean,
): void {
  const remote = provider === 'openai-compatible' || provider === 'anthropic';
  if (remote) {
    if (baseUrl === null) throw invalid(`The ${provider} provider needs a baseUrl.`);
    checkProviderUrl(baseUrl);
    if (chatModel === null) throw invalid(`The ${provider} provider needs a chatModel.`);
  } else if (baseUrl !== null || chatModel !== null) {
    throw invalid(`The ${provider} answerer takes no baseUrl or chatModel.`);
  }
  if (embeddingModel !== null && provider !== 'openai-compatible') throw invalid('Embeddings (hybrid retrieval) need the openai-compatible provider.');
  if (provider === 'local' && !localModelAvailable) {
    throw new SealdeskError('provider_unavailable', { userMessage: 'This installation has no local model (the operator sets SEALDESK_LOCAL_MODEL_PATH).' });
  }
}

function settingsOf(row: AssistantSettingsRow): Omit<AssistantSettings, 'apiKey'> {
  return {
    provider: row.provider as AnswerProviderKind,
    baseUrl: row.base_url,
    chatModel: row.chat_model,
    embeddingModel: row.embedding_model,
    onFailure: row.on_failure as FailureFallback,
    timeoutMs: row.timeout_ms,
  };
}

function view(row: AssistantSettingsRow): AssistantSettingsView {
  return { ...settingsOf(row), apiKeySet: row.api_key_enc !== null, updatedAt: row.updated_at };
}

function invalid(userMessage: string): SealdeskError {
  return new SealdeskError('invalid_request', { userMessage });
}
