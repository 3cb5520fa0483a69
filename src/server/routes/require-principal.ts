import type { Principal } from '../../access/index.js';
import { SealdeskError } from '../../errors/index.js';

/** The authenticated principal of a `bearer` route; the route layer guarantees one exists. */
export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal) throw new SealdeskError('unauthenticated');
  return principal;
}
