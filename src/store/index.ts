export { openStore, type Store, type StoreDialect, type StoreLocation } from './open-store.js';
export type { Database } from './schema.js';
export * from './repositories/tenants.js';
export * from './repositories/members.js';
export * from './repositories/contacts.js';
export * from './repositories/conversations.js';
export { SqlWrappedKeyStore } from './repositories/wrapped-keys.js';
