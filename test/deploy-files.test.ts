import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import pkg from "../package.json" with { type: "json" };
import lock from "../package-lock.json" with { type: "json" };
import { loadConfig } from "../src/config.ts";
import { argsOf, contextCopies, healthcheckCommand, readDockerfile, type Stage } from "./support/dockerfile.ts";

/**
 * What can be checked of the install paths without a Docker daemon, a
 * registry or systemd: the files agree with each other and with what CI
 * runs. test/binary.test.ts runs the binary, the image's command and its
 * health check.
 */
const ROOT = join(import.meta.dir, "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

const image = readDockerfile(read("Dockerfile"));
const runtime = image.at(-1)!;
const freeswitchImage = readDockerfile(read("deploy/freeswitch/Dockerfile"));
const compose = parseYaml(read("docker-compose.yml")) as {
  services: Record<string, any>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { environment?: string }>;
};

/** An exact version tag or a digest: a rebuild next year gets the same base. */
const pinned = (from: string) => /@sha256:[0-9a-f]{64}$/.test(from) || /:\d+\.\d+\.\d+[-\w.]*$/.test(from);

const envOf = (stage: Stage) =>
  Object.fromEntries(argsOf(stage, "ENV").flatMap((args) => [...args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));
const argDefault = (stage: Stage, name: string) => argsOf(stage, "ARG").map((a) => a.split("=")).find(([k]) => k === name)?.[1];
const ignoreLines = (path: string) => read(path).split("\n").filter((l) => l && !l.startsWith("#"));

/** What each image's `install -d -m MODE [-o OWNER] -g GROUP DIR…` makes: directory → mode and group. */
function installedDirs(stage: Stage): Map<string, { mode: string; group: string }> {
  const made = new Map<string, { mode: string; group: string }>();
  for (const run of argsOf(stage, "RUN")) {
    for (const [, mode, group, dirs] of run.matchAll(/install -d -m (\d+)(?: -o \S+)? -g (\S+) ([^&;]+)/g)) {
      for (const dir of dirs!.trim().split(/\s+/)) made.set(dir, { mode: mode!, group: group! });
    }
  }
  return made;
}

function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> = {};
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) sections[section[1]!] = current = {};
    else {
      const key = line.slice(0, line.indexOf("="));
      (current[key] ??= []).push(line.slice(line.indexOf("=") + 1));
    }
  }
  return sections;
}

describe("the callboard image (Dockerfile)", () => {
  test("every base image is pinned by an exact version or a digest", () => {
    for (const stage of [...image, ...freeswitchImage]) expect({ from: stage.from, pinned: pinned(stage.from) }).toEqual({ from: stage.from, pinned: true });
  });

  test("it builds with what CI runs — npm's install from the lockfile, then npm run build — and ships only the binary", () => {
    expect(image.length).toBeGreaterThanOrEqual(2);
    const build = image.find((s) => s.name === "build")!;
    expect(argsOf(build, "RUN")).toEqual([expect.stringMatching(/^npm ci\b/), "npm run build"]);
    expect(pkg.scripts.build).toBe("bun scripts/build-binary.ts");
    expect(argsOf(runtime, "COPY").filter((a) => a.includes("--from="))).toEqual(["--from=build /src/dist/callboard /usr/local/bin/callboard"]);
    expect(runtime.from).not.toMatch(/node|bun/);
  });

  test("it runs `callboard serve` as a user that is not root", () => {
    const [user] = argsOf(runtime, "USER");
    expect(user).toBe("callboard");
    expect(argsOf(runtime, "ENTRYPOINT")).toEqual(['["callboard"]']);
    expect(argsOf(runtime, "CMD")).toEqual(['["serve"]']);
    expect(healthcheckCommand(runtime)).toContain("callboard");
  });

  test(".dockerignore shuts everything out, then lets in exactly what the COPY lines take", () => {
    const lines = ignoreLines(".dockerignore");
    expect(lines[0]).toBe("*");
    const copied = [...image.flatMap(contextCopies)].map((c) => c.source.replace(/\/$/, ""));
    expect(new Set(lines.filter((l) => l.startsWith("!")).map((l) => l.slice(1)))).toEqual(new Set(copied));
  });
});

describe("the FreeSWITCH image (deploy/freeswitch/Dockerfile)", () => {
  const stage = freeswitchImage.at(-1)!;
  const install = argsOf(stage, "RUN").find((r) => r.includes("apt-get install -y --no-install-recommends freeswitch"))!;

  test("it installs one package per module freeswitch-conf loads, and no other module", () => {
    const modules = [...read("freeswitch-conf/autoload_configs/modules.conf.xml").matchAll(/<load module="(mod_\w+)"\/>/g)].map((m) => m[1]!);
    const wanted = modules.map((m) => `freeswitch-${m.replaceAll("_", "-")}`);
    const installed = [...install.matchAll(/\bfreeswitch-mod-[\w-]+/g)].map((m) => m[0]);
    expect(new Set(installed)).toEqual(new Set(wanted));
  });

  test("the SignalWire token arrives as a build secret, never as an ARG or ENV a layer keeps", () => {
    expect(install).toContain("--mount=type=secret,id=signalwire_token");
    expect(argsOf(stage, "ARG").concat(argsOf(stage, "ENV")).join(" ")).not.toMatch(/token/i);
    expect(compose.services.freeswitch.build.secrets).toEqual(["signalwire_token"]);
    expect(compose.secrets.signalwire_token!.environment).toBe("SIGNALWIRE_TOKEN");
  });

  test("it carries callboard's configuration and nothing of the stock one", () => {
    expect(argsOf(stage, "RUN")).toContain("rm -rf /etc/freeswitch");
    expect(contextCopies(stage)).toEqual([{ source: "freeswitch-conf", destination: "/etc/freeswitch" }]);
    expect(ignoreLines("deploy/freeswitch/Dockerfile.dockerignore")).toEqual(["*", "!freeswitch-conf"]);
  });

  test("both images and the compose file give group freeswitch the same gid", () => {
    const gid = argDefault(stage, "FREESWITCH_GID");
    expect(gid).toBe(argDefault(runtime, "FREESWITCH_GID"));
    expect(compose.services.callboard.build.args.FREESWITCH_GID).toBe(gid);
    expect(compose.services.freeswitch.build.args.FREESWITCH_GID).toBe(gid);
  });
});

describe("docker-compose.yml", () => {
  const { callboard, freeswitch } = compose.services;
  const mounts = (service: any) => Object.fromEntries((service.volumes as string[]).map((v) => v.split(":") as [string, string]).map(([k, v]) => [k, v]));

  test("callboard and a FreeSWITCH built from freeswitch-conf, both on the host's network", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["callboard", "freeswitch"]);
    expect(callboard.network_mode).toBe("host");
    expect(freeswitch.network_mode).toBe("host");
    expect(existsSync(join(ROOT, freeswitch.build.dockerfile))).toBe(true);
    expect(freeswitch.depends_on.callboard.condition).toBe("service_healthy");
  });

  test("one env file for both, and its template is a valid callboard environment", () => {
    expect(callboard.env_file).toBe(freeswitch.env_file);
    const example = parseEnvFile(read("deploy/callboard.env.example"));
    expect(() => loadConfig(example)).not.toThrow();
    // What freeswitch-conf/vars.xml reads from the environment is all there.
    for (const name of ["CALLBOARD_ESL_PASSWORD", "CALLBOARD_URL", "CALLBOARD_DOMAIN", "CALLBOARD_XMLCURL_CREDENTIALS"]) expect(example).toHaveProperty(name);
    expect(read(".gitignore").split("\n")).toContain(callboard.env_file);
  });

  test("recordings and parked CDRs are one volume each, at the same path in both containers, where callboard looks", () => {
    const recordingsDir = join(dirname(envOf(runtime).CALLBOARD_DATA_DIR!), "recordings");
    expect(mounts(callboard).recordings).toBe(recordingsDir);
    expect(mounts(freeswitch).recordings).toBe(recordingsDir);
    expect(mounts(freeswitch)["cdr-spool"]).toBe(mounts(callboard)["cdr-spool"]);
    expect(mounts(callboard)["cdr-spool"]).toBe("/var/log/freeswitch/json_cdr_errors");
    expect(mounts(callboard)["callboard-data"]).toBe(envOf(runtime).CALLBOARD_DATA_DIR);
    expect(parseEnvFile(read("deploy/callboard.env.example")).CALLBOARD_DATA_DIR).toBe(envOf(runtime).CALLBOARD_DATA_DIR);
    const named = [...Object.keys(mounts(callboard)), ...Object.keys(mounts(freeswitch))];
    for (const volume of named) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  test("voicemail is one volume at the same path in both containers, made 2770 group freeswitch in both images", () => {
    const voicemail = loadConfig({ CALLBOARD_DATA_DIR: envOf(runtime).CALLBOARD_DATA_DIR! }).voicemail;
    expect(mounts(callboard).voicemail).toBe(voicemail.dir);
    expect(mounts(freeswitch).voicemail).toBe(voicemail.dir);
    expect(Object.keys(compose.volumes)).toContain("voicemail");
    for (const stage of [runtime, freeswitchImage.at(-1)!]) {
      const made = installedDirs(stage);
      for (const dir of [voicemail.dir, voicemail.messages, voicemail.greetings]) {
        expect({ dir, made: made.get(dir) }).toEqual({ dir, made: { mode: "2770", group: "freeswitch" } });
      }
      // The same as the recordings, the other directory FreeSWITCH writes in.
      expect(made.get(join(dirname(voicemail.dir), "recordings"))).toEqual({ mode: "2770", group: "freeswitch" });
    }
  });
});

describe("deploy/callboard.service", () => {
  const unit = parseUnit(read("deploy/callboard.service"));
  const service = unit.Service!;
  const one = (key: string) => service[key]?.join(" ");

  test("runs the binary as user callboard, in group freeswitch, with the shared env file, before FreeSWITCH", () => {
    expect(one("ExecStart")).toBe("/usr/local/bin/callboard serve");
    expect(one("User")).toBe("callboard");
    expect(one("SupplementaryGroups")).toBe("freeswitch");
    expect(one("EnvironmentFile")).toBe("/etc/callboard/env");
    expect(unit.Unit!.Before).toEqual(["freeswitch.service"]);
    expect(unit.Install!.WantedBy).toEqual(["multi-user.target"]);
  });

  test("is hardened, and writable only where callboard writes", () => {
    for (const [key, value] of Object.entries({ NoNewPrivileges: "yes", ProtectSystem: "strict", PrivateTmp: "yes", ProtectHome: "yes", CapabilityBoundingSet: "" })) {
      expect({ key, value: one(key) }).toEqual({ key, value });
    }
    expect(one("ReadWritePaths")).toContain("/var/lib/callboard");
    expect(one("ReadWritePaths")).toContain("-/var/log/freeswitch/json_cdr_errors");
  });

  test("keeps what callboard needs: setgid folders for recordings, and a JIT", () => {
    expect(one("RestrictSUIDSGID")).not.toBe("yes");
    expect(one("MemoryDenyWriteExecute")).not.toBe("yes");
  });
});

describe("lockfiles", () => {
  test("package-lock.json agrees with package.json, so npm install leaves a fresh clone clean", () => {
    const root = (lock as any).packages[""];
    for (const key of ["name", "version", "dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "engines"] as const) {
      expect({ key, lock: root[key] }).toEqual({ key, lock: (pkg as any)[key] });
    }
    // npm writes bin paths without their "./".
    const bins = (b: Record<string, string>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.replace(/^\.\//, "")]));
    expect(bins(root.bin)).toEqual(bins(pkg.bin));
  });

  test("bun.lock is ignored: package-lock.json is the one lockfile", () => {
    const r = Bun.spawnSync(["git", "check-ignore", "-q", "bun.lock"], { cwd: ROOT });
    expect(r.exitCode).toBe(0);
  });
});
