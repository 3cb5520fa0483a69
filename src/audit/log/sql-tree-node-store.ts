import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.js';
import { nodeKeyId, type NodeKey, type TreeNode, type TreeNodeStore } from '../merkle/index.js';

/**
 * One log's Merkle nodes in `audit_tree_nodes`. Use it inside the append transaction: a node that
 * already exists makes the insert fail (primary key), so nothing is ever overwritten.
 */
export class SqlTreeNodeStore implements TreeNodeStore {
  readonly #db: Kysely<Database>;
  readonly #logId: string;

  constructor(db: Kysely<Database>, logId: string) {
    this.#db = db;
    this.#logId = logId;
  }

  async getNodes(keys: readonly NodeKey[]): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    if (keys.length === 0) return found;
    const rows = await this.#db
      .selectFrom('audit_tree_nodes')
      .select(['level', 'idx', 'hash'])
      // Each arm names the whole primary key, so SQLite looks every node up by the index (an
      // outer `log_id =` would make it scan all of the log's nodes instead).
      .where((eb) =>
        eb.or(keys.map((key) => eb.and([eb('log_id', '=', this.#logId), eb('level', '=', key.level), eb('idx', '=', key.index)]))),
      )
      .execute();
    for (const row of rows) found.set(nodeKeyId({ level: Number(row.level), index: Number(row.idx) }), new Uint8Array(row.hash));
    return found;
  }

  async putNodes(nodes: readonly TreeNode[]): Promise<void> {
    if (nodes.length === 0) return;
    await this.#db
      .insertInto('audit_tree_nodes')
      .values(nodes.map((node) => ({ log_id: this.#logId, level: node.key.level, idx: node.key.index, hash: Buffer.from(node.hash) })))
      .execute();
  }
}
