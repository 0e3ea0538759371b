/**
 * `npm run phone-metadata`: writes shared/domain/phone-metadata.json, the phone metadata the
 * functions validate with. Run it after upgrading libphonenumber-js (a unit test fails until
 * the file matches the installed package).
 *
 * It is libphonenumber-js's own "max" metadata (every country, every number type: what makes a
 * number with a digit missing invalid, not merely possible) without the parts only formatting
 * reads: the national and international format patterns and the national-prefix formatting
 * rules. Parsing, validation, the country and the extension read none of them
 * (libphonenumber-js source: only format.js, AsYouType and findNumbers' Leniency do), so
 * `toE164` answers exactly as with `libphonenumber-js/max`, on a third less metadata. The
 * package's own generator cannot be used instead: it needs Google's PhoneNumberMetadata.xml,
 * which the package does not ship.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';

type NumberingPlan = MetadataJson['nonGeographic'][string];

/** Positions in a (v4) numbering plan that only formatting reads; 0 is the format's "absent". */
const FORMATTING_ONLY = {
  formats: 4,
  nationalPrefixFormattingRule: 6,
  nationalPrefixIsOptionalWhenFormatting: 9,
} as const;

const withoutFormatting = (plan: NumberingPlan): NumberingPlan => {
  const trimmed = [...plan];
  for (const index of Object.values(FORMATTING_ONLY)) {
    if (index < trimmed.length) trimmed[index] = 0;
  }
  return trimmed;
};

export const trimPhoneMetadata = (metadata: MetadataJson): MetadataJson => {
  if (metadata.version !== 4) {
    throw new Error(`libphonenumber-js metadata version ${metadata.version}: expected 4`);
  }
  const mapPlans = (plans: Partial<Record<string, NumberingPlan>>) => {
    const mapped: Record<string, NumberingPlan> = {};
    for (const [key, plan] of Object.entries(plans)) {
      if (plan) mapped[key] = withoutFormatting(plan);
    }
    return mapped;
  };
  return {
    version: metadata.version,
    country_calling_codes: metadata.country_calling_codes,
    countries: mapPlans(metadata.countries),
    nonGeographic: mapPlans(metadata.nonGeographic),
  };
};

export const PHONE_METADATA_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'shared',
  'domain',
  'phone-metadata.json',
);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const json = `${JSON.stringify(trimPhoneMetadata(maxMetadata))}\n`;
  writeFileSync(PHONE_METADATA_PATH, json);
  console.log(`wrote ${PHONE_METADATA_PATH} (${json.length} bytes)`);
}
