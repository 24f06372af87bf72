/**
 * mod_voicemail's phrase macros, served over xml_curl's `languages` section.
 * FreeSWITCH asks for the section once per prompt (switch_ivr_phrase_macro →
 * switch_xml_locate_language, with `macro_name`, `lang` and the macro's
 * `data`), takes `<language name=lang>` → `<phrases>` → `<macros>` and runs
 * the `<macro>` of that name: each `<input>` whose pattern matches the data
 * plays its actions. The answer holds just that one macro.
 */
import { create } from "xmlbuilder2";
import { PIPS_TONE, PROMPT_TONES, type PromptStep } from "../pbx/voicemail-prompts.ts";
import type { Rendered } from "./render-directory.ts";
import { soundPath } from "./render-ivr.ts";
import { UnsafeValue } from "./unsafe-value.ts";

/** What FreeSWITCH sends as `lang`: `en`, `en-US`, `ru`; anything else is not echoed back into XML. */
export const PHRASE_LANGUAGE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;

/** The file or tone a step plays, or nothing: the uploaded sound when `uploaded` says it is there. */
function playOf(step: PromptStep, soundsDir: string, uploaded: (name: string) => boolean): string | undefined {
  if (step.pips) return PIPS_TONE;
  if (step.sound && uploaded(step.sound)) return soundPath(step.sound, soundsDir);
  return step.tone && PROMPT_TONES[step.tone];
}

/**
 * The `languages` document for one macro. The steps are exclusive
 * (`break_on_match`): the first whose pattern matches the data plays.
 */
export function renderVoicemailPhrase(
  macro: string,
  steps: readonly PromptStep[],
  opts: { lang: string; soundsDir: string; uploaded: (name: string) => boolean },
): Rendered {
  if (!PHRASE_LANGUAGE.test(opts.lang)) throw new UnsafeValue("phrase language");
  const m = create()
    .ele("document", { type: "freeswitch/xml" })
    .ele("section", { name: "languages" })
    .ele("language", { name: opts.lang })
    .ele("phrases")
    .ele("macros")
    .ele("macro", { name: macro });
  for (const step of steps) {
    const match = m.ele("input", { pattern: step.pattern, break_on_match: "true" }).ele("match");
    const play = playOf(step, opts.soundsDir, opts.uploaded);
    if (play) match.ele("action", { function: "play-file", data: play });
  }
  return { xml: m.doc().end({ headless: true }), problems: [] };
}
