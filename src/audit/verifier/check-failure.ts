/** @internal A check that failed on the verifier's own terms (not in merkle or checkpoint code). */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}
