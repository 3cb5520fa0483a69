/**
 * Support-desk replies of about 300 bytes each (checked by `bench/ingest.ts` at start), sent in
 * rotation so the payload is realistic text rather than one repeated string.
 */
export const MESSAGE_BODIES: readonly string[] = [
  "Hi Dana, thanks for the screenshots. I can see order #48213 was charged twice on 3 March; the second charge is a pre-authorisation that should drop off within 5 business days. If it is still there on Monday, reply here and I'll ask billing to release it by hand.",
  'Hello, I have reset the two-factor settings on your account as you asked. The next time you sign in you will be prompted to scan a new QR code with your authenticator app. Please do this within 24 hours; after that the reset expires and you would need to contact us again.',
  "Thanks for your patience while we looked into this. The export failed because one of the attachments was larger than 25 MB. I've split the archive into three parts and sent the download links to the address on file. Each link works for seven days; let me know if any of them fail.",
  'Good morning! The replacement charger shipped today with tracking number 1Z 999 AA1 01 2345 6784. Delivery is estimated for Thursday. You do not need to return the faulty unit; please recycle it locally. I have also added a 10% credit to your account for the trouble this caused.',
  "Hi, I'm sorry the invoice showed the wrong VAT number. I've corrected it to GB 123 4567 89 and issued a new invoice (INV-2024-0387), which you'll find under Billing > Documents. The old invoice is voided and no longer valid for your records. Is there anything else I can help with today?",
  'Hello Sam, our engineers confirmed the sync delay you reported was caused by a stuck job on our side, not by your settings. It was restarted at 14:20 UTC and your calendar should now be up to date. If events still look out of date in an hour, please send the name of one missing event.',
  "Thank you for reaching out. Your subscription renews on the 1st of each month; cancelling now keeps access until the end of this billing period and you won't be charged again. I've scheduled the cancellation as requested. If you change your mind, you can undo it from Settings before then.",
  "Hi there, the password reset e-mail can take a few minutes and sometimes lands in spam or promotions folders. I've just sent a fresh link to the address ending in @example.org. It expires after 30 minutes. If it doesn't arrive, please check that the address is correct and tell me so I can update it.",
];
