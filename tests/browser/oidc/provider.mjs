// A real OpenID Connect provider (npm oidc-provider), configured like ProConnect, for one
// browser test: RS256 ID tokens and signed userinfo (application/jwt), acr eidas1, ProConnect's
// scopes and claims, RP-initiated logout at /session/end. It listens on 127.0.0.1 only.
//
// Environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI,
// OIDC_POST_LOGOUT_REDIRECT_URI, OIDC_EMAIL, OIDC_PASSWORD. Prints "ready <issuer>" when up.
import { generateKeyPairSync, randomBytes } from "node:crypto";

import Provider from "oidc-provider";

const env = process.env;
const port = Number(env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const ACCOUNT_ID = "agent-proconnect-1";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "cle-test", alg: "RS256", use: "sig" };

const account = {
  accountId: ACCOUNT_ID,
  async claims() {
    return {
      sub: ACCOUNT_ID,
      email: env.OIDC_EMAIL,
      given_name: "Camille",
      usual_name: "Agent",
      uid: "1",
      siret: "13002526500013",
      idp_id: "fi-test",
    };
  },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: env.OIDC_CLIENT_ID,
      client_secret: env.OIDC_CLIENT_SECRET,
      redirect_uris: [env.OIDC_REDIRECT_URI],
      post_logout_redirect_uris: [env.OIDC_POST_LOGOUT_REDIRECT_URI],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["authorization_code"],
      id_token_signed_response_alg: "RS256",
      userinfo_signed_response_alg: "RS256",
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  acrValues: ["eidas1"],
  claims: {
    openid: ["sub"],
    email: ["email"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
    uid: ["uid"],
    siret: ["siret"],
    idp_id: ["idp_id"],
  },
  // ProConnect's flow has no PKCE (its documentation lists the parameters accepted).
  pkce: { required: () => false },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // ProConnect ends the session without asking: the confirmation form submits itself.
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Déconnexion</title></head>
          <body>${form}<script>document.forms[0].submit()</script></body></html>`;
      },
    },
  },
  findAccount: async (ctx, id) => (id === ACCOUNT_ID ? account : undefined),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
});

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

// The identity provider's login form: the credentials are asked only when no session exists.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([\w-]+)$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === "GET") {
    ctx.type = "html";
    ctx.body = `<!DOCTYPE html><html lang="fr"><head><title>Fournisseur d’identité de test</title></head>
      <body><h1>Connexion au fournisseur d’identité</h1>
      <form method="post" action="/interaction/${escape(details.uid)}">
        <label for="email">Adresse électronique</label><input id="email" name="email" type="email">
        <label for="password">Mot de passe</label><input id="password" name="password" type="password">
        <button type="submit">Se connecter</button>
      </form></body></html>`;
    return undefined;
  }
  const form = await readForm(ctx.req);
  if (form.get("email") !== env.OIDC_EMAIL || form.get("password") !== env.OIDC_PASSWORD) {
    ctx.status = 401;
    ctx.type = "html";
    ctx.body = "<!DOCTYPE html><p>Identifiants refusés.</p>";
    return undefined;
  }
  const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    ctx.req,
    ctx.res,
    { login: { accountId: ACCOUNT_ID, acr: "eidas1" }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
  return undefined;
});

provider.listen(port, "127.0.0.1", () => {
  process.stdout.write(`ready ${issuer}\n`);
});
