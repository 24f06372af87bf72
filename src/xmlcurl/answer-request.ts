import { clip, declined, type Answer, type AnswerContext } from "./answer.ts";
import { answerConfiguration } from "./answer-configuration.ts";
import { answerDialplan } from "./answer-dialplan.ts";
import { answerDirectory } from "./answer-directory.ts";
import { answerLanguages } from "./answer-languages.ts";
import type { XmlCurlRequest } from "./parse-request.ts";

export { createAnswerCache, type Answer, type AnswerCache, type AnswerContext } from "./answer.ts";

export function answerRequest(req: XmlCurlRequest, ctx: AnswerContext): Answer {
  if (req.section === "directory") return answerDirectory(req, ctx);
  if (req.section === "dialplan") return answerDialplan(req, ctx);
  if (req.section === "configuration") return answerConfiguration(req, ctx);
  if (req.section === "languages") return answerLanguages(req, ctx);
  return declined(clip(req.keyValue), `section ${clip(req.section)} is not served`);
}
