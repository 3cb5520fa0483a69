/** RFC 6587 §3.4.1 / RFC 5425 §4.3 octet-counting framing: `MSG-LEN SP SYSLOG-MSG`, the length in octets of the UTF-8 message. */
export function frameOctetCounted(message: string): Buffer {
  const bytes = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${bytes.length} `, 'ascii'), bytes]);
}
