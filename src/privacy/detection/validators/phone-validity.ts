import { Metadata, type CountryCode } from 'libphonenumber-js/max';

/**
 * The slice of libphonenumber-js's metadata (the `max` set, as the phone recogniser's parser
 * uses) read here. Its published types declare less than the object has.
 */
interface NumberingPlanSlice {
  callingCode(): string;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | 0 | undefined;
  IDDPrefix(): string;
  leadingDigits(): string | 0 | undefined;
  hasTypes(): boolean;
  type(type: PhoneType): { pattern(): string; possibleLengths(): readonly number[] | 0 | undefined } | undefined;
}

interface MetadataSlice {
  selectNumberingPlan(countryOrCallingCode: string): void;
  readonly numberingPlan: NumberingPlanSlice;
  hasCallingCode(callingCode: string): boolean | undefined;
  getCountryCodesForCallingCode(callingCode: string): readonly string[] | undefined;
}

/** The types getNumberType tries: a number of any of them is valid. */
const PHONE_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;
type PhoneType = (typeof PHONE_TYPES)[number];

/** A national (significant) number's length libphonenumber-js accepts at all. */
const MIN_NATIONAL_LENGTH = 2;
const MAX_NATIONAL_LENGTH = 17;
const MAX_CALLING_CODE_LENGTH = 3;

/** One country's numbering plan with its patterns compiled once (libphonenumber-js compiles them on every call). */
interface CompiledPlan {
  readonly callingCode: string;
  readonly nationalNumber: RegExp;
  /** Undefined when the plan has no per-type patterns (left to libphonenumber-js). */
  readonly types: readonly { readonly pattern: RegExp; readonly lengths: readonly number[] | undefined }[] | undefined;
  readonly nationalPrefix: RegExp | undefined;
  readonly internationalPrefix: RegExp;
  readonly hasLeadingDigits: boolean;
}

const metadata = new Metadata() as unknown as MetadataSlice;
const plans = new Map<string, CompiledPlan>();

function compiledPlan(country: string): CompiledPlan {
  let plan = plans.get(country);
  if (plan === undefined) {
    metadata.selectNumberingPlan(country);
    const p = metadata.numberingPlan;
    const prefix = p.nationalPrefixForParsing();
    plan = {
      callingCode: p.callingCode(),
      nationalNumber: entirely(p.nationalNumberPattern()),
      types: p.hasTypes()
        ? PHONE_TYPES.flatMap((name) => {
            const type = p.type(name);
            const pattern = type?.pattern();
            if (type === undefined || !pattern) return [];
            const lengths = type.possibleLengths();
            return [{ pattern: entirely(pattern), lengths: lengths ? lengths : undefined }];
          })
        : undefined,
      nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
      internationalPrefix: new RegExp(`^(?:${p.IDDPrefix()})`),
      hasLeadingDigits: Boolean(p.leadingDigits()),
    };
    plans.set(country, plan);
  }
  return plan;
}

function entirely(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * `true` when libphonenumber-js (max metadata) certainly finds `number` valid:
 * `parsePhoneNumberFromString(number, region)?.isValid()`, for a string of at most 15 ASCII digits
 * with maybe a leading `+` (as the phone recogniser asks). `undefined` means "ask
 * libphonenumber-js": this only answers the common case, the same steps libphonenumber-js takes
 * when no national prefix, international prefix or calling code without `+` is to be stripped and
 * the calling code's main country (its first) takes the number, with the patterns compiled once.
 */
export function validWithoutParsing(number: string, region?: CountryCode): true | undefined {
  if (number.startsWith('+')) {
    // The calling code is the shortest prefix that is one; "+0…" has none.
    if (number.charCodeAt(1) === 48) return undefined;
    for (let end = 2; end - 1 <= MAX_CALLING_CODE_LENGTH && end <= number.length; end++) {
      const callingCode = number.slice(1, end);
      if (!metadata.hasCallingCode(callingCode)) continue;
      const countries = metadata.getCountryCodesForCallingCode(callingCode);
      if (countries === undefined) return undefined;
      // Numbers after a calling code still have a national prefix stripped, with the main country's rules.
      return validInMainCountry(countries, compiledPlan(countries[0]!), number.slice(end));
    }
    return undefined;
  }
  if (region === undefined) return undefined;
  const plan = compiledPlan(region);
  // An international prefix ("011 44 …") or the region's calling code first ("1 415 …") are parsed otherwise.
  if (plan.internationalPrefix.test(number) || number.startsWith(plan.callingCode)) return undefined;
  const countries = metadata.getCountryCodesForCallingCode(plan.callingCode);
  return countries === undefined ? undefined : validInMainCountry(countries, plan, number);
}

/**
 * Valid for sure when `plan` strips no national prefix from `nationalNumber` and the calling
 * code's main country takes it: that is the country libphonenumber-js then picks (the only one,
 * or the first of several, tried first when it has no leading digits) and validates against.
 */
function validInMainCountry(countries: readonly string[], prefixPlan: CompiledPlan, nationalNumber: string): true | undefined {
  if (nationalNumber.length < MIN_NATIONAL_LENGTH || nationalNumber.length > MAX_NATIONAL_LENGTH) return undefined;
  if (prefixPlan.nationalPrefix?.test(nationalNumber)) return undefined;
  const main = countries[0]!;
  if (main === '001') return undefined;
  const plan = compiledPlan(main);
  if (plan.types === undefined || (countries.length > 1 && plan.hasLeadingDigits)) return undefined;
  return hasNumberType(plan, plan.types, nationalNumber) ? true : undefined;
}

/** libphonenumber-js's `getNumberType(…) !== undefined`. */
function hasNumberType(plan: CompiledPlan, types: NonNullable<CompiledPlan['types']>, nationalNumber: string): boolean {
  if (!plan.nationalNumber.test(nationalNumber)) return false;
  for (const type of types) {
    if ((type.lengths === undefined || type.lengths.includes(nationalNumber.length)) && type.pattern.test(nationalNumber)) return true;
  }
  return false;
}
