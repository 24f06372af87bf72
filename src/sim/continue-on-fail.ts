/**
 * Whether the dialplan goes on after a bridge failed with `cause`, as
 * switch_channel.c decides it for mod_dptools' bridge: `continue_on_fail`
 * true goes on after every failure, a list of causes (names or numbers)
 * after those only, false never; unset, only NO_ANSWER, NO_USER_RESPONSE
 * and ORIGINATOR_CANCEL go on. `failure_causes` is the opposite list: a
 * cause not in it hangs up whatever continue_on_fail says.
 */
const Q850: Readonly<Record<string, number>> = {
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_DESTINATION: 3,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  NORMAL_TEMPORARY_FAILURE: 41,
  OUTGOING_CALL_BARRED: 52,
  GATEWAY_DOWN: 809,
  INVALID_GATEWAY: 808,
  ORIGINATOR_CANCEL: 487,
  USER_NOT_REGISTERED: 806,
  LOSE_RACE: 702,
};

const TRUE_WORDS = new Set(["yes", "on", "true", "t", "enabled", "active", "allow"]);

function listed(list: string, cause: string): boolean {
  const number = Q850[cause];
  return list.split(",").some((item) => item.toUpperCase() === cause || (number !== undefined && item === String(number)));
}

export function continuesAfterFailure(cause: string, variables: ReadonlyMap<string, string>): boolean {
  const continueOnFail = variables.get("continue_on_fail");
  const failureCauses = variables.get("failure_causes");
  if (continueOnFail === undefined && failureCauses === undefined) {
    return cause === "NO_ANSWER" || cause === "NO_USER_RESPONSE" || cause === "ORIGINATOR_CANCEL";
  }
  if (failureCauses !== undefined && !listed(failureCauses, cause)) return false;
  if (continueOnFail === undefined) return false;
  if (TRUE_WORDS.has(continueOnFail.toLowerCase()) || Number(continueOnFail) > 0) return true;
  return listed(continueOnFail, cause);
}
