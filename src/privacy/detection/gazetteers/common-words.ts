/**
 * Capitalised words that are not names: sentence openers, greetings and sign-offs, pronouns,
 * days and months, and support-desk vocabulary. Lower-cased. A chunk made only of these is never
 * a name; at a chunk's edge they are trimmed off. Written for Sealdesk.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `
a about above after again against all also although always am an and another any anyone anything anyway are around as at
back be because been before being below best better between both but by
can cannot could dear did do does doing done down during
each either else even ever every everyone everything
few first for from further
get gets getting give given go going good got great
had has have having he hello her here hers herself hey hi him himself his how however
i if in indeed instead into is it its itself just
kind kindly last later let like
made make many may maybe me meanwhile might mine more most much must my myself
need never new next no nobody none nor not nothing now
of off ok okay on once one only or other others otherwise our ours ourselves out over own
perhaps please pls quite rather really regards
same see she should since so some someone something sometimes soon sorry still such sure
than thank thanks thanx thx that the their theirs them themselves then there therefore these they this those though through thus to today tomorrow too
under unfortunately unless until up upon us
very was we well were what whatever when where whether which while who whoever whom whose why will with within without would
yes yesterday yet you your yours yourself yourselves
cheers sincerely best greetings welcome hiya howdy morning afternoon evening night goodbye bye
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
spring summer autumn fall winter christmas easter halloween thanksgiving
account accounts address admin agent app application billing card cart checkout code customer customers dashboard data delivery department
email error help helpdesk invoice issue item items login manager message name number order orders package password payment phone plan
premium pro basic standard enterprise product profile purchase receipt refund reply request service settings shipping shop status subscription
support system team ticket tracking update upgrade user username website
i'm i've i'll i'd don't can't won't isn't it's that's there's let's suite box unit apt fax po floor room street road avenue national hope note update fyi re fw fwd subject attached attachment
mr mrs ms miss mx dr prof sir madam madame
english french german spanish italian portuguese dutch chinese japanese korean arabic russian
ceo cto cfo vp hr it pm am utc gmt est pst cet
  `
    .trim()
    .split(/\s+/),
);

/** Honorifics: the capitalised words after one are a person's name. Lower-cased, without a dot. */
export const TITLES: ReadonlySet<string> = new Set(
  'mr mrs ms miss mx dr prof sir madam madame dame lord lady mister monsieur mme herr frau señor senor señora senora sr sra'.split(' '),
);

/** Lower-case particles inside names ("Ludwig van Beethoven", "Maria da Silva"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set(
  'van von der den de da das do dos du del della di la le ter ten bin ibn al el st'.split(' '),
);
