/** "+79991234567" → "+7*******67": enough to tell numbers apart in a log, not to call them. */
export const maskPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return `${phone.startsWith('+') ? '+' : ''}${digits[0]}${'*'.repeat(digits.length - 3)}${digits.slice(-2)}`;
};

/** "ivan.petrov@example.com" → "i***@e***.com". */
export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${email[0]}***@${domain[0] ?? ''}***${tld}`;
};
