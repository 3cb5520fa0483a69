import type { Kysely } from 'kysely';
import { newId } from '../common/index.js';
import { normaliseEmail, type KeyRing, type UnwrapJustification } from '../crypto/index.js';
import { findContactByEmailIndex, insertContact, type Database } from '../store/index.js';
import { contactFieldBinding } from './bindings.js';

export interface ContactDetails {
  readonly email?: string | undefined;
  readonly name?: string | undefined;
}

/** A new contact's row, sealed ahead of the transaction that may insert it. */
export interface SealedContact {
  readonly id: string;
  readonly emailIndex: string | null;
  readonly emailEnc: Buffer | null;
  readonly nameEnc: Buffer | null;
}

/** The blind index that finds a contact by e-mail without storing the address in clear. */
export function contactEmailIndex(keyRing: KeyRing, tenantId: string, email: string, justification: UnwrapJustification): Promise<string> {
  return keyRing.blindIndex(tenantId, 'contact.email', normaliseEmail(email), justification);
}

/**
 * Seals a contact's details under a fresh id. Done before any transaction opens, because the key
 * ring may read the database and SQLite has one connection.
 */
export async function sealContact(keyRing: KeyRing, tenantId: string, details: ContactDetails, justification: UnwrapJustification): Promise<SealedContact> {
  const id = newId('contact');
  const seal = (value: string | undefined, column: 'email' | 'name') =>
    value === undefined ? Promise.resolve(null) : keyRing.seal(value, contactFieldBinding(tenantId, id, column), justification);
  const [emailIndex, emailEnc, nameEnc] = await Promise.all([
    details.email === undefined ? Promise.resolve(null) : contactEmailIndex(keyRing, tenantId, details.email, justification),
    seal(details.email, 'email'),
    seal(details.name, 'name'),
  ]);
  return { id, emailIndex, emailEnc, nameEnc };
}

/** The existing contact with the same e-mail, or the sealed one inserted; returns its id. */
export async function findOrInsertContact(
  db: Kysely<Database>,
  tenantId: string,
  sealed: SealedContact,
  now: Date,
): Promise<string> {
  if (sealed.emailIndex !== null) {
    const existing = await findContactByEmailIndex(db, tenantId, sealed.emailIndex);
    if (existing) return existing.id;
  }
  await insertContact(db, {
    id: sealed.id,
    tenant_id: tenantId,
    email_index: sealed.emailIndex,
    email_enc: sealed.emailEnc,
    name_enc: sealed.nameEnc,
    created_at: now.toISOString(),
  });
  return sealed.id;
}
