/**
 * Words that mark a street address where the street's name comes first. Written for Sealdesk.
 * The street-address recogniser builds its patterns from these lists and the text profile's
 * `streetWord` looks for the same words, so both always agree.
 */

/** Endings of a street's name written before the house number ("Hauptstraße 5", "Storgatan 12b"). */
export const STREET_NAME_ENDINGS: readonly string[] = [
  'straße', 'strasse', 'gasse', 'weg', 'allee', 'platz', 'gatan', 'vägen', 'väg', 'katu', 'tie', 'vej', 'gade', 'straat', 'laan', 'plein', 'utca', 'ulica',
];

/**
 * Street types written before the street's name ("Rua João Pessoa 1636", "ul. Północna 73").
 * Each starts with an ASCII capital or ends with a dot: the text profile finds them there.
 */
export const STREET_TYPES_FIRST: readonly string[] = ['Rua', 'Via', 'Viale', 'Calle', 'Avenida', 'Rue', 'Carrer', 'Piazza', 'Plaza', 'Corso', 'ul.', 'Av.'];
