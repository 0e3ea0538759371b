/**
 * Signs one telephony webhook as its provider would and sends it to a running switchboard — to
 * try it by hand (see docs/channels.md). Secrets come from the same environment names switchboard
 * reads; SB (default http://localhost:3000) is where it listens; PUBLIC_BASE_URL, if set, is the
 * URL providers sign (Twilio).
 *
 *   npm run webhook -- <provider> [<sub-path>] '<body>'
 *   npm run webhook -- zadarma 'event=NOTIFY_END&call_start=…'
 *   npm run webhook -- twilio /dial-action 'CallSid=CA…&DialCallStatus=completed&…'
 *   npm run webhook -- generic '{"eventId":"pbx-1-ended",…}'
 *
 * A body starting with "{" is sent as JSON, any other as a urlencoded form.
 */
import { WEBHOOK_SIGNERS } from './signers';

const base = (process.env.SB ?? 'http://localhost:3000').replace(/\/+$/, '');
const signedBase = (process.env.PUBLIC_BASE_URL ?? base).replace(/\/+$/, '');

const secret = (name: string): string => {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name} (the value npm start was given) to sign this provider's webhooks.`);
    process.exit(2);
  }
  return value;
};

const main = async () => {
  const args = process.argv.slice(2);
  const provider = args[0];
  const subPath = args.length >= 3 ? (args[1] ?? '') : '';
  const body = args.at(-1);
  const sign = provider ? WEBHOOK_SIGNERS[provider] : undefined;
  if (!provider || !sign || body === undefined || args.length < 2) {
    console.error(
      `usage: npm run webhook -- <${Object.keys(WEBHOOK_SIGNERS).join('|')}> [<sub-path>] '<body>'`,
    );
    process.exit(2);
  }
  const path = `/v1/telephony/${provider}${subPath && !subPath.startsWith('/') ? '/' : ''}${subPath}`;
  const request = {
    at: new Date().toISOString(),
    method: 'POST',
    path,
    contentType: body.trimStart().startsWith('{')
      ? 'application/json'
      : 'application/x-www-form-urlencoded',
    body,
  };
  const signed = sign(request, `${signedBase}${path}`, secret, new Date());
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': request.contentType, ...signed.headers },
    body: signed.body,
  });
  console.log(`POST ${path} → ${response.status} ${(await response.text()).slice(0, 300)}`);
  if (!response.ok) process.exitCode = 1;
};

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
