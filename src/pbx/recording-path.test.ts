import { describe, expect, test } from "bun:test";
import { recordingPath } from "./recording-path.ts";

const uuid = "54807b2f-14e1-4eb5-ba4e-90a8f74ada69";

describe("recordingPath", () => {
  test("files a recording under a dated folder, named by time of day and channel uuid", () => {
    expect(recordingPath("/var/lib/callboard/recordings", uuid, new Date(2026, 10, 2, 23, 59, 7, 42))).toBe(
      `/var/lib/callboard/recordings/2026/11/02/235907.042-${uuid}.wav`,
    );
  });

  test("recording the same leg again, even within the same second, never reuses the first file", () => {
    const first = recordingPath("/rec", uuid, new Date(2026, 10, 2, 10, 0, 0, 100));
    const again = recordingPath("/rec", uuid, new Date(2026, 10, 2, 10, 0, 0, 101));
    expect(first).not.toBe(again);
  });

  test("a trailing slash on the directory does not double up", () => {
    expect(recordingPath("/rec/", uuid, new Date(2026, 0, 5))).toBe(`/rec/2026/01/05/000000.000-${uuid}.wav`);
  });

  test("a directory FreeSWITCH would expand or a relative one is refused", () => {
    for (const dir of ["/rec/${uuid}", "/rec/$${base_dir}", "rec", "/rec/a b", "/rec/../etc", "/rec;x"]) {
      expect(recordingPath(dir, uuid, new Date())).toBeUndefined();
    }
  });

  test("anything but a uuid as the file name is refused", () => {
    for (const bad of ["", "../../etc/passwd", "${uuid}", `${uuid}x`]) {
      expect(recordingPath("/rec", bad, new Date())).toBeUndefined();
    }
  });
});
