/**
 * Organisation signals, lower-cased: legal-form and sector words that end an organisation's
 * name ("Acme Ltd", "Northwind Logistics"), and a few organisations support chats name often.
 * Written for Sealdesk.
 */
export const ORGANIZATION_SUFFIXES: ReadonlySet<string> = new Set(
  `inc inc. incorporated llc llp ltd ltd. limited corp corp. corporation co co. company plc gmbh ag sa s.a. sas sarl srl spa s.p.a. bv b.v. nv n.v. oy ab as a/s kg pty pvt
  group holdings holding partners associates bank banks insurance assurance trust capital ventures foundation institute university college school academy hospital clinic
  technologies technology tech systems solutions software labs laboratories networks network communications telecom media studios studio consulting consultants services
  industries enterprises manufacturing logistics airlines airways motors automotive pharmaceuticals pharma energy electric utilities foods brewing brewery restaurants
  hotels resorts realty properties investments securities financial finance analytics dynamics robotics electronics devices supplies store stores markets supermarket
  agency council ministry department authority commission association society union club federation orchestra magazine gazette times press publishing records`
    .trim()
    .split(/\s+/),
);

export const KNOWN_ORGANIZATIONS: ReadonlySet<string> = new Set(
  `google|microsoft|amazon|apple|meta|facebook|instagram|whatsapp|netflix|spotify|paypal|stripe|visa|mastercard|american express|amex|ebay|uber|lyft|airbnb|tesla|ibm|oracle|salesforce|adobe|intel|nvidia|samsung|sony|nokia|siemens|philips|ikea|zara|h&m|walmart|target|costco|fedex|ups|dhl|usps|royal mail|hsbc|barclays|santander|citibank|chase|wells fargo|bank of america|deutsche bank|ing|revolut|wise|monzo|vodafone|verizon|at&t|t-mobile|comcast|orange|telefonica|bbc|cnn|reuters|bloomberg|twitter|linkedin|github|gitlab|slack|zoom|dropbox|shopify|twilio|zendesk|atlassian|openai|anthropic|united nations|european union|nhs|irs|fbi|who|unicef`
    .split('|'),
);
