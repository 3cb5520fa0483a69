/** Fake tenants, staff, knowledge bases and conversations for development and demos (`sealdesk seed --synthetic`). */
export { generateSyntheticWorld, type SyntheticWorld, type SyntheticTenant, type SyntheticConversation, type WorldOptions } from './synthetic-world.js';
export { seedSyntheticData, type SeedDeps, type SeedReport } from './seed-synthetic-data.js';
