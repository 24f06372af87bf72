# syntax=docker/dockerfile:1
#
# callboard as one executable (npm run build) on a small Debian, as its own
# user. Nothing of Node, npm or the bun npm package is in the final image.
#
#   docker build -t callboard .
#   docker run -d --name callboard --network host --env-file /etc/callboard/env \
#     -v /var/lib/callboard/data:/var/lib/callboard/data \
#     -v /var/lib/callboard/recordings:/var/lib/callboard/recordings \
#     callboard
#   docker logs callboard                  # the first admin token, once (stderr)
#   docker exec callboard callboard doctor
#
# With FreeSWITCH in a container too: docker-compose.yml. Host networking,
# ids and volumes: docs/production.md.

# Build with exactly what CI runs (npm ci, then npm run build), Bun included:
# npm installs it, so the image and CI build with the same Bun.
FROM node:24.20.0-trixie-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY bunfig.toml tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# tag and digest, so a rebuild gets these exact bytes; bump both together.
FROM debian:trixie-20260610-slim@sha256:eaa4b3f652544c3af35658e9315adab7858b51917b890d5f4b208e5575284e6d

# FreeSWITCH writes the recordings and parks CDRs as group freeswitch, and
# callboard works in both directories through that group, so the gid must
# be FreeSWITCH's: 999 as in deploy/freeswitch/Dockerfile, or
# --build-arg FREESWITCH_GID=$(getent group freeswitch | cut -d: -f3) (and
# CALLBOARD_UID=$(id -u callboard)) for a FreeSWITCH and directories on the host.
# It is callboard's primary group, so what callboard creates there belongs to
# it even where a volume lost the setgid bit; the data dir stays 0700.
ARG FREESWITCH_GID=999
ARG CALLBOARD_UID=10001
RUN groupadd --system --gid "$FREESWITCH_GID" freeswitch \
 && useradd --uid "$CALLBOARD_UID" --gid freeswitch \
      --home-dir /var/lib/callboard --no-create-home --shell /usr/sbin/nologin callboard \
 && install -d -m 0751 -o callboard -g freeswitch /var/lib/callboard \
 && install -d -m 0700 -o callboard -g freeswitch /var/lib/callboard/data \
 && install -d -m 2770 -o callboard -g freeswitch /var/lib/callboard/recordings /var/log/freeswitch/json_cdr_errors \
 && install -d -m 2750 -o callboard -g freeswitch /var/lib/callboard/sounds \
 && install -d -m 2770 -o callboard -g freeswitch /var/lib/callboard/voicemail /var/lib/callboard/voicemail/messages /var/lib/callboard/voicemail/greetings

COPY --from=build /src/dist/callboard /usr/local/bin/callboard
COPY deploy/healthcheck.ts /usr/local/share/callboard/healthcheck.ts

# Recordings, sounds and voicemail default to beside the data dir: /var/lib/callboard/recordings, …
# Everything else comes from the env file (src/config.ts, README "Configuration").
ENV CALLBOARD_DATA_DIR=/var/lib/callboard/data \
    CALLBOARD_LOG_FORMAT=json

USER callboard
WORKDIR /var/lib/callboard
VOLUME ["/var/lib/callboard/data", "/var/lib/callboard/recordings", "/var/lib/callboard/voicemail"]
EXPOSE 8080

# The binary is also a Bun (BUN_BE_BUN=1), so the check needs no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD BUN_BE_BUN=1 callboard /usr/local/share/callboard/healthcheck.ts

ENTRYPOINT ["callboard"]
CMD ["serve"]
