/** sipp processes playing the company's phones and the provider, for one tier. */
import { until } from "../../support/until.ts";
import { startSipp, runSipp, type SippRun } from "./sipp.ts";
import { DOMAIN, type Tier } from "./tier.ts";

type Registration = { user: string; contact: string };

export type PhoneOptions = {
  user: string;
  password: string;
  /** "answers" after answerMs, "rings" until cancelled, "rings-mwi": rings, and takes message-waiting NOTIFYs, or "busy" (486 to every call). */
  behaviour?: "answers" | "rings" | "rings-mwi" | "busy";
  answerMs?: number;
  /** The host written in Contact: a private address plays a phone behind NAT. */
  contactHost?: string;
};

/** A registered phone that stays up until stop(); resolves once callboard sees its registration. */
export async function startPhone(tier: Tier, o: PhoneOptions): Promise<SippRun> {
  const phone = await startSipp({
    scenario: "phone.xml",
    oocScenario: { rings: "phone-rings.xml", "rings-mwi": "phone-rings-mwi.xml", answers: "phone-answers.xml", busy: "phone-busy.xml" }[o.behaviour ?? "answers"],
    target: tier.internal,
    auth: { user: o.user, password: o.password },
    keys: { user: o.user, domain: DOMAIN, contact_host: o.contactHost ?? "127.0.0.1", hold_ms: "600000", answer_ms: String(o.answerMs ?? 300) },
    timeoutSeconds: 600,
  });
  await until(`phone ${o.user} on port ${phone.port} registered`, async () => {
    const { body } = await tier.cb.api<{ items: Registration[] }>("GET", "/registrations");
    return body.items.some((r) => r.user === o.user && r.contact.includes(`:${phone.port}`));
  });
  return phone;
}

export type CallOptions = { from: string; password: string; name?: string; to: string; talkMs?: number };

const callOptions = (tier: Tier, o: CallOptions) => ({
  scenario: "call.xml",
  target: tier.internal,
  auth: { user: o.from, password: o.password },
  keys: { user: o.from, name: o.name ?? o.from, domain: DOMAIN, dest: o.to, talk_ms: String(o.talkMs ?? 1000) },
  timeoutSeconds: 60,
});

/** A registered phone dialling `to`; resolves when the call is over. */
export const placeCall = (tier: Tier, o: CallOptions) => runSipp(callOptions(tier, o));

/** The same call, left running: the test ends it with stop(). */
export const startCall = (tier: Tier, o: CallOptions) => startSipp(callOptions(tier, o));

export type ProviderCallOptions = { from: string; did: string; talkMs?: number; /** The caller's display name; the number when omitted. */ name?: string };

/** The provider sending a public call to one of the company's numbers. */
export const providerCall = (tier: Tier, o: ProviderCallOptions) =>
  runSipp({
    scenario: "provider-call.xml",
    target: tier.external,
    keys: { from: o.from, name: o.name ?? o.from, did: o.did, talk_ms: String(o.talkMs ?? 1000) },
    timeoutSeconds: 60,
  });

/** bell.uz: accepts FreeSWITCH's REGISTER with the account's password and answers outbound calls. */
export const startProvider = (o: { account: string; password: string; answerMs?: number }) =>
  startSipp({
    scenario: "provider.xml",
    keys: { account: o.account, password: o.password, answer_ms: String(o.answerMs ?? 200) },
    timeoutSeconds: 600,
  });
