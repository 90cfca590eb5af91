import { UsageError } from './errors.js';

/** A set of event numbers as a user writes them: `3`, `3,5-7`, `10-` (10 and after). */
export interface SeqList {
  text: string;
  ranges: ReadonlyArray<{ from: number; to: number }>;
  includes(seq: number): boolean;
}

const PART = /^(\d+)(?:-(\d*))?$/;

export function parseSeqList(text: string, flag = '--seq'): SeqList {
  const ranges: Array<{ from: number; to: number }> = [];
  for (const part of text.split(',').map((item) => item.trim())) {
    const match = PART.exec(part);
    const from = match ? Number(match[1]) : Number.NaN;
    const to = !match || match[2] === undefined ? from : match[2] === '' ? Number.POSITIVE_INFINITY : Number(match[2]);
    if (!match || from < 1 || to < from) {
      throw new UsageError(`${flag} '${text}': '${part}' is not an event number or range`, `write numbers and ranges like ${flag} 3,5-7 (the seq of each event)`);
    }
    ranges.push({ from, to });
  }
  return { text, ranges, includes: (seq) => ranges.some((range) => seq >= range.from && seq <= range.to) };
}
