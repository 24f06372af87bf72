import { existsSync } from "node:fs";
import { join } from "node:path";
import { voicemailPrompt } from "../pbx/voicemail-prompts.ts";
import { clip, declined, type Answer, type AnswerContext } from "./answer.ts";
import type { XmlCurlRequest } from "./parse-request.ts";
import { PHRASE_LANGUAGE, renderVoicemailPhrase } from "./render-voicemail-phrases.ts";
import { UnsafeValue } from "./unsafe-value.ts";

/** Whether an uploaded sound's file is in the sounds dir now. */
export type SoundPresent = (soundsDir: string, name: string) => boolean;

/**
 * Sounds are not part of the compiled PBX model, and a prompt is asked for
 * only while a caller is in a voicemail menu: one stat per prompt, and a
 * file the admin drops in by hand counts as uploaded too.
 */
const onDisk: SoundPresent = (dir, name) => existsSync(join(dir, `${name}.wav`));

/**
 * section=languages: mod_voicemail's prompts (src/pbx/voicemail-prompts.ts),
 * in whatever language the channel asked for, since they play uploaded
 * sounds or tones. Any other macro is declined, and FreeSWITCH falls back to
 * the static XML (a `languages` section an admin may add for stock prompts).
 */
export function answerLanguages(req: XmlCurlRequest, ctx: AnswerContext, present: SoundPresent = onDisk): Answer {
  const macro = req.field("macro_name") ?? "";
  const lang = req.field("lang") || "en";
  const key = clip(`${lang}/${macro}`);
  const steps = voicemailPrompt(macro);
  if (!steps) return declined(key, "not a voicemail prompt");
  if (!PHRASE_LANGUAGE.test(lang)) return declined(key, "language is not a language tag");
  const soundsDir = ctx.config.soundsDir;
  try {
    const rendered = renderVoicemailPhrase(macro, steps, { lang, soundsDir, uploaded: (name) => present(soundsDir, name) });
    return { xml: rendered.xml, key, outcome: `phrase ${clip(macro)}`, problems: rendered.problems };
  } catch (err) {
    if (!(err instanceof UnsafeValue)) throw err;
    return { ...declined(key, "sounds dir is not a plain absolute path"), problems: [`unsafe ${err.message}: voicemail prompts not served`] };
  }
}
