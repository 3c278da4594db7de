// CSV records (RFC 4180) from lines: a quoted field may hold commas, doubled quotes and line breaks,
// so a record ends only at a line break outside quotes.

/** Whether `text` leaves a quoted field open: an odd number of quotes in it. */
export function isOpenRecord(text: string): boolean {
  let quotes = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) quotes++;
  return quotes % 2 === 1;
}

/** The fields of one complete record. */
export function csvFields(record: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let at = 0; at < record.length; at++) {
    const char = record[at];
    if (quoted) {
      if (char !== '"') field += char;
      else if (record[at + 1] === '"') {
        field += '"';
        at++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      fields.push(field);
      field = "";
    } else field += char;
  }
  fields.push(field);
  return fields;
}
