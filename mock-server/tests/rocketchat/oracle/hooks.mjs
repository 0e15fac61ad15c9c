// Module hooks that let node load @rocket.chat/rest-typings' `dist/` as published: its files
// are ES modules with extension-less relative imports (built for bundlers), and it imports
// @rocket.chat/core-typings, whose npm dependency tree cannot be installed. Only the one value
// `dist/v1/omnichannel.js` reads from core-typings at load time is provided here.

const STUB = 'rosterwire-stub:core-typings';

// `ILivechatAgentStatus` as core-typings 8.8.1 defines it (only used in another endpoint's enum).
const CORE_TYPINGS = `export const ILivechatAgentStatus = {
  AVAILABLE: 'available', UNAVAILABLE: 'unavailable', NOT_AVAILABLE: 'not-available',
};`;

const inTypings = (url) => typeof url === 'string' && url.includes('/@rocket.chat/rest-typings/');

export async function resolve(specifier, context, next) {
  if (specifier === '@rocket.chat/core-typings') {
    return { url: STUB, shortCircuit: true };
  }
  if (!inTypings(context.parentURL)) {
    return next(specifier, context);
  }
  for (const candidate of [specifier, `${specifier}.js`, `${specifier}/index.js`]) {
    try {
      return await next(candidate, context);
    } catch {
      // try the next spelling
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url === STUB) {
    return { format: 'module', source: CORE_TYPINGS, shortCircuit: true };
  }
  if (inTypings(url) && url.endsWith('.js')) {
    return next(url, { ...context, format: 'module' });
  }
  return next(url, context);
}
