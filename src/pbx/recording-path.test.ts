import { describe, expect, test } from "bun:test";
import { datedFolder, recordingPath, unusablePath, vetRecordingPath } from "./recording-path.ts";

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

describe("vetRecordingPath", () => {
  const dir = "/var/lib/callboard/recordings";
  const ok = `${dir}/2026/11/02/235907.042-${uuid}.wav`;

  test("a path callboard laid out under the recordings directory is accepted", () => {
    expect(vetRecordingPath(ok, dir)).toEqual({ ok: true });
    expect(vetRecordingPath(ok, `${dir}/`)).toEqual({ ok: true });
  });

  test("a NUL, a line break or any other control character is refused", () => {
    for (const c of ["\u0000", "\n", "\r", "\t", "\u001b", "\u007f", "\u0085"]) {
      const verdict = vetRecordingPath(`${dir}/2026/x${c}y.wav`, dir);
      expect(verdict).toEqual({ ok: false, reason: "holds a NUL or another control character" });
    }
  });

  test("a path outside the directory, or climbing out of it, is refused", () => {
    for (const path of ["/etc/passwd", `${dir}-other/x.wav`, `${dir}/../data/callboard.sqlite`, `${dir}/./x.wav`, `${dir}/`, "x.wav"]) {
      expect(vetRecordingPath(path, dir).ok).toBe(false);
    }
  });

  test("ill-formed Unicode and over-long paths are refused", () => {
    expect(vetRecordingPath(`${dir}/\ud800.wav`, dir)).toEqual({ ok: false, reason: "is not well-formed Unicode" });
    expect(vetRecordingPath(`${dir}/${"я".repeat(2100)}.wav`, dir)).toMatchObject({ ok: false, reason: expect.stringContaining("4096 bytes") });
  });
});

describe("unusablePath", () => {
  test("says nothing against an ordinary absolute path, wherever it is", () => {
    expect(unusablePath("/srv/pbx1/rec/test-cyr.wav")).toBeUndefined();
  });

  test("names what makes a stored path unusable", () => {
    expect(unusablePath("/rec/a\u0000.wav")).toBe("holds a NUL or another control character");
    expect(unusablePath("rec/a.wav")).toBe("not an absolute path");
  });
});

test("datedFolder is the folder recordingPath files into", () => {
  const at = new Date(2026, 0, 5, 9, 3);
  expect(recordingPath("/rec", uuid, at)).toStartWith(`/rec/${datedFolder(at)}/`);
  expect(datedFolder(at)).toBe("2026/01/05");
});
