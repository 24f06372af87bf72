import { describe, expect, test } from "bun:test";
import { PROMPT_SOUNDS, PROMPT_TONES, VOICEMAIL_PROMPTS } from "../pbx/voicemail-prompts.ts";
import type { AnswerContext } from "./answer.ts";
import { answerLanguages } from "./answer-languages.ts";
import { parseXmlCurlBody } from "./parse-request.ts";

const SOUNDS = "/var/lib/callboard/sounds";
const ctx = { config: { soundsDir: SOUNDS } } as unknown as AnswerContext;
const ask = (fields: Record<string, string>, uploaded: string[] = []) =>
  answerLanguages(
    parseXmlCurlBody(new URLSearchParams({ section: "languages", tag_name: "", key_name: "", key_value: "", ...fields }).toString()),
    ctx,
    (dir, name) => dir === SOUNDS && uploaded.includes(name),
  );

/** Every VM_*_MACRO mod_voicemail.c (v1.10.12) defines and plays. */
const MOD_VOICEMAIL_MACROS = [
  "voicemail_invalid_extension", "voicemail_forward_message_enter_extension", "voicemail_ack", "voicemail_say_date",
  "voicemail_play_greeting", "voicemail_say_message_number", "voicemail_say_number", "voicemail_say_phone_number",
  "voicemail_say_name", "voicemail_forward_prepend", "voicemail_record_message", "voicemail_choose_greeting",
  "voicemail_choose_greeting_fail", "voicemail_greeting_selected", "voicemail_record_greeting", "voicemail_record_name",
  "voicemail_listen_file_check", "voicemail_record_file_check", "voicemail_record_urgent_check", "voicemail_menu",
  "voicemail_config_menu", "voicemail_enter_id", "voicemail_enter_pass", "voicemail_fail_auth",
  "voicemail_change_pass_success", "voicemail_change_pass_fail", "voicemail_abort", "voicemail_hello",
  "voicemail_goodbye", "voicemail_message_count", "voicemail_disk_quota_exceeded",
];

describe("mod_voicemail's prompts over xml_curl's languages section", () => {
  test("every macro mod_voicemail plays is answered, and nothing else is", () => {
    expect(Object.keys(VOICEMAIL_PROMPTS).sort()).toEqual([...MOD_VOICEMAIL_MACROS].sort());
    for (const macro of MOD_VOICEMAIL_MACROS) expect(ask({ macro_name: macro, lang: "en" }).outcome).toBe(`phrase ${macro}`);
    expect(ask({ macro_name: "ivr_welcome", lang: "en" }).outcome).toBe("not_found: not a voicemail prompt");
    expect(ask({ macro_name: "toString", lang: "en" }).outcome).toBe("not_found: not a voicemail prompt");
  });

  test("the PIN prompt plays the uploaded vm-enter-pass when there is one, a short tone when not", () => {
    const tone = ask({ macro_name: "voicemail_enter_pass", lang: "en", data: "#" });
    expect(tone.xml).toBe(
      '<document type="freeswitch/xml"><section name="languages"><language name="en"><phrases><macros>' +
        '<macro name="voicemail_enter_pass"><input pattern=".*" break_on_match="true"><match>' +
        '<action function="play-file" data="tone_stream://%(250,0,660)"/></match></input></macro>' +
        "</macros></phrases></language></section></document>",
    );
    const uploaded = ask({ macro_name: "voicemail_enter_pass", lang: "en" }, ["vm-enter-pass"]);
    expect(uploaded.xml).toContain(`<action function="play-file" data="${SOUNDS}/vm-enter-pass.wav"/>`);
    expect(uploaded.xml).not.toContain("tone_stream");
  });

  test("a wrong PIN, a refused new PIN and the goodbye sound different from a question", () => {
    expect(ask({ macro_name: "voicemail_fail_auth", lang: "en" }).xml).toContain(PROMPT_TONES.error);
    expect(ask({ macro_name: "voicemail_change_pass_fail", lang: "en" }).xml).toContain(PROMPT_TONES.error);
    expect(ask({ macro_name: "voicemail_change_pass_success", lang: "en" }).xml).toContain(PROMPT_TONES.ok);
    expect(ask({ macro_name: "voicemail_goodbye", lang: "en" }).xml).toContain(PROMPT_TONES.goodbye);
    expect(new Set(Object.values(PROMPT_TONES)).size).toBe(4);
  });

  test("the message count is a pip per new message: the count captured and substituted by FreeSWITCH", () => {
    const xml = ask({ macro_name: "voicemail_message_count", lang: "en", data: "3:new" }).xml;
    expect(xml).toContain('<input pattern="^([1-9][0-9]?):(new|urgent-new)$" break_on_match="true"><match><action function="play-file" data="tone_stream://L=$1;%(80,120,1000)"/></match></input>');
    // Saved messages and an empty box: a match with nothing to play, so FreeSWITCH warns of no pattern.
    expect(xml).toContain('<input pattern=".*" break_on_match="true"><match/></input>');
  });

  test("the acknowledgement depends on what was done: too short is an error, the rest are done", () => {
    const xml = ask({ macro_name: "voicemail_ack", lang: "en", data: "saved" }, ["vm-deleted"]).xml;
    expect(xml).toContain('<input pattern="^too-small$" break_on_match="true"><match><action function="play-file" data="tone_stream://%(250,100,330);%(250,0,330)"/>');
    expect(xml).toContain(`<input pattern="^deleted$" break_on_match="true"><match><action function="play-file" data="${SOUNDS}/vm-deleted.wav"/>`);
  });

  test("a greeting-less box still plays nothing before mod_voicemail's own beep unless vm-not-available is uploaded", () => {
    expect(ask({ macro_name: "voicemail_play_greeting", lang: "en", data: "1001" }).xml).toContain("<match/>");
    expect(ask({ macro_name: "voicemail_play_greeting", lang: "en" }, ["vm-not-available"]).xml).toContain(`${SOUNDS}/vm-not-available.wav`);
  });

  test("the language FreeSWITCH asked for is echoed only when it is a language tag", () => {
    expect(ask({ macro_name: "voicemail_menu", lang: "ru" }).xml).toContain('<language name="ru">');
    expect(ask({ macro_name: "voicemail_menu" }).xml).toContain('<language name="en">');
    expect(ask({ macro_name: "voicemail_menu", lang: 'en"><x' }).outcome).toBe("not_found: language is not a language tag");
  });

  test("a sounds dir FreeSWITCH would misread serves no prompt", () => {
    const bad = { config: { soundsDir: "/srv/$${x}" } } as unknown as AnswerContext;
    const body = new URLSearchParams({ section: "languages", macro_name: "voicemail_menu", lang: "en" }).toString();
    const answer = answerLanguages(parseXmlCurlBody(body), bad, () => true);
    expect(answer.outcome).toBe("not_found: sounds dir is not a plain absolute path");
    expect(answer.problems).toEqual(["unsafe sounds directory: voicemail prompts not served"]);
  });

  test("the documented sound names are all uploadable sound names", () => {
    for (const name of PROMPT_SOUNDS) expect(name).toMatch(/^vm-[a-z-]{2,30}$/);
    expect(PROMPT_SOUNDS).toContain("vm-enter-pass");
  });
});
