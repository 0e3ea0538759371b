import { readFileSync } from 'node:fs';
import {
  type CountryCode,
  type MetadataJson,
  parsePhoneNumberFromString as parseWithMetadata,
} from 'libphonenumber-js/core';
import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import { parsePhoneNumberFromString as parseWithMax } from 'libphonenumber-js/max';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import { describe, expect, it } from 'vitest';
import {
  PHONE_METADATA_PATH,
  phoneMetadataModule,
  trimPhoneMetadata,
} from '../../../local/phone-metadata';
import { PHONE_METADATA_JSON } from '../../../shared/domain/phone-metadata';

const trimmed = JSON.parse(PHONE_METADATA_JSON) as MetadataJson;

/** What toE164 reads from a parsed number. */
const answer = (parsed: ReturnType<typeof parseWithMax>) =>
  parsed && {
    number: parsed.number,
    country: parsed.country,
    ext: parsed.ext,
    valid: parsed.isValid(),
  };

/** Every country's example mobile number, whole and with the typing mistakes people make. */
const inputs = (): [string, CountryCode][] => {
  const cases: [string, CountryCode][] = [];
  for (const [country, national] of Object.entries(mobileExamples) as [CountryCode, string][]) {
    const parsed = parseWithMax(national, country);
    if (!parsed) continue;
    const e164 = parsed.number;
    const variants = [
      e164,
      e164.slice(0, -1),
      `${e164}5`,
      `${e164.slice(0, -1)}${(Number(e164.at(-1)) + 1) % 10}`,
      `${e164.slice(0, 4)}${e164.slice(5)}`,
      `${e164} ext. 12`,
    ];
    for (const variant of variants) {
      cases.push([variant, 'RU'], [variant.replace('+', ''), country]);
    }
    cases.push([national, country], [national.slice(0, -1), country], [`8${national}`, 'RU']);
  }
  return cases;
};

describe('phone metadata', () => {
  it('is the installed libphonenumber-js max metadata without its formatting rules', () => {
    expect(trimmed).toEqual(trimPhoneMetadata(maxMetadata));
  });

  it('is the module npm run phone-metadata writes, byte for byte', () => {
    const committed = readFileSync(PHONE_METADATA_PATH, 'utf8');

    expect(committed).toBe(phoneMetadataModule(trimPhoneMetadata(maxMetadata)));
  });

  it('parses and validates every country like libphonenumber-js/max', () => {
    const cases = inputs();

    const differing = cases.filter(
      ([input, country]) =>
        JSON.stringify(answer(parseWithMax(input, country))) !==
        JSON.stringify(answer(parseWithMetadata(input, country, trimmed))),
    );

    expect(cases.length).toBeGreaterThan(2_000);
    expect(differing).toEqual([]);
  });
});
