import { enforce, loadGrant, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import type { UnwrapJustification } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { createConversationPseudonymiser, withKnownValues, type KnownValue, type PiiDetector, type PseudonymisedText } from '../privacy/index.js';
import { isTrainingOptedIn, listAllConversations, type ConversationRow } from '../store/index.js';
import { openConversationContent } from './open-conversation-content.js';
import { openPseudonyms } from './open-pseudonyms.js';
import type { VaultDeps } from './vault-deps.js';

/** What is decrypted to build the dataset; none of it leaves except as pseudonymised message text. */
const DATASET_FIELDS = ['messages.body', 'contact.email', 'contact.name', 'conversations.pseudonyms'] as const;

/** The `format` of every dataset line. */
export const DATASET_FORMAT = 'sealdesk-eval-conversation';

/** Who wrote a message, as the dataset says it: never an id. */
export type DatasetRole = 'customer' | 'agent' | 'assistant';

/**
 * One line of an evaluation dataset: one conversation, its messages' text pseudonymised with the
 * conversation's own tokens (`[EMAIL_1]`, `[PERSON_2]`). No id of the conversation, its contact
 * or its authors, no time, no contact details, no pseudonym mapping. `id` numbers the line within
 * this export only; `question` is the customer's first message, the field `sealdesk eval` asks.
 */
export interface DatasetLine {
  readonly format: typeof DATASET_FORMAT;
  readonly v: 1;
  readonly id: string;
  readonly channel: string;
  readonly status: string;
  readonly question: PseudonymisedText | null;
  /** `PseudonymisedText` is made only by a pseudonymiser: original text does not compile here. */
  readonly messages: readonly { readonly role: DatasetRole; readonly text: PseudonymisedText }[];
}

export interface EvaluationDataset {
  /** The export (grant) id. */
  readonly id: string;
  readonly conversationCount: number;
  readonly lines: readonly DatasetLine[];
}

/** The vault, and the PII detector the assistant pseudonymises with (so tokens agree with its mapping). */
export interface DatasetDeps extends VaultDeps {
  readonly detector: () => PiiDetector;
}

/**
 * Runs an approved evaluation dataset export: through the gate as its requester, who must hold the
 * `dataset-export` grant (approved under dual control, not yet used: it opens one export) while
 * the tenant is opted in to training (`training_opted_out` otherwise, even if it opted out after
 * the approval). Records `dataset.exported` with the number of conversations, then decrypts each
 * conversation and keeps only its messages, pseudonymised: the conversation's stored mapping is
 * extended in memory (never stored, never returned), and the contact's own e-mail and name are
 * replaced wherever they appear, even where the detector misses them.
 */
export async function exportEvaluationDataset(deps: DatasetDeps, principal: Principal, request: RequestContext, grantId: string): Promise<EvaluationDataset> {
  const { grant } = await loadGrant(deps, grantId);
  const tenantId = grant.tenantId;
  const conversations = await listAllConversations(deps.db, tenantId);
  const { justification, firstUse } = await enforce(deps, {
    principal,
    action: 'dataset-export.run',
    resource: { tenantId, grant, training: { optedIn: await isTrainingOptedIn(deps.db, tenantId) } },
    request,
    audit: { action: 'dataset.exported', fields: DATASET_FIELDS, details: { conversations: conversations.length } },
  });
  if (!firstUse) throw new SealdeskError('grant_state_conflict', { detail: `export ${grant.id} is being run by another call` });
  const detector = deps.detector();
  const lines: DatasetLine[] = [];
  for (const row of conversations) lines.push(await datasetLine(deps, detector, row, justification, `c${lines.length + 1}`));
  return { id: grant.id, conversationCount: lines.length, lines };
}

async function datasetLine(deps: DatasetDeps, detector: PiiDetector, row: ConversationRow, justification: UnwrapJustification, id: string): Promise<DatasetLine> {
  const { contact, messages } = await openConversationContent(deps, row, justification);
  const known: KnownValue[] = [
    ...(contact.email === null ? [] : [{ type: 'EMAIL' as const, value: contact.email }]),
    ...(contact.name === null ? [] : [{ type: 'PERSON' as const, value: contact.name }]),
  ];
  const pseudonymiser = createConversationPseudonymiser(withKnownValues(detector, known), await openPseudonyms(deps, row, justification));
  const texts = messages.map((message) => ({ role: roleOf(message.author.kind), text: pseudonymiser.pseudonymise(message.body).text }));
  return {
    format: DATASET_FORMAT,
    v: 1,
    id,
    channel: row.channel,
    status: row.status,
    question: texts.find((message) => message.role === 'customer')?.text ?? null,
    messages: texts,
  };
}

function roleOf(authorKind: string): DatasetRole {
  if (authorKind === 'contact') return 'customer';
  return authorKind === 'assistant' ? 'assistant' : 'agent';
}
