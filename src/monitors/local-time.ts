/** The hour (0–23), ISO weekday (1 = Monday) and date of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): { hour: number; weekday: number; date: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      weekday: 'short',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    hour: Number(parts.hour),
    weekday: weekdays.indexOf(parts.weekday ?? '') + 1,
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}
