/**
 * Word lists for the generated support-chat corpus of `bench/pii.ts`. Written for this benchmark;
 * no third-party prose. Names are split into names that are common in English-speaking
 * countries and rarer names from many languages, so the report can show how the detector does on
 * names its gazetteers may not hold.
 */

export const COMMON_FIRST = 'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra Steven Ashley Paul Emily Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ronald Stephanie Jason Rebecca Edward Laura Jeffrey Sharon Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine Alexander Debra Patrick Rachel Frank Carolyn Raymond Janet Jack Maria Dennis Olivia Jerry Heather Tyler Catherine Aaron Diane Jose Julie Adam Victoria Nathan Kelly Henry Christina Zachary Joan Douglas Evelyn Peter Lauren Kyle Judith Noah Megan Ethan Andrea Jeremy Cheryl Walter Hannah Christian Jacqueline Keith Martha Roger Madison Terry Teresa Austin Gloria Sean Sara Gerald Janice Carl Ann Harold Kathryn Dylan Abigail Arthur Sophia Lawrence Frances Jordan Jean Jesse Alice Bryan Judy Billy Isabella Bruce Julia Gabriel Grace Joe Amber Logan Denise Alan Danielle Juan Marilyn Albert Beverly Willie Charlotte Elijah Natalie Wayne Theresa Randy Diana Vincent Brittany Mason Doris Roy Kayla Ralph Alexis Bobby Lori Russell Marie'.split(' ');

export const RARE_FIRST = 'Aurelio Bolaji Ciaran Dagny Eero Fenella Gwilym Hallvard Ilkka Jovana Kaito Lisandro Mehmet Nkechi Oisin Paavo Quilla Radomir Siobhan Tancredi Ulrike Vasilisa Wojciech Xiomara Yevgenia Zdenek Adaeze Bartholomew Cosmin Dervla Eluned Folasade Grigore Hyacinth Ingeborg Jaroslav Kerttu Leocadia Mihaela Nneka Ottilie Przemek Ragnhild Svetozar Tiernan Uchenna Valdemar Wilhelmina Xanthe Yolanda Zbigniew Anneliese Benedikt Csilla Dragana Emeka Fiorella Gunnhild Horatio Ifeoma Jurgita Kalani Lorcan Marit Nadezhda Orsolya Peregrine Rosalind Sunniva Teodora Ugo Vesna Wendell Yaroslava Zuriel'.split(' ');

export const COMMON_LAST = 'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez'.split(' ');

export const RARE_LAST = 'Abernathy Bjornstad Czarnecki Dunleavy Eskildsen Fairweather Grzelak Halvorsen Iordanescu Jovanovic Kettunen Lindqvist Mbeki Nakashima Oyelaran Pellegrino Quartermaine Rautiainen Szczepanski Thorvaldsen Urquhart Vukovic Wetherby Xylander Yilmazer Zielonka Achterberg Bonnefoy Cavendish Drozdowski Eriksdottir Fitzwilliam Gallardo Hakkinen Ilunga Jablonski Kowalczuk Lachance Marchetti Nwachukwu Okonkwo Przybylski Quintanilla Ruokonen Sandoval Tchakarov Ulbricht Valtonen Wielgosz Yamashiro Zapatero'.split(' ');

export const AGENT_FIRST = 'Priya Tomas Ines Kenji Amara Lukas Noor Mateo'.split(' ');

export const COMPANY_STEMS = 'Brightwater Kestrel Northwind Bluefin Copperleaf Silverline Harborview Ironbridge Greenfield Stonegate Redwood Lakeshore Summit Pinecrest Foxglove Westbrook Clearwell Oakmont Riverbend Starling'.split(' ');
export const COMPANY_SUFFIXES = 'Logistics|Labs|Ltd|Inc|LLC|Consulting|Systems|Foods|Media|Group|Partners|Technologies|Insurance|Bank|Studios'.split('|');

export const BIG_CITIES = 'London|Paris|Berlin|Madrid|Chicago|Boston|Seattle|Toronto|Sydney|Dublin|Amsterdam|Vienna|Lisbon|Denver|Atlanta|Munich|Warsaw|Prague|Oslo|Stockholm'.split('|');
export const SMALL_TOWNS = 'Ashbourne|Kilmarnock|Whitstable|Tralee|Bexhill|Oakhurst|Millbrook|Fairhaven|Greystones|Harrogate|Bideford|Penrith|Hexham|Ballina|Skibbereen|Clonakilty|Kelso|Alnwick|Buxton|Ludlow'.split('|');
export const COUNTRIES = 'Germany|France|Spain|Italy|Canada|Ireland|Portugal|Norway|Poland|Mexico|Japan|Brazil|Australia|Sweden|Austria'.split('|');

export const STREET_NAMES = 'Maple|Oak|Cedar|Willow|Harbor|Church|Mill|Station|Victoria|Queen|Park|Elm|Chestnut|Meadow|Bridge|Orchard|Highland|Sunset|Lincoln|Hawthorn'.split('|');
export const STREET_SUFFIXES = 'Street|Avenue|Road|Lane|Drive|Court|Boulevard|Way|Place|Terrace'.split('|');
export const US_STATES = 'CA|NY|TX|WA|IL|MA|CO|GA|OR|FL'.split('|');

export const DOMAINS = 'example.com|example.org|mailbox.test|inbox.example|post.example.net|corp.example'.split('|');
export const PRODUCTS = 'the blue kettle|the standing desk|a pair of running shoes|the wireless headphones|the yearly plan|the starter kit|two coffee grinders|the smart thermostat|a gift card|the travel backpack'.split('|');

/** Sentences without personal data, the bulk of any support chat. */
export const FILLER = [
  'The app keeps crashing when I open the settings page.',
  'I tried restarting it twice but nothing changed.',
  'Could you check what is going on with my order?',
  'The package was marked as delivered but it is not here.',
  'Is there a way to change the delivery date?',
  'I would like to cancel my subscription at the end of the month.',
  'The discount code did not work at checkout.',
  'Thanks for the quick reply, that helps a lot.',
  'I have been waiting for over a week now.',
  'The screen flickers whenever the battery is below twenty percent.',
  'Can I return an item that was opened?',
  'Please let me know if you need anything else from me.',
  'Our team uses the shared inbox every day and loves it.',
  'The invoice shows the wrong amount for March.',
  'Everything works now, you can close the ticket.',
  'I cannot log in since the last update.',
  'The size guide says medium but it fits like a small.',
  'Will the refund go back to the original payment method?',
  'We need the export in CSV rather than PDF.',
  'The tracking page has not updated in three days.',
  'Sorry for the late reply, I was travelling.',
  'It says my password is too short but it has twelve characters.',
  'Is the premium plan billed monthly or yearly?',
  'The replacement part arrived broken as well.',
];
