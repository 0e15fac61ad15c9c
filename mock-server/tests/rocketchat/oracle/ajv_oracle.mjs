// The oracle for rosterwire's Rocket.Chat generation-B validation: for each body it answers what
// Rocket.Chat does before its department lookup.
//
// Input (stdin): {"typings": "<dir of @rocket.chat/rest-typings>", "bodies": ["<hex bytes>", ...]}
// Output (stdout): one JSON array, per body {"valid": bool, "error": "<messages> [invalid-params]" | null}
//
// 1. bodyParams as RocketChat/Rocket.Chat packages/http-router/src/Router.ts `parseBodyParams`
//    (@05360738) builds it: `request.raw.clone().json()` (node's fetch Request is undici's),
//    `''` → {}, an array as is, anything else spread into an object, a parse error → {}.
// 2. `isLivechatDepartmentDepartmentIdAgentsPOSTProps` from @rocket.chat/rest-typings
//    (`dist/v1/omnichannel.js`), the validator the route runs (`validateParams.POST`); on failure
//    ApiClass throws `Meteor.Error('invalid-params', errors.map(e => e.message).join('\n '))`,
//    whose message is `<that> [invalid-params]`.
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const omnichannel = pathToFileURL(join(input.typings, 'dist', 'v1', 'omnichannel.js')).href;
const { isLivechatDepartmentDepartmentIdAgentsPOSTProps: validate } = await import(omnichannel);

async function bodyParams(bytes) {
  try {
    const request = new Request('http://localhost/', {
      method: 'POST',
      body: bytes,
      headers: { 'content-type': 'application/json' },
    });
    const parsed = await request.clone().json();
    if (parsed === '') {
      return {};
    }
    if (Array.isArray(parsed)) {
      return parsed;
    }
    return { ...parsed };
  } catch {
    return {};
  }
}

const results = [];
for (const encoded of input.bodies) {
  const params = await bodyParams(Buffer.from(encoded, 'hex'));
  const valid = validate(params);
  const error = valid ? null : `${validate.errors.map((e) => e.message).join('\n ')} [invalid-params]`;
  results.push({ valid, error });
}
process.stdout.write(JSON.stringify(results));
