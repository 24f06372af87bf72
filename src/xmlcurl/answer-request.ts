import type { Config } from "../config.ts";
import type { SecretBox } from "../db/secret-box.ts";
import type { Registration } from "../esl/live-types.ts";
import { recordingPath } from "../pbx/recording-path.ts";
import { routeCall } from "../pbx/route-call.ts";
import { EXTENSION_NUMBER } from "../pbx/safe-values.ts";
import { dialplanCall, type XmlCurlRequest } from "./parse-request.ts";
import type { XmlCurlQueries } from "./queries.ts";
import { renderDialplan } from "./render-dialplan.ts";
import { renderDirectoryUser, renderEmptyDomain } from "./render-directory.ts";
import { renderNotFound } from "./render-not-found.ts";
import { renderSofia, type SofiaGateway } from "./render-sofia.ts";

/** What the router sends back and logs. */
export type Answer = { xml: string; key: string; outcome: string; problems?: string[] };

export type AnswerContext = {
  config: Pick<Config, "domain" | "publicIp" | "sip" | "recordingsDir" | "ringTimeout">;
  queries: XmlCurlQueries;
  secrets: SecretBox;
  now: () => number;
  /** The registrations callboard mirrors over ESL: where `user/N` should ring. */
  registrations: () => readonly Registration[];
};

const clip = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);
const declined = (key: string, why: string): Answer => ({ xml: renderNotFound(), key, outcome: `not_found: ${why}` });

export function answerRequest(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  if (req.section === "directory") return answerDirectory(req, ctx);
  if (req.section === "dialplan") return answerDialplan(req, ctx);
  if (req.section === "configuration") return answerConfiguration(req, ctx);
  return declined(clip(req.keyValue), `section ${clip(req.section)} is not served`);
}

function answerDirectory(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const f = req.fields;
  const domain = f.get("domain") ?? (req.tagName === "domain" ? req.keyValue : "");
  const purpose = f.get("purpose");
  const user = f.get("user");
  const key = clip(purpose ? `${purpose}@${domain}` : `${user ?? ""}@${domain}`);
  if (domain.toLowerCase() !== ctx.config.domain.toLowerCase()) return declined(key, "not callboard's domain");

  if (purpose === "gateways" || purpose === "network-list") {
    const xml = renderEmptyDomain(domain);
    return xml ? { xml, key, outcome: "empty domain" } : declined(key, "domain is not a host name");
  }
  if (purpose) return declined(key, "unknown purpose");
  // Extensions register and authenticate on `internal` only. Profile `external`
  // (5080, open to providers) also sets disable-register; this keeps digest auth
  // off it even for a profile configured by hand. Lookups without sip_profile
  // (bridge user/N sends action=user_call) are not sofia auth and stay served.
  const sipProfile = f.get("sip_profile");
  if (sipProfile !== undefined && sipProfile !== "internal") return declined(key, `sip_profile ${clip(sipProfile)} is not internal`);
  if (!user || (f.get("key") ?? "id") !== "id") return declined(key, "not a lookup by user id");
  if (!EXTENSION_NUMBER.test(user)) return declined(key, "not an extension number");

  const row = ctx.queries.extensionRow(user);
  if (!row) return declined(key, "no such extension");
  if (!row.enabled) return declined(key, "extension disabled");
  const rendered = renderDirectoryUser(domain, ctx.config.domain, row, contactsOf(user, ctx));
  if (!rendered) return declined(key, "row unusable (a1-hash, realm or number): reset the password");
  const action = f.get("action") ?? "lookup";
  return { xml: rendered.xml, key, outcome: `user (${clip(action)})`, problems: rendered.problems };
}

function contactsOf(user: string, ctx: AnswerContext): string[] {
  const now = ctx.now();
  const realm = ctx.config.domain.toLowerCase();
  return ctx
    .registrations()
    .filter((r) => r.user === user && r.profile === "internal" && r.realm.toLowerCase() === realm && r.expiresAt > now)
    .map((r) => r.dialUri);
}

function answerDialplan(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const call = dialplanCall(req);
  const decision = routeCall(call, ctx.queries);
  const key = clip(`${call.context}:${call.callerExtension ?? "-"}->${call.destination}`);
  const t = decision.target;
  const path = t.kind !== "reject" && t.record && call.uuid ? recordingPath(ctx.config.recordingsDir, call.uuid, new Date(ctx.now())) : undefined;
  const rendered = renderDialplan(decision, { domain: ctx.config.domain, ringTimeout: ctx.config.ringTimeout, recordingPath: path });
  const outcome =
    t.kind === "reject"
      ? `reject ${t.cause}: ${t.reason}`
      : t.kind === "extension"
        ? `bridge user/${t.number}${path ? " recorded" : ""}`
        : `bridge gateway ${t.gateway} via ${t.route}${path ? " recorded" : ""}`;
  return { xml: rendered.xml, key, outcome, problems: rendered.problems };
}

function answerConfiguration(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  const key = clip(req.keyValue);
  if (req.keyValue !== "sofia.conf") return declined(key, "configuration not served");
  const problems: string[] = [];
  const gateways: SofiaGateway[] = [];
  for (const g of ctx.queries.enabledGateways()) {
    try {
      gateways.push({ ...g, password: ctx.secrets.open(g.passwordEnc) });
    } catch {
      problems.push(`gateway ${g.name} left out: its password cannot be decrypted (wrong CALLBOARD_SECRET_KEY?)`);
    }
  }
  const profile = req.fields.get("profile");
  const gateway = req.fields.get("gateway");
  const rendered = renderSofia(gateways, {
    domain: ctx.config.domain,
    publicIp: ctx.config.publicIp,
    sip: ctx.config.sip,
    profile: profile || undefined,
    gateway: gateway || undefined,
  });
  const narrowed = [profile && `profile ${clip(profile)}`, gateway && `gateway ${clip(gateway)}`].filter(Boolean).join(", ");
  return {
    xml: rendered.xml,
    key,
    outcome: `sofia.conf${narrowed ? ` (${narrowed})` : ""}`,
    problems: [...problems, ...rendered.problems],
  };
}
