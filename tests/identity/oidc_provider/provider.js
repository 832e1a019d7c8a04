// A real OpenID provider on loopback for the tests (tests/identity/conftest.py
// starts it). Everything a relying party sees is oidc-provider's own work:
// discovery, the login form (devInteractions), PKCE, the code exchange, the
// signed ID token. One test-only addition, /test/next-id-token, makes the next
// token response carry an ID token that a relying party must refuse (wrong
// audience, expired, another nonce: re-signed with this provider's own key; a
// tampered payload: the provider's signature kept over a changed e-mail), because
// a well-behaved provider never issues one and the refusal is what is tested.
//
// Environment: PORT, REDIRECT_URI, POST_LOGOUT_REDIRECT_URI, CLIENT_ID,
// CLIENT_SECRET, ACCOUNTS (JSON: login -> claims). Prints "listening <issuer>".
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: [process.env.REDIRECT_URI],
    post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-cookie-key'] },
  // The e-mail and groups in the ID token itself, as Entra ID and Google put them.
  conformIdTokenClaims: false,
  claims: {
    openid: ['sub', 'groups'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  // No consent screen for the one first-party client: the login form only.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
});

let nextChange = null;

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/next-id-token' && ctx.method === 'POST') {
    nextChange = ctx.query.change;
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.oidc?.route === 'token' && nextChange && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: await changed(ctx.body.id_token, nextChange) };
    nextChange = null;
  }
});

async function changed(idToken, change) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (change === 'signature') {
    const [header, , signature] = idToken.split('.');
    const payload = Buffer.from(JSON.stringify({ ...claims, email: 'admin@example.com' }))
      .toString('base64url');
    return `${header}.${payload}.${signature}`;
  }
  if (change === 'audience') claims.aud = 'another-application';
  if (change === 'expired') { claims.iat = now - 3600; claims.exp = now - 1800; }
  if (change === 'nonce') claims.nonce = 'a-nonce-this-sign-in-never-sent';
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
    .sign(privateKey);
}

http.createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
