import type { Format } from './format';
import type { Dictionary } from './i18n/en';

/** The language the page speaks now: its texts and its formats. Views read it at each render. */
export type Ui = { readonly t: Dictionary; readonly f: Format };
