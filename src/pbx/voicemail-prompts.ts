/**
 * What each of mod_voicemail's prompts plays. mod_voicemail speaks only
 * through phrase macros (`voicemail_enter_pass`, `voicemail_menu`, …, the
 * names are fixed in mod_voicemail.c); callboard serves them over xml_curl's
 * `languages` section (src/xmlcurl/render-voicemail-phrases.ts). A macro
 * plays the sound an admin uploaded under the name below
 * (`PUT /api/v1/sounds/vm-enter-pass`), and a short tone when there is none,
 * so a box works from a phone before anyone has recorded a word.
 */

/** Tone kinds a caller learns to tell apart: asked for keys, done, refused, bye. */
export type PromptTone = "prompt" | "ok" | "error" | "goodbye";

/** `tone_stream://` specs (FreeSWITCH's teletone: `%(on ms, off ms, Hz)`, `;` between tones). */
export const PROMPT_TONES: Record<PromptTone, string> = {
  prompt: "tone_stream://%(250,0,660)",
  ok: "tone_stream://%(120,60,660);%(160,0,880)",
  error: "tone_stream://%(250,100,330);%(250,0,330)",
  goodbye: "tone_stream://%(150,50,880);%(150,50,660);%(250,0,440)",
};

/**
 * One input of a macro: when the macro's data matches `pattern`, play the
 * uploaded `sound`, else the `tone` (or nothing). `pips` plays as many short
 * beeps as the first capture (the message count).
 */
export type PromptStep = { pattern: string; sound?: string; tone?: PromptTone; pips?: true };

const asks = (sound: string): PromptStep[] => [{ pattern: ".*", sound, tone: "prompt" }];
const says = (sound: string, tone?: PromptTone): PromptStep[] => [{ pattern: ".*", sound, ...(tone ? { tone } : {}) }];
/** Numbers, dates and names need FreeSWITCH's recorded digits: nothing is played for them. */
const silent: PromptStep[] = [{ pattern: ".*" }];

/**
 * Every macro mod_voicemail 1.10.12 plays (its VM_*_MACRO names). Sounds
 * are shared where the words would be: docs/voicemail.md lists them.
 */
export const VOICEMAIL_PROMPTS: Readonly<Record<string, readonly PromptStep[]>> = {
  voicemail_hello: says("vm-hello"),
  voicemail_enter_id: asks("vm-enter-id"),
  voicemail_enter_pass: asks("vm-enter-pass"),
  voicemail_fail_auth: says("vm-fail-auth", "error"),
  voicemail_change_pass_success: says("vm-pin-changed", "ok"),
  voicemail_change_pass_fail: says("vm-pin-refused", "error"),
  voicemail_menu: asks("vm-menu"),
  voicemail_config_menu: asks("vm-config-menu"),
  voicemail_choose_greeting: asks("vm-choose-greeting"),
  voicemail_choose_greeting_fail: says("vm-invalid", "error"),
  voicemail_greeting_selected: says("vm-saved", "ok"),
  voicemail_record_greeting: says("vm-record-greeting"),
  voicemail_record_name: says("vm-record-name"),
  voicemail_record_message: says("vm-record-message"),
  // Played to a caller when the box has no greeting of its own; mod_voicemail's beep follows.
  voicemail_play_greeting: says("vm-not-available"),
  voicemail_listen_file_check: asks("vm-message-options"),
  voicemail_record_file_check: asks("vm-review-recording"),
  voicemail_record_urgent_check: asks("vm-mark-urgent"),
  voicemail_forward_prepend: asks("vm-forward-prepend"),
  voicemail_forward_message_enter_extension: asks("vm-enter-id"),
  voicemail_invalid_extension: says("vm-invalid", "error"),
  voicemail_disk_quota_exceeded: says("vm-box-full", "error"),
  voicemail_abort: says("vm-abort", "error"),
  voicemail_goodbye: says("vm-goodbye", "goodbye"),
  // The data says what was done: saved, deleted, emailed, marked-urgent, too-small.
  voicemail_ack: [
    { pattern: "^too-small$", sound: "vm-too-short", tone: "error" },
    { pattern: "^deleted$", sound: "vm-deleted", tone: "ok" },
    { pattern: "^marked-urgent$", sound: "vm-marked-urgent", tone: "ok" },
    { pattern: ".*", sound: "vm-saved", tone: "ok" },
  ],
  // `<count>:new`, `<count>:urgent-new`, `<count>:saved`: a pip per new message (up to 99), nothing for saved ones.
  voicemail_message_count: [{ pattern: "^([1-9][0-9]?):(new|urgent-new)$", pips: true }, ...silent],
  voicemail_say_date: silent,
  voicemail_say_message_number: silent,
  voicemail_say_number: silent,
  voicemail_say_phone_number: silent,
  voicemail_say_name: silent,
};

/** The sound names an admin may upload for the prompts, for the docs and the API's checks. */
export const PROMPT_SOUNDS: readonly string[] = [
  ...new Set(Object.values(VOICEMAIL_PROMPTS).flatMap((steps) => steps.flatMap((s) => (s.sound ? [s.sound] : [])))),
].sort();

/** The pip per message: a teletone loop of short 1 kHz beeps, `$1` the count. */
export const PIPS_TONE = "tone_stream://L=$1;%(80,120,1000)";

export const voicemailPrompt = (macro: string): readonly PromptStep[] | undefined =>
  Object.hasOwn(VOICEMAIL_PROMPTS, macro) ? VOICEMAIL_PROMPTS[macro] : undefined;
