import { Command } from 'commander';
import { isId, newId, systemClock, type RequestContext } from '../../common/index.js';
import { loadConfig } from '../../config/index.js';
import { SealdeskError } from '../../errors/index.js';
import { openInstallation } from '../../installation/index.js';
import { changeTenantKeyState, getTenantKeyStatus, type KeyDeps, type TenantKeyStatus } from '../../keys/index.js';
import type { Principal } from '../../access/index.js';
import { keyRotationCommands } from './key-rotation-commands.js';
import { rootKeyCommands } from './root-key-commands.js';
import { wrapForImportCommand } from './wrap-for-import-command.js';

interface KeyOptions {
  tenant: string;
  /** Required (by commander) for disable and enable. */
  ticket?: string;
  dataDir?: string;
}

/** `sealdesk keys …`: a tenant's key, run on the installation directly (as the system, audited). */
export function keysCommand(): Command {
  const keys = new Command('keys').description("Keys: show a tenant key's state, disable it, enable it again; rotate keys online and follow the rotation; rotate the root key; wrap a key for a BYOK import.");
  keys.addCommand(
    keyCommand('state', "Print the tenant key's state and versions as JSON.", false, (deps, principal, request, options) =>
      getTenantKeyStatus(deps, principal, request, options.tenant),
    ),
  );
  for (const state of ['disabled', 'enabled'] as const) {
    const name = state === 'disabled' ? 'disable' : 'enable';
    const description =
      state === 'disabled'
        ? "Disable the tenant's key: its data answers key_unavailable (a running serve within 5 seconds) until enabled again."
        : "Enable the tenant's key again.";
    keys.addCommand(
      keyCommand(name, description, true, (deps, principal, request, options) =>
        changeTenantKeyState(deps, principal, request, options.tenant, { state, ticket: String(options.ticket) }),
      ),
    );
  }
  for (const command of keyRotationCommands()) keys.addCommand(command);
  for (const command of rootKeyCommands()) keys.addCommand(command);
  keys.addCommand(wrapForImportCommand());
  return keys;
}

type KeyAction = (deps: KeyDeps, principal: Principal, request: RequestContext, options: KeyOptions) => Promise<TenantKeyStatus>;

function keyCommand(name: string, description: string, needsTicket: boolean, run: KeyAction): Command {
  const command = new Command(name).description(description).requiredOption('--tenant <id>', 'the tenant (ten_…)').option('--data-dir <dir>', 'data directory');
  if (needsTicket) command.requiredOption('--ticket <ref>', 'the change or incident this is for (recorded in the audit log)');
  return command.action(async (options: KeyOptions) => {
    if (!isId('tenant', options.tenant)) throw new SealdeskError('invalid_id', { userMessage: '--tenant must be a ten_ id.' });
    const config = loadConfig(options.dataDir === undefined ? process.env : { ...process.env, SEALDESK_DATA_DIR: options.dataDir });
    const installation = await openInstallation({ ...config, clock: systemClock });
    try {
      const deps = { db: installation.store.db, keyRing: installation.keyRing, audit: installation.audit, clock: systemClock };
      const principal = { kind: 'system', id: 'system', job: `keys-${name}` } as const;
      const status = await run(deps, principal, { requestId: newId('request'), channel: 'cli' }, options);
      process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    } finally {
      await installation.close();
    }
  });
}
