import { Faker, en } from '@faker-js/faker';
import type { TenantRole } from '../access/index.js';

/**
 * A plan of fake support desks: companies, their staff, knowledge-base articles and customer
 * conversations, all made up by faker from a seed (the same seed gives the same world). Pure:
 * `seedSyntheticData` writes it through the product's own gates.
 */
export interface SyntheticWorld {
  readonly tenants: readonly SyntheticTenant[];
}

export interface SyntheticTenant {
  readonly name: string;
  /** The first is the owner; the seed acts as these people, so every write is theirs in the audit log. */
  readonly members: readonly SyntheticMember[];
  readonly articles: readonly SyntheticArticle[];
  readonly conversations: readonly SyntheticConversation[];
}

export interface SyntheticMember {
  readonly name: string;
  readonly email: string;
  readonly role: TenantRole;
}

export interface SyntheticArticle {
  readonly sourceId: string;
  readonly title: string;
  readonly body: string;
}

/**
 * `widget`: the customer writes in the chat widget and the assistant answers (or hands over);
 * `email`: an agent opens it for the customer and they write back and forth.
 */
export interface SyntheticConversation {
  readonly channel: 'widget' | 'email';
  readonly contact: { readonly name: string; readonly email: string };
  /** The customer's first message. */
  readonly opening: string;
  /** What follows, in order (e-mail conversations only). */
  readonly followUps: readonly { readonly from: 'customer' | 'agent'; readonly body: string }[];
  /** Whether an agent resolves it at the end (e-mail conversations only). */
  readonly resolve: boolean;
}

export interface WorldOptions {
  readonly seed: number;
  readonly tenants: number;
  readonly conversationsPerTenant: number;
}

/** The staff every synthetic tenant gets, by role; e-mail addresses are at the tenant's own domain. */
const STAFF: readonly TenantRole[] = ['owner', 'admin', 'manager', 'agent', 'agent', 'security', 'auditor'];

export function generateSyntheticWorld(options: WorldOptions): SyntheticWorld {
  const faker = new Faker({ locale: [en], seed: options.seed });
  const tenants: SyntheticTenant[] = [];
  for (let index = 0; index < options.tenants; index++) {
    const company = faker.company.name();
    const domain = `${slug(company)}.example`;
    const products = faker.helpers.uniqueArray(() => faker.commerce.productName(), 3);
    const members = STAFF.map((role) => {
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      return { name: `${firstName} ${lastName}`, email: `${slug(firstName)}.${slug(lastName)}.${role}@${domain}`, role };
    });
    const conversations = Array.from({ length: options.conversationsPerTenant }, (_, n) => conversation(faker, company, products, n));
    tenants.push({ name: company, members, articles: articles(faker, company, products), conversations });
  }
  return { tenants };
}

function articles(faker: Faker, company: string, products: readonly string[]): SyntheticArticle[] {
  const days = faker.number.int({ min: 2, max: 5 });
  const refundDays = faker.helpers.arrayElement([14, 30, 60]);
  return [
    {
      sourceId: 'shipping.md',
      title: 'Shipping times and tracking',
      body: `# Shipping times and tracking\n\nOrders from ${company} ship within ${days} business days. You get a tracking link by e-mail as soon as the parcel leaves our warehouse; tracking can take a day to update. Express delivery arrives within 1 to 2 business days after dispatch.`,
    },
    {
      sourceId: 'returns.md',
      title: 'Returns and refunds',
      body: `# Returns and refunds\n\nYou can return any item within ${refundDays} days of delivery for a full refund. Start a return from your order page, print the prepaid label and drop the parcel at any post office. Refunds reach your original payment method within 5 to 10 business days after we receive the return.`,
    },
    {
      sourceId: 'password.md',
      title: 'Resetting your password',
      body: `# Resetting your password\n\nTo reset your password, choose "Forgot password" on the sign-in page and enter the e-mail address of your account. The reset link is valid for one hour. If no e-mail arrives, check your spam folder before asking us for help.`,
    },
    {
      sourceId: 'payment.md',
      title: 'Updating payment details',
      body: `# Updating payment details\n\nYou can change the card on file under Account, then Billing. We accept Visa, Mastercard and American Express. Changes apply to your next invoice; an invoice already issued is charged to the card it was issued with.`,
    },
    ...products.map((product, n) => ({
      sourceId: `product-${n + 1}.md`,
      title: `Getting started with the ${product}`,
      body: `# Getting started with the ${product}\n\n${faker.commerce.productDescription()} To set up the ${product}, charge it fully, then hold the power button for three seconds until the light turns ${faker.color.human()}. The ${product} comes with a ${faker.helpers.arrayElement([1, 2, 3])}-year warranty that covers manufacturing defects.`,
    })),
  ];
}

/** A customer's question the knowledge base answers, or one only a human can help with. */
function conversation(faker: Faker, company: string, products: readonly string[], n: number): SyntheticConversation {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const contact = { name: `${firstName} ${lastName}`, email: faker.internet.email({ firstName, lastName, provider: 'mail.example' }) };
  const order = `#${faker.string.numeric(6)}`;
  const product = faker.helpers.arrayElement(products);
  const channel = n % 2 === 0 ? 'widget' : 'email';
  const questions = [
    `Hi, how long does shipping take? My order ${order} has not arrived yet.`,
    `Hello, I would like to return the ${product} I bought last week. How do refunds work?`,
    `I forgot my password and cannot sign in. How do I reset my password?`,
    `How do I update the card on file? My old card expired.`,
    `How do I set up the ${product}? The light does not turn on.`,
    `Hi, this is ${contact.name}. I was charged twice for order ${order}, please call me on ${faker.phone.number({ style: 'international' })}.`,
    `Please change the delivery address of order ${order} to ${faker.location.streetAddress()}, ${faker.location.city()}.`,
  ];
  const question = questions[n % questions.length] as string;
  if (channel === 'widget') return { channel, contact, opening: question, followUps: [], resolve: false };
  const agent = faker.person.firstName();
  return {
    channel,
    contact,
    opening: question,
    followUps: [
      { from: 'agent', body: `Hi ${firstName}, thanks for writing to ${company}. I am looking into order ${order} now and will get back to you today. ${agent}` },
      { from: 'customer', body: faker.helpers.arrayElement([`Thank you! You can also reach me at ${contact.email}.`, 'Thanks, that would be great.', `Thanks. My account is under ${contact.name}.`]) },
      { from: 'agent', body: `All sorted: order ${order} is on its way again and you will get a new tracking link by e-mail. ${agent}` },
    ],
    resolve: n % 3 !== 0,
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
