/** The API key of this tab: sessionStorage only, so it goes when the tab does. */
const KEY_ITEM = 'switchboard.apiKey';

export const storedKey = (): string | null => sessionStorage.getItem(KEY_ITEM);

export const storeKey = (key: string): void => sessionStorage.setItem(KEY_ITEM, key);

export const forgetKey = (): void => sessionStorage.removeItem(KEY_ITEM);
